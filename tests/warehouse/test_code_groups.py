"""The code groups the models count together (schemas/codes.py CODE_GROUPS, the warehouse's
ref_code_group): each a set of real codes of its list, and the groups a model picks one of for
a code (the placement mix, a care leaver's activity and accommodation) never overlap."""

from schemas.codes import CODE_GROUPS, CODE_LISTS, SHORT_BREAK_LS
from warehouse.reference import code_group_frame

#: Groups a model joins to name one group per code: a code in two would double its row.
EXCLUSIVE = [
    ("fostering", "residential", "semi_independent", "with_parents"),
    ("eet", "neet"),
    ("suitable", "unsuitable"),
]


def test_every_grouped_code_is_a_code_of_its_list() -> None:
    for group, (code_type, codes) in CODE_GROUPS.items():
        known = {c.code for c in CODE_LISTS[code_type]}
        assert codes and set(codes) <= known, group


def test_groups_a_model_picks_one_of_share_no_code() -> None:
    for groups in EXCLUSIVE:
        codes = [c for g in groups for c in CODE_GROUPS[g][1]]
        assert len(codes) == len(set(codes)), groups


def test_the_reference_table_holds_each_group_once() -> None:
    frame = code_group_frame()
    short_breaks = frame.filter(code_group="short_break")["code"].to_list()
    assert short_breaks == list(SHORT_BREAK_LS) == ["V3", "V4"]
    # ACCOM's digit 1 is suitable: B1 is, B2 not; homelessness (S) and custody (X) never are.
    suitable = set(frame.filter(code_group="suitable")["code"])
    assert "B1" in suitable and "B2" not in suitable and not suitable & {"S1", "X1"}
    assert frame.height == sum(len(codes) for _, codes in CODE_GROUPS.values())

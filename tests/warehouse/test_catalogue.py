"""From a dashboard figure to its SQL in three steps: the figure's label finds one catalogue
entry; the entry names the drill model that lists its children (``counted_in``) and, only where
a mart adds a rule of its own to form its value, that mart (``source``); a search for the
indicator's id finds it there. Every other figure is its lists' count or percentage
(listed_counts). And no model lists or counts an indicator the catalogue does not define."""

import re
from pathlib import Path

import pytest
from extracts import EXTRACT, land, load_and_build

from schemas.codes import CODE_GROUPS
from schemas.contract import TABLES
from warehouse.catalogue import indicator_frame, indicators
from warehouse.runner import connect

REPO = Path(__file__).parents[2]
MODELS = REPO / "warehouse" / "models"
DRILL_AND_KPI_MODELS = sorted(MODELS.glob("drill/drill_*.sql")) + sorted(
    MODELS.glob("marts/kpi_*.sql")
)
CATALOGUE = indicators()
IDS = {i["id"] for i in CATALOGUE}
SECTIONS = {i["section"] for i in CATALOGUE}
#: The first word of every catalogue id (cla, placed, visits, cl, expl, wf, ...): a quoted string
#: in a drill or kpi model that starts with one of these and an underscore names an indicator.
ID_PREFIXES = {i.split("_")[0] for i in IDS}


def _quoted_ids(sql: str) -> set[str]:
    """The quoted strings of a model that have an indicator id's form and namespace (section
    names, code group names and LIKE patterns aside)."""
    words = set(re.findall(r"'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'", sql))
    return {
        w for w in words if w.split("_")[0] in ID_PREFIXES and w not in SECTIONS | set(CODE_GROUPS)
    }


def _names(sql: str, indicator_id: str) -> bool:
    """Whether a search for the id finds it as a whole word (not within a longer id)."""
    return re.search(rf"\b{indicator_id}\b", sql) is not None


def test_quoted_ids_finds_ids_and_leaves_other_strings() -> None:
    sql = "select 'cla_count', 'cla_typo_pct', 'visits_reviews_health', 'non_uasc', 'missing_rhi_%'"
    assert _quoted_ids(sql) == {"cla_count", "cla_typo_pct"}


def test_a_dashboard_label_finds_one_catalogue_entry() -> None:
    # The first step: the dashboard shows the label (its row carries the id as data-indicator).
    labels = [i["label"] for i in CATALOGUE]
    assert len(set(labels)) == len(labels) == len(IDS)


@pytest.mark.parametrize("indicator", CATALOGUE, ids=lambda i: i["id"])
def test_the_models_named_exist_and_name_the_indicator(indicator: dict) -> None:
    counted_in = indicator.get("counted_in")
    if "source" in indicator:
        source = REPO / indicator["source"]
        assert source.parent == MODELS / "marts"
        assert source.name == f"kpi_{indicator['section']}.sql"
        # The mart names the figure it has a rule of its own for.
        assert indicator["id"] in _quoted_ids(source.read_text())
    else:
        # Counts no one (workforce FTE and caseloads): its own mart is where it is formed.
        assert counted_in is not None, "a figure that lists no one needs a source"
    if counted_in is not None:
        drill = REPO / counted_in
        assert drill.parent == MODELS / "drill" and drill.exists(), counted_in
        assert _names(drill.read_text(), indicator["id"]), f"{counted_in} does not name it"


def test_every_mart_has_a_rule_for_a_figure() -> None:
    # No pass-through mart: each kpi_<section> is the source of some figure, and no catalogue
    # entry names a mart that is not there.
    sources = {i["source"] for i in CATALOGUE if "source" in i}
    marts = {str(p.relative_to(REPO)) for p in MODELS.glob("marts/kpi_*.sql")}
    assert sources == marts - {"warehouse/models/marts/kpi_monthly.sql"}


def test_required_tables_are_optional_extract_tables() -> None:
    # A required table the extract can lack: a required one (episodes) is always there, and a
    # misspelt name would make its figures "no data" in every month. The missing file's optional
    # return interview columns are recorded as if a table of their own.
    optional = {t.name for t in TABLES.values() if not t.required}
    named = {i["required_table"] for i in CATALOGUE if "required_table" in i}
    assert named <= optional | {"missing_return_interviews"}
    assert {"disability", "visits", "care_leavers", "ad1", "sw_episodes"} <= named


def test_each_mart_forms_exactly_the_figures_naming_it(tmp_path: Path) -> None:
    # kpi_monthly takes a figure from its source mart or, without one, from listed_counts: a
    # mart forming figures that do not name it would be dropped unseen.
    land(tmp_path / "landing", "2018-01", EXTRACT)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_and_build(con, tmp_path / "landing", ["2018-01"])
        for mart in MODELS.glob("marts/kpi_*.sql"):
            if mart.stem == "kpi_monthly":
                continue
            formed = {
                r[0]
                for r in con.execute(
                    f"select distinct indicator_id from mart.{mart.stem}"
                ).fetchall()
            }
            naming = {i["id"] for i in CATALOGUE if i.get("source") == str(mart.relative_to(REPO))}
            assert formed == naming, mart.stem
        assert con.execute(
            "select count(*) from (select la_code, month, indicator_id from mart.kpi_monthly "
            "group by all having count(*) > 1)"
        ).fetchone() == (0,)


@pytest.mark.parametrize("model", DRILL_AND_KPI_MODELS, ids=lambda p: p.stem)
def test_every_indicator_a_model_names_is_in_the_catalogue(model: Path) -> None:
    assert _quoted_ids(model.read_text()) <= IDS


def test_the_published_catalogue_carries_the_models_and_the_required_table() -> None:
    frame = indicator_frame().filter(indicator_id="placements_3_plus_pct")
    # A percentage of two lists: no mart of its own, made from the episodes (always landed).
    assert frame["source"].to_list() == [None]
    assert frame["counted_in"].to_list() == ["warehouse/models/drill/drill_placements.sql"]
    assert frame["required_table"].to_list() == [None]
    a2 = indicator_frame().filter(indicator_id="adoption_a2_days")
    assert a2["source"].to_list() == ["warehouse/models/marts/kpi_adoption.sql"]
    assert a2["required_table"].to_list() == ["ad1"]
    workforce = indicator_frame().filter(indicator_id="wf_cic_qsw_staff_fte")
    assert workforce["counted_in"].to_list() == [None]

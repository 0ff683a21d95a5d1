"""From a dashboard figure to its SQL in three steps: the figure's label finds one catalogue
entry; the entry names the drill model that lists its children (``counted_in``) and the section
mart that forms its value (``source``); a search for the indicator's id finds it there. And no
model lists or counts an indicator the catalogue does not define."""

import re
from pathlib import Path

import pytest

from warehouse.catalogue import indicator_frame, indicators

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
    names and LIKE patterns aside)."""
    words = set(re.findall(r"'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'", sql))
    return {w for w in words if w.split("_")[0] in ID_PREFIXES and w not in SECTIONS}


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
    source = REPO / indicator["source"]
    assert source.parent == MODELS / "marts" and source.name == f"kpi_{indicator['section']}.sql"
    source_sql = source.read_text()
    counted_in = indicator.get("counted_in")
    if counted_in is None:
        # Counts no one (workforce FTE and caseloads): its own mart is where it is formed.
        assert indicator["id"] in _quoted_ids(source_sql)
        return
    drill = REPO / counted_in
    assert drill.parent == MODELS / "drill" and drill.exists(), counted_in
    assert _names(drill.read_text(), indicator["id"]), f"{counted_in} does not name it"
    # The mart names the figure where it has a rule of its own for it; else it passes its whole
    # section through as listed_counts counts the drill model's lists.
    assert (
        _names(source_sql, indicator["id"]) or f"section = '{indicator['section']}'" in source_sql
    )


@pytest.mark.parametrize("model", DRILL_AND_KPI_MODELS, ids=lambda p: p.stem)
def test_every_indicator_a_model_names_is_in_the_catalogue(model: Path) -> None:
    assert _quoted_ids(model.read_text()) <= IDS


def test_the_published_catalogue_carries_both_models() -> None:
    frame = indicator_frame().filter(indicator_id="placements_3_plus_pct")
    assert frame["source"].to_list() == ["warehouse/models/marts/kpi_placements.sql"]
    assert frame["counted_in"].to_list() == ["warehouse/models/drill/drill_placements.sql"]
    workforce = indicator_frame().filter(indicator_id="wf_cic_qsw_staff_fte")
    assert workforce["counted_in"].to_list() == [None]

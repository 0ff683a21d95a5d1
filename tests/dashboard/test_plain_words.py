"""The report a councillor reads: plain words (no 903 codes, file names or unexplained acronyms),
charts that read right (axes from zero, a target line wherever a target is in force),
exploitation in sex and age blocks, revisions as one line, comparators with their years. Built
from the real catalogue and a hand-made KPI frame: no pipeline run."""

from __future__ import annotations

import datetime
import re
from typing import Any

import polars as pl
import pytest
from openpyxl import load_workbook
from plain_words import codes, unexplained, visible

from dashboard.charts import _axis, section_charts
from dashboard.excel import write_workbook
from dashboard.render import build_sections, financial_year_months, render_dashboard
from warehouse.catalogue import indicators

REPORT_MONTH = datetime.date(2018, 1, 1)
MONTHS = [datetime.date(2017 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 14)]  # Apr..Jan


def _kpi() -> pl.DataFrame:
    """Every catalogue indicator at 40 (a count) or 40% of 100, April to January; December's
    children in care revised from 38, exploitation figures 20 (not small: the published edition
    shows them); England and the statistical neighbours for the rate."""
    rows = []
    for ind in indicators():
        for month in MONTHS:
            percent = ind["unit"] == "percent"
            rows.append(
                {
                    "indicator_id": ind["id"],
                    "section": ind["section"],
                    "label": ind["label"],
                    "unit": ind["unit"],
                    "month": month,
                    "value": 40.0,
                    "numerator": 40.0 if percent else None,
                    "denominator": 100.0 if percent else None,
                    "reference_year": 2016 if ind["unit"] == "rate_per_10k" else None,
                    "value_first_reported": 38.0
                    if (ind["id"], month) == ("cla_count", MONTHS[8])
                    else 40.0,
                    "revised": (ind["id"], month) == ("cla_count", MONTHS[8]),
                    "provisional": False,
                    "rag": None,
                    "target": 45.0 if ind["id"] == "visits_in_timescale_pct" else None,
                    "target_direction": "above" if ind["id"] == "visits_in_timescale_pct" else None,
                    "england_value": 62.0 if ind["id"] == "cla_rate_per_10k" else None,
                    "england_year": 2017 if ind["id"] == "cla_rate_per_10k" else None,
                    "neighbours_value": 48.5 if ind["id"] == "cla_rate_per_10k" else None,
                    "neighbours_year": 2016 if ind["id"] == "cla_rate_per_10k" else None,
                }
            )
    return pl.DataFrame(rows, infer_schema_length=None)


def _render(published: bool) -> str:
    return render_dashboard(
        _kpi(),
        indicators(),
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
        generated_at=datetime.datetime(2018, 2, 5, 9, 30),
        published=published,
    )


@pytest.fixture(scope="module")
def published() -> str:
    return _render(published=True)


@pytest.fixture(scope="module")
def internal() -> str:
    return _render(published=False)


def test_every_indicator_has_a_plain_definition_apart_from_its_exact_one() -> None:
    for ind in indicators():
        assert ind.get("plain") and ind["plain"] != ind["definition"], ind["id"]


def test_the_published_edition_names_no_code_and_no_model(published: str) -> None:
    assert codes(published) == []
    # Each pattern can fail: the analyst's words are caught.
    for analysts in ("DECOM", "legal status V3", "MIS_START", "cla_count", "drill_population.sql"):
        assert codes(f"<p>{analysts}</p>"), analysts


def test_every_acronym_the_published_edition_uses_is_spelled_out_first(published: str) -> None:
    assert unexplained(published) == []
    # The check can fail: an acronym before its words is caught.
    assert unexplained("<p>UASC: unaccompanied asylum-seeking children</p>") == ["UASC"]


def test_the_internal_edition_keeps_the_exact_definitions_for_analysts(internal: str) -> None:
    # Collapsed under the plain notes (and not printed): the codes and the models.
    exact = internal.split('<details class="exact">')[1]
    assert "DECOM" in exact and "(cla_count: drill_population.sql)" in exact
    assert "DECOM" not in visible(internal)


def test_exploitation_is_shown_in_sex_and_age_blocks(published: str) -> None:
    section = published.split('id="section-exploitation"')[1].split("</table>")[0]
    blocks = re.findall(r'<tr class="group"><th [^>]*>([^<]+)</th>', section)
    assert blocks == [
        f"{kind}{block}"
        for kind in ("Child sexual exploitation", "Child criminal or gang exploitation")
        for block in ("", ": by sex", ": by age")
    ]
    # Under "by sex", the rows say only what they count.
    assert ">Girls</th>" in section and "CSE: girls" not in section


def test_revisions_are_one_line_per_section_with_the_list_kept_for_analysts(
    published: str, internal: str
) -> None:
    for page in (published, internal):
        population = page.split('id="section-population"')[1].split("</section>")[0]
        assert "1 figure in this section revised" in population
    # The first reported value only in the internal edition's collapsed list.
    assert "first reported as 38, now 40" in internal
    assert "first reported as 38" not in published
    assert "first reported as" not in visible(internal)


def test_comparators_show_with_their_years(published: str) -> None:
    row = published.split('data-indicator="cla_rate_per_10k"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="ref">([^<]*)</td>', row)
    # England 62 at 31 March 2017, statistical neighbours 48.5 at 31 March 2016.
    assert cells[-2:] == ["62.0 (2017)", "48.5 (2016)"]
    assert "Statistical neighbours</th>" in published


def test_a_count_axis_starts_at_zero() -> None:
    # Children in care 685 to 703 (the council's 2017-18): the axis runs from 0, not 680.
    low, high, step = _axis([685.0, 703.0], whole=True)
    assert (low, high, step) == (0.0, 800.0, 200.0)


def _charts(section: str, kpi: pl.DataFrame) -> list[str]:
    _, sections = build_sections(kpi, indicators(), REPORT_MONTH)
    rows = next(s for s in sections if s.key == section).rows
    return section_charts(section, rows, financial_year_months(REPORT_MONTH), len(MONTHS))


def test_a_chart_says_against_target_and_draws_it_only_where_a_target_is_in_force() -> None:
    kpi = _kpi()
    visits = _charts("visits_reviews_health", kpi)[0]
    assert "Visits and reviews in time against target" in visits
    assert visits.count('class="target"') == 1  # visits' 45%; reviews have none
    no_target = kpi.with_columns(target=pl.lit(None, pl.Float64))
    visits = _charts("visits_reviews_health", no_target)[0]
    assert "against target" not in visits and 'class="target"' not in visits


def test_missing_and_exploitation_have_charts() -> None:
    kpi = _kpi()
    assert len(_charts("missing", kpi)) == 2
    assert "Children at risk of exploitation" in _charts("exploitation", kpi)[0]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_workbook(
        _kpi(),
        indicators(),
        tmp_path_factory.mktemp("workbook") / "dashboard.xlsx",
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
    )
    return load_workbook(path)


def test_the_workbook_lists_every_revision(workbook: Any) -> None:
    sheet = workbook["Revisions"]
    rows: list[Any] = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Indicator id", "Section", "Indicator", "Month", "First reported", "Now")
    # December's children in care, first reported as 38, now 40: the only revision.
    assert [r[:1] + r[2:3] + r[4:] for r in rows[1:]] == [("cla_count", "Children in care", 38, 40)]


def test_the_workbook_gives_each_comparator_its_year_and_source(workbook: Any) -> None:
    rows = list(workbook["Comparators"].iter_rows(values_only=True))
    # The rate's England 62 (2017, from england.csv) and statistical neighbours 48.5 (2016).
    assert [r[:5] for r in rows[1:]] == [
        ("cla_rate_per_10k", "Rate per 10,000 children", "England", 2017, 62),
        ("cla_rate_per_10k", "Rate per 10,000 children", "Statistical neighbours", 2016, 48.5),
    ]
    assert "year ending 31 March 2017" in rows[1][5]

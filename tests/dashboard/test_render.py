"""The dashboard page: layout, number formats, averages, revisions and self-containment."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import polars as pl
import pytest

from dashboard.render import format_value, render_dashboard

REPORT_MONTH = datetime.date(2018, 1, 1)
GENERATED_AT = datetime.datetime(2018, 2, 5, 9, 30)
FY_MONTHS = [datetime.date(2017 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 14)]  # Apr..Jan

INDICATORS: list[dict[str, Any]] = [
    {
        "id": "cla_count",
        "section": "population",
        "section_title": "Children in care - Population",
        "label": "Children in care",
        "unit": "count",
        "definition": "Children in the care of the local authority at the end of the month.",
        "polarity": "neutral",
        "average": True,
    },
    {
        "id": "uasc_pct",
        "section": "population",
        "section_title": "Children in care - Population",
        "label": "UASC %",
        "unit": "percent",
        "definition": "Unaccompanied asylum-seeking children as a % of children in care.",
        "polarity": "neutral",
        "average": True,
    },
    {
        "id": "cla_rate_per_10k",
        "section": "population",
        "section_title": "Children in care - Population",
        "label": "Rate per 10,000 <b>children</b>",
        "unit": "rate_per_10k",
        "definition": "Children in care per 10,000 children aged 0-17.",
        "polarity": "lower_is_better",
        "average": True,
    },
    {
        "id": "started_cla_count",
        "section": "population",
        "section_title": "Children in care - Population",
        "label": "Started to be looked after",
        "unit": "count",
        "definition": "Episodes starting a new period of care in the month.",
        "polarity": "neutral",
        "average": False,
    },
]

# Apr 2017 .. Jan 2018, as in the council's dashboard; None = no data that month.
CLA = [685, 675, 681, 689, 687, 697, 695, 701, 703, 702]
UASC_PCT = [9.6, 9.0, 9.8, 9.6, 9.5, 9.8, 9.9, 10.0, 10.0, None]
RATE = [51.5, 50.7, 51.2, 51.8, 51.6, 52.4, 52.2, 52.7, 52.8, 52.7]
STARTED = [1021, 17, 13, 36, 31, 26, 22, 19, 26, 20]


def _row(indicator_id: str, month: datetime.date, value: float | None) -> dict[str, Any]:
    indicator = next(i for i in INDICATORS if i["id"] == indicator_id)
    return {
        "indicator_id": indicator_id,
        "label": indicator["label"],
        "unit": indicator["unit"],
        "rag": None,
        "month": month,
        "value": value,
        "numerator": None,
        "denominator": None,
        "reference_year": 2016 if indicator_id == "cla_rate_per_10k" else None,
        "value_first_reported": value,
        "provisional": False,
        "revised": False,
    }


def _rows(indicator_id: str, values: list[float | None]) -> list[dict[str, Any]]:
    return [_row(indicator_id, m, v) for m, v in zip(FY_MONTHS, values, strict=True)]


def _kpi() -> pl.DataFrame:
    rows = (
        _rows("cla_count", CLA)
        + _rows("uasc_pct", UASC_PCT)
        + _rows("cla_rate_per_10k", RATE)
        + _rows("started_cla_count", STARTED)
    )
    # April's UASC % carries its fraction: 66 of 685.
    rows[10] |= {"numerator": 66.0, "denominator": 685.0}
    # December's rate was first reported as 52.6 and later revised to 52.8.
    rows[28] |= {"value_first_reported": 52.6, "revised": True}
    # January's started count can still fill in with the next extract.
    rows[39] |= {"provisional": True}
    # Outside the report: March 2017 (previous financial year) and February 2018 (after the
    # report month). Huge values so they would show in the average if wrongly included.
    for month in (datetime.date(2017, 3, 1), datetime.date(2018, 2, 1)):
        rows.append(_row("cla_count", month, 9999))
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "label": pl.String,
            "unit": pl.String,
            "rag": pl.String,
            "month": pl.Date,
            "value": pl.Float64,
            "numerator": pl.Float64,
            "denominator": pl.Float64,
            "reference_year": pl.Int32,
            "value_first_reported": pl.Float64,
            "revised": pl.Boolean,
            "provisional": pl.Boolean,
        },
    )


def _render(synthetic: bool = False, indicators: list[dict[str, Any]] | None = None) -> str:
    return render_dashboard(
        _kpi(),
        INDICATORS if indicators is None else indicators,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=synthetic,
        generated_at=GENERATED_AT,
    )


@dataclass
class _Cell:
    text: str = ""
    titles: list[str] = field(default_factory=list)
    has_svg: bool = False


class _TableParser(HTMLParser):
    """Collects header cells and, per data-indicator row, each cell's text and titles."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[list[str]] = []
        self.rows: dict[str, list[_Cell]] = {}
        self._row: list[_Cell] | None = None
        self._cell: _Cell | None = None
        self._in_svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            self._row = []
            if a.get("data-indicator"):
                self.rows[a["data-indicator"] or ""] = self._row
            else:
                self.headers.append([])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = _Cell()
            self._row.append(self._cell)
        elif tag == "svg":
            self._in_svg = True
            if self._cell is not None:
                self._cell.has_svg = True
        if self._cell is not None and a.get("title") and not self._in_svg:
            self._cell.titles.append(a["title"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            if self._row is not None and self._row not in self.rows.values():
                self.headers[-1].append(self._cell.text.strip())
            self._cell = None
        elif tag == "svg":
            self._in_svg = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_svg:
            self._cell.text += data


def _parse(page: str) -> _TableParser:
    parser = _TableParser()
    parser.feed(page)
    return parser


MONTH_COLUMNS = slice(1, 13)  # column 0 is the label, then Apr..Mar, Trend, Average, ...
AVERAGE = 14


def test_month_headers_run_april_to_march() -> None:
    headers = _parse(_render()).headers[0]
    assert headers == [
        "Indicator",
        *["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"],
        "Trend",
        "Average",
        "Target",
        "RAG",
        "Change",
        "England",
    ]


def test_values_formatted_by_unit() -> None:
    rows = _parse(_render()).rows
    assert rows["cla_count"][1].text == "685"
    assert rows["cla_count"][10].text == "702"
    assert rows["uasc_pct"][1].text == "9.6%"
    assert rows["cla_rate_per_10k"][10].text == "52.7"
    # Counts get a thousands separator.
    assert rows["started_cla_count"][1].text == "1,021"


def test_percent_cell_shows_fraction_on_hover() -> None:
    assert "66 / 685" in _parse(_render()).rows["uasc_pct"][1].titles


def test_average_of_shown_months() -> None:
    rows = _parse(_render()).rows
    # (685+675+681+689+687+697+695+701+703+702) / 10 = 6915 / 10 = 691.5 -> 692 (half up);
    # the 9999s in March 2017 and February 2018 are outside the report and ignored.
    assert rows["cla_count"][AVERAGE].text == "692"
    # Nine months with data (January is null): 87.2 / 9 = 9.69 -> 9.7%.
    assert rows["uasc_pct"][AVERAGE].text == "9.7%"


def test_average_blank_when_not_meaningful() -> None:
    assert _parse(_render()).rows["started_cla_count"][AVERAGE].text == ""


def test_months_after_report_month_are_blank() -> None:
    cells = _parse(_render()).rows["cla_count"][MONTH_COLUMNS]
    assert [c.text for c in cells[-2:]] == ["", ""]  # Feb, Mar
    assert "9,999" not in _render()


def test_null_value_shows_dash_with_no_data_title() -> None:
    jan = _parse(_render()).rows["uasc_pct"][10]
    assert jan.text == "–"
    assert "no data" in jan.titles


def test_revised_month_has_marker_and_first_reported_value() -> None:
    page = _render()
    dec = _parse(page).rows["cla_rate_per_10k"][9]
    assert dec.text == "52.8r"
    assert any("52.6" in t for t in dec.titles)
    assert "Revised: the figure has changed since it was first reported" in page
    # Spelled out under the table too, since a printed page has no hover.
    assert "December 2017: first reported as 52.6, now 52.8" in page
    # Unrevised months carry no marker.
    assert _parse(page).rows["cla_rate_per_10k"][8].text == "52.7"


def test_rate_reference_year_footnote() -> None:
    page = _render()
    # In plain words: no acronym for councillors.
    assert (
        "Rate uses the Office for National Statistics mid-year population estimate for 2016."
        in page
    )
    # The rate's label points at its footnote.
    assert _parse(page).rows["cla_rate_per_10k"][0].text.endswith("1")


@pytest.mark.parametrize("synthetic", [True, False])
def test_synthetic_banner_only_when_synthetic(synthetic: bool) -> None:
    assert ("SYNTHETIC DATA" in _render(synthetic=synthetic)) is synthetic


def test_page_is_self_contained() -> None:
    page = _render(synthetic=True)
    assert "http://" not in page
    assert "https://" not in page
    assert "<script src" not in page
    assert "<link" not in page
    assert not re.search(r"url\(", page)


def test_sparkline_per_indicator_row() -> None:
    rows = _parse(_render()).rows
    assert set(rows) == {ind["id"] for ind in INDICATORS}
    for cells in rows.values():
        assert cells[13].has_svg
    assert _render().count('<svg class="spark"') == len(INDICATORS)


def test_label_markup_is_escaped() -> None:
    page = _render()
    assert "Rate per 10,000 &lt;b&gt;children&lt;/b&gt;" in page
    assert "<b>children" not in page


def test_header_and_notes() -> None:
    page = _render()
    assert "Corporate Parenting Dashboard" in page
    assert "Exampleshire" in page
    assert "Report for January 2018" in page
    assert "Notes on data and definitions" in page
    assert "<strong>Children in care</strong>" in page
    assert "Children in care - Population" in page


def test_unknown_unit_rejected() -> None:
    bad = [INDICATORS[0] | {"unit": "furlongs"}]
    with pytest.raises(ValueError, match="furlongs"):
        _render(indicators=bad)


def test_every_unit_of_the_catalogue_prints_its_own_way() -> None:
    assert format_value(412.4, "days") == "412 days"
    assert format_value(3.25, "fte") == "3.3 FTE"
    assert format_value(14.0, "ratio") == "14.0"
    assert format_value(20.05, "miles") == "20.1 miles"


def test_target_rag_change_and_england_of_the_report_month() -> None:
    kpi = _kpi().with_columns(
        target=pl.lit(None, pl.Float64),
        target_direction=pl.lit(None, pl.String),
        direction_of_travel=pl.lit(None, pl.String),
        improving=pl.lit(None, pl.Boolean),
        england_value=pl.lit(None, pl.Float64),
        england_year=pl.lit(None, pl.Int32),
    )
    january = (pl.col("indicator_id") == "cla_rate_per_10k") & (pl.col("month") == REPORT_MONTH)
    kpi = kpi.with_columns(
        target=pl.when(january).then(50.0).otherwise(pl.col("target")),
        target_direction=pl.when(january).then(pl.lit("below")).otherwise("target_direction"),
        rag=pl.when(january).then(pl.lit("red")).otherwise("rag"),
        direction_of_travel=pl.when(january).then(pl.lit("down")).otherwise("direction_of_travel"),
        england_value=pl.when(january).then(62.0).otherwise("england_value"),
        england_year=pl.when(january).then(2017).otherwise("england_year"),
    )
    page = render_dashboard(
        kpi,
        INDICATORS,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
        generated_at=GENERATED_AT,
    )
    cells = _parse(page).rows["cla_rate_per_10k"]
    # Target "below 50", RAG red, down on December (52.8 to 52.7), England 62 in 2017.
    assert [c.text for c in cells[15:]] == ["≤ 50.0", "Red", "▼", "62.0 (2017)"]


def test_provisional_month_is_marked_and_the_key_says_why() -> None:
    page = _render()
    rows = _parse(page).rows
    assert rows["started_cla_count"][10].text.endswith("p")
    assert not rows["started_cla_count"][9].text.endswith("p")
    assert "provisional: the next extract may add to it" in page


def test_each_definition_names_where_its_figure_is_computed() -> None:
    indicator = INDICATORS[0] | {
        "counted_in": "warehouse/models/drill/drill_population.sql",
        "source": "warehouse/models/marts/kpi_population.sql",
    }
    page = _render(indicators=[indicator])
    assert "(cla_count: drill_population.sql, kpi_population.sql)" in page

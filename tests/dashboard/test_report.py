"""The month's report as a reader gets it, from one real run (``cpr run``: the Dagster job on
real DuckDB files) of the hand-built extract in tests/extracts.py, December 2017 and January
2018: the HTML in headless chromium, the PDF's pages, the workbook, the published edition and
the summary, each held against the published KPI mart."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest
from browser import CHROMIUM, watched_page
from docx import Document
from extracts import DECEMBER_EXTRACT, EXTRACT, land
from openpyxl import load_workbook
from plain_words import codes, unexplained
from runs import use_data_folder

from dashboard.disclosure import DIFFERENCES, SUPPRESSED, apply_disclosure_control, is_small
from dashboard.formats import format_value, rounded
from dashboard.summary import summary_facts, summary_statements
from pipelines.cli import main
from warehouse.catalogue import indicators, sections
from warehouse.relations import RELATIONS

MONTH = dt.date(2018, 1, 1)
SECTION_TITLES = [s["title"] for s in sections()]
# A target in force from 2017 so the RAG column has something to show: 6 children in care
# (worked by hand in tests/warehouse/test_population.py) against "below 5" is red.
TARGETS = """
indicators:
  cla_count:
    targets: [{from_financial_year: 2017, value: 5, direction: below, amber_within: 0.5}]
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One run for the module: (the month's report folder, what cpr run printed)."""
    root = tmp_path_factory.mktemp("report")
    (root / "config").mkdir()
    (root / "config" / "indicators.yaml").write_text(TARGETS)
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, root)
        land(root / "landing", "2017-12", DECEMBER_EXTRACT)
        land(root / "landing", "2018-01", EXTRACT)
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["run"]) == 0
    return root / "reports" / "873" / "2018-01", out.getvalue()


@pytest.fixture(scope="module")
def kpi(run: tuple[Path, str]) -> pl.DataFrame:
    marts = run[0].parents[2] / "published" / "marts_873.duckdb"
    with duckdb.connect(str(marts), read_only=True) as con:
        return con.sql("select * from kpi_monthly").pl()


def test_cpr_run_prints_where_every_form_of_the_report_is(run: tuple[Path, str]) -> None:
    folder, printed = run
    for path in (
        folder / "dashboard.html",
        folder / "dashboard.xlsx",
        folder / "published" / "dashboard.html",
    ):
        assert path.exists()
        assert str(path) in printed
    assert (str(folder / "dashboard.pdf") in printed) is (CHROMIUM is not None)


def test_html_renders_every_section_with_no_errors_and_no_network(
    run: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder, _ = run
    for edition in (folder, folder / "published"):
        with watched_page() as watched:
            watched.page.goto((edition / "dashboard.html").as_uri(), wait_until="load")
            for title in SECTION_TITLES:
                heading = watched.page.get_by_role("heading", name=title, exact=False).first
                assert heading.is_visible(), title
            # Every chart drew, every indicator has its row.
            assert watched.page.locator("svg.chart").count() >= 6
            assert watched.page.locator("tr[data-indicator]").count() == len(indicators())
            shot = tmp_path_factory.getbasetemp() / f"report_{edition.name}.png"
            watched.page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            assert watched.console_errors == []
            assert watched.network_requests() == []


def test_printed_tables_fit_the_page_and_rows_never_split(run: tuple[Path, str]) -> None:
    folder, _ = run
    with watched_page() as watched:
        page = watched.page
        page.goto((folder / "dashboard.html").as_uri())
        page.emulate_media(media="print")
        # A4 landscape less the 10 mm side margins, in CSS pixels (96 per inch).
        page.set_viewport_size({"width": round((297 - 20) / 25.4 * 96), "height": 800})
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('table.kpi')].map(t => t.scrollWidth))"
        )
        assert widest <= page.viewport_size["width"]
        styles = page.evaluate(
            "[...document.querySelectorAll('table.kpi tr, figure.chart-box')]"
            ".map(e => getComputedStyle(e).breakInside)"
        )
        assert styles and set(styles) == {"avoid"}
        sections_break = page.evaluate(
            "[...document.querySelectorAll('section.dashboard-section')]"
            ".map(e => getComputedStyle(e).breakBefore)"
        )
        assert set(sections_break) == {"page"}


def test_pdf_pages_show_every_section(run: tuple[Path, str], tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("no chromium: the PDF is not written")
    for pdf in (run[0] / "dashboard.pdf", run[0] / "published" / "dashboard.pdf"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")[:-1]
        # The summary page, then each section starts a page of its own.
        assert len(pages) >= len(SECTION_TITLES) + 1
        for title in SECTION_TITLES:
            assert title in text, title
        # Page numbers in the margin: "Page n of N" on every page.
        for n, page in enumerate(pages, start=1):
            assert f"Page {n} of {len(pages)}" in page
        subprocess.run(
            ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / pdf.parent.name)], check=True
        )
        assert len(list(tmp_path.glob(f"{pdf.parent.name}-*.png"))) == len(pages)


def test_workbook_holds_the_kpi_marts_numbers_as_the_dashboard_shows_them(
    run: tuple[Path, str], kpi: pl.DataFrame
) -> None:
    book = load_workbook(run[0] / "dashboard.xlsx")
    assert book.sheetnames[0] == "Contents"
    short = {s["id"]: s.get("short_title", s["title"]) for s in sections()}
    assert book.sheetnames[1 : len(short) + 1] == list(short.values())
    assert {"Definitions", "Workforce by role"} <= set(book.sheetnames)
    units = {i["id"]: i["unit"] for i in indicators()}
    expected = {
        (r["indicator_id"], r["month"].strftime("%b %Y")): r["value"]
        for r in kpi.filter(pl.col("month") >= dt.date(2017, 4, 1)).iter_rows(named=True)
    }
    checked = 0
    for sheet in book.worksheets[1 : len(short) + 1]:
        # Each section is an Excel table (a filter on every column) with a chart beside it.
        assert len(sheet.tables) == 1 and len(sheet._charts) == 1, sheet.title
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        for row in rows[1:]:
            for column, cell in zip(header[3:], row[3:], strict=False):
                key = (row[0], column)
                if key in expected:
                    want = rounded(expected[key], units[row[0]])
                    if want is None:
                        assert cell is None, key
                    elif units[row[0]] == "percent":  # stored as a fraction: Excel shows 84.0%
                        assert cell == pytest.approx(want / 100, abs=1e-12), key
                    else:  # rounded as the dashboard prints it
                        assert cell == want, key
                    checked += 1
    # Every figure of the year to January is in the workbook (the extracts' history reaches
    # back to April 2017).
    assert checked == len(expected) == len(indicators()) * 10
    percent_row = next(
        r for r in book["Demographics"].iter_rows(min_row=2) if r[0].value == "cla_male_pct"
    )
    assert percent_row[3].number_format == "0.0%"
    definitions = list(book["Definitions"].iter_rows(values_only=True))
    assert len(definitions) == len(indicators()) + 1
    assert len(book["Definitions"].tables) == 1


def test_the_published_edition_and_committee_paper_speak_plain_words(
    run: tuple[Path, str],
) -> None:
    # What councillors table: no 903 code, catalogue id or model, no acronym left unexplained.
    page = (run[0] / "published" / "dashboard.html").read_text()
    assert (codes(page), unexplained(page)) == ([], [])
    paper = Document(str(run[0] / "committee" / "committee_paper.docx"))
    text = "".join(f"<p>{p.text}</p>" for p in paper.paragraphs)
    assert codes(text) == []


def _published_cells(folder: Path) -> dict[str, list[str]]:
    """Each indicator row's month cell texts in the published HTML."""
    from test_render import _parse  # the page parser of the render tests

    page = (folder / "published" / "dashboard.html").read_text()
    return {i: [c.text.rstrip("r") for c in cells[1:13]] for i, cells in _parse(page).rows.items()}


def test_published_edition_shows_no_count_of_one_to_five(
    run: tuple[Path, str], kpi: pl.DataFrame
) -> None:
    page = (run[0] / "published" / "dashboard.html").read_text()
    assert "Published edition: disclosure control applied" in page
    units = {i["id"]: i["unit"] for i in indicators()}
    jan = {r["indicator_id"]: r for r in kpi.filter(pl.col("month") == MONTH).iter_rows(named=True)}
    cells = _published_cells(run[0])
    shown = 0
    for indicator_id, texts in cells.items():
        text = texts[9]  # January
        if text in (SUPPRESSED, "–", ""):
            continue
        shown += 1
        record = jan[indicator_id]
        if indicator_id in DIFFERENCES:  # of two published totals: reveals neither
            assert cells[DIFFERENCES[indicator_id]][9] != SUPPRESSED
        elif units[indicator_id] == "count":
            assert not is_small(record["value"]), indicator_id
        elif units[indicator_id] in ("percent", "days", "rate_per_10k"):
            # A percentage shown reveals neither a small numerator nor a small denominator.
            assert not is_small(record["numerator"]), indicator_id
            assert not is_small(record["denominator"]), indicator_id
    # The hand-built county has 6 children in care: a count of 6 is shown, 1-5 are not.
    assert cells["cla_count"][9] == "6"
    assert cells["cla_uasc"][9] == SUPPRESSED
    assert shown > 0
    # The workbook of the published edition hides the same figures.
    book = load_workbook(run[0] / "published" / "dashboard.xlsx", read_only=True)
    for sheet in book.worksheets[1:]:
        for row in list(sheet.iter_rows(values_only=True))[1:]:
            if units[row[0]] == "count" and row[0] not in DIFFERENCES:
                assert not any(is_small(v) for v in row[3:-5] if isinstance(v, float | int))


def test_summary_numbers_equal_the_marts(run: tuple[Path, str], kpi: pl.DataFrame) -> None:
    facts = summary_facts(kpi, MONTH)
    jan = dict(kpi.filter(pl.col("month") == MONTH).select("indicator_id", "value").iter_rows())
    assert facts.now == {i: (None if v != v else v) for i, v in jan.items()}
    statements = summary_statements(facts, "Exampleshire")
    # 6 children in care at 31 January 2018 (tests/warehouse/test_population.py).
    assert statements[0] == (
        f"As of 31 January 2018 there are {format_value(jan['cla_count'], 'count')} children "
        "in care supported by Exampleshire."
    )
    assert jan["cla_count"] == 6
    html = (run[0] / "dashboard.html").read_text()
    assert "As of 31 January 2018 there are 6 children in care" in html
    # The target "below 5" makes 6 red; December's 5 was green, so it moved to red.
    assert "cla_count" in facts.turned_red
    assert "Children in care: 6 is red against its target." in html


def test_the_run_writes_the_committee_paper_with_the_dashboard_as_appendix_a(
    run: tuple[Path, str],
) -> None:
    folder, printed = run
    paper = folder / "committee" / ("committee_paper.pdf" if CHROMIUM else "committee_paper.docx")
    assert str(paper) in printed
    assert (folder / "committee" / "committee_paper.docx").exists()
    if CHROMIUM is None:
        return
    text = subprocess.run(
        ["pdftotext", "-layout", str(paper), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PERFORMANCE REPORT" in text and "2. Main issues" in text
    # The appendix is the published edition, whole.
    appendix = text[text.index("Published edition: disclosure control applied") :]
    for title in SECTION_TITLES:
        assert title in appendix, title


# These re-render January with commentary, so they come last in the module.
def test_commentary_is_drafted_edited_and_rendered_without_a_pipeline_run(
    run: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = run
    root = folder.parents[2]
    warehouse = root / "warehouse" / "873.duckdb"
    before = warehouse.stat().st_mtime_ns
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, root)
        assert main(["commentary", "--month", "2018-01"]) == 0
        draft = root / "commentary" / "873" / "2018-01.md"
        assert "## Children in care - Population" in draft.read_text()
        # An existing file is the officer's: not replaced without --force.
        assert main(["commentary", "--month", "2018-01"]) == 2
        draft.write_text(
            "## Main issues\n- Visits need attention.\n\n"
            "## Children in care - Population\nSix children are in our care.\n"
            "A child from CB4 1AA came into care.\n"
        )
        capsys.readouterr()
        assert main(["report", "--month", "2018-01"]) == 0
        err = capsys.readouterr().err
    assert "line 6: looks like a postcode; left out of the published edition" in err
    assert "CB4 1AA" not in err  # the warning names the line, never repeats it
    internal = (folder / "dashboard.html").read_text()
    published = (folder / "published" / "dashboard.html").read_text()
    assert "Six children are in our care." in internal and "CB4 1AA" in internal
    assert "Six children are in our care." in published and "CB4 1AA" not in published
    paper = Document(str(folder / "committee" / "committee_paper.docx"))
    assert "2.1 Visits need attention." in [p.text for p in paper.paragraphs]
    # Nothing of the pipeline ran: the warehouse file was not written.
    assert warehouse.stat().st_mtime_ns == before


def test_a_commentary_heading_that_is_no_section_stops_the_re_render_naming_the_sections(
    run: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = run[0].parents[2]
    (root / "commentary" / "873").mkdir(parents=True, exist_ok=True)
    (root / "commentary" / "873" / "2018-01.md").write_text("## Placemnts\nTypo.\n")
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, root)
        capsys.readouterr()
        assert main(["report", "--month", "2018-01"]) == 2
    err = capsys.readouterr().err
    assert "line 1: heading 'Placemnts' is not a section of the report" in err
    assert "Children in care - Placements" in err


def test_the_public_marts_file_hides_what_the_published_edition_hides_and_gives_none_back(
    run: tuple[Path, str], kpi: pl.DataFrame
) -> None:
    root = run[0].parents[2]
    public = root / "published" / "public_marts_873.duckdb"
    with duckdb.connect(str(public), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        shown = con.sql("select * from kpi_monthly").pl()
    assert tables == {"kpi_monthly", "indicator_catalogue", "publication"}
    # Nothing that would give a hidden figure back: no numerators, denominators, first values.
    for column in ("numerator", "denominator", "value_first_reported", "previous_value"):
        assert column not in shown.columns
    # The same figures hidden as in the published edition, and some are (6 children in care).
    expected = apply_disclosure_control(kpi).filter("suppressed").select("indicator_id", "month")
    hidden = shown.filter("suppressed")
    assert hidden.select("indicator_id", "month").sort(pl.all()).equals(expected.sort(pl.all()))
    assert hidden.height > 0 and hidden["value"].null_count() == hidden.height
    # No count of 1 to 5 children is shown.
    counts = shown.filter(pl.col("unit") == "count", ~pl.col("suppressed"))
    small = counts.filter(pl.col("value").abs().is_between(1, 5))
    assert set(small["indicator_id"]) <= set(DIFFERENCES), small
    # No hidden figure is the lone unknown of a total and its parts (or a year to date and
    # its months): subtraction gives nothing back. Where the parts need not add up to the
    # total, the rest is unknown too, so only exact relations could give one back.
    value = {(r["indicator_id"], r["month"]): r for r in shown.iter_rows(named=True)}
    months = sorted(set(shown["month"]))
    units = {r["indicator_id"]: r["unit"] for r in shown.iter_rows(named=True)}

    def count_of(i: str) -> str:
        base = i.removesuffix("_pct")
        return base if base != i and units.get(base) == "count" else i

    checked = 0
    for relation in (r for r in RELATIONS if r.exact):
        for month in months:
            cells = [(count_of(i), month) for i in (relation.total, *relation.parts)]
            if all(c in value for c in cells):
                unknown = [c for c in cells if value[c]["suppressed"]]
                assert len(unknown) != 1, (relation.total, month, unknown)
                checked += 1
    for month, previous in zip(months[1:], months, strict=False):
        if month.month != 4:
            cells = [("reviews_late_ytd", month), ("reviews_late_ytd", previous)]
            cells.append(("reviews_late", month))
            assert sum(value[c]["suppressed"] for c in cells) != 1
    assert checked > 0

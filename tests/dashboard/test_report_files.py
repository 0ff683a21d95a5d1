"""The files of a month's report without a browser: what a machine with only Python gets."""

from __future__ import annotations

from pathlib import Path

from test_render import GENERATED_AT, INDICATORS, REPORT_MONTH, _kpi, _parse

from dashboard.report import MonthReport, write_documents, write_pages
from pipelines.cli import report_paths


def _write(folder: Path) -> None:
    report = MonthReport(
        _kpi(),
        INDICATORS,
        folder,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
        generated_at=GENERATED_AT,
    )
    write_pages(report)
    write_documents(report, print_pdf=None)


def test_without_chromium_html_and_excel_are_written_and_the_pdf_is_said_to_be_skipped(
    tmp_path: Path,
) -> None:
    _write(tmp_path)
    for edition in (tmp_path, tmp_path / "published"):
        assert (edition / "dashboard.html").exists()
        assert (edition / "dashboard.xlsx").exists()
        assert not (edition / "dashboard.pdf").exists()
    assert str(report_paths(tmp_path)["PDF"]).startswith("not written (no chromium")


def test_data_docs_linked_from_the_internal_edition_only(tmp_path: Path) -> None:
    # The documents run writes them beside the page, after it is published.
    _write(tmp_path)
    assert 'href="data_docs/index.html"' in (tmp_path / "dashboard.html").read_text()
    # The Data Docs show exact figures: the published edition does not point to them.
    assert "data_docs" not in (tmp_path / "published" / "dashboard.html").read_text()


def test_published_edition_is_labelled_and_keeps_large_counts(tmp_path: Path) -> None:
    _write(tmp_path)
    page = (tmp_path / "published" / "dashboard.html").read_text()
    assert "Published edition: disclosure control applied" in page
    assert "Internal edition" in (tmp_path / "dashboard.html").read_text()
    # No figure of the fixture is 1-5 children: the published edition shows them all
    # (children in care in April, 685; started in care in May, 17).
    rows = _parse(page).rows
    assert rows["cla_count"][1].text == "685"
    assert rows["started_cla_count"][2].text == "17"
    assert 'class="suppressed"' not in page

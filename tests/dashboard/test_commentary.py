"""The officer's commentary: read from its Markdown file, shown under its section in both
editions, escaped, held back from the published edition where a line may name a child; the
draft written from the marts; and the committee paper built around it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from openpyxl import load_workbook
from test_render import INDICATORS, REPORT_MONTH, _kpi, _render

from dashboard.commentary import (
    MAIN_ISSUES,
    CommentaryError,
    draft_commentary,
    flag_child_details,
    parse_commentary,
)
from dashboard.committee import CommitteeConfig, build_paper, write_docx
from dashboard.excel import write_workbook
from dashboard.render import render_dashboard

SECTIONS = {"population": "Children in care - Population", "missing": "Children in care - Missing"}


def _parse(text: str):
    return parse_commentary(text, SECTIONS, "commentary/873/2018-01.md")


def _page(text: str, published: bool = False) -> str:
    return render_dashboard(
        _kpi(),
        INDICATORS,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
        generated_at=dt.datetime(2018, 2, 5),
        published=published,
        commentary=_parse(text),
    )


def test_a_heading_matching_no_section_names_the_line_and_the_valid_headings() -> None:
    with pytest.raises(CommentaryError) as error:
        _parse("## Children in care - Population\nFine.\n\n## Placemnts\nTypo.\n")
    message = str(error.value)
    assert "line 4" in message and "'Placemnts'" in message
    assert "Children in care - Population, Children in care - Missing, Main issues" in message


def test_headings_match_title_or_key_in_any_case_and_may_not_repeat() -> None:
    parsed = _parse("## children in care - population\nA.\n## MISSING\nB.\n")
    assert parsed.text == {"population": "A.", "missing": "B."}
    with pytest.raises(CommentaryError, match="line 3: 'Population' repeats"):
        _parse("## population\nA.\n## Population\nB.\n")


def test_text_before_the_first_heading_is_an_error_but_a_title_is_not() -> None:
    assert _parse("# Commentary, January 2018\n\n## Missing\nB.\n").text == {"missing": "B."}
    with pytest.raises(CommentaryError, match="line 1: text before the first section heading"):
        _parse("Some words.\n## Missing\nB.\n")


def test_commentary_shows_under_its_section_with_markdown_and_escaped_html() -> None:
    page = _page("## Population\nNumbers **rose** <script>alert(1)</script>.\n\n- one\n- two\n")
    section = page[page.index('id="section-population"') :]
    commentary = section[section.index('class="commentary"') : section.index("<table")]
    assert "<strong>rose</strong>" in commentary
    assert "<li>one</li>" in commentary
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in commentary


def test_a_section_with_no_commentary_has_no_commentary_box() -> None:
    assert 'class="commentary"' not in _render()
    assert _page("## Missing\nOnly missing.\n").count('class="commentary"') == 0  # not shown


@pytest.mark.parametrize(
    ("line", "looks_like"),
    [
        ("A boy from CB4 1AA went missing.", "a postcode"),
        ("Born 21/05/2006, she moved twice.", "a date (a date of birth?)"),
        ("Child 1234567 is now placed in county.", "a child's identifier"),
        ("Performance was 84.0% in December 2017, up from 70.3% in April.", None),
        ("The meeting on 27 November 2019 will review the 2017/18 figures.", None),
    ],
)
def test_lines_that_look_like_a_childs_details_are_flagged(
    line: str, looks_like: str | None
) -> None:
    assert flag_child_details(line) == looks_like


def test_a_flagged_line_is_warned_about_and_left_out_of_the_published_edition_only() -> None:
    text = "## Population\nNumbers rose.\nOne child at CB4 1AA moved.\n"
    parsed = _parse(text)
    assert parsed.warnings == [
        "commentary/873/2018-01.md, line 3: looks like a postcode; left out of the published "
        "edition (remove any child's details, then re-render the report)"
    ]
    assert "CB4 1AA" in _page(text)
    published = _page(text, published=True)
    assert "Numbers rose." in published and "CB4 1AA" not in published


def test_the_workbook_has_the_commentary_sheet(tmp_path: Path) -> None:
    path = write_workbook(
        _kpi(),
        INDICATORS,
        tmp_path / "dashboard.xlsx",
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
        commentary=_parse("## Main issues\n- Visits are late.\n## Population\nNumbers rose.\n"),
    )
    sheet = load_workbook(path)["Commentary"]
    assert [tuple(r) for r in sheet.iter_rows(values_only=True)] == [
        ("Section", "Commentary"),
        (MAIN_ISSUES, "Visits are late."),
        ("Children in care - Population", "Numbers rose."),
    ]


def _draft_kpi(rows: list[tuple[str, str, str, dt.date, float, float | None]]) -> pl.DataFrame:
    """kpi_monthly rows: (id, label, unit, month, value, denominator)."""
    return pl.DataFrame(
        [
            {
                "indicator_id": i,
                "label": label,
                "unit": unit,
                "month": month,
                "value": value,
                "numerator": None,
                "denominator": denominator,
                "target": 95.0 if i == "visits_pct" else None,
                "rag": "red" if i == "visits_pct" and value < 95 else None,
            }
            for i, label, unit, month, value, denominator in rows
        ],
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )


def test_the_draft_remarks_on_marked_movements_and_red_figures_only() -> None:
    dec, jan = dt.date(2017, 12, 1), dt.date(2018, 1, 1)
    kpi = _draft_kpi(
        [
            # 100 to 120 children: a rise of 20, over 10% and over 5: remarked.
            ("cla_count", "Children in care", "count", dec, 100, None),
            ("cla_count", "Children in care", "count", jan, 120, None),
            # 30 to 33: 10% but fewer than 5 children: not remarked.
            ("started", "Started", "count", dec, 30, None),
            ("started", "Started", "count", jan, 33, None),
            # 90.0% to 91.5% of 200: 1.5 points, under 2: not a movement, but red (< 95).
            ("visits_pct", "% visited", "percent", dec, 90.0, 200),
            ("visits_pct", "% visited", "percent", jan, 91.5, 200),
        ]
    )
    indicators = [
        {"id": i, "section": "population", "section_title": "Population"}
        for i in ("cla_count", "started", "visits_pct")
    ] + [{"id": "missing", "section": "missing", "section_title": "Missing"}]
    draft = draft_commentary(kpi, indicators, jan)
    population = draft[draft.index("## Population") : draft.index("## Missing")]
    assert "- Children in care rose from 100 to 120." in population
    assert "Started" not in population
    assert "- % visited is 91.5%, short of its target of 95.0%." in population
    assert "rose from 90.0%" not in population
    assert "No figure in this section moved markedly since December 2017." in draft
    # The draft parses as commentary: every heading is a section or Main issues.
    parsed = parse_commentary(draft, {"population": "Population", "missing": "Missing"}, "d")
    assert set(parsed.text) == {MAIN_ISSUES, "population", "missing"}


def test_the_committee_paper_has_the_seeds_parts_from_the_published_edition(
    tmp_path: Path,
) -> None:
    config = CommitteeConfig(meeting_date="21 November 2019", author="A. Officer")
    commentary = _parse("## Main issues\n- Visits are late.\n- Reviews are on time.\n")
    paper = build_paper(
        _kpi(),
        INDICATORS,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        config=config,
        commentary=commentary,
        synthetic=True,
    )
    assert paper.main_issues == ["Visits are late.", "Reviews are on time."]
    text = "\n".join(
        p.text for p in Document(str(write_docx(paper, tmp_path / "p.docx"))).paragraphs
    )
    cells = [
        c.text for t in Document(str(tmp_path / "p.docx")).tables for r in t.rows for c in r.cells
    ]
    for part in ("To:", "Meeting date:", "From:", "Purpose:", "Recommendation:"):
        assert part in cells
    assert "21 November 2019" in cells and "A. Officer" in cells
    for heading in (
        "Summary",
        "1. Background",
        "2. Main issues",
        "3. Significant implications",
        "Source documents",
        "Appendix A: Corporate Parenting dashboard, January 2018",
    ):
        assert heading in text
    assert "2.1 Visits are late." in text and "2.2 Reviews are on time." in text
    assert "SYNTHETIC DATA" in text
    # Appendix A: January's figure of each indicator beside its target and RAG.
    assert "702" in cells and "Children in care" in cells


def test_the_paper_summary_never_shows_a_count_the_published_edition_hides() -> None:
    kpi = _kpi().with_columns(
        pl.when(pl.col("indicator_id") == "cla_count")
        .then(4.0)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    paper = build_paper(
        kpi,
        INDICATORS,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        config=CommitteeConfig(),
        commentary=None,
        synthetic=False,
    )
    assert not any("there are 4 children" in line for line in paper.summary)
    population = paper.sections[0].rows[0]
    assert population.id == "cla_count" and population.cells[9].text == "c"


def test_an_unknown_key_in_the_committee_file_names_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "committee.yaml"
    path.write_text("meeting_date: 21 November 2019\nmeting: typo\n")
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['meting'\]"):
        CommitteeConfig.load(path)
    path.write_text("meeting_date: 21 November 2019\nauthor: A. Officer\n")
    assert CommitteeConfig.load(path).author == "A. Officer"

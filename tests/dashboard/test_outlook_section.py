"""The dashboard's Outlook section: a fan chart and tables, labelled a projection, apart from
the monthly tables."""

from __future__ import annotations

import datetime

import polars as pl
from test_render import GENERATED_AT, INDICATORS, REPORT_MONTH, _kpi

from dashboard.render import render_dashboard
from warehouse.outlook import AGE_BANDS, FRAME_SCHEMA, GROUPS, add_months

STATUS = {
    "as_of": REPORT_MONTH,
    "projection_status": "projected",
    "message": "Projected 12 months from January 2018.",
    "window_months": 24,
}


def projection() -> pl.DataFrame:
    """A hand-made outlook: 700 in care, widening by 5 a month each side of 80%, 10 of 95%;
    the scenario 20 higher."""
    rows = []
    for scenario, shift in (("baseline", 0), ("Entries rise by 10%", 20)):
        for h in range(1, 13):
            month = add_months(REPORT_MONTH, h)
            series = [
                ("children_in_care", "total", "All", 700 + shift),
                ("starts", "total", "All", 25),
                ("ceases", "total", "All", 25),
            ]
            series += [("children_in_care", "age_band", b[0], 140) for b in AGE_BANDS]
            # The scenario also moves 30 from residential to fostering by the year's end.
            moved = {"fostering": 30, "residential": -30} if shift else {}
            series += [
                ("children_in_care", "placement_group", g, 100 + moved.get(g, 0)) for g in GROUPS
            ]
            for measure, breakdown, category, mid in series:
                rows.append(
                    (
                        scenario,
                        month,
                        h,
                        measure,
                        breakdown,
                        category,
                        mid - 10 * h,
                        mid - 5 * h,
                        mid,
                        mid + 5 * h,
                        mid + 10 * h,
                        mid,
                    )
                )
    return pl.DataFrame(rows, schema=FRAME_SCHEMA, orient="row")  # fmt: skip


def render(published: bool = False, status: dict | None = STATUS) -> str:
    return render_dashboard(
        _kpi(),
        INDICATORS,
        report_month=REPORT_MONTH,
        la_name="Exampleshire",
        synthetic=False,
        generated_at=GENERATED_AT,
        published=published,
        outlook=projection(),
        outlook_status=status,
    )


def outlook_part(page: str) -> str:
    return page[page.index('id="section-outlook"') :]


def test_the_outlook_is_its_own_section_labelled_a_projection():
    page = render()
    part = outlook_part(page)
    assert "PROJECTION" in part and "A projection, not a figure for any month" in part
    # The fan: actual line, the two bands and the dashed median.
    assert part.count('class="band-95"') >= 1 and 'class="band-80"' in part
    assert 'class="projected-median"' in part
    # 3, 6 and 12 months on: April, July 2018 and January 2019; baseline 700 with 80% 685-715
    # three months on, the scenario 20 higher.
    assert '<th scope="col">April 2018</th>' in part and "January 2019" in part
    assert "700 (685 to 715)" in part and "720 (705 to 735)" in part
    assert "Entries rise by 10%: children in care" in part
    # The groups the scenario changes are shown beside its total; the others are not.
    assert "Entries rise by 10%: fostering</th>" in part and "130 (115 to 145)" in part
    assert "Entries rise by 10%: residential</th>" in part
    assert "Entries rise by 10%: other</th>" not in part
    # The method, in the catalogue's words.
    assert "plays the next 12" in part
    # The monthly tables come before it and hold no projected month.
    assert page.index('id="section-population"') < page.index('id="section-outlook"')
    assert "April 2018" not in page[: page.index('id="section-outlook"')]


def test_the_published_edition_shows_totals_only():
    internal, published = outlook_part(render()), outlook_part(render(published=True))
    assert "Placed for adoption" in internal and "Aged 16+" in internal
    assert "Placed for adoption" not in published and "700 (685 to 715)" in published


def test_a_month_without_its_own_outlook_says_so():
    earlier = STATUS | {"as_of": datetime.date(2018, 3, 1)}
    part = outlook_part(render(status=earlier))
    assert "No outlook was made from the January 2018 extract" in part
    assert "band-80" not in part


def test_too_little_history_is_said_not_drawn():
    status = STATUS | {
        "projection_status": "insufficient_history",
        "message": "Only 9 month(s) of history up to January 2018: the outlook needs at least 12.",
    }
    page = render_dashboard(
        _kpi(), INDICATORS, report_month=REPORT_MONTH, la_name="X", synthetic=False,
        generated_at=GENERATED_AT, outlook=pl.DataFrame(schema=FRAME_SCHEMA), outlook_status=status,
    )  # fmt: skip
    part = outlook_part(page)
    assert "Only 9 month(s) of history" in part and "band-80" not in part


def test_no_outlook_published_means_no_section():
    page = render_dashboard(
        _kpi(), INDICATORS, report_month=REPORT_MONTH, la_name="X", synthetic=False,
        generated_at=GENERATED_AT,
    )  # fmt: skip
    assert 'id="section-outlook"' not in page

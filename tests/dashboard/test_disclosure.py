"""Disclosure control on hand-built KPI tables: primary, secondary and dependent suppression."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard.disclosure import apply_disclosure_control, is_small, suppressed_cells

JAN = dt.date(2018, 1, 1)
FEB = dt.date(2018, 2, 1)
MAR = dt.date(2018, 3, 1)
APR = dt.date(2018, 4, 1)


def kpi(*rows: tuple) -> pl.DataFrame:
    """Rows of (indicator_id, month, unit, value, numerator, denominator)."""
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "month": pl.Date,
            "unit": pl.String,
            "value": pl.Float64,
            "numerator": pl.Float64,
            "denominator": pl.Float64,
        },
        orient="row",
    )


def test_counts_of_one_to_five_are_suppressed_and_zero_and_six_are_not() -> None:
    table = kpi(
        ("missing_incidents", JAN, "count", 0.0, None, None),
        ("missing_children", JAN, "count", 1.0, None, None),
        ("missing_away_incidents", JAN, "count", 5.0, None, None),
        ("missing_away_children", JAN, "count", 6.0, None, None),
    )
    assert suppressed_cells(table) == {
        ("missing_children", JAN),
        ("missing_away_incidents", JAN),
    }


def test_lone_suppressed_part_hides_the_next_smallest_part() -> None:
    # 40 in care = 37 not UASC + 3 UASC: hiding the 3 alone, 40 - 37 gives it back, so the
    # 37 is hidden too (the only other part). The total stays.
    table = kpi(
        ("cla_count", JAN, "count", 40.0, None, None),
        ("cla_non_uasc", JAN, "count", 37.0, None, None),
        ("cla_uasc", JAN, "count", 3.0, None, None),
    )
    assert suppressed_cells(table) == {("cla_uasc", JAN), ("cla_non_uasc", JAN)}


def test_secondary_suppression_picks_the_smallest_other_part() -> None:
    # CSE by sex: 30 open = 20 female + 7 male + 3 unknown. The 3 is hidden; the 7 (smaller
    # than 20) goes with it, so 30 - 20 = 10 is all that can be worked out.
    table = kpi(
        ("expl_cse_open", JAN, "count", 30.0, None, None),
        ("expl_cse_female", JAN, "count", 20.0, None, None),
        ("expl_cse_male", JAN, "count", 7.0, None, None),
        ("expl_cse_sex_unknown", JAN, "count", 3.0, None, None),
    )
    assert suppressed_cells(table) == {("expl_cse_sex_unknown", JAN), ("expl_cse_male", JAN)}


def test_two_suppressed_parts_need_no_more() -> None:
    table = kpi(
        ("expl_cce_open", JAN, "count", 30.0, None, None),
        ("expl_cce_female", JAN, "count", 2.0, None, None),
        ("expl_cce_male", JAN, "count", 24.0, None, None),
        ("expl_cce_sex_unknown", JAN, "count", 4.0, None, None),
    )
    assert suppressed_cells(table) == {("expl_cce_female", JAN), ("expl_cce_sex_unknown", JAN)}


def test_a_small_unshown_rest_hides_a_shown_part() -> None:
    # Cohort 20 = 12 suitable + 5 unknown + 3 unsuitable (not a row of the table). The 5 is
    # hidden; the unsuitable 3 is the rest 20 - 12 - 5 and is small, so two cells are hidden
    # in the relation and 20 - 12 = 8 reveals neither. Nothing else needs hiding.
    table = kpi(
        ("cl_cohort", JAN, "count", 20.0, None, None),
        ("cl_accommodation_suitable", JAN, "count", 12.0, None, None),
        ("cl_accommodation_unknown", JAN, "count", 5.0, None, None),
    )
    assert suppressed_cells(table) == {("cl_accommodation_unknown", JAN)}
    # With 6 unknown the rest (unsuitable) is 2: hidden alone, 20 - 12 - 6 would give it
    # back, so the smaller shown part, the 6, is hidden with it.
    table = kpi(
        ("cl_cohort", JAN, "count", 20.0, None, None),
        ("cl_accommodation_suitable", JAN, "count", 12.0, None, None),
        ("cl_accommodation_unknown", JAN, "count", 6.0, None, None),
    )
    assert suppressed_cells(table) == {("cl_accommodation_unknown", JAN)}


def test_percentage_of_a_suppressed_count_is_suppressed() -> None:
    # UASC 3 of 40 (7.5%): the count is hidden, and so is its percentage (7.5% of 40 is 3).
    table = kpi(
        ("cla_count", JAN, "count", 40.0, None, None),
        ("cla_non_uasc", JAN, "count", 37.0, None, None),
        ("cla_uasc", JAN, "count", 3.0, None, None),
        ("cla_uasc_pct", JAN, "percent", 7.5, 3.0, 40.0),
    )
    assert ("cla_uasc_pct", JAN) in suppressed_cells(table)


def test_percentage_with_a_small_denominator_is_suppressed() -> None:
    # 4 of 4 reviews on time: 100% reveals a count of 4.
    table = kpi(("reviews_in_timescale_pct", JAN, "percent", 100.0, 4.0, 4.0))
    assert suppressed_cells(table) == {("reviews_in_timescale_pct", JAN)}


def test_percentage_whose_complement_is_small_is_suppressed() -> None:
    # 38 male of 40, 2 female, none not known: 95% male would give back the 2 female, so the
    # male % hides too.
    table = kpi(
        ("cla_count", JAN, "count", 40.0, None, None),
        ("cla_male_pct", JAN, "percent", 95.0, 38.0, 40.0),
        ("cla_female_pct", JAN, "percent", 5.0, 2.0, 40.0),
        ("cla_sex_not_known_pct", JAN, "percent", 0.0, 0.0, 40.0),
    )
    assert suppressed_cells(table) == {("cla_male_pct", JAN), ("cla_female_pct", JAN)}


def test_visits_percentage_would_reveal_the_not_seen_count() -> None:
    # 50 due, 3 not seen, 47 seen (94%): the 3 is hidden, and 94% of 50 would give it back.
    table = kpi(
        ("visits_due", JAN, "count", 50.0, None, None),
        ("visits_not_seen_in_timescale", JAN, "count", 3.0, None, None),
        ("visits_in_timescale_pct", JAN, "percent", 94.0, 47.0, 50.0),
    )
    assert suppressed_cells(table) == {
        ("visits_not_seen_in_timescale", JAN),
        ("visits_in_timescale_pct", JAN),
    }


def test_average_over_few_children_is_suppressed() -> None:
    # One adoption: its average days are that child's days.
    table = kpi(
        ("adoption_a1_days", JAN, "days", 400.0, 400.0, 1.0),
        ("adoption_a2_days", JAN, "days", 150.0, 1500.0, 10.0),
    )
    assert suppressed_cells(table) == {("adoption_a1_days", JAN)}


def test_year_to_date_count_cannot_give_back_a_suppressed_month() -> None:
    # Late reviews: Jan 8, Feb 3, Mar 9; year to date 20, 23, 32. Feb's 3 is hidden and would
    # be 23 - 20, so February's year to date (23) is hidden too; March's 32 would then give
    # back 23 (32 - 9), so it is hidden as well. The monthly counts of 8 and 9 stay shown (an
    # earlier rule hid January's year to date, and from it every earlier month's count, back
    # to April). April starts a new year.
    table = kpi(
        ("reviews_late", JAN, "count", 8.0, None, None),
        ("reviews_late", FEB, "count", 3.0, None, None),
        ("reviews_late", MAR, "count", 9.0, None, None),
        ("reviews_late", APR, "count", 7.0, None, None),
        ("reviews_late_ytd", JAN, "count", 20.0, None, None),
        ("reviews_late_ytd", FEB, "count", 23.0, None, None),
        ("reviews_late_ytd", MAR, "count", 32.0, None, None),
        ("reviews_late_ytd", APR, "count", 7.0, None, None),
    )
    hidden = suppressed_cells(table)
    assert hidden == {
        ("reviews_late", FEB),
        ("reviews_late_ytd", FEB),
        ("reviews_late_ytd", MAR),
    }
    # Every year-to-date relation has no lone hidden cell.
    for previous, month in ((JAN, FEB), (FEB, MAR)):
        trio = {
            ("reviews_late_ytd", month),
            ("reviews_late_ytd", previous),
            ("reviews_late", month),
        }
        assert len(trio & hidden) != 1


def test_a_small_change_since_april_is_shown_when_children_in_care_is() -> None:
    # 702 children in care at the end of January and 699 at 31 March (published the year
    # before): the change of 3 reveals nothing the two totals do not.
    table = kpi(
        ("cla_count", JAN, "count", 702.0, None, None),
        ("cla_change_since_april", JAN, "count", 3.0, None, None),
        ("cla_change_since_april_pct", JAN, "percent", 0.43, 3.0, 699.0),
    )
    assert suppressed_cells(table) == set()
    # A hidden total hides its change with it.
    small = kpi(
        ("cla_count", JAN, "count", 4.0, None, None),
        ("cla_change_since_april", JAN, "count", 1.0, None, None),
    )
    assert suppressed_cells(small) == {("cla_count", JAN), ("cla_change_since_april", JAN)}


def test_staffing_figures_are_not_counts_of_children() -> None:
    table = kpi(
        ("wf_cic_qsw_staff_fte", JAN, "fte", 4.0, None, None),
        ("wf_cic_qsw_caseload", JAN, "ratio", 3.0, 12.0, 4.0),
    )
    assert suppressed_cells(table) == set()


def test_published_frame_hides_values_fractions_and_the_years_average() -> None:
    table = kpi(
        ("missing_children", JAN, "count", 2.0, None, None),
        ("missing_children", FEB, "count", 9.0, None, None),
        ("missing_incidents", FEB, "count", 12.0, None, None),
    ).with_columns(
        financial_year_average=pl.Series([2.0, 5.5, 12.0]),
        value_first_reported=pl.Series([3.0, 9.0, 12.0]),
    )
    published = apply_disclosure_control(table).sort("indicator_id", "month")
    assert published["value"].to_list() == [None, 9.0, 12.0]
    assert published["suppressed"].to_list() == [True, False, False]
    # February's average (2 + 9) / 2 and the first-reported 3 would each reveal January's 2.
    assert published["financial_year_average"].to_list() == [None, None, 12.0]
    assert published["value_first_reported"].to_list() == [None, None, None]
    assert not any(is_small(v) for v in published["value"].to_list())

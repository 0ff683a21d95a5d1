-- drill_placements: the children behind each Placements figure, per extract and month: the children in care at the month end its numerator counts and, for a percentage, those its denominator counts (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

children as (
    select
        c.la_code,
        c.extract_month,
        c.month,
        rm.month_end,
        rm.financial_year_start,
        c.child_id,
        c.is_uasc,
        c.age_years,
        coalesce(c.placement_location, 'unknown') as placement_location,
        c.distance_miles,
        c.period_start,
        c.placement_start,
        c.placement_group
    from main.fct_child_month as c
    join report_months as rm on rm.la_code = c.la_code and rm.extract_month = c.extract_month and rm.month = c.month
    where c.la_code in (select unnest($la_codes)) and c.extract_month in (select unnest($months)) and c.in_care
),

placements as (
    select *
    from main.fct_placement
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Placements open at any time from 1 April to the month end: started by then and not ended
-- before 1 April. A child who left care and came back counts the placements of both periods.
placements_this_year as (
    select c.la_code, c.extract_month, c.month, c.child_id, count(*) as placements
    from children as c
    join placements as p
        on p.extract_month = c.extract_month
        and p.child_id = c.child_id
        and p.start_date <= c.month_end
        and (p.end_date is null or p.end_date >= c.financial_year_start)
    group by all
),

-- DfE long-term stability: under 16, looked after continuously for at least 2.5 years, in the
-- same placement for at least 2 years (fct_child_month: since when).
children_with_history as (
    select
        c.*,
        coalesce(py.placements, 0) >= 3 as has_3_plus_placements,
        c.age_years < 16 and c.period_start <= c.month_end - interval 30 month
            as in_stability_cohort,
        c.placement_start <= c.month_end - interval 2 year as in_placement_2_years
    from children as c
    left join placements_this_year as py using (extract_month, month, child_id)
),

-- Each figure of the section is a group of the children in care at the month end: whether a
-- child is in it (a blank, such as a distance not known, is not).
figure_flags as (
    select
        la_code,
        extract_month,
        month,
        child_id,
        true as cla,
        not is_uasc as non_uasc,
        is_uasc as uasc,
        placement_location = 'in' as in_county,
        placement_location = 'unknown' as location_unknown,
        not is_uasc and placement_location = 'out' as out_non_uasc,
        not is_uasc and placement_location = 'out' and distance_miles > 20
            as out_over_20_miles_non_uasc,
        not is_uasc and placement_location = 'out' and distance_miles is null
            as out_distance_unknown_non_uasc,
        is_uasc and placement_location = 'out' as out_uasc,
        placement_group = 'fostering' as fostering,
        placement_group = 'residential' as residential,
        placement_group = 'semi_independent' as semi_independent,
        placement_group = 'adoption' as adoption,
        placement_group = 'with_parents' as with_parents,
        placement_group = 'other' as other_placement,
        has_3_plus_placements as three_plus_placements,
        in_stability_cohort as stability_cohort,
        in_stability_cohort and in_placement_2_years as stable_2_years
    from children_with_history
),

figure_members as (
    select la_code, extract_month, month, child_id, figure
    from (
        unpivot figure_flags
        on columns(* exclude (la_code, extract_month, month, child_id))
        into name figure value is_member
    )
    where is_member
),

-- Each indicator is a count (no denominator) or a percentage of another figure.
definitions (indicator_id, numerator, denominator) as (
    values
        ('placed_in_county', 'in_county', null),
        ('placed_in_county_pct', 'in_county', 'cla'),
        ('placed_out_of_county_non_uasc', 'out_non_uasc', null),
        ('placed_out_of_county_non_uasc_pct', 'out_non_uasc', 'non_uasc'),
        ('placed_out_of_county_over_20_miles_non_uasc', 'out_over_20_miles_non_uasc', null),
        ('placed_out_of_county_over_20_miles_non_uasc_pct', 'out_over_20_miles_non_uasc',
            'non_uasc'),
        ('placed_out_of_county_distance_unknown_non_uasc', 'out_distance_unknown_non_uasc',
            null),
        ('placed_location_unknown', 'location_unknown', null),
        ('uasc_placed_out_of_county', 'out_uasc', null),
        ('uasc_placed_out_of_county_pct', 'out_uasc', 'uasc'),
        ('placement_fostering_pct', 'fostering', 'cla'),
        ('placement_residential_pct', 'residential', 'cla'),
        ('placement_semi_independent_pct', 'semi_independent', 'cla'),
        ('placement_adoption_pct', 'adoption', 'cla'),
        ('placement_with_parents_pct', 'with_parents', 'cla'),
        ('placement_other_pct', 'other_placement', 'cla'),
        ('placements_3_plus', 'three_plus_placements', null),
        ('placements_3_plus_pct', 'three_plus_placements', 'cla'),
        ('placement_stability_2_years_pct', 'stable_2_years', 'stability_cohort')
),

members as (
    select m.la_code, m.extract_month, m.month, d.indicator_id, 'numerator' as role, m.child_id
    from figure_members as m
    join definitions as d on d.numerator = m.figure
    union all
    select m.la_code, m.extract_month, m.month, d.indicator_id, 'denominator', m.child_id
    from figure_members as m
    join definitions as d on d.denominator = m.figure
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

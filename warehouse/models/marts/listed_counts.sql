-- listed_counts: one row per figure each extract reports (every catalogue indicator, every month of the extract's financial year to date), with the month's dates: how many things its drill-through lists in its numerator and its denominator, whether the extract landed the table it is made from, and the figure those lists make by the indicator's unit.
-- depends on: dim_report_month, dim_indicator
-- union of: drill_*
-- partitioned: yes
with lists as (
    select
        la_code,
        extract_month,
        month,
        indicator_id,
        count(*) filter (where role = 'numerator') as listed_numerator,
        count(*) filter (where role = 'denominator') as listed_denominator
    from query_table($union_of, true)
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

-- The optional extract table each figure is made from, by the start of its indicator id: an
-- extract that did not land it has no data for the figure (not zero) in any month it reports.
required_tables (indicator_prefix, table_name) as (
    values
        ('cla_disabled_pct', 'disability'),
        ('visits_', 'visits'),
        ('reviews_', 'reviews'),
        ('iha_', 'health_checks'),
        ('health_assessment_', 'health_checks'),
        ('dental_check_', 'health_checks'),
        ('cl_', 'care_leavers'),
        ('adoption_a2_days', 'ad1'),
        ('adoption_matched_awaiting_placement', 'ad1'),
        ('missing_', 'missing'),
        ('expl_', 'exploitation'),
        ('dolo_', 'dolo'),
        ('edu_', 'education'),
        ('wf_cic_per_allocated_sw', 'sw_episodes')
),

-- A list with nobody on it is a count of 0.
figures as (
    select
        rm.*,
        i.section,
        i.indicator_id,
        i.unit,
        coalesce(list_contains(rm.tables_landed, t.table_name), true) as has_data,
        coalesce(l.listed_numerator, 0) as listed_numerator,
        coalesce(l.listed_denominator, 0) as listed_denominator
    from main.dim_report_month as rm
    cross join main.dim_indicator as i
    left join required_tables as t on starts_with(i.indicator_id, t.indicator_prefix)
    left join lists as l
        on l.la_code = rm.la_code
        and l.extract_month = rm.extract_month
        and l.month = rm.month
        and l.indicator_id = i.indicator_id
    where rm.la_code in (select unnest($la_codes)) and rm.extract_month in (select unnest($months))
)

-- A count is the length of its numerator list; a percentage its numerator list's length over
-- its denominator list's (no value of nobody, though 0 of 0 stands). Other units (averages,
-- rates, ratios, FTE) are the section mart's to work out from the lists and what is not listed.
select
    *,
    if(has_data, listed_numerator, null) as numerator,
    if(has_data and unit <> 'count', listed_denominator, null) as denominator,
    case
        when not has_data then null
        when unit = 'count' then listed_numerator
        when unit = 'percent' then 100.0 * listed_numerator / nullif(listed_denominator, 0)
    end as value
from figures

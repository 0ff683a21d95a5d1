-- kpi_visits_reviews_health: the Visits, reviews and health section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: fct_visit_due, fct_review_due, fct_health_check_iha, fct_health_check, fct_child_month, dim_report_month
-- partitioned: yes
-- Visits, reviews and health checks come from optional files: an extract without one has no
-- data for its figures, not zero.
with report_months as (
    select
        *,
        list_contains(tables_landed, 'visits') as has_visits,
        list_contains(tables_landed, 'reviews') as has_reviews,
        list_contains(tables_landed, 'health_checks') as has_health_checks
    from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- A child counts once however many visits fell due in the month (a move starts a new clock),
-- and is not seen in timescale if any of them was missed.
visits_due as (
    select
        extract_month,
        date_trunc('month', due_date) as month,
        count(distinct child_id) as due,
        count(distinct child_id) filter (where not seen_in_timescale) as not_seen
    from main.fct_visit_due
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

-- Late: due in the month and not held by the due date (held later, or not yet).
reviews_due as (
    select
        extract_month,
        date_trunc('month', due_date) as month,
        count(*) filter (where not held_in_timescale) as late
    from main.fct_review_due
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

reviews_held as (
    select
        extract_month,
        date_trunc('month', review_date) as month,
        count(*) as held,
        count(*) filter (where held_in_timescale) as in_timescale
    from main.fct_review_due
    where la_code = $la_code and extract_month in (select unnest($months))
        and review_date is not null
    group by all
),

-- By month of entry, the children who stayed in care for the 20 working days.
iha as (
    select
        extract_month,
        date_trunc('month', start_date) as month,
        count(*) as entered,
        count(*) filter (where iha_in_timescale) as in_timescale
    from main.fct_health_check_iha
    where la_code = $la_code and extract_month in (select unnest($months))
        and stayed_20_working_days
    group by all
),

-- In care at the month end and looked after continuously for the 12 months to it: the period
-- of care open at the month end began on or before the first day of those 12 months.
health_cohort as (
    select cm.extract_month, cm.month, rm.month_end, cm.child_id, cm.age_years
    from main.fct_child_month as cm
    join report_months as rm on rm.extract_month = cm.extract_month and rm.month = cm.month
    where cm.la_code = $la_code and cm.extract_month in (select unnest($months))
        and cm.in_care
        and cm.period_start <= cm.month - interval 11 month
),

-- Completed checks in the 12 months to the month end (a health assessment in the last 6
-- months for a child under 5); an initial assessment counts as a health assessment.
health_checked as (
    select
        h.extract_month,
        h.month,
        h.child_id,
        coalesce(bool_or(
            c.check_type in ('IHA', 'RHA')
            and c.check_date >= case
                when h.age_years < 5 then h.month - interval 5 month
                else h.month - interval 11 month
            end
        ), false) as health_assessed,
        coalesce(bool_or(c.check_type = 'DENTAL'), false) as dental_checked
    from health_cohort as h
    left join main.fct_health_check as c
        on c.la_code = $la_code
        and c.extract_month = h.extract_month
        and c.child_id = h.child_id
        and c.is_completed
        and c.check_date between h.month - interval 11 month and h.month_end
    group by all
),

health_by_month as (
    select
        extract_month,
        month,
        count(*) as cohort,
        count(*) filter (where health_assessed) as health_assessed,
        count(*) filter (where dental_checked) as dental_checked
    from health_checked
    group by all
),

monthly as (
    select
        rm.extract_month,
        rm.month,
        case when rm.has_visits then coalesce(v.due, 0) end as visits_due,
        case when rm.has_visits then coalesce(v.not_seen, 0) end as visits_not_seen,
        case when rm.has_reviews then coalesce(rd.late, 0) end as reviews_late,
        case when rm.has_reviews then coalesce(rh.held, 0) end as reviews_held,
        case when rm.has_reviews then coalesce(rh.in_timescale, 0) end as reviews_in_timescale,
        case when rm.has_health_checks then coalesce(i.entered, 0) end as iha_cohort,
        case when rm.has_health_checks then coalesce(i.in_timescale, 0) end as iha_in_timescale,
        case when rm.has_health_checks then coalesce(hm.cohort, 0) end as health_cohort,
        case when rm.has_health_checks then coalesce(hm.health_assessed, 0) end
            as health_assessed,
        case when rm.has_health_checks then coalesce(hm.dental_checked, 0) end as dental_checked
    from report_months as rm
    left join visits_due as v on v.extract_month = rm.extract_month and v.month = rm.month
    left join reviews_due as rd on rd.extract_month = rm.extract_month and rd.month = rm.month
    left join reviews_held as rh on rh.extract_month = rm.extract_month and rh.month = rm.month
    left join iha as i on i.extract_month = rm.extract_month and i.month = rm.month
    left join health_by_month as hm on hm.extract_month = rm.extract_month and hm.month = rm.month
),

with_year_to_date as (
    select
        *,
        sum(reviews_late) over (partition by extract_month order by month) as reviews_late_ytd
    from monthly
),

indicators as (
    select extract_month, month, 'visits_due' as indicator_id,
        visits_due as numerator, null as denominator, visits_due as value
    from with_year_to_date
    union all
    select extract_month, month, 'visits_not_seen_in_timescale', visits_not_seen, visits_due,
        visits_not_seen
    from with_year_to_date
    union all
    select extract_month, month, 'visits_in_timescale_pct', visits_due - visits_not_seen,
        visits_due, 100.0 * (visits_due - visits_not_seen) / nullif(visits_due, 0)
    from with_year_to_date
    union all
    select extract_month, month, 'reviews_late', reviews_late, null, reviews_late
    from with_year_to_date
    union all
    select extract_month, month, 'reviews_late_ytd', reviews_late_ytd, null, reviews_late_ytd
    from with_year_to_date
    union all
    select extract_month, month, 'reviews_in_timescale_pct', reviews_in_timescale, reviews_held,
        100.0 * reviews_in_timescale / nullif(reviews_held, 0)
    from with_year_to_date
    union all
    select extract_month, month, 'iha_in_timescale_pct', iha_in_timescale, iha_cohort,
        100.0 * iha_in_timescale / nullif(iha_cohort, 0)
    from with_year_to_date
    union all
    select extract_month, month, 'health_assessment_on_time_pct', health_assessed, health_cohort,
        100.0 * health_assessed / nullif(health_cohort, 0)
    from with_year_to_date
    union all
    select extract_month, month, 'dental_check_on_time_pct', dental_checked, health_cohort,
        100.0 * dental_checked / nullif(health_cohort, 0)
    from with_year_to_date
)

select $la_code as la_code, extract_month, month, indicator_id, numerator, denominator, value
from indicators

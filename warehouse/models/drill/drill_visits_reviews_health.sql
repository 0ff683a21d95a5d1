-- drill_visits_reviews_health: the children, reviews and periods of care behind each Visits, reviews and health figure, per extract and month: one row per child for visits and health checks, per review for reviews, per period of care for initial health assessments (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- A child counts once however many visits fell due in the month (a move starts a new clock),
-- and is not seen in timescale if any of them was missed. A due date already met before the
-- month began is not due in it. (Without a visits, reviews or health
-- checks file its figures are no data, in listed_counts, though what was due is listed here.)
visits_due as (
    select
        v.la_code,
        v.extract_month,
        rm.month,
        v.child_id,
        bool_and(v.seen_in_timescale) as seen_in_timescale
    from main.fct_visit_due as v
    join report_months as rm
        on rm.la_code = v.la_code and rm.extract_month = v.extract_month and rm.month = v.due_month
    where v.la_code in (select unnest($la_codes)) and v.extract_month in (select unnest($months))
        and v.outstanding_in_due_month
    group by all
),

-- Reviews due from 1 April to the month end, with whether each was due in the month itself.
-- Late: not held by the due date (held later, or not yet).
reviews_due as (
    select
        r.la_code,
        r.extract_month,
        rm.month,
        r.child_id,
        date_trunc('month', r.due_date) = rm.month as due_in_month,
        r.held_in_timescale
    from main.fct_review_due as r
    join report_months as rm
        on rm.la_code = r.la_code and rm.extract_month = r.extract_month
        and r.due_date between rm.financial_year_start and rm.month_end
    where r.la_code in (select unnest($la_codes)) and r.extract_month in (select unnest($months))
),

reviews_held as (
    select r.la_code, r.extract_month, rm.month, r.child_id, r.held_in_timescale
    from main.fct_review_due as r
    join report_months as rm
        on rm.la_code = r.la_code and rm.extract_month = r.extract_month and rm.month = date_trunc('month', r.review_date)
    where r.la_code in (select unnest($la_codes)) and r.extract_month in (select unnest($months))
),

-- By month of entry, each period of care whose child stayed in care for the 20 working days.
iha as (
    select i.la_code, i.extract_month, rm.month, i.child_id, i.iha_in_timescale
    from main.fct_health_check_iha as i
    join report_months as rm
        on rm.la_code = i.la_code and rm.extract_month = i.extract_month and rm.month = date_trunc('month', i.start_date)
    where i.la_code in (select unnest($la_codes)) and i.extract_month in (select unnest($months))
        and i.stayed_20_working_days
),

-- In care at the month end and looked after continuously for the 12 months to it: the period
-- of care open at the month end began on or before the first day of those 12 months.
health_cohort as (
    select cm.la_code, cm.extract_month, cm.month, rm.month_end, cm.child_id, cm.age_years
    from main.fct_child_month as cm
    join report_months as rm on rm.la_code = cm.la_code and rm.extract_month = cm.extract_month and rm.month = cm.month
    where cm.la_code in (select unnest($la_codes)) and cm.extract_month in (select unnest($months))
        and cm.in_care
        and cm.period_start <= cm.month - interval 11 month
),

-- Completed checks in the 12 months to the month end (a health assessment in the last 6
-- months for a child under 5); an initial assessment counts as a health assessment.
health_checked as (
    select
        h.la_code,
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
        on c.la_code = h.la_code
        and c.extract_month = h.extract_month
        and c.child_id = h.child_id
        and c.is_completed
        and c.check_date between h.month - interval 11 month and h.month_end
    group by all
),

members as (
    select la_code, extract_month, month, 'visits_due' as indicator_id, 'numerator' as role, child_id
    from visits_due
    union all
    select la_code, extract_month, month, 'visits_not_seen_in_timescale', 'numerator', child_id
    from visits_due
    where not seen_in_timescale
    union all
    select la_code, extract_month, month, 'visits_not_seen_in_timescale', 'denominator', child_id
    from visits_due
    union all
    select la_code, extract_month, month, 'visits_in_timescale_pct', 'numerator', child_id
    from visits_due
    where seen_in_timescale
    union all
    select la_code, extract_month, month, 'visits_in_timescale_pct', 'denominator', child_id
    from visits_due
    union all
    select la_code, extract_month, month, 'reviews_late', 'numerator', child_id
    from reviews_due
    where due_in_month and not held_in_timescale
    union all
    select la_code, extract_month, month, 'reviews_late_ytd', 'numerator', child_id
    from reviews_due
    where not held_in_timescale
    union all
    select la_code, extract_month, month, 'reviews_in_timescale_pct', 'numerator', child_id
    from reviews_held
    where held_in_timescale
    union all
    select la_code, extract_month, month, 'reviews_in_timescale_pct', 'denominator', child_id
    from reviews_held
    union all
    select la_code, extract_month, month, 'iha_in_timescale_pct', 'numerator', child_id
    from iha
    where iha_in_timescale
    union all
    select la_code, extract_month, month, 'iha_in_timescale_pct', 'denominator', child_id
    from iha
    union all
    select la_code, extract_month, month, 'health_assessment_on_time_pct', 'numerator', child_id
    from health_checked
    where health_assessed
    union all
    select la_code, extract_month, month, 'health_assessment_on_time_pct', 'denominator', child_id
    from health_checked
    union all
    select la_code, extract_month, month, 'dental_check_on_time_pct', 'numerator', child_id
    from health_checked
    where dental_checked
    union all
    select la_code, extract_month, month, 'dental_check_on_time_pct', 'denominator', child_id
    from health_checked
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

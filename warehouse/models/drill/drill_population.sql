-- drill_population: the children behind each Population figure, per extract and month: who is counted in its numerator and its denominator (restricted: never published). The rate's denominator (the ONS population) and the change since April's numerator (a net difference) count no children: only the change's denominator, those in care at 31 March, is listed for it.
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

in_care as (
    select c.la_code, c.extract_month, c.month, c.child_id, c.is_uasc, rm.financial_year_start
    from main.fct_child_month as c
    join report_months as rm on rm.la_code = c.la_code and rm.extract_month = c.extract_month and rm.month = c.month
    where c.la_code in (select unnest($la_codes)) and c.in_care
),

-- Children in care at the end of 31 March, before the year began: the base of the change.
at_31_march as (
    select rm.la_code, rm.extract_month, rm.month, c.child_id
    from report_months as rm
    join main.fct_child_month as c
        on c.la_code = rm.la_code
        and c.extract_month = rm.extract_month
        and c.month = rm.financial_year_start - interval 1 month
        and c.in_care
),

-- Short breaks never start or end care; one row per episode, as the figures count episodes.
episode_events as (
    select la_code, extract_month, date_trunc('month', decom) as month, child_id, 'cla_started' as indicator_id
    from main.fct_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
        and rne = 'S' and not is_short_break
    union all
    select la_code, extract_month, date_trunc('month', dec), child_id, 'cla_ceased'
    from main.fct_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
        and dec is not null and rec <> 'X1' and not is_short_break
),

members as (
    select la_code, extract_month, month, child_id, indicator_id, 'numerator' as role
    from in_care, (values ('cla_count'), ('cla_rate_per_10k')) as i(indicator_id)
    union all
    select la_code, extract_month, month, child_id, 'cla_non_uasc', 'numerator' from in_care where not is_uasc
    union all
    select la_code, extract_month, month, child_id, 'cla_uasc', 'numerator' from in_care where is_uasc
    union all
    select la_code, extract_month, month, child_id, 'cla_uasc_pct', 'numerator' from in_care where is_uasc
    union all
    select la_code, extract_month, month, child_id, 'cla_uasc_pct', 'denominator' from in_care
    union all
    select la_code, extract_month, month, child_id, indicator_id, 'denominator'
    from at_31_march, (values ('cla_change_since_april'), ('cla_change_since_april_pct')) as i(indicator_id)
    union all
    select e.la_code, e.extract_month, e.month, e.child_id, e.indicator_id, 'numerator'
    from episode_events as e
    join report_months as rm on rm.la_code = e.la_code and rm.extract_month = e.extract_month and rm.month = e.month
)

select la_code, extract_month, cast(month as date) as month, indicator_id, role, child_id
from members

-- fct_health_check_iha: one row per period of care in each extract: when its initial health assessment (IHA) was due, 20 working days after the start, and when the first one was completed.
-- partitioned: yes
with periods as (
    -- Short breaks (V3/V4) are not care: no assessment is due for them.
    select * from main.fct_period_of_care
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months)) and not is_short_break
),

due as (
    select p.*, due_day.day as due_date
    from periods as p
    -- N working days after d: the working day numbered N after d's number.
    join main.dim_working_day as start_day on start_day.day = p.start_date
    join main.dim_working_day as due_day
        on due_day.is_working_day
        and due_day.working_day_number = start_day.working_day_number + 20
),

first_iha as (
    select d.la_code, d.extract_month, d.child_id, d.period_seq, min(c.check_date) as iha_date
    from due as d
    join main.fct_health_check as c
        on c.la_code = d.la_code
        and c.extract_month = d.extract_month
        and c.child_id = d.child_id
        and c.check_type = 'IHA'
        and c.is_completed
        and c.check_date >= d.start_date
        and (d.end_date is null or c.check_date <= d.end_date)
    group by all
)

select
    d.la_code,
    d.extract_month,
    d.child_id,
    d.period_seq,
    d.start_date,
    d.end_date,
    d.due_date,
    i.iha_date,
    -- Still looked after at the end of the due date, which the extract has reached: a child
    -- who leaves care sooner is not counted (and neither yet is one whose 20 days still run).
    d.due_date <= last_day(d.extract_month) and (d.end_date is null or d.end_date > d.due_date)
        as stayed_20_working_days,
    coalesce(i.iha_date <= d.due_date, false) as iha_in_timescale
from due as d
left join first_iha as i
    on i.la_code = d.la_code
    and i.extract_month = d.extract_month
    and i.child_id = d.child_id
    and i.period_seq = d.period_seq

-- fct_review_due: one row per looked-after review due in each extract: the period of care, the date it was due and the review that met it, if any.
-- partitioned: yes
-- Reviews before the extract's complete history may be missing.
with extract_history as (
    select la_code, extract_month, min(month) as history_start
    from main.dim_history_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

-- Short breaks (V3/V4) are not care: no reviews are due for them.
periods as (
    select p.*, p.start_date >= h.history_start as history_complete
    from main.fct_period_of_care as p
    join extract_history as h on h.la_code = p.la_code and h.extract_month = p.extract_month
    where p.la_code in (select unnest($la_codes)) and p.extract_month in (select unnest($months))
        and not p.is_short_break
),

reviews as (
    select distinct la_code, extract_month, child_id, review as review_date
    from staging.stg_reviews
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Each review counts for the period of care it was held in (the later one, should two meet on
-- a day), numbered within it.
reviews_in_period as (
    select
        r.la_code,
        r.extract_month,
        r.child_id,
        r.review_date,
        p.period_seq,
        row_number() over (
            partition by r.la_code, r.extract_month, r.child_id, p.period_seq
            order by r.review_date
        ) as review_number
    from reviews as r
    join periods as p
        on p.la_code = r.la_code
        and p.extract_month = r.extract_month
        and p.child_id = r.child_id
        and p.start_date <= r.review_date
        and (p.end_date is null or r.review_date <= p.end_date)
    qualify row_number() over (
        partition by r.la_code, r.extract_month, r.child_id, r.review_date order by p.start_date desc
    ) = 1
),

-- The start of each period of care and each review set when the next review is due. A period
-- that began before the extract's complete history has its clock picked up at its first
-- review on record.
clock_events as (
    select la_code, extract_month, child_id, period_seq, start_date as event_date, 0 as review_number
    from periods
    where history_complete
    union all
    select la_code, extract_month, child_id, period_seq, review_date, review_number
    from reviews_in_period
),

due as (
    select
        c.la_code,
        c.extract_month,
        c.child_id,
        c.period_seq,
        p.end_date as period_end,
        -- Which review of the period this is (1 = the first), where the history shows it.
        case when p.history_complete then c.review_number + 1 end as review_seq,
        c.event_date as clock_from,
        cast(case
            -- The first review within 20 working days of the start of the period of care.
            when c.review_number = 0 then first_due.day
            -- The second within 3 months of the first.
            when c.review_number = 1 and p.history_complete then c.event_date + interval 3 month
            -- Later ones within 6 months of the previous.
            else c.event_date + interval 6 month
        end as date) as due_date,
        -- The next review in the period: the one that met (or missed) this due date.
        lead(c.event_date) over (
            partition by c.la_code, c.extract_month, c.child_id, c.period_seq
            order by c.review_number
        ) as review_date
    from clock_events as c
    join periods as p
        on p.la_code = c.la_code
        and p.extract_month = c.extract_month
        and p.child_id = c.child_id
        and p.period_seq = c.period_seq
    -- N working days after d: the working day numbered N after d's number.
    left join main.dim_working_day as start_day
        on c.review_number = 0 and start_day.day = c.event_date
    left join main.dim_working_day as first_due
        on first_due.is_working_day
        and first_due.working_day_number = start_day.working_day_number + 20
)

select
    la_code,
    extract_month,
    child_id,
    period_seq,
    review_seq,
    clock_from,
    due_date,
    review_date,
    -- Held on or before the due date.
    coalesce(review_date <= due_date, false) as held_in_timescale
from due
-- Nothing is due once the period of care has ended (a child is not looked after on the day it
-- ends).
where review_date is not null or period_end is null or period_end > due_date

-- dim_working_day: one row per calendar day 2000-2040: whether it is a working day, and a running count of working days, so that "N working days after d" is a join.
-- partitioned: no
with days as (
    select cast(range as date) as day
    from range(date '2000-01-01', date '2041-01-01', interval 1 day)
),

-- Working days exclude weekends and England and Wales bank holidays (indicators.md).
flagged as (
    select
        d.day,
        isodow(d.day) <= 5 and h.holiday_date is null as is_working_day
    from days as d
    left join main.ref_bank_holiday as h on h.holiday_date = d.day
)

select
    day,
    is_working_day,
    -- Working days up to and including this day. A day off shares the number of the working
    -- day before it, so N working days after any day d is the working day numbered
    -- working_day_number(d) + N.
    cast(sum(cast(is_working_day as integer)) over (order by day) as integer) as working_day_number
from flagged

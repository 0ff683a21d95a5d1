-- fct_visit_due: one row per statutory social worker visit due (Care Planning Regulations 2010, reg 28) in each extract: the child's placement, the date the visit was due and the visit that met it, if any.
-- partitioned: yes
-- Visits before the extract's complete history may be missing.
with extract_history as (
    select la_code, extract_month, min(month) as history_start
    from main.dim_history_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

-- Placements (runs of episodes with the same carer) leave out short breaks (V3/V4): no visits
-- are due for them.
placements as (
    select * from main.fct_placement
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Only a visit at which the child was seen meets the duty, and only such a visit restarts
-- the clock.
seen_visits as (
    select distinct la_code, extract_month, child_id, visit_date
    from staging.stg_visits
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months)) and seen = 'Y'
),

-- Each visit counts for the placement the child was in that day (the new one on a moving day).
visits_in_placement as (
    select v.la_code, v.extract_month, v.child_id, v.visit_date, p.placement_seq
    from seen_visits as v
    join placements as p
        on p.la_code = v.la_code
        and p.extract_month = v.extract_month
        and p.child_id = v.child_id
        and p.start_date <= v.visit_date
        and (p.end_date is null or v.visit_date <= p.end_date)
    qualify row_number() over (
        partition by v.la_code, v.extract_month, v.child_id, v.visit_date order by p.start_date desc
    ) = 1
),

-- The placement type on the day of each visit: that of the episode of care open then (a
-- placement may become long-term fostering with the same carer, RNE T or U).
visits_with_place as (
    select v.*, e.place
    from visits_in_placement as v
    join main.fct_episode as e
        on e.la_code = v.la_code
        and e.extract_month = v.extract_month
        and e.child_id = v.child_id
        and e.decom <= v.visit_date
        and not e.is_short_break
    qualify row_number() over (
        partition by v.la_code, v.extract_month, v.child_id, v.visit_date order by e.decom desc
    ) = 1
),

-- Each placement start and each visit sets when the next visit is due. A placement that began
-- before the extract's complete history has its clock picked up at its first visit on record.
clock_events as (
    select p.la_code, p.extract_month, p.child_id, p.placement_seq, p.start_date as event_date,
        true as is_placement_start, null as place
    from placements as p
    join extract_history as h on h.la_code = p.la_code and h.extract_month = p.extract_month
    where p.start_date >= h.history_start
    union all
    select la_code, extract_month, child_id, placement_seq, visit_date, false, place
    from visits_with_place
),

due as (
    select
        c.la_code,
        c.extract_month,
        c.child_id,
        c.placement_seq,
        p.start_date as placement_start,
        p.end_date as placement_end,
        c.event_date as clock_from,
        cast(case
            -- Within 7 days of the start of each placement (reg 28(2)(a)).
            when c.is_placement_start then c.event_date + 7
            -- After the placement's first year, at least every 3 months in a long-term foster
            -- placement (U1, U4: reg 28(2)(c)).
            when c.event_date >= p.start_date + interval 1 year
                and c.place in (
                    select code from main.ref_code_group where code_group = 'long_term_foster'
                )
                then c.event_date + interval 3 month
            -- Otherwise at least every 6 weeks (reg 28(2)(b)).
            else c.event_date + 42
        end as date) as due_date,
        -- The next visit in the placement: the one that met (or missed) this due date.
        lead(c.event_date) over (
            partition by c.la_code, c.extract_month, c.child_id, c.placement_seq
            order by c.event_date, c.is_placement_start desc
        ) as visit_date
    from clock_events as c
    join placements as p
        on p.la_code = c.la_code
        and p.extract_month = c.extract_month
        and p.child_id = c.child_id
        and p.placement_seq = c.placement_seq
)

select
    la_code,
    extract_month,
    child_id,
    placement_seq,
    placement_start,
    clock_from,
    due_date,
    visit_date,
    -- Seen on or before the due date.
    coalesce(visit_date <= due_date, false) as seen_in_timescale,
    -- Due in the month of its due date only while still outstanding when that month began: a
    -- child seen before the month, ahead of the date, has a later due date instead.
    date_trunc('month', due_date) as due_month,
    visit_date is null or visit_date >= date_trunc('month', due_date) as outstanding_in_due_month
from due
-- Nothing is due once the placement has ended (a child is not in a placement on the day it ends).
where visit_date is not null or placement_end is null or placement_end > due_date

-- fct_child_month: one row per child with an episode open at a month end, for every month from April of the previous financial year to the extract month: who they are, where and in what placement, and since when in care and in that placement.
-- partitioned: yes
with extract_months as (
    select * from main.dim_history_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Looked after at d: an episode with DECOM <= d and (DEC blank or DEC > d). An episode that
-- ends on the last day of a month does not count at that month's end.
open_at_month_end as (
    select ep.*, em.month, em.month_end
    from main.fct_episode as ep
    join extract_months as em
        on ep.la_code = em.la_code
        and ep.extract_month = em.extract_month
        and ep.decom <= em.month_end
        and (ep.dec is null or ep.dec > em.month_end)
),

uasc as (
    select la_code, extract_month, child_id, duc
    from staging.stg_uasc
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- The placement type mix of the Placements section (schemas/codes.py, CODE_GROUPS): groups
-- that share no code, so a placement type joins one at most.
placement_mix as (
    select code, code_group
    from main.ref_code_group
    where code_group in ('fostering', 'residential', 'semi_independent', 'with_parents')
),

periods as (
    select la_code, extract_month, child_id, period_seq, start_date
    from main.fct_period_of_care
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- The placement the child is in at the month end (one that ends that day is over). Placed for
-- adoption with the foster carer (A3, A5) continues the foster placement (fct_placement), so its
-- start is already the start of the time with those carers.
current_placement as (
    select pl.la_code, pl.extract_month, em.month, pl.child_id, max(pl.start_date) as placement_start
    from main.fct_placement as pl
    join extract_months as em
        on em.la_code = pl.la_code
        and em.extract_month = pl.extract_month
        and pl.start_date <= em.month_end
        and (pl.end_date is null or pl.end_date > em.month_end)
    where pl.la_code in (select unnest($la_codes)) and pl.extract_month in (select unnest($months))
    group by all
)

select
    o.la_code,
    o.extract_month,
    o.month,
    o.child_id,
    not o.is_short_break as in_care,
    o.is_short_break,
    o.ls as legal_status,
    o.place as placement_type,
    -- The placement type mix of the Placements section.
    case
        when o.is_placed_for_adoption then 'adoption'
        else coalesce(g.code_group, 'other')
    end as placement_group,
    o.placement_la,
    o.placement_location,
    o.distance_miles,
    -- UASC at d: in the uasc table and DUC blank or after d (so it ends on the 18th birthday).
    u.child_id is not null and (u.duc is null or u.duc > o.month_end) as is_uasc,
    c.sex,
    c.ethnic_group,
    date_sub('year', c.dob, o.month_end) as age_years,
    case
        when date_sub('year', c.dob, o.month_end) < 1 then 'Under 1'
        when date_sub('year', c.dob, o.month_end) < 5 then '1-4'
        when date_sub('year', c.dob, o.month_end) < 10 then '5-9'
        when date_sub('year', c.dob, o.month_end) < 16 then '10-15'
        else '16+'
    end as age_band,
    -- Looked after continuously since: the start of the period of care (episodes joined by X1)
    -- the month end falls in. A break in care starts a new period.
    p.start_date as period_start,
    -- In the current placement since (none on a short break, which is no placement).
    cp.placement_start
from open_at_month_end as o
left join main.dim_child as c
    on c.la_code = o.la_code and c.extract_month = o.extract_month and c.child_id = o.child_id
left join uasc as u
    on u.la_code = o.la_code and u.extract_month = o.extract_month and u.child_id = o.child_id
left join placement_mix as g on g.code = o.place
left join periods as p
    on p.la_code = o.la_code and p.extract_month = o.extract_month and p.child_id = o.child_id
    and p.period_seq = o.period_seq
left join current_placement as cp
    on cp.la_code = o.la_code and cp.extract_month = o.extract_month and cp.month = o.month and cp.child_id = o.child_id
-- Two episodes open at once would be an overlap, which staging quarantines; keep one row.
qualify row_number() over (partition by o.la_code, o.extract_month, o.month, o.child_id order by o.decom desc) = 1

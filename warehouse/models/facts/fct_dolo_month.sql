-- fct_dolo_month: one row per child subject to a deprivation of liberty order (DoLO) at a month end, with the placement type they are in then (blank when not looked after) and whether it is one rule 709 expects for a DoLO (K2, Z12, Z13), for every month from April of the previous financial year to the extract month.
-- partitioned: yes
with orders as (
    select * from staging.stg_dolo
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

extract_months as (
    select * from main.dim_history_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Subject to a DoLO at d as a child is looked after at d: started on or before d, and not ended
-- before the next day. One row per child however many orders overlap.
subject_at_month_end as (
    select distinct o.la_code, o.extract_month, m.month, o.child_id
    from orders as o
    join extract_months as m
        on m.la_code = o.la_code
        and m.extract_month = o.extract_month
        and o.dolo_start <= m.month_end
        and (o.dolo_end is null or o.dolo_end > m.month_end)
)

select
    s.la_code,
    s.extract_month,
    cast(s.month as date) as month,
    s.child_id,
    cm.placement_type,
    -- Children's home (K2), with another LA (Z12) or an unregulated children's home (Z13): the
    -- placements the DfE's rule 709 expects for a child under a DoLO.
    coalesce(cm.placement_type in ('K2', 'Z12', 'Z13'), false) as in_expected_placement
from subject_at_month_end as s
left join main.fct_child_month as cm
    on cm.la_code = s.la_code
    and cm.extract_month = s.extract_month
    and cm.month = s.month
    and cm.child_id = s.child_id

-- fct_social_worker_month: one row per child in care at a month end and social worker allocated to them then, for every month fct_child_month holds.
-- partitioned: yes
with in_care as (
    select cm.la_code, cm.extract_month, cm.month, m.month_end, cm.child_id
    from main.fct_child_month as cm
    join main.dim_month as m on m.month = cm.month
    where cm.la_code in (select unnest($la_codes)) and cm.extract_month in (select unnest($months)) and cm.in_care
),

sw_episodes as (
    select * from staging.stg_sw_episodes
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
)

-- A social worker episode open at d as an episode of care is: SW_DECOM <= d and (SW_DEC blank
-- or SW_DEC > d). Two episodes with the same worker open at once are one allocation.
select distinct c.la_code, c.extract_month, c.month, c.child_id, sw.sw_id
from in_care as c
join sw_episodes as sw
    on sw.extract_month = c.extract_month
    and sw.child_id = c.child_id
    and sw.sw_decom <= c.month_end
    and (sw.sw_dec is null or sw.sw_dec > c.month_end)

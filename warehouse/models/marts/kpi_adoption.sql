-- kpi_adoption: the Adoption section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: fct_adoption, fct_period_of_care, fct_child_month, dim_report_month, stg_ad1
-- partitioned: yes
with report_months as (
    select *, list_contains(tables_landed, 'ad1') as has_ad1
    from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

ad1 as (
    select extract_month, child_id, date_match
    from staging.stg_ad1
    where la_code = $la_code and extract_month in (select unnest($months))
),

adopted_in_month as (
    select
        extract_month,
        adopted_month as month,
        count(*) as adopted,
        count(days_entered_care_to_moved_in) as with_a1,
        sum(days_entered_care_to_moved_in) as a1_days,
        count(*) filter (where moved_in_within_14_months) as within_14_months,
        count(days_authority_to_match) as with_a2,
        sum(days_authority_to_match) as a2_days
    from main.fct_adoption
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

-- Children who left care from 1 April to the month end, and of them those adopted; a child who
-- left twice counts once.
left_care_year_to_date as (
    select
        rm.extract_month,
        rm.month,
        count(distinct p.child_id) as left_care,
        count(distinct p.child_id) filter (where p.end_reason in ('E11', 'E12')) as adopted
    from report_months as rm
    join main.fct_period_of_care as p
        on p.la_code = $la_code
        and p.extract_month = rm.extract_month
        and p.end_date between rm.financial_year_start and rm.month_end
    where not p.is_short_break and p.end_reason <> 'X1'
    group by all
),

-- At the month end: placed for adoption (A3-A6), or matched with adopters and not yet placed.
at_month_end as (
    select
        rm.extract_month,
        rm.month,
        count(*) filter (where cm.placement_group = 'adoption') as placed,
        count(*) filter (
            where cm.placement_group <> 'adoption' and ad1.date_match <= rm.month_end
        ) as matched_awaiting_placement
    from report_months as rm
    join main.fct_child_month as cm
        on cm.la_code = $la_code
        and cm.extract_month = rm.extract_month
        and cm.month = rm.month
        and cm.in_care
    left join ad1 on ad1.extract_month = cm.extract_month and ad1.child_id = cm.child_id
    group by all
),

monthly as (
    select
        rm.extract_month,
        rm.month,
        coalesce(a.adopted, 0) as adopted,
        coalesce(a.with_a1, 0) as with_a1,
        coalesce(a.a1_days, 0) as a1_days,
        coalesce(a.within_14_months, 0) as within_14_months,
        -- A2 and the matches come from AD1: without it the extract says nothing about them (no
        -- data, not zero).
        case when rm.has_ad1 then coalesce(a.with_a2, 0) end as with_a2,
        case when rm.has_ad1 then coalesce(a.a2_days, 0) end as a2_days,
        coalesce(y.left_care, 0) as left_care_ytd,
        coalesce(y.adopted, 0) as adopted_ytd,
        coalesce(e.placed, 0) as placed,
        case when rm.has_ad1 then coalesce(e.matched_awaiting_placement, 0) end
            as matched_awaiting_placement
    from report_months as rm
    left join adopted_in_month as a on a.extract_month = rm.extract_month and a.month = rm.month
    left join left_care_year_to_date as y
        on y.extract_month = rm.extract_month and y.month = rm.month
    left join at_month_end as e on e.extract_month = rm.extract_month and e.month = rm.month
),

-- An average or percentage of nobody (no adoptions in the month) has no value, but keeps its
-- zero numerator and denominator: "none adopted", unlike "no data".
indicators as (
    select extract_month, month, 'adoption_count' as indicator_id,
        adopted as numerator, null as denominator, adopted as value
    from monthly
    union all
    select extract_month, month, 'adoption_left_care_adopted_pct', adopted_ytd, left_care_ytd,
        100.0 * adopted_ytd / nullif(left_care_ytd, 0)
    from monthly
    union all
    select extract_month, month, 'adoption_a1_days', a1_days, with_a1, a1_days / nullif(with_a1, 0)
    from monthly
    union all
    select extract_month, month, 'adoption_a2_days', a2_days, with_a2, a2_days / nullif(with_a2, 0)
    from monthly
    union all
    select extract_month, month, 'adoption_within_14_months_pct', within_14_months, with_a1,
        100.0 * within_14_months / nullif(with_a1, 0)
    from monthly
    union all
    select extract_month, month, 'adoption_placed', placed, null, placed from monthly
    union all
    select extract_month, month, 'adoption_matched_awaiting_placement', matched_awaiting_placement,
        null, matched_awaiting_placement
    from monthly
)

select $la_code as la_code, extract_month, month, indicator_id, numerator, denominator, value
from indicators

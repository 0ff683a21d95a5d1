-- drill_adoption: the children behind each Adoption figure, per extract and month: adoptions in the month (one row each), the children who left care in the year to date, and those placed for adoption or matched at the month end (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

adoptions as (
    select
        a.la_code,
        a.extract_month,
        rm.month,
        a.child_id,
        a.days_entered_care_to_moved_in,
        a.days_authority_to_match,
        a.moved_in_within_14_months
    from main.fct_adoption as a
    join report_months as rm on rm.la_code = a.la_code and rm.extract_month = a.extract_month and rm.month = a.adopted_month
    where a.la_code in (select unnest($la_codes)) and a.extract_month in (select unnest($months))
),

-- Children who left care from 1 April to the month end, and whether adopted; a child who left
-- twice is listed once.
left_care_year_to_date as (
    select
        rm.la_code,
        rm.extract_month,
        rm.month,
        p.child_id,
        bool_or(p.end_reason in (select code from main.ref_code_group where code_group = 'adopted')) as adopted
    from report_months as rm
    join main.fct_period_of_care as p
        on p.la_code = rm.la_code
        and p.extract_month = rm.extract_month
        and p.end_date between rm.financial_year_start and rm.month_end
    where not p.is_short_break and p.end_reason <> 'X1'
    group by all
),

-- Matches come from AD1 (without it those figures are no data: listed_counts).
ad1 as (
    select extract_month, child_id, date_match
    from staging.stg_ad1
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- At the month end: placed for adoption (A3-A6), or matched with adopters and not yet placed.
at_month_end as (
    select
        cm.la_code,
        cm.extract_month,
        cm.month,
        cm.child_id,
        cm.placement_group = 'adoption' as placed,
        coalesce(ad1.date_match <= rm.month_end, false) as matched
    from main.fct_child_month as cm
    join report_months as rm on rm.la_code = cm.la_code and rm.extract_month = cm.extract_month and rm.month = cm.month
    left join ad1 on ad1.extract_month = cm.extract_month and ad1.child_id = cm.child_id
    where cm.la_code in (select unnest($la_codes)) and cm.extract_month in (select unnest($months)) and cm.in_care
),

-- The A1 and A2 averages list the adoptions they average over (their denominators); the days
-- (numerators) are not children, so not listed.
members as (
    select la_code, extract_month, month, 'adoption_count' as indicator_id, 'numerator' as role, child_id
    from adoptions
    union all
    select la_code, extract_month, month, 'adoption_left_care_adopted_pct', 'numerator', child_id
    from left_care_year_to_date
    where adopted
    union all
    select la_code, extract_month, month, 'adoption_left_care_adopted_pct', 'denominator', child_id
    from left_care_year_to_date
    union all
    select la_code, extract_month, month, 'adoption_a1_days', 'denominator', child_id
    from adoptions
    where days_entered_care_to_moved_in is not null
    union all
    select la_code, extract_month, month, 'adoption_a2_days', 'denominator', child_id
    from adoptions
    where days_authority_to_match is not null
    union all
    select la_code, extract_month, month, 'adoption_within_14_months_pct', 'numerator', child_id
    from adoptions
    where moved_in_within_14_months
    union all
    select la_code, extract_month, month, 'adoption_within_14_months_pct', 'denominator', child_id
    from adoptions
    where days_entered_care_to_moved_in is not null
    union all
    select la_code, extract_month, month, 'adoption_placed', 'numerator', child_id
    from at_month_end
    where placed
    union all
    select la_code, extract_month, month, 'adoption_matched_awaiting_placement', 'numerator', child_id
    from at_month_end
    where matched and not placed
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

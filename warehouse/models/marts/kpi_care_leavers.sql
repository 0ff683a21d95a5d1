-- kpi_care_leavers: the Care leavers section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: fct_care_leaver_contact, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Each count is named by the indicator it is.
birthdays_in_month as (
    select
        extract_month,
        birthday_month as month,
        count(*) as cl_cohort,
        count(*) filter (where accommodation = 'suitable') as cl_accommodation_suitable,
        count(*) filter (where accommodation = 'unknown') as cl_accommodation_unknown,
        count(*) filter (where activity = 'eet') as cl_eet,
        count(*) filter (where activity = 'neet') as cl_neet,
        count(*) filter (where activity = 'unknown') as cl_eet_unknown,
        count(*) filter (where in_touch_group = 'yes') as cl_in_touch,
        count(*) filter (where in_touch_group = 'returned_home') as cl_in_touch_returned_home,
        count(*) filter (where in_touch_group = 'no_longer_requires_services')
            as cl_in_touch_no_longer_requires_services,
        count(*) filter (where in_touch_group = 'no') as cl_not_in_touch,
        count(*) filter (where in_touch_group = 'died') as cl_died,
        -- Everyone alive in the cohort should have a pathway plan.
        count(*) filter (where in_touch_group <> 'died') as alive,
        count(*) filter (where in_touch_group <> 'died' and has_pathway_plan) as with_pathway_plan,
        count(*) filter (where age >= 19) as aged_19_to_21,
        count(*) filter (where age >= 19 and activity = 'neet') as neet_19_to_21
    from main.fct_care_leaver_contact
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

-- Every month of the year has every figure: 0 when no birthday fell in it.
monthly as (
    select
        rm.extract_month,
        rm.month,
        -- Without a care-leavers file the extract says nothing about care leavers: no data.
        list_contains(rm.tables_landed, 'care_leavers') as has_data,
        coalesce(columns(b.* exclude (extract_month, month)), 0)
    from report_months as rm
    left join birthdays_in_month as b on b.extract_month = rm.extract_month and b.month = rm.month
),

counts as (
    unpivot monthly on columns('^cl_') into name indicator_id value n
),

indicators as (
    select extract_month, month, indicator_id, n as numerator, null as denominator, n as value,
        has_data
    from counts
    union all
    select extract_month, month, 'cl_pathway_plan_pct', with_pathway_plan, alive,
        100.0 * with_pathway_plan / nullif(alive, 0), has_data
    from monthly
    union all
    select extract_month, month, 'cl_neet_19_to_21_pct', neet_19_to_21, aged_19_to_21,
        100.0 * neet_19_to_21 / nullif(aged_19_to_21, 0), has_data
    from monthly
)

select
    $la_code as la_code,
    extract_month,
    month,
    indicator_id,
    case when has_data then numerator end as numerator,
    case when has_data then denominator end as denominator,
    case when has_data then value end as value
from indicators

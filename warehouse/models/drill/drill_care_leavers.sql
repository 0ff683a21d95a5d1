-- drill_care_leavers: the care leavers behind each Care leavers figure, per extract and month: those with a 17th-21st birthday in the month that each figure counts (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Each month's cohort: one row per care leaver, the birthday in the month and the contact
-- nearest it (fct_care_leaver_contact). Without a care-leavers file the figures are no data
-- (listed_counts), though the episodes may still show care leavers here.
cohort as (
    select c.*, c.birthday_month as month
    from main.fct_care_leaver_contact as c
    join report_months as rm
        on rm.la_code = c.la_code and rm.extract_month = c.extract_month and rm.month = c.birthday_month
    where c.la_code in (select unnest($la_codes)) and c.extract_month in (select unnest($months))
),

-- Each column is an indicator: whether the care leaver is in its numerator.
numerators as (
    select
        la_code,
        extract_month,
        month,
        child_id,
        true as cl_cohort,
        accommodation = 'suitable' as cl_accommodation_suitable,
        accommodation = 'unknown' as cl_accommodation_unknown,
        activity = 'eet' as cl_eet,
        activity = 'neet' as cl_neet,
        activity = 'unknown' as cl_eet_unknown,
        in_touch_group = 'yes' as cl_in_touch,
        in_touch_group = 'returned_home' as cl_in_touch_returned_home,
        in_touch_group = 'no_longer_requires_services'
            as cl_in_touch_no_longer_requires_services,
        in_touch_group = 'no' as cl_not_in_touch,
        in_touch_group = 'died' as cl_died,
        in_touch_group <> 'died' and has_pathway_plan as cl_pathway_plan_pct,
        age >= 19 and activity = 'neet' as cl_neet_19_to_21_pct
    from cohort
),

-- And whether in its denominator: the counts have none.
denominators as (
    select
        la_code,
        extract_month,
        month,
        child_id,
        -- Everyone alive in the cohort should have a pathway plan.
        in_touch_group <> 'died' as cl_pathway_plan_pct,
        age >= 19 as cl_neet_19_to_21_pct
    from cohort
),

members as (
    select la_code, extract_month, month, indicator_id, 'numerator' as role, child_id
    from (unpivot numerators on columns('^cl_') into name indicator_id value is_member)
    where is_member
    union all
    select la_code, extract_month, month, indicator_id, 'denominator', child_id
    from (unpivot denominators on columns('^cl_') into name indicator_id value is_member)
    where is_member
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

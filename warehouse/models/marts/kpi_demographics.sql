-- kpi_demographics: the Demographics section's indicators (who is in care at each month end: sex, age, ethnicity, disability, legal status) for every month of each extract's financial year to date.
-- depends on: listed_counts
-- partitioned: yes
-- Every Demographics indicator is a share of the children in care at the month end: those
-- drill_demographics lists in its group over those it lists in care (listed_counts).
with figures as (
    select
        *,
        -- An extract without a disability file has no data on disability (not "none disabled").
        indicator_id <> 'cla_disabled_pct' or list_contains(tables_landed, 'disability')
            as has_data
    from mart.listed_counts
    where la_code = $la_code and extract_month in (select unnest($months))
        and section = 'demographics'
)

select
    la_code,
    extract_month,
    month,
    indicator_id,
    if(has_data, numerator, null) as numerator,
    if(has_data, denominator, null) as denominator,
    if(has_data, value, null) as value
from figures

-- kpi_care_leavers: the Care leavers section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts
-- partitioned: yes
-- Every Care leavers indicator counts the care leavers drill_care_leavers lists for it (0 when no
-- birthday fell in the month): a count or a percentage of two lists (listed_counts). Without a
-- care-leavers file the extract says nothing about care leavers: no data, not zero.
with figures as (
    select *, list_contains(tables_landed, 'care_leavers') as has_data
    from mart.listed_counts
    where la_code = $la_code and extract_month in (select unnest($months))
        and section = 'care_leavers'
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

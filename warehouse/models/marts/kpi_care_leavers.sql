-- kpi_care_leavers: the Care leavers section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts
-- partitioned: yes
-- Every Care leavers indicator counts the care leavers drill_care_leavers lists for it (0 when no
-- birthday fell in the month): a count or a percentage of two lists (listed_counts, which also
-- says "no data" when the extract has no care-leavers file).
select la_code, extract_month, month, indicator_id, numerator, denominator, value
from mart.listed_counts
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    and section = 'care_leavers'

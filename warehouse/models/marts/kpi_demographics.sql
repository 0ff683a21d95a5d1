-- kpi_demographics: the Demographics section's indicators (who is in care at each month end: sex, age, ethnicity, disability, legal status) for every month of each extract's financial year to date.
-- depends on: listed_counts
-- partitioned: yes
-- Every Demographics indicator is a share of the children in care at the month end: those
-- drill_demographics lists in its group over those it lists in care (listed_counts, which also
-- says "no data" for disability when the extract has no disability file).
select la_code, extract_month, month, indicator_id, numerator, denominator, value
from mart.listed_counts
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    and section = 'demographics'

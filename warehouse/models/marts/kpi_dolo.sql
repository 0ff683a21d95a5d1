-- kpi_dolo: the DoLO section's indicators (children subject to a deprivation of liberty order) for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts
-- partitioned: yes
-- Every DoLO indicator is made of the children drill_dolo lists for it (listed_counts, which
-- also says "no data" when the extract has no DoLo file).
select la_code, extract_month, month, indicator_id, numerator, denominator, value
from mart.listed_counts
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    and section = 'dolo'

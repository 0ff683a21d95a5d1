-- kpi_placements: the Placements section's indicators (where children in care live, in what kind of placement, how often they move and how long they stay) for every month of each extract's financial year to date.
-- depends on: listed_counts
-- partitioned: yes
-- Every Placements indicator counts the children in care drill_placements lists for it: a count
-- or a percentage of two lists (listed_counts).
select la_code, extract_month, month, indicator_id, numerator, denominator, value
from mart.listed_counts
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    and section = 'placements'

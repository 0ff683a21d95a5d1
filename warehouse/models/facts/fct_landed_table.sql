-- fct_landed_table: one row per extract table landed in each extract month's latest load: how a section tells "no data" (no file) from "none" (a file without such rows).
-- partitioned: yes
select distinct f.la_code, f.extract_month, f.table_name
from meta.landing_file as f
join meta.extract_load as l on l.la_code = f.la_code and l.extract_month = f.extract_month
where f.la_code in (select unnest($la_codes)) and f.extract_month in (select unnest($months))
    -- landing_file keeps every version of a month; a file the latest load did not see (one
    -- since removed from the landing folder) was last loaded before that load began.
    and f.last_loaded_at >= l.loaded_at

-- fct_health_check: one row per health check of a child in care in each extract: initial (IHA) and review (RHA) health assessments and dental checks, and whether it was completed.
-- partitioned: yes
select distinct
    la_code,
    extract_month,
    child_id,
    check_type,
    check_date,
    status,
    -- A refused or cancelled check is on record but was not done.
    status = 'COMPLETED' as is_completed
from staging.stg_health_checks
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))

-- kpi_missing: the Missing section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts, fct_missing_episode
-- partitioned: yes
-- Every Missing indicator counts the incidents or children drill_missing lists for it (0 in a
-- month without incidents): a count or a percentage of two lists (listed_counts, which also says
-- "no data" when the extract has no missing file).
with
-- Whether the file carried the optional return interview columns (see fct_missing_episode):
-- without them the return interview figures are no data, not 0%.
return_interviews_recorded as (
    select distinct la_code, extract_month, return_interviews_recorded as recorded
    from main.fct_missing_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

figures as (
    select
        f.*,
        f.indicator_id not like 'missing_rhi_%' or coalesce(r.recorded, false) as recorded
    from mart.listed_counts as f
    left join return_interviews_recorded as r
        on r.la_code = f.la_code and r.extract_month = f.extract_month
    where f.la_code in (select unnest($la_codes)) and f.extract_month in (select unnest($months))
        and f.section = 'missing'
)

select
    la_code,
    extract_month,
    month,
    indicator_id,
    if(recorded, numerator, null) as numerator,
    if(recorded, denominator, null) as denominator,
    if(recorded, value, null) as value
from figures

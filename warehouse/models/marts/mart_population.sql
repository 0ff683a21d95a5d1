-- mart_population: the Population section as the dashboard shows it: one row per month, one column per indicator (latest values).
-- partitioned: no
select
    la_code,
    month,
    max(value) filter (where indicator_id = 'cla_count') as children_in_care,
    max(value) filter (where indicator_id = 'cla_non_uasc') as children_in_care_non_uasc,
    max(value) filter (where indicator_id = 'cla_uasc') as children_in_care_uasc,
    max(value) filter (where indicator_id = 'cla_uasc_pct') as uasc_pct,
    max(value) filter (where indicator_id = 'cla_rate_per_10k') as rate_per_10k,
    max(reference_year) filter (where indicator_id = 'cla_rate_per_10k') as rate_population_year,
    max(value) filter (where indicator_id = 'cla_started') as started_in_month,
    max(value) filter (where indicator_id = 'cla_ceased') as ceased_in_month,
    max(value) filter (where indicator_id = 'cla_change_since_april') as change_since_april,
    max(value) filter (where indicator_id = 'cla_change_since_april_pct') as change_since_april_pct
from mart.kpi_monthly
where section = 'population'
group by la_code, month
order by la_code, month

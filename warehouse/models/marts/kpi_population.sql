-- kpi_population: the Population section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts, ref_population
-- partitioned: yes
with figures as (
    select * from mart.listed_counts
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
        and section = 'population'
),

-- The ONS mid-year estimate for the latest year before the one the financial year starts in
-- (2017-18 uses mid-2016).
population as (
    select
        f.la_code,
        f.extract_month,
        f.month,
        arg_max(p.population_0_17, p.year) as population,
        max(p.year) as population_year
    from figures as f
    join main.ref_population as p on p.la_code = f.la_code and p.year < f.financial_year
    where f.indicator_id = 'cla_rate_per_10k'
    group by all
),

-- Every count is the length of a list in drill_population. The rate's population and the
-- change's net difference are not lists.
monthly as (
    select
        la_code,
        extract_month,
        month,
        max(listed_numerator) filter (where indicator_id = 'cla_count') as cla,
        max(listed_numerator) filter (where indicator_id = 'cla_non_uasc') as non_uasc,
        max(listed_numerator) filter (where indicator_id = 'cla_uasc') as uasc,
        max(listed_numerator) filter (where indicator_id = 'cla_started') as started,
        max(listed_numerator) filter (where indicator_id = 'cla_ceased') as ceased,
        -- Looked after at the end of 31 March, the day before the financial year began.
        max(listed_denominator) filter (where indicator_id = 'cla_change_since_april')
            as cla_at_31_march
    from figures
    group by all
),

indicators as (
    select la_code, extract_month, month, 'cla_count' as indicator_id,
        cla as numerator, null as denominator, cla as value, null as reference_year
    from monthly
    union all
    select la_code, extract_month, month, 'cla_non_uasc', non_uasc, null, non_uasc, null from monthly
    union all
    select la_code, extract_month, month, 'cla_uasc', uasc, null, uasc, null from monthly
    union all
    select la_code, extract_month, month, 'cla_uasc_pct', uasc, cla, 100.0 * uasc / nullif(cla, 0), null
    from monthly
    union all
    select m.la_code, m.extract_month, m.month, 'cla_rate_per_10k', m.cla, p.population,
        round(10000.0 * m.cla / p.population, 1), p.population_year
    from monthly as m
    left join population as p
        on p.la_code = m.la_code and p.extract_month = m.extract_month and p.month = m.month
    union all
    select la_code, extract_month, month, 'cla_started', started, null, started, null from monthly
    union all
    select la_code, extract_month, month, 'cla_ceased', ceased, null, ceased, null from monthly
    union all
    select la_code, extract_month, month, 'cla_change_since_april', cla - cla_at_31_march, cla_at_31_march,
        cla - cla_at_31_march, null
    from monthly
    union all
    select la_code, extract_month, month, 'cla_change_since_april_pct', cla - cla_at_31_march,
        cla_at_31_march, 100.0 * (cla - cla_at_31_march) / nullif(cla_at_31_march, 0), null
    from monthly
)

select
    la_code, extract_month, month, indicator_id, numerator, denominator, value,
    reference_year
from indicators

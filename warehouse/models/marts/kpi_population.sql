-- kpi_population: the Population section's rate per 10,000 and changes since April for every month of each extract's financial year to date, as that extract reports them.
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

-- The counts and the UASC share are listed_counts' own, the lengths of drill_population's lists.
-- The rate's population and the change's net difference are not lists.
monthly as (
    select
        la_code,
        extract_month,
        month,
        max(listed_numerator) filter (where indicator_id = 'cla_count') as cla,
        -- Looked after at the end of 31 March, the day before the financial year began.
        max(listed_denominator) filter (where indicator_id = 'cla_change_since_april')
            as cla_at_31_march
    from figures
    group by all
),

indicators as (
    select m.la_code, m.extract_month, m.month, 'cla_rate_per_10k' as indicator_id,
        m.cla as numerator, p.population as denominator,
        round(10000.0 * m.cla / p.population, 1) as value, p.population_year as reference_year
    from monthly as m
    left join population as p
        on p.la_code = m.la_code and p.extract_month = m.extract_month and p.month = m.month
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

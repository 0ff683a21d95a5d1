-- kpi_population: the Population section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: fct_child_month, fct_episode, dim_report_month, ref_population
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

at_month_end as (
    select
        extract_month,
        month,
        count(*) filter (where in_care) as cla,
        count(*) filter (where in_care and is_uasc) as uasc
    from main.fct_child_month
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

-- Short breaks (V3/V4) never start or end care.
started as (
    select extract_month, date_trunc('month', decom) as month, count(*) as n
    from main.fct_episode
    where la_code = $la_code and extract_month in (select unnest($months))
        and rne = 'S' and not is_short_break
    group by all
),

ceased as (
    select extract_month, date_trunc('month', dec) as month, count(*) as n
    from main.fct_episode
    where la_code = $la_code and extract_month in (select unnest($months))
        and dec is not null and rec <> 'X1' and not is_short_break
    group by all
),

-- The latest ONS mid-year estimate published before the financial year began.
population as (
    select
        rm.extract_month,
        rm.month,
        arg_max(p.population_0_17, p.year) as population,
        max(p.year) as population_year
    from report_months as rm
    join main.ref_population as p on p.la_code = $la_code and p.year < rm.financial_year
    group by all
),

monthly as (
    select
        rm.extract_month,
        rm.month,
        coalesce(a.cla, 0) as cla,
        coalesce(a.uasc, 0) as uasc,
        coalesce(s.n, 0) as started,
        coalesce(c.n, 0) as ceased,
        -- Looked after at the end of 31 March, the day before the financial year began.
        coalesce(baseline.cla, 0) as cla_at_31_march,
        p.population,
        p.population_year
    from report_months as rm
    left join at_month_end as a on a.extract_month = rm.extract_month and a.month = rm.month
    left join at_month_end as baseline
        on baseline.extract_month = rm.extract_month
        and baseline.month = rm.financial_year_start - interval 1 month
    left join started as s on s.extract_month = rm.extract_month and s.month = rm.month
    left join ceased as c on c.extract_month = rm.extract_month and c.month = rm.month
    left join population as p on p.extract_month = rm.extract_month and p.month = rm.month
),

indicators as (
    select extract_month, month, 'cla_count' as indicator_id,
        cla as numerator, null as denominator, cla as value, null as reference_year
    from monthly
    union all
    select extract_month, month, 'cla_non_uasc', cla - uasc, null, cla - uasc, null from monthly
    union all
    select extract_month, month, 'cla_uasc', uasc, null, uasc, null from monthly
    union all
    select extract_month, month, 'cla_uasc_pct', uasc, cla, 100.0 * uasc / nullif(cla, 0), null
    from monthly
    union all
    select extract_month, month, 'cla_rate_per_10k', cla, population,
        round(10000.0 * cla / population, 1), population_year
    from monthly
    union all
    select extract_month, month, 'cla_started', started, null, started, null from monthly
    union all
    select extract_month, month, 'cla_ceased', ceased, null, ceased, null from monthly
    union all
    select extract_month, month, 'cla_change_since_april', cla - cla_at_31_march, cla_at_31_march,
        cla - cla_at_31_march, null
    from monthly
    union all
    select extract_month, month, 'cla_change_since_april_pct', cla - cla_at_31_march,
        cla_at_31_march, 100.0 * (cla - cla_at_31_march) / nullif(cla_at_31_march, 0), null
    from monthly
)

select
    $la_code as la_code, extract_month, month, indicator_id, numerator, denominator, value,
    reference_year
from indicators

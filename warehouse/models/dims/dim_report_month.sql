-- dim_report_month: one row per month each extract reports (April of its financial year to the extract month), with the month's dates and what the extract holds: where its complete history starts and which tables it landed.
-- depends on: dim_month, fct_landed_table
-- partitioned: yes
with extracts as (
    select unnest($months) as extract_month
),

landed as (
    select extract_month, list(table_name order by table_name) as tables_landed
    from main.fct_landed_table
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
)

select
    $la_code as la_code,
    e.extract_month,
    m.month,
    m.month_end,
    m.financial_year,
    m.financial_year_start,
    -- An extract holds complete records from 1 April of the previous financial year (the extract
    -- contract): anything before may be missing, and the facts build no month before it.
    cast(x.financial_year_start - interval 1 year as date) as history_start,
    -- The tables of the extract's latest load: a section whose table is not among them has no
    -- data (not zero) for every month the extract reports.
    coalesce(l.tables_landed, []) as tables_landed
from extracts as e
join main.dim_month as x on x.month = e.extract_month
join main.dim_month as m on m.month between x.financial_year_start and e.extract_month
left join landed as l using (extract_month)

-- dim_report_month: one row per month each extract reports (April of its financial year to the extract month), with the month's dates and the tables the extract landed.
-- depends on: dim_history_month, dim_month, fct_landed_table
-- partitioned: yes
with history as (
    select * from main.dim_history_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

landed as (
    select la_code, extract_month, list(table_name order by table_name) as tables_landed
    from main.fct_landed_table
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
)

select
    h.la_code,
    h.extract_month,
    h.month,
    h.month_end,
    m.financial_year,
    m.financial_year_start,
    -- The tables of the extract's latest load: a section whose table is not among them has no
    -- data (not zero) for every month the extract reports.
    coalesce(l.tables_landed, []) as tables_landed
from history as h
join main.dim_month as m on m.month = h.month
-- The months of the extract month's financial year to date.
join main.dim_month as x on x.month = h.extract_month and h.month >= x.financial_year_start
left join landed as l using (la_code, extract_month)

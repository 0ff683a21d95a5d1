-- dim_history_month: one row per month of each extract's complete history: from 1 April of the previous financial year to the extract month, with the month's end.
-- partitioned: yes
with extracts as (
    select la_code, extract_month
    from (select unnest($la_codes) as la_code), (select unnest($months) as extract_month)
)

-- An extract holds complete records from 1 April of the previous financial year (the extract
-- contract): anything before may be missing, so the facts build no month before it.
select e.la_code, e.extract_month, m.month, m.month_end
from extracts as e
join main.dim_month as x on x.month = e.extract_month
join main.dim_month as m
    on m.month between x.financial_year_start - interval 1 year and e.extract_month

-- dim_month: one row per calendar month, with its end date and financial and collection year.
-- partitioned: no
with months as (
    select cast(range as date) as month
    from range(date '2000-01-01', date '2041-01-01', interval 1 month)
)

select
    month,
    cast(last_day(month) as date) as month_end,
    -- The financial year runs April to March and is named by its first year (2017 = 2017-18).
    case when month(month) >= 4 then year(month) else year(month) - 1 end as financial_year,
    cast(make_date(case when month(month) >= 4 then year(month) else year(month) - 1 end, 4, 1) as date)
        as financial_year_start,
    -- The DfE collection year is named by the year it ends (2017-18 = 2018).
    case when month(month) >= 4 then year(month) + 1 else year(month) end as collection_year,
    strftime(month, '%b') as month_label
from months

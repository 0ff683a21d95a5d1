-- dim_report_month: one row per month each extract reports (April of its financial year to the extract month), with the month's dates, the tables the extract landed and those of them that record the month.
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
),

-- Education records describe the month end they are dated at: a month before an extract's first
-- record is not recorded (an extract that lands only this month's records says nothing of
-- earlier months, whose figures stand as their own extracts reported them).
first_education_record as (
    select la_code, extract_month, min(record_date) as first_record_date
    from staging.stg_education
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

-- Whether the missing file carried the optional return interview columns (see
-- fct_missing_episode): recorded as if a table of their own, 'missing_return_interviews'.
return_interviews as (
    select distinct la_code, extract_month
    from main.fct_missing_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
        and return_interviews_recorded
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
    coalesce(l.tables_landed, []) as tables_landed,
    -- The optional tables that hold the month: a figure made from one that does not (its
    -- catalogue required_table) has no data, not zero. Landed, but for education only from its
    -- first record's month end, and the missing file's return interview columns where it has them.
    list_filter(
        coalesce(l.tables_landed, []),
        lambda t: t <> 'education' or coalesce(e.first_record_date <= h.month_end, false)
    ) || if(r.la_code is null, [], ['missing_return_interviews']) as tables_recorded
from history as h
join main.dim_month as m on m.month = h.month
-- The months of the extract month's financial year to date.
join main.dim_month as x on x.month = h.extract_month and h.month >= x.financial_year_start
left join landed as l using (la_code, extract_month)
left join first_education_record as e using (la_code, extract_month)
left join return_interviews as r using (la_code, extract_month)

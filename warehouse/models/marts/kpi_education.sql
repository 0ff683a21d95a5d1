-- kpi_education: the Education section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts, stg_education
-- partitioned: yes
-- Every Education indicator is a percentage of school-aged children in care: the children
-- drill_education lists in its numerator over those in its denominator (listed_counts, which
-- also says "no data" when the extract has no education file).
with
-- Education records describe the month end they are dated at: a month before an extract's first
-- record has no data (an extract that lands only this month's records says nothing of earlier
-- months, whose figures stand as their own extracts reported them).
first_record as (
    select la_code, extract_month, min(record_date) as first_record_date
    from staging.stg_education
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

figures as (
    select f.*, r.first_record_date <= f.month_end as recorded
    from mart.listed_counts as f
    left join first_record as r on r.la_code = f.la_code and r.extract_month = f.extract_month
    where f.la_code in (select unnest($la_codes)) and f.extract_month in (select unnest($months))
        and f.section = 'education'
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

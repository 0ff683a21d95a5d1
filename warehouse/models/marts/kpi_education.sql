-- kpi_education: the Education section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: drill_education, stg_education, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Education records describe the month end they are dated at: a month before an extract's first
-- record has no data (an extract that lands only this month's records says nothing of earlier
-- months, whose figures stand as their own extracts reported them). No file, no data.
first_record as (
    select extract_month, min(record_date) as first_record_date
    from staging.stg_education
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

-- Every Education indicator is a percentage of school-aged children in care: the children
-- drill_education lists in its numerator over those in its denominator (0 when none are).
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        f.first_record_date <= rm.month_end as has_data,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'education'
    left join first_record as f on f.extract_month = rm.extract_month
    left join drill.drill_education as d
        on d.la_code = rm.la_code
        and d.extract_month = rm.extract_month
        and d.month = rm.month
        and d.indicator_id = i.indicator_id
    group by all
)

select
    $la_code as la_code,
    extract_month,
    month,
    indicator_id,
    case when has_data then numerator end as numerator,
    case when has_data then denominator end as denominator,
    case when has_data then 100.0 * numerator / nullif(denominator, 0) end as value
from listed

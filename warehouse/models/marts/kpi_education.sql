-- kpi_education: the Education section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: fct_education_month, stg_education, dim_report_month
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

cohort as (
    select
        extract_month,
        month,
        count(*) as school_aged,
        count(*) filter (where has_current_pep) as with_current_pep,
        count(*) filter (where has_school) as at_school,
        count(*) filter (where school_good_or_outstanding) as at_good_school
    from main.fct_education_month
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

monthly as (
    select
        rm.extract_month,
        rm.month,
        f.first_record_date <= rm.month_end as has_data,
        coalesce(c.school_aged, 0) as school_aged,
        coalesce(c.with_current_pep, 0) as with_current_pep,
        coalesce(c.at_school, 0) as at_school,
        coalesce(c.at_good_school, 0) as at_good_school
    from report_months as rm
    left join first_record as f on f.extract_month = rm.extract_month
    left join cohort as c on c.extract_month = rm.extract_month and c.month = rm.month
),

indicators as (
    select extract_month, month, 'edu_pep_current_pct' as indicator_id,
        with_current_pep as numerator, school_aged as denominator, has_data
    from monthly
    union all
    select extract_month, month, 'edu_good_school_pct', at_good_school, at_school, has_data
    from monthly
)

select
    $la_code as la_code,
    extract_month,
    month,
    indicator_id,
    case when has_data then numerator end as numerator,
    case when has_data then denominator end as denominator,
    case when has_data then 100.0 * numerator / nullif(denominator, 0) end as value
from indicators

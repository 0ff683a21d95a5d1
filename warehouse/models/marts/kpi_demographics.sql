-- kpi_demographics: the Demographics section's indicators (who is in care at each month end: sex, age, ethnicity, disability, legal status) for every month of each extract's financial year to date.
-- depends on: drill_demographics, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Every Demographics indicator is a share of the children in care at the month end: the
-- children drill_demographics lists in its group over those it lists in care (0 when none).
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        -- An extract without a disability file has no data on disability (not "none disabled").
        i.indicator_id = 'cla_disabled_pct' and not list_contains(rm.tables_landed, 'disability')
            as no_data,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'demographics'
    left join drill.drill_demographics as d
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
    case when not no_data then numerator end as numerator,
    case when not no_data then denominator end as denominator,
    case when not no_data then 100.0 * numerator / nullif(denominator, 0) end as value
from listed

-- kpi_care_leavers: the Care leavers section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: drill_care_leavers, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Every Care leavers indicator counts the care leavers drill_care_leavers lists for it (0 when
-- no birthday fell in the month): a count its numerator list; a percentage (the catalogue's
-- unit) the numerator list over the denominator list.
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        i.unit = 'percent' as is_percentage,
        -- Without a care-leavers file the extract says nothing about care leavers: no data.
        list_contains(rm.tables_landed, 'care_leavers') as has_data,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'care_leavers'
    left join drill.drill_care_leavers as d
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
    case when has_data and is_percentage then denominator end as denominator,
    case
        when not has_data then null
        when is_percentage then 100.0 * numerator / nullif(denominator, 0)
        else numerator
    end as value
from listed

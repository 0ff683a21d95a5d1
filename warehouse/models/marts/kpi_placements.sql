-- kpi_placements: the Placements section's indicators (where children in care live, in what kind of placement, how often they move and how long they stay) for every month of each extract's financial year to date.
-- depends on: drill_placements, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Every Placements indicator counts the children in care drill_placements lists for it (0 when
-- none are): a count its numerator list; a percentage (the catalogue's unit) the numerator list
-- over the denominator list.
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        i.unit = 'percent' as is_percentage,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'placements'
    left join drill.drill_placements as d
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
    numerator,
    case when is_percentage then denominator end as denominator,
    case when is_percentage then 100.0 * numerator / nullif(denominator, 0) else numerator end
        as value
from listed

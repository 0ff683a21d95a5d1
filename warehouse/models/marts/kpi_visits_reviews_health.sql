-- kpi_visits_reviews_health: the Visits, reviews and health section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: drill_visits_reviews_health, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Every indicator of the section counts what drill_visits_reviews_health lists for it (0 when
-- nothing is): a count its numerator list; a percentage (the catalogue's unit) the numerator
-- list over the denominator list.
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        i.unit = 'percent' as is_percentage,
        -- Visits, reviews and health checks come from optional files: an extract without one
        -- has no data for its figures, not zero.
        list_contains(
            rm.tables_landed,
            case
                when i.indicator_id like 'visits_%' then 'visits'
                when i.indicator_id like 'reviews_%' then 'reviews'
                else 'health_checks'
            end
        ) as has_data,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'visits_reviews_health'
    left join drill.drill_visits_reviews_health as d
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
    -- Children not seen in timescale is a count shown of the children due a visit.
    case
        when has_data and (is_percentage or indicator_id = 'visits_not_seen_in_timescale')
            then denominator
    end as denominator,
    case
        when not has_data then null
        when is_percentage then 100.0 * numerator / nullif(denominator, 0)
        else numerator
    end as value
from listed

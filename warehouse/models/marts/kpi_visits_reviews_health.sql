-- kpi_visits_reviews_health: the Visits, reviews and health section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts
-- partitioned: yes
-- Every indicator of the section counts what drill_visits_reviews_health lists for it: a count or
-- a percentage of two lists (listed_counts).
with figures as (
    select
        *,
        -- Visits, reviews and health checks come from optional files: an extract without one
        -- has no data for its figures, not zero.
        list_contains(
            tables_landed,
            case
                when indicator_id like 'visits_%' then 'visits'
                when indicator_id like 'reviews_%' then 'reviews'
                else 'health_checks'
            end
        ) as has_data
    from mart.listed_counts
    where la_code = $la_code and extract_month in (select unnest($months))
        and section = 'visits_reviews_health'
)

select
    la_code,
    extract_month,
    month,
    indicator_id,
    if(has_data, numerator, null) as numerator,
    -- Children not seen in timescale is a count shown of the children due a visit.
    if(
        has_data,
        if(indicator_id = 'visits_not_seen_in_timescale', listed_denominator, denominator),
        null
    ) as denominator,
    if(has_data, value, null) as value
from figures

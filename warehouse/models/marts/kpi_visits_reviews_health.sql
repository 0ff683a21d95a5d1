-- kpi_visits_reviews_health: the Visits, reviews and health section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts
-- partitioned: yes
-- Every indicator of the section counts what drill_visits_reviews_health lists for it: a count or
-- a percentage of two lists (listed_counts, which also says "no data" for the figures of a
-- visits, reviews or health checks file the extract did not land).
select
    la_code,
    extract_month,
    month,
    indicator_id,
    numerator,
    -- Children not seen in timescale is a count shown of the children due a visit.
    if(
        has_data and indicator_id = 'visits_not_seen_in_timescale',
        listed_denominator,
        denominator
    ) as denominator,
    value
from mart.listed_counts
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    and section = 'visits_reviews_health'

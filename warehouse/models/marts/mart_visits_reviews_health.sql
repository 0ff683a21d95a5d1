-- mart_visits_reviews_health: the Visits, reviews and health section as the dashboard shows it: one row per month, one column per indicator (latest values).
-- partitioned: no
select
    la_code,
    month,
    max(value) filter (where indicator_id = 'visits_due') as children_to_be_visited,
    max(value) filter (where indicator_id = 'visits_not_seen_in_timescale') as not_seen_in_timescale,
    max(value) filter (where indicator_id = 'visits_in_timescale_pct') as visited_in_timescale_pct,
    max(value) filter (where indicator_id = 'reviews_late') as late_reviews,
    max(value) filter (where indicator_id = 'reviews_late_ytd') as late_reviews_year_to_date,
    max(value) filter (where indicator_id = 'reviews_in_timescale_pct') as reviews_in_timescale_pct,
    max(value) filter (where indicator_id = 'iha_in_timescale_pct') as iha_in_timescale_pct,
    max(value) filter (where indicator_id = 'health_assessment_on_time_pct')
        as health_assessment_on_time_pct,
    max(value) filter (where indicator_id = 'dental_check_on_time_pct') as dental_check_on_time_pct
from mart.kpi_monthly
where section = 'visits_reviews_health'
group by la_code, month
order by la_code, month

-- kpi_visits_reviews_health: children not seen in timescale, shown of the children due a visit, for every month of each extract's financial year to date, as that extract reports it.
-- partitioned: yes
-- A count of the children drill_visits_reviews_health lists for it (listed_counts, which also
-- says "no data" when the extract did not land the visits file), shown with the children due a
-- visit as its denominator, which a count has not in listed_counts.
select
    la_code,
    extract_month,
    month,
    indicator_id,
    numerator,
    if(has_data, listed_denominator, null) as denominator,
    value
from mart.listed_counts
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    and indicator_id = 'visits_not_seen_in_timescale'

-- kpi_adoption: the Adoption section's averages of days (A1, A2) for every month of each extract's financial year to date, as that extract reports them.
-- partitioned: yes
-- The A1 and A2 averages are days over the adoptions drill_adoption lists in their denominator
-- (listed_counts, which also says "no data" for A2 when the extract has no AD1 file); the
-- section's counts and percentages are listed_counts' own. An average of nobody (no adoptions
-- in the month) has no value, but keeps its zero numerator and denominator: "none adopted",
-- unlike "no data".
with
-- The A1 and A2 averages' days, summed over the month's adoptions.
adoption_days as (
    select
        la_code,
        extract_month,
        adopted_month as month,
        sum(days_entered_care_to_moved_in) as a1_days,
        sum(days_authority_to_match) as a2_days
    from main.fct_adoption
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

figures as (
    select
        f.*,
        case f.indicator_id
            when 'adoption_a1_days' then coalesce(d.a1_days, 0)
            when 'adoption_a2_days' then coalesce(d.a2_days, 0)
        end as days
    from mart.listed_counts as f
    left join adoption_days as d
        on d.la_code = f.la_code and d.extract_month = f.extract_month and d.month = f.month
    where f.la_code in (select unnest($la_codes)) and f.extract_month in (select unnest($months))
        and f.indicator_id in ('adoption_a1_days', 'adoption_a2_days')
)

select
    la_code,
    extract_month,
    month,
    indicator_id,
    if(has_data, days, null) as numerator,
    denominator,
    if(has_data, days / nullif(denominator, 0), null) as value
from figures

-- kpi_adoption: the Adoption section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: listed_counts, fct_adoption
-- partitioned: yes
-- Every Adoption indicator counts the children drill_adoption lists for it: a count or a
-- percentage of two lists (listed_counts, which also says "no data" for A2 and the matches when
-- the extract has no AD1 file), or an average of days over its denominator list. An
-- average or percentage of nobody (no adoptions in the month) has no value, but keeps its zero
-- numerator and denominator: "none adopted", unlike "no data".
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
        and f.section = 'adoption'
)

select
    la_code,
    extract_month,
    month,
    indicator_id,
    if(unit = 'days' and has_data, days, numerator) as numerator,
    denominator,
    if(unit = 'days' and has_data, days / nullif(denominator, 0), value) as value
from figures

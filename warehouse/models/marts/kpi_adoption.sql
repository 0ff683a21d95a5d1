-- kpi_adoption: the Adoption section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: drill_adoption, fct_adoption, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- The A1 and A2 averages' days, summed over the month's adoptions.
adoption_days as (
    select
        extract_month,
        adopted_month as month,
        sum(days_entered_care_to_moved_in) as a1_days,
        sum(days_authority_to_match) as a2_days
    from main.fct_adoption
    where la_code = $la_code and extract_month in (select unnest($months))
    group by all
),

-- Every Adoption indicator counts the children drill_adoption lists for it (0 when none are): a
-- count its numerator list; a percentage (the catalogue's unit) the numerator list over the
-- denominator list; an average of days the days over the denominator list.
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        i.unit,
        case i.indicator_id
            when 'adoption_a1_days' then coalesce(s.a1_days, 0)
            when 'adoption_a2_days' then coalesce(s.a2_days, 0)
        end as days,
        -- A2 and the matches come from AD1: without it the extract says nothing about them (no
        -- data, not zero).
        i.indicator_id not in ('adoption_a2_days', 'adoption_matched_awaiting_placement')
            or list_contains(rm.tables_landed, 'ad1') as has_data,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'adoption'
    left join adoption_days as s on s.extract_month = rm.extract_month and s.month = rm.month
    left join drill.drill_adoption as d
        on d.la_code = rm.la_code
        and d.extract_month = rm.extract_month
        and d.month = rm.month
        and d.indicator_id = i.indicator_id
    group by all
)

-- An average or percentage of nobody (no adoptions in the month) has no value, but keeps its
-- zero numerator and denominator: "none adopted", unlike "no data".
select
    $la_code as la_code,
    extract_month,
    month,
    indicator_id,
    case when has_data then coalesce(days, numerator) end as numerator,
    case when has_data and unit <> 'count' then denominator end as denominator,
    case
        when not has_data then null
        when unit = 'days' then days / nullif(denominator, 0)
        when unit = 'percent' then 100.0 * numerator / nullif(denominator, 0)
        else numerator
    end as value
from listed

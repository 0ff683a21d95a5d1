-- kpi_missing: the Missing section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: drill_missing, fct_missing_episode, dim_indicator, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Whether the file carried the optional return interview columns (see fct_missing_episode).
return_interviews_recorded as (
    select distinct extract_month, return_interviews_recorded as recorded
    from main.fct_missing_episode
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Every Missing indicator counts the incidents or children drill_missing lists for it (0 in a
-- month without incidents): a count its numerator list; a percentage (the catalogue's unit) the
-- numerator list over the denominator list.
listed as (
    select
        rm.extract_month,
        rm.month,
        i.indicator_id,
        i.unit = 'percent' as is_percentage,
        -- An extract without a missing file has no data for any of these figures, not zero; nor
        -- for return interviews one whose file did not record them.
        list_contains(rm.tables_landed, 'missing')
            and (i.indicator_id not like 'missing_rhi_%' or coalesce(r.recorded, false))
            as has_data,
        count(d.child_id) filter (where d.role = 'numerator') as numerator,
        count(d.child_id) filter (where d.role = 'denominator') as denominator
    from report_months as rm
    join main.dim_indicator as i on i.section = 'missing'
    left join return_interviews_recorded as r on r.extract_month = rm.extract_month
    left join drill.drill_missing as d
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

-- kpi_missing: the Missing section's indicators for every month of each extract's financial year to date, as that extract reports them.
-- depends on: fct_missing_episode, dim_report_month
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Only incidents of children looked after when they started count: not one before care, nor
-- one during a short break.
counted as (
    select * from main.fct_missing_episode
    where la_code = $la_code and extract_month in (select unnest($months)) and in_care_at_start
),

by_month as (
    select
        extract_month,
        start_month as month,
        count(*) filter (where incident_type = 'M') as missing_incidents,
        count(*) filter (where incident_type = 'A') as away_incidents,
        count(distinct child_id) filter (where incident_type = 'M') as missing_children,
        count(distinct child_id) filter (where incident_type = 'A') as away_children,
        -- A return interview follows a missing incident, not an away one; NA (not applicable,
        -- e.g. still missing at the extract date) and blank answers are not counted either way.
        count(*) filter (where incident_type = 'M' and rhi_offered in ('Y', 'N')) as rhi_answered,
        count(*) filter (where incident_type = 'M' and rhi_offered = 'Y') as rhi_offered,
        count(*) filter (where incident_type = 'M' and rhi_offered = 'Y' and rhi_accepted = 'Y')
            as rhi_accepted
    from counted
    group by all
),

-- Whether the file carried the optional return interview columns (see fct_missing_episode).
return_interviews_recorded as (
    select distinct extract_month, return_interviews_recorded as recorded
    from main.fct_missing_episode
    where la_code = $la_code and extract_month in (select unnest($months))
),

-- Counts are zero in a month without incidents when the file was landed, null when it was not:
-- an extract without a missing file has no data for any of these figures, not zero.
monthly as (
    select
        rm.extract_month,
        rm.month,
        list_contains(rm.tables_landed, 'missing') as landed,
        coalesce(r.recorded, false) as rhi_recorded,
        coalesce(b.missing_incidents, 0) as missing_incidents,
        coalesce(b.away_incidents, 0) as away_incidents,
        coalesce(b.missing_children, 0) as missing_children,
        coalesce(b.away_children, 0) as away_children,
        coalesce(b.rhi_answered, 0) as rhi_answered,
        coalesce(b.rhi_offered, 0) as rhi_offered,
        coalesce(b.rhi_accepted, 0) as rhi_accepted
    from report_months as rm
    left join return_interviews_recorded as r on r.extract_month = rm.extract_month
    left join by_month as b on b.extract_month = rm.extract_month and b.month = rm.month
),

indicators as (
    select extract_month, month, 'missing_incidents' as indicator_id,
        missing_incidents as numerator, null as denominator, missing_incidents as value,
        landed as has_data
    from monthly
    union all
    select extract_month, month, 'missing_away_incidents', away_incidents, null, away_incidents,
        landed
    from monthly
    union all
    select extract_month, month, 'missing_children', missing_children, null, missing_children,
        landed
    from monthly
    union all
    select extract_month, month, 'missing_away_children', away_children, null, away_children,
        landed
    from monthly
    union all
    select extract_month, month, 'missing_rhi_offered_pct', rhi_offered, rhi_answered,
        100.0 * rhi_offered / nullif(rhi_answered, 0), landed and rhi_recorded
    from monthly
    union all
    select extract_month, month, 'missing_rhi_accepted_pct', rhi_accepted, rhi_offered,
        100.0 * rhi_accepted / nullif(rhi_offered, 0), landed and rhi_recorded
    from monthly
)

select
    $la_code as la_code,
    extract_month,
    month,
    indicator_id,
    case when has_data then numerator end as numerator,
    case when has_data then denominator end as denominator,
    case when has_data then value end as value
from indicators

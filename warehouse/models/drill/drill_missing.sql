-- drill_missing: the incidents and children behind each Missing figure, per extract and month: one row per incident for the incident counts and return interview percentages (the child repeated), one per child for the counts of children (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Only incidents of children looked after when they started count: not one before care, nor
-- one during a short break.
incidents as (
    select m.la_code, m.extract_month, m.start_month as month, m.child_id, m.incident_type, m.rhi_offered,
        m.rhi_accepted
    from main.fct_missing_episode as m
    join report_months as rm on rm.la_code = m.la_code and rm.extract_month = m.extract_month and rm.month = m.start_month
    where m.la_code in (select unnest($la_codes)) and m.extract_month in (select unnest($months))
        and m.in_care_at_start
),

-- M: missing; A: away from placement without authorisation.
members as (
    select la_code, extract_month, month, 'missing_incidents' as indicator_id, 'numerator' as role,
        child_id
    from incidents
    where incident_type = 'M'
    union all
    select la_code, extract_month, month, 'missing_away_incidents', 'numerator', child_id
    from incidents
    where incident_type = 'A'
    union all
    select distinct la_code, extract_month, month, 'missing_children', 'numerator', child_id
    from incidents
    where incident_type = 'M'
    union all
    select distinct la_code, extract_month, month, 'missing_away_children', 'numerator', child_id
    from incidents
    where incident_type = 'A'
    -- A return interview follows a missing incident, not an away one; NA (not applicable, e.g.
    -- still missing at the extract date) and blank answers are not counted either way.
    union all
    select la_code, extract_month, month, 'missing_rhi_offered_pct', 'numerator', child_id
    from incidents
    where incident_type = 'M' and rhi_offered = 'Y'
    union all
    select la_code, extract_month, month, 'missing_rhi_offered_pct', 'denominator', child_id
    from incidents
    where incident_type = 'M' and rhi_offered in ('Y', 'N')
    union all
    select la_code, extract_month, month, 'missing_rhi_accepted_pct', 'numerator', child_id
    from incidents
    where incident_type = 'M' and rhi_offered = 'Y' and rhi_accepted = 'Y'
    union all
    select la_code, extract_month, month, 'missing_rhi_accepted_pct', 'denominator', child_id
    from incidents
    where incident_type = 'M' and rhi_offered = 'Y'
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

-- fct_missing_episode: one row per missing or away incident in each extract, flagged when the child was looked after as it started.
-- partitioned: yes
with incidents as (
    select * from staging.stg_missing
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- RHI_OFFERED and RHI_ACCEPTED are optional columns: staging fills them with nulls when the
-- file lacks them, so an extract whose every answer is blank did not record return interviews.
return_interviews_recorded as (
    select
        la_code,
        extract_month,
        bool_or(rhi_offered is not null or rhi_accepted is not null) as recorded
    from incidents
    group by all
),

-- Looked after at d: an episode with DECOM <= d and (DEC blank or DEC > d); short breaks (V3,
-- V4) do not make a child looked after.
in_care_at_start as (
    select distinct i.la_code, i.extract_month, i.line
    from incidents as i
    join main.fct_episode as ep
        on ep.la_code = i.la_code
        and ep.extract_month = i.extract_month
        and ep.child_id = i.child_id
        and ep.decom <= i.mis_start
        and (ep.dec is null or ep.dec > i.mis_start)
        and not ep.is_short_break
)

select
    i.la_code,
    i.extract_month,
    i.child_id,
    i.line,
    -- M: missing; A: away from placement without authorisation.
    i.missing as incident_type,
    i.mis_start,
    i.mis_end,
    cast(date_trunc('month', i.mis_start) as date) as start_month,
    c.line is not null as in_care_at_start,
    r.recorded as return_interviews_recorded,
    i.rhi_offered,
    i.rhi_accepted
from incidents as i
left join in_care_at_start as c
    on c.la_code = i.la_code and c.extract_month = i.extract_month and c.line = i.line
left join return_interviews_recorded as r
    on r.la_code = i.la_code and r.extract_month = i.extract_month

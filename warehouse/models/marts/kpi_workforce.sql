-- kpi_workforce: the Workforce section's indicators for every month of each extract's financial year to date, as that extract reports them: the tracked services and roles, and children in care per allocated social worker.
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- The services and roles the dashboard tracks as indicators (every one is in mart_workforce),
-- with the ids of their four figures. Names are the LA's own, matched without regard to case.
tracked_roles (
    service, role, establishment_fte_id, staff_fte_id, caseload_id, caseload_change_id
) as (
    values
        (
            'children in care', 'qualified social worker', 'wf_cic_qsw_establishment_fte',
            'wf_cic_qsw_staff_fte', 'wf_cic_qsw_caseload', 'wf_cic_qsw_caseload_change'
        ),
        (
            'leaving care', 'personal adviser', 'wf_lc_pa_establishment_fte',
            'wf_lc_pa_staff_fte', 'wf_lc_pa_caseload', 'wf_lc_pa_caseload_change'
        )
),

tracked as (
    select
        rm.la_code,
        rm.extract_month,
        rm.month,
        t.*,
        w.establishment_fte,
        w.staff_fte,
        w.cases,
        w.average_caseload,
        w.average_caseload_change
    from report_months as rm
    cross join tracked_roles as t
    -- A month the workforce table has no row for has no data.
    left join main.fct_workforce_month as w
        on w.la_code = rm.la_code
        and w.extract_month = rm.extract_month
        and w.month = rm.month
        and lower(w.service) = t.service
        and lower(w.role) = t.role
),

role_indicators as (
    select la_code, extract_month, month, establishment_fte_id as indicator_id,
        establishment_fte as numerator, null as denominator, establishment_fte as value
    from tracked
    union all
    select la_code, extract_month, month, staff_fte_id, staff_fte, null, staff_fte
    from tracked
    union all
    select la_code, extract_month, month, caseload_id, cases, staff_fte, average_caseload
    from tracked
    union all
    select la_code, extract_month, month, caseload_change_id, average_caseload_change, null,
        average_caseload_change
    from tracked
),

-- Children in care per allocated social worker: the children drill_workforce lists, over the
-- social workers allocated to them (fct_social_worker_month).
allocated_workers as (
    select la_code, extract_month, month, count(distinct sw_id) as workers
    from main.fct_social_worker_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

-- Social worker episodes are optional: without the file there is no data, not zero.
per_worker as (
    select
        f.la_code,
        f.extract_month,
        f.month,
        f.listed_numerator as children,
        coalesce(w.workers, 0) as workers
    from mart.listed_counts as f
    left join allocated_workers as w
        on w.la_code = f.la_code and w.extract_month = f.extract_month and w.month = f.month
    where f.la_code in (select unnest($la_codes)) and f.extract_month in (select unnest($months))
        and f.indicator_id = 'wf_cic_per_allocated_sw'
        and f.has_data
),

indicators as (
    select * from role_indicators
    union all
    select rm.la_code, rm.extract_month, rm.month, 'wf_cic_per_allocated_sw', p.children, p.workers,
        p.children / nullif(p.workers, 0)
    from report_months as rm
    left join per_worker as p
        on p.la_code = rm.la_code and p.extract_month = rm.extract_month and p.month = rm.month
)

select la_code, extract_month, month, indicator_id, numerator, denominator, value
from indicators

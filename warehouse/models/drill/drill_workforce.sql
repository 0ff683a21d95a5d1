-- drill_workforce: the children behind the Workforce figures that count children, per extract and month: the children in care with an allocated social worker, the numerator of children per allocated social worker (restricted: never published). Establishment, staff in post and caseloads count staff and cases, not children: nothing is listed for them, nor for the social workers the ratio divides by.
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
)

-- Without a social worker episodes file the figure is no data (listed_counts); nobody is
-- allocated then.
select distinct
    a.la_code,
    a.extract_month,
    a.month,
    'wf_cic_per_allocated_sw' as indicator_id,
    'numerator' as role,
    a.child_id
from main.fct_social_worker_month as a
join report_months as rm on rm.la_code = a.la_code and rm.extract_month = a.extract_month and rm.month = a.month
where a.la_code in (select unnest($la_codes)) and a.extract_month in (select unnest($months))

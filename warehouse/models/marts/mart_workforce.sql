-- mart_workforce: the Workforce section in full: one row per month, service and role, as the latest extract holding that month reports it.
-- partitioned: no
select
    la_code,
    month,
    service,
    role,
    establishment_fte,
    staff_fte,
    cases,
    average_caseload,
    establishment_fte_change,
    staff_fte_change,
    average_caseload_change,
    extract_month
from main.fct_workforce_month
-- Each extract restates history: the latest extract holding a month is its current truth.
qualify row_number() over (
    partition by la_code, month, service, role order by extract_month desc
) = 1
order by la_code, month, service, role

-- fct_workforce_month: one row per service, role and month end in each extract's workforce table: establishment and staff in post (FTE), cases, average caseload, and the change of each but cases on the previous month.
-- partitioned: yes
with workforce as (
    select * from staging.stg_workforce
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- A service and role may come as several rows (one a team): they add up, whatever the capitals
-- each row spells the names with (named as the first row of the file spells them).
per_role as (
    select
        la_code,
        extract_month,
        cast(date_trunc('month', month_end) as date) as month,
        lower(trim(service)) as service_key,
        lower(trim(role)) as role_key,
        arg_min(trim(service), line) as service,
        arg_min(trim(role), line) as role,
        sum(establishment_fte) as establishment_fte,
        sum(staff_fte) as staff_fte,
        sum(cases) as cases
    from workforce
    group by la_code, extract_month, month, service_key, role_key
),

with_caseload as (
    select
        *,
        -- Average caseload: cases per full-time member of staff in post.
        cases / nullif(staff_fte, 0) as average_caseload
    from per_role
),

-- The change is on the calendar month before; a month missing from the table leaves it blank.
with_previous as (
    select
        c.*,
        p.establishment_fte as previous_establishment_fte,
        p.staff_fte as previous_staff_fte,
        p.average_caseload as previous_average_caseload
    from with_caseload as c
    left join with_caseload as p
        on p.la_code = c.la_code
        and p.extract_month = c.extract_month
        and p.service_key = c.service_key
        and p.role_key = c.role_key
        and p.month = c.month - interval 1 month
)

select
    la_code,
    extract_month,
    month,
    service,
    role,
    establishment_fte,
    staff_fte,
    cases,
    average_caseload,
    establishment_fte - previous_establishment_fte as establishment_fte_change,
    staff_fte - previous_staff_fte as staff_fte_change,
    average_caseload - previous_average_caseload as average_caseload_change
from with_previous

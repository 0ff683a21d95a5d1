-- dim_child: one row per child in each extract's header: sex, date of birth, ethnic group.
-- partitioned: yes
with header as (
    select * from staging.stg_header
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
)

select
    la_code,
    extract_month,
    child_id,
    sex,
    dob,
    ethnic,
    -- The report's main ethnic groups; Chinese counts with Asian as in the council's report.
    case
        when ethnic like 'W%' then 'White'
        when ethnic like 'M%' then 'Mixed'
        when ethnic like 'A%' or ethnic = 'CHNE' then 'Asian'
        when ethnic like 'B%' then 'Black'
        when ethnic = 'OOTH' then 'Other'
        else 'Not known'
    end as ethnic_group
from header

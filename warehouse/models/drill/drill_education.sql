-- drill_education: the children behind each Education figure, per extract and month: the school-aged children in care at the month end with a current PEP of all of them, and those at a good or outstanding school of those at a school (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- School-aged children in care at the month end with their latest education record then
-- (fct_education_month). A month before the extract's first record is no data
-- (kpi_education), though its school-aged children are listed here.
school_aged as (
    select e.*
    from main.fct_education_month as e
    join report_months as rm on rm.la_code = e.la_code and rm.extract_month = e.extract_month and rm.month = e.month
    where e.la_code in (select unnest($la_codes)) and e.extract_month in (select unnest($months))
),

members as (
    select la_code, extract_month, month, 'edu_pep_current_pct' as indicator_id, 'numerator' as role,
        child_id
    from school_aged
    where has_current_pep
    union all
    select la_code, extract_month, month, 'edu_pep_current_pct', 'denominator', child_id
    from school_aged
    union all
    -- Ofsted grade 1 outstanding, 2 good; a child without a school is not counted either way.
    select la_code, extract_month, month, 'edu_good_school_pct', 'numerator', child_id
    from school_aged
    where school_good_or_outstanding
    union all
    select la_code, extract_month, month, 'edu_good_school_pct', 'denominator', child_id
    from school_aged
    where has_school
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

-- fct_education_month: one row per school-aged child in care at a month end (aged 5-15 at the 31 August before the month), with their latest education record as at that month end.
-- partitioned: yes
with in_care as (
    select cm.la_code, cm.extract_month, cm.month, cm.child_id, m.month_end
    from main.fct_child_month as cm
    join main.dim_month as m on m.month = cm.month
    where cm.la_code in (select unnest($la_codes)) and cm.extract_month in (select unnest($months)) and cm.in_care
),

-- School age is fixed for the academic year by the age on the 31 August before it began:
-- aged 5 to 15 then is Year 1 to Year 11, even after a 16th birthday during the year.
with_age_reference as (
    select
        i.*,
        date_sub(
            'year', c.dob, make_date(year(i.month) - cast(month(i.month) < 9 as integer), 8, 31)
        ) as age_at_31_august
    from in_care as i
    join main.dim_child as c
        on c.la_code = i.la_code and c.extract_month = i.extract_month and c.child_id = i.child_id
),

school_aged as (
    select * from with_age_reference where age_at_31_august between 5 and 15
),

education as (
    select * from staging.stg_education
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- The latest record on or before the month end holds the PEP and school as at that date.
latest_record as (
    select s.extract_month, s.month, s.child_id, e.record_date, e.pep_date, e.school_urn,
        e.school_ofsted_grade
    from school_aged as s
    join education as e
        on e.extract_month = s.extract_month
        and e.child_id = s.child_id
        and e.record_date <= s.month_end
    qualify row_number() over (
        partition by s.extract_month, s.month, s.child_id order by e.record_date desc, e.line desc
    ) = 1
)

select
    s.la_code,
    s.extract_month,
    s.month,
    s.child_id,
    s.age_at_31_august,
    r.record_date,
    r.pep_date,
    -- A PEP is current for six months: dated on or after the same day six months before the
    -- month end (a review due six months on is on time that day).
    coalesce(r.pep_date + interval 6 month >= s.month_end and r.pep_date <= s.month_end, false)
        as has_current_pep,
    r.school_urn,
    r.school_ofsted_grade,
    r.school_urn is not null as has_school,
    -- Ofsted grade 1 outstanding, 2 good.
    coalesce(r.school_ofsted_grade in ('1', '2'), false) as school_good_or_outstanding
from school_aged as s
left join latest_record as r
    on r.extract_month = s.extract_month and r.month = s.month and r.child_id = s.child_id

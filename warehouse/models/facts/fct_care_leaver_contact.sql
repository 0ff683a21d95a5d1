-- fct_care_leaver_contact: one row per care leaver's 17th to 21st birthday from April of the previous financial year to the extract month, with the contact nearest the birthday (blank when there was none).
-- partitioned: yes
-- Birthdays from the start of the extract's complete history to the end of the extract month.
with extract_months as (
    select extract_month, min(month) as first_day, max(month_end) as last_day
    from main.dim_history_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
    group by all
),

children as (
    select la_code, extract_month, child_id, dob
    from main.dim_child
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

contacts as (
    select * from staging.stg_care_leavers
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Short breaks (V3/V4) are not care: they neither make a care leaver nor a birthday in care.
care_episodes as (
    select * from main.fct_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months)) and not is_short_break
),

care_periods as (
    select * from main.fct_period_of_care
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months)) and not is_short_break
),

-- The DfE's care-leaver return (OC3) covers relevant and former relevant young people, not
-- qualifying care leavers (looked after less than 13 weeks since their 14th birthday).
listed_by_the_la as (
    select distinct extract_month, child_id
    from contacts
    where eligibility <> 'QUALIFYING'
),

days_in_care_since_14 as (
    select
        ep.extract_month,
        ep.child_id,
        sum(greatest(0, date_diff(
            'day',
            greatest(ep.decom, cast(c.dob + interval 14 year as date)),
            coalesce(ep.dec, em.last_day)
        ))) as days
    from care_episodes as ep
    join children as c using (extract_month, child_id)
    join extract_months as em using (extract_month)
    group by all
),

-- A young person the records show to be a care leaver, contact or not: looked after 13 weeks
-- or more since their 14th birthday and leaving care at 16 or over. Nobody who died (E2), moved
-- to another LA (E3) or was adopted (E11, E12) is followed up.
left_care_at_16_or_over as (
    select distinct p.extract_month, p.child_id
    from care_periods as p
    join children as c using (extract_month, child_id)
    join days_in_care_since_14 as d using (extract_month, child_id)
    where p.end_date >= cast(c.dob + interval 16 year as date)
        and p.end_reason not in ('E2', 'E3', 'E11', 'E12')
        and d.days >= 91
),

care_leavers as (
    select extract_month, child_id from listed_by_the_la
    union
    select extract_month, child_id from left_care_at_16_or_over
),

-- A 29 February birthday falls on 28 February in other years, as in the DfE's validator.
birthdays as (
    select
        c.la_code,
        cl.extract_month,
        cl.child_id,
        age.years as age,
        cast(c.dob + to_years(age.years) as date) as birthday
    from care_leavers as cl
    join children as c using (extract_month, child_id)
    cross join (select unnest([17, 18, 19, 20, 21]) as years) as age
),

-- DfE rules 1007 and 1016: a birthday spent in care, the day of leaving included, is not a care
-- leaver's; nor one before the young person first left care (unless their care is older than
-- the extract holds). After a contact that found the young person had died, nothing more.
cohort as (
    select b.*
    from birthdays as b
    join extract_months as em
        on em.extract_month = b.extract_month and b.birthday between em.first_day and em.last_day
    where not exists (
            select 1 from care_episodes as ep
            where ep.extract_month = b.extract_month and ep.child_id = b.child_id
                and ep.decom <= b.birthday and (ep.dec is null or ep.dec >= b.birthday)
        )
        and (
            exists (
                select 1 from care_periods as p
                where p.extract_month = b.extract_month and p.child_id = b.child_id
                    and p.end_date < b.birthday
            )
            or not exists (
                select 1 from care_periods as p
                where p.extract_month = b.extract_month and p.child_id = b.child_id
            )
        )
        and not exists (
            select 1 from contacts as k
            where k.extract_month = b.extract_month and k.child_id = b.child_id
                and k.in_touch = 'DIED' and k.contact_date < b.birthday - interval 3 month
        )
),

-- The contact nearest the birthday from 3 calendar months before it to 1 month after (a month
-- from the 31st ends on the month's last day). On a tie the later contact wins: it is the more
-- recent news of the young person; on the same day, the later line of the file.
nearest_contact as (
    select
        b.extract_month,
        b.child_id,
        b.age,
        k.contact_date,
        k.eligibility,
        k.in_touch,
        k.activ,
        k.accom,
        k.pathway_plan_date,
        k.pa_allocated
    from cohort as b
    join contacts as k
        on k.extract_month = b.extract_month
        and k.child_id = b.child_id
        and k.contact_date between b.birthday - interval 3 month and b.birthday + interval 1 month
    qualify row_number() over (
        partition by b.extract_month, b.child_id, b.age
        order by abs(date_diff('day', b.birthday, k.contact_date)), k.contact_date desc, k.line desc
    ) = 1
)

select
    b.la_code,
    b.extract_month,
    b.child_id,
    b.age,
    b.birthday,
    cast(date_trunc('month', b.birthday) as date) as birthday_month,
    k.contact_date,
    date_diff('day', b.birthday, k.contact_date) as days_from_birthday,
    k.eligibility,
    k.in_touch,
    k.activ,
    k.accom,
    k.pathway_plan_date,
    k.pa_allocated,
    -- ACCOM suitable or not, ACTIV in education, employment or training or not (schemas/codes.py,
    -- CODE_GROUPS); 0 (not in touch) or no contact: unknown.
    coalesce(accommodation.code_group, 'unknown') as accommodation,
    coalesce(activity.code_group, 'unknown') as activity,
    -- No contact in the window means the LA was not in touch around the birthday (as OC3 asks).
    case
        when k.in_touch = 'YES' then 'yes'
        when k.in_touch = 'RHOM' then 'returned_home'
        when k.in_touch = 'NREQ' then 'no_longer_requires_services'
        when k.in_touch = 'DIED' then 'died'
        else 'no'
    end as in_touch_group,
    -- A plan is in place when the contact records one dated in the 6 months up to the contact.
    coalesce(
        k.pathway_plan_date between k.contact_date - interval 6 month and k.contact_date, false
    ) as has_pathway_plan
from cohort as b
left join nearest_contact as k using (extract_month, child_id, age)
left join main.ref_code_group as accommodation
    on accommodation.code = k.accom and accommodation.code_group in ('suitable', 'unsuitable')
left join main.ref_code_group as activity
    on activity.code = k.activ and activity.code_group in ('eet', 'neet')

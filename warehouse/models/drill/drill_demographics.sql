-- drill_demographics: the children behind each Demographics figure, per extract and month: the children in care at the month end (every figure's denominator) and those of them in the figure's group (its numerator) (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

-- Each indicator is the share of children in care at the month end in one group.
indicator_groups (indicator_id, dimension, grp) as (
    values
        ('cla_male_pct', 'sex', 'M'),
        ('cla_female_pct', 'sex', 'F'),
        ('cla_sex_not_known_pct', 'sex', 'U'),
        ('cla_age_under_1_pct', 'age_band', 'Under 1'),
        ('cla_age_1_4_pct', 'age_band', '1-4'),
        ('cla_age_5_9_pct', 'age_band', '5-9'),
        ('cla_age_10_15_pct', 'age_band', '10-15'),
        ('cla_age_16_plus_pct', 'age_band', '16+'),
        ('cla_ethnic_white_pct', 'ethnic_group', 'White'),
        ('cla_ethnic_mixed_pct', 'ethnic_group', 'Mixed'),
        ('cla_ethnic_asian_pct', 'ethnic_group', 'Asian'),
        ('cla_ethnic_black_pct', 'ethnic_group', 'Black'),
        ('cla_ethnic_other_pct', 'ethnic_group', 'Other'),
        ('cla_ethnic_not_known_pct', 'ethnic_group', 'Not known'),
        ('cla_disabled_pct', 'disability', 'disabled'),
        ('cla_legal_full_care_order_pct', 'legal_group', 'C2'),
        ('cla_legal_interim_care_order_pct', 'legal_group', 'C1'),
        ('cla_legal_placement_order_pct', 'legal_group', 'E1 D1'),
        ('cla_legal_voluntary_pct', 'legal_group', 'V2'),
        ('cla_legal_other_pct', 'legal_group', 'other')
),

-- The disability table has no dates: it describes each child as the extract saw them, for
-- every month that extract reports. Any code but NONE is a disability. (Without the file the
-- figure is no data, which listed_counts says; nobody is listed as disabled then.)
disabled as (
    select distinct extract_month, child_id
    from staging.stg_disability
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
        and disability <> 'NONE'
),

children as (
    select
        c.la_code,
        c.extract_month,
        c.month,
        c.child_id,
        -- Not known (U) or not recorded: the third share, so the three add up to 100%.
        coalesce(c.sex, 'U') as sex,
        c.age_band,
        c.ethnic_group,
        case when d.child_id is not null then 'disabled' else 'not disabled' end as disability,
        -- Placement order (E1) and its predecessor, freed for adoption (D1), are one group.
        case
            when c.legal_status in ('C2', 'C1', 'V2') then c.legal_status
            when c.legal_status in (select code from main.ref_code_group where code_group = 'placement_order') then 'E1 D1'
            else 'other'
        end as legal_group
    from main.fct_child_month as c
    join report_months as rm on rm.la_code = c.la_code and rm.extract_month = c.extract_month and rm.month = c.month
    left join disabled as d on d.extract_month = c.extract_month and d.child_id = c.child_id
    where c.la_code in (select unnest($la_codes)) and c.extract_month in (select unnest($months)) and c.in_care
),

-- A blank group (an age band, an ethnic group) puts the child in no group of its dimension.
child_groups as (
    unpivot children
    on sex, age_band, ethnic_group, disability, legal_group
    into name dimension value grp
),

members as (
    select cg.la_code, cg.extract_month, cg.month, g.indicator_id, 'numerator' as role, cg.child_id
    from child_groups as cg
    join indicator_groups as g on g.dimension = cg.dimension and g.grp = cg.grp
    union all
    select c.la_code, c.extract_month, c.month, g.indicator_id, 'denominator', c.child_id
    from children as c
    cross join indicator_groups as g
)

select la_code, extract_month, month, indicator_id, role, child_id
from members

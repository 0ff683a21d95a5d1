-- kpi_monthly: every indicator x month: the latest value beside the value as first reported, with the catalogue's label, unit and section.
-- depends on: dim_indicator
-- union of: kpi_*
-- partitioned: no
with all_sections as (
    select * from query_table($union_of, true)
),

-- Each extract restates history: the latest extract is the current truth, the earliest is the
-- figure as first reported. Both are kept, and a difference is flagged as a revision.
versions as (
    select
        la_code,
        month,
        indicator_id,
        max(extract_month) as extract_month,
        min(extract_month) as first_reported_in,
        arg_max(value, extract_month) as value,
        arg_max(numerator, extract_month) as numerator,
        arg_max(denominator, extract_month) as denominator,
        arg_max(reference_year, extract_month) as reference_year,
        arg_min(value, extract_month) as value_first_reported
    from all_sections
    group by all
)

select
    v.la_code,
    v.month,
    i.section,
    v.indicator_id,
    i.label,
    i.unit,
    v.value,
    v.numerator,
    v.denominator,
    v.reference_year,
    v.extract_month,
    v.first_reported_in,
    v.value_first_reported,
    v.value is distinct from v.value_first_reported as revised
from versions as v
join main.dim_indicator as i on i.indicator_id = v.indicator_id
order by v.la_code, i.display_order, v.month

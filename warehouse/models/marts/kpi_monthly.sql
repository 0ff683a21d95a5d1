-- kpi_monthly: every indicator x month: the latest value beside the value as first reported, with its target and RAG, direction of travel, financial-year average and England comparator.
-- union of: kpi_*
-- partitioned: no
-- Every figure, typed once here. Most are their drill lists' count or percentage, as
-- listed_counts forms them; a figure that needs a rule of its own (an average of days, a rate, a
-- net change) is formed by the mart its catalogue entry names as its source, a kpi_* mart that
-- ends with a plain select of la_code, extract_month, month, indicator_id, numerator,
-- denominator, value and, where it has one, the reference_year (union by name leaves it null
-- for the others). Each figure comes from the one or the other, never both.
with figures as (
    select
        l.la_code, l.extract_month, l.month, l.indicator_id, l.numerator, l.denominator, l.value
    from mart.listed_counts as l
    join main.dim_indicator as i on i.indicator_id = l.indicator_id and i.source is null
    union all by name
    select k.*
    from query_table($union_of, true) as k
    semi join main.dim_indicator as i on i.indicator_id = k.indicator_id and i.source is not null
),

all_sections as (
    select
        la_code,
        extract_month,
        cast(month as date) as month,
        indicator_id,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        cast(value as double) as value,
        cast(reference_year as integer) as reference_year
    from figures
),

-- Each extract restates history: the latest extract that reports a figure for the month is the
-- current truth (its value, numerator and denominator together); the earliest that reported one
-- is the figure as first reported. Both are kept, and a difference is flagged as a revision. An
-- extract saying "no data" for a month (its table absent, or not reaching back that far) does
-- not erase what an earlier extract reported; a month no extract reports stays "no data".
latest as (
    select *
    from all_sections
    qualify row_number() over (
        partition by la_code, month, indicator_id
        order by value is null, extract_month desc
    ) = 1
),

versions as (
    select
        l.la_code,
        l.month,
        l.indicator_id,
        l.extract_month,
        l.value,
        l.numerator,
        l.denominator,
        l.reference_year,
        -- As first published, once published: re-landing a month never rewrites it.
        coalesce(p.first_reported_in, f.first_reported_in) as first_reported_in,
        if(p.indicator_id is null, f.value_first_reported, p.value_first_reported)
            as value_first_reported
    from latest as l
    left join meta.first_published as p using (la_code, month, indicator_id)
    join (
        select
            la_code,
            month,
            indicator_id,
            coalesce(min(extract_month) filter (where value is not null), min(extract_month))
                as first_reported_in,
            arg_min(value, extract_month) as value_first_reported
        from all_sections
        group by all
    ) as f using (la_code, month, indicator_id)
),

in_year as (
    select v.*, m.financial_year
    from versions as v
    join main.dim_month as m on m.month = v.month
),

-- The target in force: the latest one whose financial year has begun.
targets as (
    select y.la_code, y.month, y.indicator_id, t.target, t.direction, t.amber_within
    from in_year as y
    join main.ref_target as t
        on t.indicator_id = y.indicator_id and t.from_financial_year <= y.financial_year
    qualify row_number() over (
        partition by y.la_code, y.month, y.indicator_id order by t.from_financial_year desc
    ) = 1
),

-- Each comparator's (England's, the statistical neighbours') latest figure published by the start
-- of the month's financial year (its 31 March).
comparators as (
    select y.la_code, y.month, y.indicator_id, c.comparator, c.value, c.year
    from in_year as y
    join main.ref_comparator as c
        on c.indicator_id = y.indicator_id
        and c.year <= y.financial_year
    qualify row_number() over (
        partition by y.la_code, y.month, y.indicator_id, c.comparator order by c.year desc
    ) = 1
),

trends as (
    select
        y.*,
        p.value as previous_value,
        avg(y.value) over financial_year_to_date as financial_year_average
    from in_year as y
    left join in_year as p
        on p.la_code = y.la_code
        and p.indicator_id = y.indicator_id
        and p.month = y.month - interval 1 month
    window financial_year_to_date as (
        partition by y.la_code, y.indicator_id, y.financial_year
        order by y.month
        rows between unbounded preceding and current row
    )
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
    v.value is distinct from v.value_first_reported as revised,
    -- Still able to change: the extract it comes from was made before the figure's window closed
    -- (a care leaver's contact may come a month after the birthday; settles_after_months).
    v.extract_month < v.month + to_months(i.settles_after_months) as provisional,
    t.target,
    t.direction as target_direction,
    -- Green at or beyond the target, amber short of it by no more than amber_within, else red.
    case
        when v.value is null or t.target is null then null
        when (t.direction = 'above' and v.value >= t.target)
            or (t.direction = 'below' and v.value <= t.target) then 'green'
        when abs(v.value - t.target) <= t.amber_within then 'amber'
        else 'red'
    end as rag,
    v.previous_value,
    case
        when v.value is null or v.previous_value is null then null
        when v.value > v.previous_value then 'up'
        when v.value < v.previous_value then 'down'
        else 'same'
    end as direction_of_travel,
    -- Better or worse than last month, where the catalogue says which way is better.
    case
        when v.value is null or v.previous_value is null or v.value = v.previous_value
            or i.polarity = 'neutral' then null
        else (v.value > v.previous_value) = (i.polarity = 'higher_is_better')
    end as improving,
    case when i.average then v.financial_year_average end as financial_year_average,
    e.value as england_value,
    e.year as england_year,
    n.value as neighbours_value,
    n.year as neighbours_year
from trends as v
join main.dim_indicator as i on i.indicator_id = v.indicator_id
left join targets as t
    on t.la_code = v.la_code and t.month = v.month and t.indicator_id = v.indicator_id
left join comparators as e
    on e.la_code = v.la_code and e.month = v.month and e.indicator_id = v.indicator_id
    and e.comparator = 'England'
left join comparators as n
    on n.la_code = v.la_code and n.month = v.month and n.indicator_id = v.indicator_id
    and n.comparator = 'Statistical neighbours'
order by v.la_code, i.display_order, v.month

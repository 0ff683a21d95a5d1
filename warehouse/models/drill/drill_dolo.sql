-- drill_dolo: the children behind each DoLO figure, per extract and month: the children subject to a deprivation of liberty order at the month end, and of them those in a placement rule 709 expects (restricted: never published).
-- partitioned: yes
with report_months as (
    select * from main.dim_report_month
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

subject as (
    select d.*
    from main.fct_dolo_month as d
    join report_months as rm on rm.la_code = d.la_code and rm.extract_month = d.extract_month and rm.month = d.month
    where d.la_code in (select unnest($la_codes)) and d.extract_month in (select unnest($months))
)

select la_code, extract_month, month, 'dolo_children' as indicator_id, 'numerator' as role, child_id
from subject
union all
select la_code, extract_month, month, 'dolo_expected_placement_pct', 'numerator', child_id
from subject
where in_expected_placement
union all
select la_code, extract_month, month, 'dolo_expected_placement_pct', 'denominator', child_id
from subject

-- Example queries for each section of the Corporate Parenting dashboard, against the published
-- marts file (data/published/marts_<la>.duckdb), opened read-only. Each query is named by a
-- `-- name:` line and ends with a semicolon; tests/ops/test_report_queries.py runs every one.
-- The views (v_*) and every column carry comments: `select * from duckdb_views()` and
-- `select table_name, column_name, comment from duckdb_columns()` list them.

-- name: what_is_published
-- Which LA and months this file holds, and whether the figures are synthetic.
select la_code, la_name, first_month, last_month, synthetic, published_at from v_publication;

-- name: population
-- Children in care - Population: the latest twelve months, one row per month.
select month, children_in_care, children_in_care_uasc, uasc_pct, rate_per_10k,
       started_in_month, ceased_in_month
from v_children_in_care
order by month desc
limit 12;

-- name: demographics
-- Children in care - Demographics: sex and age bands in the latest month.
select label, value, unit
from v_indicators
where section = 'demographics' and month = (select max(month) from v_indicators)
order by indicator_id;

-- name: placements
-- Children in care - Placements: the latest month against target, with RAG.
select label, value, target, rag, direction_of_travel
from v_indicators
where section = 'placements' and month = (select max(month) from v_indicators);

-- name: visits_reviews_health
-- Visits, reviews and health: the wide view, month by month.
select month, visited_in_timescale_pct, reviews_in_timescale_pct, iha_in_timescale_pct,
       health_assessment_on_time_pct, dental_check_on_time_pct
from v_visits_reviews_health
order by month;

-- name: care_leavers
-- Care leavers: each indicator's latest value beside its financial-year average.
select label, value, financial_year_average, england_value, england_year
from v_indicators
where section = 'care_leavers' and month = (select max(month) from v_indicators);

-- name: adoption
-- Children in care - Adoption: adoptions and timeliness, month by month.
select month, label, value
from v_indicators
where section = 'adoption'
order by month, label;

-- name: missing
-- Children in care - Missing: incidents and children missing in each month.
pivot (select month, indicator_id, value from v_indicators where section = 'missing')
on indicator_id in ('missing_incidents', 'missing_children')
using max(value)
order by month;

-- name: exploitation
-- All children - Sexual and criminal exploitation: open cases in the latest month.
select label, value
from v_indicators
where section = 'exploitation' and month = (select max(month) from v_indicators);

-- name: education
-- Children in care - Education: personal education plans and school quality.
select month, label, value, rag
from v_indicators
where section = 'education'
order by month, label;

-- name: dolo
-- Children in care - Deprivation of liberty: children subject to a DoLO at each month end, and
-- the share of them in the placements the DfE expects (the DoLo table, from 2026/27).
pivot (select month, indicator_id, value from v_indicators where section = 'dolo')
on indicator_id in ('dolo_children', 'dolo_expected_placement_pct')
using max(value)
order by month;

-- name: workforce
-- Workforce: caseloads by service and role in the latest month.
select service, role, establishment_fte, staff_fte, cases, average_caseload
from v_workforce
where month = (select max(month) from v_workforce)
order by service, role;

-- name: red_indicators
-- Every indicator red against its target in the latest month: the dashboard's headline.
select section, label, value, target, target_direction
from v_indicators
where rag = 'red' and month = (select max(month) from v_indicators)
order by section, label;

-- name: restated_figures
-- Figures a later extract changed since they were first reported.
select month, label, value_first_reported, value, first_reported_in, extract_month
from v_indicators
where revised
order by month, label;

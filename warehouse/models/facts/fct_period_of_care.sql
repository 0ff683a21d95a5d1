-- fct_period_of_care: one row per period of care (a run of episodes joined by X1) in each extract.
-- partitioned: yes
select
    la_code,
    extract_month,
    child_id,
    period_seq,
    min(decom) as start_date,
    -- Open while its last episode is open.
    -- _null: an open last episode's blank DEC is the period's end (still open), not skipped.
    arg_max_null(dec, decom) as end_date,
    arg_max_null(rec, decom) as end_reason,
    arg_min(rne, decom) = 'S' as starts_with_s,
    count(*) as episodes,
    -- DfE counts a period made only of short breaks (V3/V4) as no care at all.
    bool_and(is_short_break) as is_short_break
from main.fct_episode
where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
group by all

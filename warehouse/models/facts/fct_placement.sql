-- fct_placement: one row per placement (a run of episodes with the same carer) in each extract: start, end, type and where it is.
-- partitioned: yes
-- Short breaks (V3/V4) are not care, so no placement.
with episodes as (
    select *
    from main.fct_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
        and not is_short_break
),

-- The carer the child was with before the episode, within its period of care: the last
-- episode that was not a temporary placement.
with_carer_before as (
    select
        *,
        lag(period_seq) over child_history as previous_period_seq,
        coalesce(lag(is_temporary) over child_history, false) as follows_temporary,
        last_value(
            case when not is_temporary
                then struct_pack(place, place_provider, urn, placement_la, distance_miles)
            end ignore nulls
        ) over (
            partition by la_code, extract_month, child_id, period_seq order by decom
            rows between unbounded preceding and 1 preceding
        ) as carer_before
    from episodes
    window child_history as (partition by la_code, extract_month, child_id order by decom)
),

-- A new period of care always starts a placement. Within one, a new carer (RNE P or B) does,
-- but not a change with the same carer (RNE L, T, U), a temporary placement (T0-T4), the
-- return to the carer the child had before a temporary placement, or a placement for adoption
-- with the current foster carer (A3, A5).
flagged as (
    select
        *,
        previous_period_seq is distinct from period_seq
        or (
            rne in ('P', 'B')
            and not is_temporary
            and not is_placed_for_adoption_with_foster_carer
            and not (
                follows_temporary
                and carer_before is not distinct from
                    struct_pack(place, place_provider, urn, placement_la, distance_miles)
            )
        ) as starts_placement
    from with_carer_before
),

numbered as (
    select
        *,
        cast(sum(cast(starts_placement as integer)) over (
            partition by la_code, extract_month, child_id order by decom
        ) as integer) as placement_seq
    from flagged
)

select
    la_code,
    extract_month,
    child_id,
    placement_seq,
    min(period_seq) as period_seq,
    min(decom) as start_date,
    -- Open while its last episode is open (arg_max would skip that episode's blank DEC).
    arg_max_null(dec, decom) as end_date,
    -- X1 where the child moved on within care; otherwise the reason care ended.
    arg_max_null(rec, decom) as end_reason,
    -- The placement as it began: its type and where it is.
    arg_min_null(place, decom) as place,
    arg_min_null(place_provider, decom) as place_provider,
    arg_min_null(placement_la, decom) as placement_la,
    arg_min_null(placement_location, decom) as placement_location,
    arg_min_null(distance_miles, decom) as distance_miles,
    count(*) as episodes
from numbered
group by la_code, extract_month, child_id, placement_seq

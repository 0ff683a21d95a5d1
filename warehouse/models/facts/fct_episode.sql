-- fct_episode: one row per episode of care in each extract, numbered within its child's periods of care, with where its placement is and the code groups it falls in.
-- partitioned: yes
with episodes as (
    select * from staging.stg_episodes
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

ordered as (
    select
        *,
        lag(dec) over child_history as previous_dec,
        lag(rec) over child_history as previous_rec
    from episodes
    window child_history as (partition by la_code, extract_month, child_id order by decom)
),

-- A period of care is a run of episodes joined by X1: the previous episode ended with X1 on the
-- day this one started. Anything else starts a new period.
flagged as (
    select
        *,
        coalesce(previous_rec = 'X1' and previous_dec = decom, false) = false as starts_period
    from ordered
)

select
    la_code,
    extract_month,
    child_id,
    row_number() over (partition by la_code, extract_month, child_id order by decom) as episode_seq,
    cast(sum(cast(starts_period as integer)) over (
        partition by la_code, extract_month, child_id order by decom
    ) as integer) as period_seq,
    decom,
    dec,
    rne,
    ls,
    cin,
    place,
    place_provider,
    -- The carer's Ofsted URN and where the placement is (from its postcodes at staging).
    urn,
    placement_la,
    placement_location,
    distance_miles,
    -- A blank DEC is the only sign of an open episode; a REC left on one is ignored.
    case when dec is null then null else rec end as rec,
    reason_place_change,
    -- The code groups are schemas/codes.py's CODE_GROUPS (ref_code_group).
    ls in (select code from main.ref_code_group where code_group = 'short_break')
        as is_short_break,
    place in (select code from main.ref_code_group where code_group = 'temporary_placement')
        as is_temporary,
    -- Placed for adoption (A3-A6); A3 and A5 with the child's current foster carer, which is no
    -- new placement (indicators.md) and, adopted, an adoption by the foster carers.
    place in (select code from main.ref_code_group where code_group = 'placed_for_adoption')
        as is_placed_for_adoption,
    place in (
        select code from main.ref_code_group
        where code_group = 'placed_for_adoption_with_foster_carer'
    ) as is_placed_for_adoption_with_foster_carer
from flagged

-- fct_adoption: one row per adoption (an episode ending E11 or E12) in each extract: when the child entered care, moved in with the adopters, got the court's authority to place and was matched, with the DfE's A1 and A2 measures.
-- partitioned: yes
with episodes as (
    select * from main.fct_episode
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months)) and not is_short_break
),

adoptions as (
    select la_code, extract_month, child_id, period_seq, dec as adopted_on, rec as adoption_reason
    from episodes
    where rec in (select code from main.ref_code_group where code_group = 'adopted')
),

periods as (
    select extract_month, child_id, period_seq, start_date
    from main.fct_period_of_care
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

first_placed_for_adoption as (
    select
        la_code,
        extract_month,
        child_id,
        period_seq,
        min(decom) as placed_on,
        arg_min(place, decom) as place,
        arg_min(is_placed_for_adoption_with_foster_carer, decom) as with_foster_carer
    from episodes
    where is_placed_for_adoption
    group by all
),

-- The placement (fct_placement's one rule: a placement for adoption with the current foster
-- carers, A3 or A5, is no new placement) in which the child was first placed for adoption.
placement_placed_for_adoption as (
    select f.extract_month, f.child_id, f.period_seq, max(pl.start_date) as placement_start
    from first_placed_for_adoption as f
    join main.fct_placement as pl
        on pl.la_code = f.la_code
        and pl.extract_month = f.extract_month
        and pl.child_id = f.child_id
        and pl.period_seq = f.period_seq
        and pl.start_date <= f.placed_on
    group by all
),

-- The court's authority to place: a placement order (E1), or a freeing order (D1) before 2005.
placement_orders as (
    select extract_month, child_id, period_seq, min(decom) as authority_to_place_on
    from episodes
    where ls in (select code from main.ref_code_group where code_group = 'placement_order')
    group by all
),

ad1 as (
    select extract_month, child_id, date_match
    from staging.stg_ad1
    where la_code in (select unnest($la_codes)) and extract_month in (select unnest($months))
),

journeys as (
    select
        a.la_code,
        a.extract_month,
        a.child_id,
        a.period_seq,
        a.adopted_on,
        a.adoption_reason,
        p.start_date as entered_care_on,
        f.place as adoption_placement,
        coalesce(f.with_foster_carer, false) as adopted_by_foster_carers,
        f.placed_on,
        -- Adopted by their foster carers: the child moved in with the adopters when the
        -- placement with those carers began.
        case when f.with_foster_carer then c.placement_start else f.placed_on end
            as moved_in_on,
        o.authority_to_place_on,
        ad1.date_match as matched_on
    from adoptions as a
    join periods as p using (extract_month, child_id, period_seq)
    left join first_placed_for_adoption as f using (extract_month, child_id, period_seq)
    left join placement_placed_for_adoption as c using (extract_month, child_id, period_seq)
    left join placement_orders as o using (extract_month, child_id, period_seq)
    left join ad1 using (extract_month, child_id)
)

select
    la_code,
    extract_month,
    child_id,
    period_seq,
    adopted_on,
    cast(date_trunc('month', adopted_on) as date) as adopted_month,
    adoption_reason,
    entered_care_on,
    adoption_placement,
    adopted_by_foster_carers,
    placed_on,
    moved_in_on,
    authority_to_place_on,
    matched_on,
    -- A1: entering care to moving in with the adoptive family.
    date_diff('day', entered_care_on, moved_in_on) as days_entered_care_to_moved_in,
    -- A2: authority to place to the match; a match made before the order counts as no wait.
    -- (Not greatest(0, ...): it skips nulls, and a child without an order has no A2.)
    case
        when matched_on < authority_to_place_on then 0
        else date_diff('day', authority_to_place_on, matched_on)
    end as days_authority_to_match,
    date_diff('day', entered_care_on, moved_in_on) < 426 as moved_in_within_14_months
from journeys

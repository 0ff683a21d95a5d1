"""The simulated county's full case records, before any extract is cut from them. Dates are
days since 1970-01-01; `child_idx` links every table to `children`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class CountyRecords:
    children: pl.DataFrame  # child_idx, child, sex, dob, ethnic, upn, mother, mc_dob, uasc
    episodes: pl.DataFrame  # child_idx, period_id, decom, rne, ls, ... dec, rec, ...
    reviews: pl.DataFrame  # child_idx, review, review_code
    missing: pl.DataFrame  # child_idx, missing, mis_start, mis_end, rhi_offered, rhi_accepted
    adoption_decisions: pl.DataFrame  # child_idx, period_id, date_placed, date_placed_ceased...
    adopters: pl.DataFrame  # child_idx, period_id, adopted_on, date_int, date_match, ...
    permanence: pl.DataFrame  # child_idx, prev_perm, la_perm, date_perm
    social_workers: pl.DataFrame  # child_idx, sw_id, sw_decom, sw_dec, sw_reason
    oc2: pl.DataFrame  # child_idx, year_end, the OC2 items
    care_leavers: pl.DataFrame  # child_idx, age, birthday, contact, eligibility, in_touch, ...
    visits: pl.DataFrame  # child_idx, visit_date, seen, seen_alone
    health_checks: pl.DataFrame  # child_idx, check_type, check_date, status
    education: pl.DataFrame  # child_idx, record_date, pep_date (one row a school-aged month end)
    schools: pl.DataFrame  # child_idx, school_urn, school_ofsted_grade
    disabilities: pl.DataFrame  # child_idx, disability
    exploitation: pl.DataFrame  # child_idx, risk_type, start_date, end_date
    community: pl.DataFrame  # children never looked after: child_idx, child, sex, dob
    workforce: pl.DataFrame  # month_end, service, role, establishment_fte, staff_fte, cases

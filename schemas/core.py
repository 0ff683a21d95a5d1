"""pandera models of the staged core 903 tables: the readable specification of each table.

Staged frames carry lower-case DfE column names, the pseudonymised ``child_id`` and the file
``line``. A model is built per extract month, because code lists depend on the collection year
and no event may be dated after the month's end. Cross-table facts a rule needs (is the child in
the header?) arrive as ``_``-prefixed columns joined on before validation.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandera.polars as pa
import polars as pl

from schemas.codes import collection_year, valid_codes


def code(code_type: str, month_end: dt.date, nullable: bool = False) -> pa.Field:
    return pa.Field(isin=valid_codes(code_type, collection_year(month_end)), nullable=nullable)


def not_after(month_end: dt.date, nullable: bool = True) -> pa.Field:
    # pandera names this check less_than_or_equal_to; schemas.rules maps it to FUTURE_DATE.
    return pa.Field(nullable=nullable, le=month_end)


def _rows(data: pa.PolarsData, expr: pl.Expr) -> pl.LazyFrame:
    return data.lazyframe.select(expr.alias("ok"))


class ChildRows(pa.DataFrameModel):
    """Columns every staged table has: the file line and the pseudonymised child."""

    line: int
    child_id: str


class OneRowPerChild(ChildRows):
    @pa.dataframe_check(error="DUPLICATE_CHILD")
    def one_row_per_child(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _rows(data, ~pl.col("child_id").is_duplicated())


class ChildInHeader(ChildRows):
    """Rows about a child the header must hold (``_in_header`` is joined on before validation)."""

    @pa.dataframe_check(error="NOT_IN_HEADER")
    def child_in_header(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _rows(data, pl.col("_in_header"))


@cache
def header_model(month_end: dt.date) -> type[pa.DataFrameModel]:
    class Header(OneRowPerChild):
        sex: str = code("SEX", month_end)
        dob: dt.date = not_after(month_end, nullable=False)
        ethnic: str = code("ETHNIC", month_end)
        mother: str = pa.Field(nullable=True)

    return Header


@cache
def episodes_model(month_end: dt.date) -> type[pa.DataFrameModel]:
    class Episodes(ChildInHeader):
        decom: dt.date = not_after(month_end, nullable=False)
        rne: str = code("RNE", month_end)
        ls: str = code("LS", month_end)
        cin: str = code("CIN", month_end)
        place: str = code("PLACE", month_end)
        place_provider: str = code("PLACE_PROVIDER", month_end, nullable=True)
        dec: dt.date = not_after(month_end)
        # REC is checked only where the episode has ended: on an open one it is ignored.
        rec: str = pa.Field(nullable=True)
        reason_place_change: str = code("REASON_PLACE_CHANGE", month_end, nullable=True)
        urn: str = pa.Field(nullable=True)

        @pa.dataframe_check(error="DEC_BEFORE_DECOM")
        def dec_not_before_decom(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return _rows(data, pl.col("dec").is_null() | (pl.col("dec") >= pl.col("decom")))

        @pa.dataframe_check(error="REC_CODE")
        def rec_is_a_code_of_the_year(cls, data: pa.PolarsData) -> pl.LazyFrame:
            codes = valid_codes("REC", collection_year(month_end))
            return _rows(
                data, pl.col("dec").is_null() | pl.col("rec").is_null() | pl.col("rec").is_in(codes)
            )

        @pa.dataframe_check(error="DEC_WITHOUT_REC")
        def dec_needs_rec(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return _rows(data, pl.col("dec").is_null() | pl.col("rec").is_not_null())

        @pa.dataframe_check(error="REC_ON_OPEN_EPISODE")
        def open_episode_has_no_rec(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return _rows(data, pl.col("dec").is_not_null() | pl.col("rec").is_null())

        @pa.dataframe_check(error="DUPLICATE_EPISODE")
        def one_episode_per_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return _rows(data, ~pl.struct("child_id", "decom").is_duplicated())

        @pa.dataframe_check(error="EPISODE_OVERLAP")
        def starts_after_previous_ends(cls, data: pa.PolarsData) -> pl.LazyFrame:
            # An open previous episode (blank DEC) overlaps anything that starts after it.
            previous_end = (
                pl.col("dec").fill_null(dt.date.max).shift(1).over("child_id", order_by="decom")
            )
            return _rows(data, previous_end.is_null() | (pl.col("decom") >= previous_end))

    return Episodes


@cache
def uasc_model(month_end: dt.date) -> type[pa.DataFrameModel]:
    class Uasc(OneRowPerChild, ChildInHeader):
        sex: str = code("SEX", month_end)
        dob: dt.date
        duc: dt.date = pa.Field(nullable=True)  # may lie in the future: often the 18th birthday

        @pa.dataframe_check(error="DUC_BEFORE_DOB")
        def duc_after_dob(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return _rows(data, pl.col("duc").is_null() | (pl.col("duc") >= pl.col("dob")))

    return Uasc


@cache
def reviews_model(month_end: dt.date) -> type[pa.DataFrameModel]:
    class Reviews(ChildInHeader):
        review: dt.date = not_after(month_end, nullable=False)
        review_code: str = code("REVIEW_CODE", month_end, nullable=True)

    return Reviews


@cache
def missing_model(month_end: dt.date) -> type[pa.DataFrameModel]:
    class Missing(ChildInHeader):
        missing: str = code("MISSING", month_end)
        mis_start: dt.date = not_after(month_end, nullable=False)
        mis_end: dt.date = not_after(month_end)
        rhi_offered: str = code("YES_NO_NA", month_end, nullable=True)
        rhi_accepted: str = code("YES_NO_NA", month_end, nullable=True)

        @pa.dataframe_check(error="MIS_END_BEFORE_START")
        def ends_after_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return _rows(
                data, pl.col("mis_end").is_null() | (pl.col("mis_end") >= pl.col("mis_start"))
            )

    return Missing


MODELS = {
    "header": header_model,
    "episodes": episodes_model,
    "uasc": uasc_model,
    "reviews": reviews_model,
    "missing": missing_model,
}

"""Formula injection: text a spreadsheet would run is written inert in every CSV and Excel file
(the validation report, the drill list, the dashboard workbook), numbers are left alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dashboard.excel import write_workbook
from dashboard.safe_cells import guard_frame, guard_value

EVIL = '=HYPERLINK("http:\\\\evil","x")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (EVIL, "'" + EVIL),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("-18.5", "-18.5"),  # a negative number is a number, not a formula
        ("+3", "+3"),
        ("A001", "A001"),
        (-18.5, -18.5),
        (None, None),
    ],
)
def test_a_value_that_would_run_gets_an_apostrophe(value: object, written: object) -> None:
    assert guard_value(value) == written


def test_a_frame_is_guarded_in_every_text_column_as_a_value_is() -> None:
    values = [EVIL, "+1+2", "-18.5", "A001", None]
    frame = pl.DataFrame({"file": values, "child": list(reversed(values)), "n": [1, -2, 3, 4, 5]})
    guarded = guard_frame(frame)
    assert guarded["file"].to_list() == [guard_value(v) for v in values]
    assert guarded["child"].to_list() == [guard_value(v) for v in reversed(values)]
    assert guarded["n"].to_list() == [1, -2, 3, 4, 5]


def test_no_cell_of_the_workbook_is_a_formula(tmp_path: Path) -> None:
    # An indicator whose label and id a config could make a formula: both are written as text.
    indicator = {
        "id": "=1+2",
        "label": EVIL,
        "unit": "count",
        "section_title": "Children in care - =cmd",
        "average": False,
    }
    kpi = pl.DataFrame(
        {"indicator_id": ["=1+2"], "month": [dt.date(2018, 1, 1)], "value": [-3.0]},
    )
    path = write_workbook(
        kpi,
        [indicator],
        tmp_path / "book.xlsx",
        report_month=dt.date(2018, 1, 1),
        la_name="=Evil",
        synthetic=False,
    )
    cells = [c for s in openpyxl.load_workbook(path).worksheets for r in s.iter_rows() for c in r]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {"'=1+2", "'" + EVIL} <= {c.value for c in cells}
    assert -3.0 in {c.value for c in cells}

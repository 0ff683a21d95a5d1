"""What the dashboard page is made of, as the template reads it: sections of indicator rows, each
a cell per month with its sparkline. A module of their own because both the renderer
(``render.py``, which builds them) and the charts (``charts.py``, which draw rows) read them."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True)
class Cell:
    """One month's cell in an indicator row."""

    text: str  # "" for months after the report month
    title: str | None = None  # hover text: "no data", or numerator / denominator
    revised_title: str | None = None  # set when the figure changed since first reported
    provisional: bool = False  # its window is still open: the next extract may add to it
    is_future: bool = False
    is_missing: bool = False
    rag: str | None = None  # green / amber / red against the month's target


@dataclass(frozen=True)
class Sparkline:
    path: str  # SVG path data; empty when there is nothing to draw
    last_x: float | None
    last_y: float | None
    label: str  # accessible description of the trend


@dataclass
class Row:
    id: str
    label: str  # the councillor's: the catalogue's plain_label, else its label
    definition: str  # exact, with its codes: the analyst's (internal edition only)
    cells: list[Cell]
    sparkline: Sparkline
    average: str
    unit: str = "count"
    values: list[float | None] = field(default_factory=list)  # Apr..Mar, None: none or hidden
    target: str = ""
    target_value: float | None = None
    rag: str | None = None  # the report month's
    direction: str | None = None  # up / down / same, against the previous month
    improving: bool | None = None
    england: str = ""  # "62.0 (2017)"
    neighbours: str = ""  # the statistical neighbours', "65.0 (2024)"
    plain: str = ""  # the definition in plain words, for councillors
    group: str | None = None  # the heading of the block of rows it belongs to
    footnote: int | None = None
    #: Where the figure is computed: its catalogue id, the model listing its children and the
    #: model forming its value (warehouse/models/...), so a reader can trace it to the SQL.
    source: str = ""


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # inline SVG figures
    footnotes: list[str] = field(default_factory=list)
    #: Every figure revised since first reported, spelled out (the internal edition's list, the
    #: workbook's Revisions sheet); the page itself shows how many.
    revisions: list[str] = field(default_factory=list)
    commentary: Markup | None = None  # the officer's, rendered from the month's Markdown
    #: Workforce only: every service and role the workforce file holds, for the report month.
    roles: list[RoleRow] = field(default_factory=list)


@dataclass(frozen=True)
class RoleRow:
    """One service and role of the workforce file: each figure with its change on the month
    before ("" when the file has no row for that month)."""

    service: str
    role: str
    establishment: str
    establishment_change: str
    staff: str
    staff_change: str
    caseload: str
    caseload_change: str

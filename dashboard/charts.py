"""Charts where a reader would rather look than read, as inline SVG (no scripts, no network):
a line over the financial year's months (with the target as a dashed line wherever one is in
force, the title then saying "against target") and horizontal bars for a mix at the report
month. Axes of figures that cannot be negative start at zero, so a 3% change looks like one.
Drawn from a section's rows, so a figure hidden in the published edition is a gap in a line and
a bar labelled "c"."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from dashboard.formats import format_value
from dashboard.page import Row

if TYPE_CHECKING:
    import datetime

WIDTH, HEIGHT = 520.0, 200.0
LEFT, RIGHT, TOP, BOTTOM = 52.0, 150.0, 30.0, 26.0
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#6f72af", "#b58840", "#505a5f"]


@dataclass(frozen=True)
class Chart:
    title: str  # " against target" is added when a target is in force for one of its lines
    kind: str  # "line": each indicator over the months; "bars": each at the report month
    indicators: tuple[str, ...]


#: Each section's charts, by catalogue indicator id.
SECTION_CHARTS: dict[str, list[Chart]] = {
    "population": [
        Chart("Children in care at each month end", "line", ("cla_count",)),
        Chart("Children starting and ceasing care", "line", ("cla_started", "cla_ceased")),
    ],
    "demographics": [
        Chart(
            "Age of children in care",
            "bars",
            tuple(f"cla_age_{a}_pct" for a in ("under_1", "1_4", "5_9", "10_15", "16_plus")),
        ),
        Chart(
            "Legal status of children in care",
            "bars",
            (
                *(
                    f"cla_legal_{s}_pct"
                    for s in (
                        "full_care_order",
                        "interim_care_order",
                        "placement_order",
                        "voluntary",
                    )
                ),
                "cla_legal_other_pct",
            ),
        ),
    ],
    "placements": [
        Chart(
            "Where children are placed, and how far from home",
            "bars",
            (
                "placed_in_county",
                "placed_out_of_county_non_uasc",
                "placed_out_of_county_over_20_miles_non_uasc",
                "placed_out_of_county_distance_unknown_non_uasc",
                "uasc_placed_out_of_county",
                "placed_location_unknown",
            ),
        ),
        Chart(
            "Placement stability",
            "line",
            ("placements_3_plus_pct", "placement_stability_2_years_pct"),
        ),
    ],
    "visits_reviews_health": [
        Chart(
            "Visits and reviews in time",
            "line",
            ("visits_in_timescale_pct", "reviews_in_timescale_pct"),
        ),
    ],
    "missing": [
        Chart("Children missing from care", "line", ("missing_incidents", "missing_children")),
        Chart(
            "Return home interviews",
            "line",
            ("missing_rhi_offered_pct", "missing_rhi_accepted_pct"),
        ),
    ],
    "exploitation": [
        Chart("Children at risk of exploitation", "line", ("expl_cse_open", "expl_cce_open")),
    ],
}
TARGET_SUFFIX = " against target"


def _svg(title: str, body: list[str], height: float = HEIGHT) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH:g} '
        f'{height:g}" width="{WIDTH:g}" height="{height:g}"><title>{escape(title)}</title>'
        f'<text class="chart-title" x="0" y="16">{escape(title)}</text>{"".join(body)}</svg>'
    )


def _axis(values: list[float], whole: bool) -> tuple[float, float, float]:
    """A y axis from a round number to a round number, in steps of 1, 2, 2.5 or 5 x 10^k,
    starting at 0 for figures that cannot be negative (a count's axis from 680 to 710 would
    make a 3% change look steep)."""
    low, high = min(values, default=0.0), max(values, default=1.0)
    if low >= 0:
        low = 0.0
    span = (high - low) or max(abs(high), 1.0)
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(step, 1.0)
    low = math.floor(low / step) * step
    high = max(math.ceil(high / step) * step, low + step)
    return low, high, step


def _value_axis(
    low: float, high: float, tick_step: float, y: Callable[[float], float], unit: str
) -> list[str]:
    """The x axis line and about four labelled grid lines up the value axis."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    body = [
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>'
    ]
    ticks = [low + k * tick_step for k in range(round((high - low) / tick_step) + 1)]
    for tick in ticks[:: max(1, len(ticks) // 4)]:
        body.append(
            f'<line class="grid" x1="{LEFT}" y1="{y(tick)}" x2="{LEFT + plot_w}" y2="{y(tick)}"/>'
            f'<text class="tick" x="{LEFT - 4}" y="{y(tick) + 4}" text-anchor="end">'
            f"{escape(format_value(tick, unit))}</text>"
        )
    return body


def line_chart(title: str, rows: list[Row], months: list[datetime.date]) -> str:
    """Each row's values over the months; its target, where it has one, dashed in its colour."""
    values = [v for r in rows for v in r.values if v is not None]
    targets = [r.target_value for r in rows if r.target_value is not None]
    low, high, tick_step = _axis(values + targets, whole=rows[0].unit == "count")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(months) - 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (high - v) / (high - low), 1)

    unit = rows[0].unit
    body = _value_axis(low, high, tick_step, y, unit)
    for i, month in enumerate(months):
        body.append(
            f'<text class="tick" x="{round(LEFT + i * step, 1)}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{month.strftime("%b")}</text>'
        )
    for n, row in enumerate(rows):
        colour = COLOURS[n % len(COLOURS)]
        path, previous = [], None
        for i, v in enumerate(row.values):
            if v is None:
                continue
            path.append(f"{'L' if previous == i - 1 else 'M'}{round(LEFT + i * step, 1)} {y(v)}")
            previous = i
            body.append(
                f'<circle cx="{round(LEFT + i * step, 1)}" cy="{y(v)}" r="2.5" fill="{colour}"/>'
            )
        if path:
            body.append(f'<path d="{" ".join(path)}" stroke="{colour}" class="series"/>')
        if row.target_value is not None:
            body.append(
                f'<line class="target" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(row.target_value)}" '
                f'y2="{y(row.target_value)}" stroke="{colour}"/>'
            )
        legend = row.label + (f" (target {row.target})" if row.target else "")
        lines = "".join(
            f'<tspan x="{WIDTH - RIGHT + 24}" dy="{0 if k == 0 else 12}">{escape(part)}</tspan>'
            for k, part in enumerate(textwrap.wrap(legend, 22)[:3])
        )
        body.append(
            f'<rect x="{WIDTH - RIGHT + 10}" y="{TOP + n * 44}" width="10" height="10" '
            f'fill="{colour}"/><text class="legend-text" y="{TOP + n * 44 + 9}">{lines}</text>'
        )
    return _svg(title, body)


def bar_chart(title: str, rows: list[Row], month_index: int) -> str:
    """Each row's figure at the report month as a horizontal bar, labelled with its value."""
    label_w, bar_h, gap = 300.0, 16.0, 8.0
    values = [r.values[month_index] for r in rows]
    top = max((v for v in values if v is not None), default=0.0) or 1.0
    plot_w = WIDTH - label_w - 40
    height = TOP + len(rows) * (bar_h + gap) + 4
    body = []
    for n, (row, v) in enumerate(zip(rows, values, strict=True)):
        y = TOP + n * (bar_h + gap)
        width = 0.0 if v is None else round(plot_w * v / top, 1)
        body.append(
            f'<text class="bar-label" x="{label_w - 6}" y="{y + 12}" text-anchor="end">'
            f"{escape(textwrap.shorten(row.label.removesuffix(' %'), 52, placeholder='…'))}</text>"
            f'<rect class="bar" x="{label_w}" y="{y}" width="{width}" height="{bar_h}"/>'
            f'<text class="bar-value" x="{label_w + width + 4}" y="{y + 12}">'
            f"{escape(row.cells[month_index].text)}</text>"
        )
    return _svg(title, body, height)


def section_charts(
    section_key: str, rows: list[Row], months: list[datetime.date], shown: int
) -> list[str]:
    """The section's charts as SVG strings; a chart whose indicators are absent is skipped."""
    by_id = {r.id: r for r in rows}
    charts = []
    for chart in SECTION_CHARTS.get(section_key, []):
        chosen = [by_id[i] for i in chart.indicators if i in by_id]
        if not chosen or shown == 0:
            continue
        if chart.kind == "line":
            targeted = any(r.target_value is not None for r in chosen)
            charts.append(line_chart(chart.title + TARGET_SUFFIX * targeted, chosen, months))
        else:
            charts.append(bar_chart(chart.title, chosen, shown - 1))
    return charts


@dataclass(frozen=True)
class FanPoint:
    """A projected month: the median and the 80% and 95% prediction intervals."""

    month: datetime.date
    lower_95: float
    lower_80: float
    median: float
    upper_80: float
    upper_95: float


def fan_chart(
    title: str,
    actual: list[tuple[datetime.date, float]],
    projection: list[FanPoint],
    scenarios: dict[str, list[FanPoint]] | None = None,
) -> str:
    """Actuals as a solid line, then the projection: its median dashed inside shaded 95% and
    80% bands, labelled PROJECTION over the projected months so it is never read as a figure;
    each scenario's median as a dotted line in its own colour."""
    scenarios = scenarios or {}
    months = [m for m, _ in actual] + [p.month for p in projection]
    values = (
        [v for _, v in actual] + [p.upper_95 for p in projection] + [p.lower_95 for p in projection]
    )
    values += [p.median for points in scenarios.values() for p in points]
    low, high, tick_step = _axis(values, whole=True)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)
    index = {m: i for i, m in enumerate(months)}

    def x(month: datetime.date) -> float:
        return round(LEFT + index[month] * step, 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (high - v) / (high - low), 1)

    body = _value_axis(low, high, tick_step, y, "count")
    for m in months[:: max(1, len(months) // 6)]:
        body.append(
            f'<text class="tick" x="{x(m)}" y="{HEIGHT - 8}" text-anchor="middle">'
            f"{m.strftime('%b %y')}</text>"
        )
    if projection:
        # The bands start at the last actual, so the fan opens from what is known.
        anchor = [FanPoint(actual[-1][0], *(actual[-1][1],) * 5)] if actual else []
        fan = anchor + projection
        start = x(projection[0].month) - step / 2
        body.append(
            f'<rect class="projected" x="{round(start, 1)}" y="{TOP}" '
            f'width="{round(LEFT + plot_w - start, 1)}" height="{plot_h}"/>'
            f'<text class="projection-label" x="{round(start + 4, 1)}" y="{TOP + 12}">PROJECTION</text>'
        )
        for lower, upper, css in (
            ("lower_95", "upper_95", "band-95"),
            ("lower_80", "upper_80", "band-80"),
        ):
            edge = [f"{x(p.month)} {y(getattr(p, upper))}" for p in fan]
            edge += [f"{x(p.month)} {y(getattr(p, lower))}" for p in reversed(fan)]
            body.append(f'<path class="{css}" d="M{" L".join(edge)} Z"/>')
        median = " L".join(f"{x(p.month)} {y(p.median)}" for p in fan)
        body.append(f'<path class="projected-median" d="M{median}"/>')
    for n, points in enumerate(scenarios.values()):
        colour = COLOURS[(n + 1) % len(COLOURS)]
        path = " L".join(f"{x(p.month)} {y(p.median)}" for p in points)
        body.append(f'<path class="scenario" stroke="{colour}" d="M{path}"/>')
    if actual:
        path = " L".join(f"{x(m)} {y(v)}" for m, v in actual)
        body.append(f'<path class="series" stroke="{COLOURS[0]}" d="M{path}"/>')
    legend = [("Actual", f'<rect width="10" height="3" y="4" fill="{COLOURS[0]}"/>')]
    legend += (
        [
            ("Projection (middle)", '<rect width="10" height="3" y="4" class="legend-median"/>'),
            ("80% of projections", '<rect width="10" height="10" class="band-80"/>'),
            ("95% of projections", '<rect width="10" height="10" class="band-95"/>'),
        ]
        if projection
        else []
    )
    legend += [
        (name, f'<rect width="10" height="3" y="4" fill="{COLOURS[(n + 1) % len(COLOURS)]}"/>')
        for n, name in enumerate(scenarios)
    ]
    for n, (label, swatch) in enumerate(legend):
        text = "".join(
            f'<tspan x="{WIDTH - RIGHT + 24}" dy="{0 if k == 0 else 12}">{escape(part)}</tspan>'
            for k, part in enumerate(textwrap.wrap(label, 22)[:2])
        )
        top = TOP + n * 26
        body.append(
            f'<g transform="translate({WIDTH - RIGHT + 10} {top})">{swatch}</g>'
            f'<text class="legend-text" y="{top + 9}">{text}</text>'
        )
    return _svg(title, body)

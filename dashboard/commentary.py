"""The officer's commentary on the month: a Markdown file the data team writes per LA and month,
one ``## heading`` per dashboard section (its title, as the dashboard shows it) and, for the
committee paper, an optional ``## Main issues``. The report shows each section's commentary
under its heading; ``cpr commentary draft`` writes a first version from the marts.

The text is the officer's, so it is treated as untrusted: Markdown is rendered with raw HTML
escaped and images off (the report is self-contained), and a line that looks like a child's
details (a postcode, a date, an identifier) is reported and left out of the published edition.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from markdown_it import MarkdownIt
from markupsafe import Markup

from dashboard.formats import format_month, format_value
from dashboard.plain import with_plain_labels
from dashboard.summary import MOVEMENT_BASE, Facts, change_statements, summary_facts
from schemas.months import previous_month

#: The commentary heading that feeds the committee paper's "Main issues", not a dashboard section.
MAIN_ISSUES = "Main issues"

# Raw HTML is escaped, not passed through; images would fetch from the network.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable("image")

#: What a child's details look like in free text. A date of birth is any numeric date; the
#: meeting's own dates are written out in words in the seeds ("27 November 2019").
CHILD_DETAILS: dict[str, re.Pattern[str]] = {
    "a postcode": re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE),
    "a date (a date of birth?)": re.compile(
        r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\bDOB\b", re.IGNORECASE
    ),
    "a child's identifier": re.compile(r"\b(?=[A-Z]*\d)[A-Z0-9]{6,13}\b"),
}


class CommentaryError(ValueError):
    """The commentary file cannot be used as it stands; the message says where and why."""


@dataclass(frozen=True)
class Flag:
    """A line that may name a child: left out of the published edition."""

    line: int
    looks_like: str

    def message(self, source: str) -> str:
        return (
            f"{source}, line {self.line}: looks like {self.looks_like}; left out of the "
            "published edition (remove any child's details, then re-render the report)"
        )


@dataclass(frozen=True)
class Commentary:
    """Each heading's Markdown text (section key or ``MAIN_ISSUES``), as written and as it may
    be published (flagged lines removed)."""

    source: str
    text: dict[str, str] = field(default_factory=dict)
    published_text: dict[str, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)

    def for_edition(self, published: bool) -> dict[str, str]:
        return self.published_text if published else self.text

    def html(self, key: str, published: bool) -> Markup | None:
        text = self.for_edition(published).get(key, "").strip()
        # markdown-it escapes every raw HTML tag and attribute: its output is safe to embed.
        return Markup(_MARKDOWN.render(text)) if text else None

    def paragraphs(self, key: str, published: bool) -> list[str]:
        """The heading's paragraphs and list items as plain lines, for Word and Excel."""
        blocks = re.split(r"\n\s*\n", self.for_edition(published).get(key, "").strip())
        lines: list[str] = []
        for block in blocks:
            items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", block.strip())
            lines += [re.sub(r"\s+", " ", _plain(item)).strip() for item in items if item.strip()]
        return lines

    @property
    def warnings(self) -> list[str]:
        return [flag.message(self.source) for flag in self.flags]


def _plain(markdown: str) -> str:
    """A list item or paragraph without its Markdown marks."""
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its words
    return re.sub(r"(\*\*|__|\*|_|`)", "", text)


def _normal(heading: str) -> str:
    return re.sub(r"\s+", " ", heading).strip().casefold()


def flag_child_details(line: str) -> str | None:
    """What a line of free text looks like, if it looks like a child's details."""
    return next((what for what, pattern in CHILD_DETAILS.items() if pattern.search(line)), None)


def parse_commentary(text: str, sections: dict[str, str], source: str) -> Commentary:
    """The commentary of ``text``; ``sections`` maps each section's key to its title. A heading
    may be the title or the key, in any case. Raises CommentaryError naming the line and the
    valid headings when a heading matches nothing, repeats, or text comes before the first."""
    valid = {_normal(title): key for key, title in sections.items()}
    valid |= {_normal(key): key for key in sections} | {_normal(MAIN_ISSUES): MAIN_ISSUES}
    named = ", ".join([*sections.values(), MAIN_ISSUES])
    lines: dict[str, list[str]] = {}
    published: dict[str, list[str]] = {}
    flags: list[Flag] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("# ") or (current is None and not line.strip()):
            continue  # the file's own title, and blank lines before the first heading
        if heading := re.match(r"^##\s+(.*?)\s*#*\s*$", line):
            key = valid.get(_normal(heading.group(1)))
            if key is None:
                raise CommentaryError(
                    f"{source}, line {number}: heading {heading.group(1)!r} is not a section of "
                    f"the report; the headings are: {named}"
                )
            if key in lines:
                raise CommentaryError(f"{source}, line {number}: {heading.group(1)!r} repeats")
            current = key
            lines[key], published[key] = [], []
            continue
        if current is None:
            raise CommentaryError(
                f"{source}, line {number}: text before the first section heading (start each "
                f"section with '## ' and its title: {named})"
            )
        lines[current].append(line)
        if looks_like := flag_child_details(line):
            flags.append(Flag(number, looks_like))
        else:
            published[current].append(line)
    return Commentary(
        source=source,
        text={k: "\n".join(v) for k, v in lines.items()},
        published_text={k: "\n".join(v) for k, v in published.items()},
        flags=flags,
    )


def load_commentary(path: Path, sections: dict[str, str]) -> Commentary | None:
    """The month's commentary, or None when the data team has written none."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommentaryError(f"{path}: not UTF-8 text ({error.reason})") from None
    return parse_commentary(text, sections, str(path))


#: What is worth remarking on in a draft: a percentage moving this many points on a base of at
#: least summary.MOVEMENT_BASE, a count moving this share of itself and at least COUNT_MOVE.
REMARKABLE_POINTS = 2.0
REMARKABLE_SHARE = 0.10
COUNT_MOVE = 5


def _remark(facts: Facts, record: dict[str, Any]) -> list[str]:
    indicator_id = record["indicator_id"]
    unit, label = facts.units[indicator_id], facts.labels[indicator_id]
    now, before = facts.now.get(indicator_id), facts.previous.get(indicator_id)
    remarks = []
    if now is not None and before is not None and unit in ("count", "percent"):
        change = now - before
        big = (
            abs(change) >= REMARKABLE_POINTS and (record["denominator"] or 0) >= MOVEMENT_BASE
            if unit == "percent"
            else abs(change) >= max(REMARKABLE_SHARE * abs(before), COUNT_MOVE)
        )
        if big:
            word = "rose" if change > 0 else "fell"
            points = f" ({abs(change):.1f} percentage points)" if unit == "percent" else ""
            remarks.append(
                f"{label} {word} from {format_value(before, unit)} to "
                f"{format_value(now, unit)}{points}."
            )
    if record["rag"] == "red" and now is not None and record["target"] is not None:
        remarks.append(
            f"{label} is {format_value(now, unit)}, short of its target of "
            f"{format_value(record['target'], unit)}."
        )
    return remarks


def draft_commentary(
    kpi: pl.DataFrame, indicators: list[dict[str, Any]], report_month: dt.date
) -> str:
    """A first draft of the month's commentary from the marts, for the officer to edit: under
    each section, the figures that moved markedly since the previous month or are short of
    target; under Main issues, what the summary names."""
    facts = summary_facts(with_plain_labels(kpi, indicators), report_month)
    month = facts.month
    previous = format_month(previous_month(month))
    latest = {
        r["indicator_id"]: r
        for r in kpi.filter(pl.col("month") == month)
        .select("indicator_id", "denominator", "target", "rag")
        .iter_rows(named=True)
    }
    movements, red = change_statements(facts)
    out = [f"# Commentary, {format_month(month)}", ""]
    out += [f"## {MAIN_ISSUES}", ""]
    out += [f"- {line}" for line in red + movements] or ["- No figure turned red this month."]
    titles: dict[str, str] = {}
    remarks: dict[str, list[str]] = {}
    for ind in indicators:
        titles.setdefault(ind["section"], ind["section_title"])
        if ind["id"] in latest and ind["id"] in facts.units:
            remarks.setdefault(ind["section"], []).extend(_remark(facts, latest[ind["id"]]))
    for key, title in titles.items():
        lines = remarks.get(key) or [f"No figure in this section moved markedly since {previous}."]
        out += ["", f"## {title}", "", *(f"- {line}" for line in lines)]
    return "\n".join(out) + "\n"

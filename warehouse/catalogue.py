"""The indicator catalogue: one YAML file per dashboard section under ``catalogue/``, loaded once
and shared by the marts, the quality checks and the report."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

CATALOGUE_DIR = Path(__file__).parent / "catalogue"


@cache
def sections() -> list[dict[str, Any]]:
    """Each section (id, title, order) with its indicators, in display order."""
    loaded = [yaml.safe_load(p.read_text()) for p in sorted(CATALOGUE_DIR.glob("*.yaml"))]
    return sorted(
        ({**s["section"], "indicators": s["indicators"]} for s in loaded),
        key=lambda s: s["order"],
    )


def indicators() -> list[dict[str, Any]]:
    """Indicators in display order, each with its section's id and title."""
    return [
        {**item, "section": s["id"], "section_title": s["title"]}
        for s in sections()
        for item in s["indicators"]
    ]


def indicator_frame() -> pl.DataFrame:
    """The catalogue as the warehouse's ``dim_indicator`` table."""
    rows = indicators()
    return pl.DataFrame(
        {
            "indicator_id": [i["id"] for i in rows],
            "display_order": list(range(len(rows))),
            "section": [i["section"] for i in rows],
            "section_title": [i["section_title"] for i in rows],
            "label": [i["label"] for i in rows],
            "unit": [i["unit"] for i in rows],
            "polarity": [i["polarity"] for i in rows],
            "definition": [i["definition"] for i in rows],
            "source": [i["source"] for i in rows],
        }
    )

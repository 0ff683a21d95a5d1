"""The indicator catalogue (``catalogue.yaml``), loaded once and shared by marts and reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

CATALOGUE_PATH = Path(__file__).parent / "catalogue.yaml"


@cache
def load_catalogue() -> dict[str, Any]:
    return yaml.safe_load(CATALOGUE_PATH.read_text())


def indicators() -> list[dict[str, Any]]:
    """Indicators in display order, each with its section's title."""
    catalogue = load_catalogue()
    return [
        {**item, "section_title": catalogue["sections"][item["section"]]}
        for item in catalogue["indicators"]
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

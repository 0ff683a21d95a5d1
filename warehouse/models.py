"""SQL models: each file under ``warehouse/models/<layer>/`` is one model and one Dagster asset.

A model file opens with comment lines that the pipeline reads, so the SQL file is the one place
its description lives::

    -- fct_episode: one row per episode of care in each extract, with its period of care.
    -- partitioned: yes

Its lineage is the SQL itself: a model depends on every table it reads as ``schema.table``
(``main``, ``mart``, ``drill``, ``staging``; see ``tables_read``), so no hand-kept list can fall
behind the query.

A model that gathers every model of a kind (the ``kpi_*`` marts that add rules, the ``drill_*``
lists) says ``-- union of: kpi_*``: it depends on each of them and reads them as
``query_table($union_of, true)``, so a new mart or list needs no edit here or there.

Partitioned models compute rows for the extract months in ``$months`` (a list of DATEs) of
the LAs in ``$la_codes`` (one LA's monthly run, or every LA of a national run at once); the
runner replaces exactly those. Every row carries its ``la_code``, and every join or grouping
keeps LAs apart: by ``la_code``, or by ``child_id``, which is keyed by LA at staging.
Unpartitioned models are rebuilt whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

MODELS_DIR = Path(__file__).parent / "models"
#: Drill-through tables list the children behind each figure: record-level, so they stay in
#: the restricted warehouse (schema ``drill``) and are never published.
LAYER_SCHEMA = {"dims": "main", "facts": "main", "marts": "mart", "drill": "drill"}


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    description: str
    depends_on: tuple[str, ...]
    partitioned: bool
    sql: str
    path: Path
    #: the tables of the models named by ``-- union of:``, in name order.
    union_of: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return f"{LAYER_SCHEMA[self.layer]}.{self.name}"


def _header(sql: str, key: str) -> str:
    match = re.search(rf"^--[ \t]*{key}:[ \t]*(.*)$", sql, re.MULTILINE)
    return match.group(1).strip() if match else ""


#: The schemas models and staging write: ``schema.table`` in a model's SQL is a table it reads.
READ_SCHEMAS = ("main", "mart", "drill", "staging")
#: meta.* is written with the staged tables (so reading it depends on ``stg_header``), but for
#: what earlier publications recorded, written by published_marts after the marts are built.
META_AFTER_MARTS = {"first_published"}


def tables_read(name: str, sql: str) -> tuple[str, ...]:
    """The tables a model's SQL reads, by name, in name order (itself aside)."""
    read = set(re.findall(rf"\b(?:{'|'.join(READ_SCHEMAS)})\.(\w+)", sql))
    if set(re.findall(r"\bmeta\.(\w+)", sql)) - META_AFTER_MARTS:
        read.add("stg_header")
    return tuple(sorted(read - {name}))


def parse_model(path: Path) -> Model:
    sql = path.read_text()
    first = sql.splitlines()[0]
    name, _, description = first.removeprefix("--").partition(":")
    if name.strip() != path.stem:
        raise ValueError(f"{path}: first line must start '-- {path.stem}:'")
    return Model(
        name=path.stem,
        layer=path.parent.name,
        description=description.strip(),
        depends_on=tables_read(path.stem, sql),
        partitioned=_header(sql, "partitioned") == "yes",
        sql=sql,
        path=path,
    )


@cache
def all_models() -> dict[str, Model]:
    paths = sorted(p for layer in LAYER_SCHEMA for p in (MODELS_DIR / layer).glob("*.sql"))
    models = {p.stem: parse_model(p) for p in paths}
    for name, model in models.items():
        if pattern := _header(model.sql, "union of"):
            members = sorted(n for n in models if fnmatch(n, pattern) and n != name)
            models[name] = replace(
                model,
                depends_on=model.depends_on + tuple(members),
                union_of=tuple(models[n].table for n in members),
            )
    return models

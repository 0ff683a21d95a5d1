"""Which Dagster instance a deployment runs on: the embedded SQLite default
(pipelines/dagster.yaml), or PostgreSQL when ``CPR_PG_URL`` is set
(pipelines/dagster.postgres.yaml, runs, event log and schedules in that database)."""

import os
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "pipelines"


def dagster_yaml_template() -> Path:
    """The dagster.yaml to copy into a new DAGSTER_HOME."""
    if os.environ.get("CPR_PG_URL"):
        return TEMPLATES / "dagster.postgres.yaml"
    return TEMPLATES / "dagster.yaml"

"""Which Dagster instance a deployment runs on: the embedded SQLite default
(pipelines/dagster.yaml), or PostgreSQL when ``CPR_PG_URL`` is set
(pipelines/dagster.postgres.yaml, runs, event log and schedules in that database)."""

from pathlib import Path

from pipelines.settings import PROJECT_ROOT, Settings

TEMPLATES = PROJECT_ROOT / "pipelines"


def dagster_yaml_template(settings: Settings) -> Path:
    """The dagster.yaml to copy into a new DAGSTER_HOME (the PostgreSQL one reads the URL from
    the environment itself, when the instance loads)."""
    if settings.pg_url:
        return TEMPLATES / "dagster.postgres.yaml"
    return TEMPLATES / "dagster.yaml"

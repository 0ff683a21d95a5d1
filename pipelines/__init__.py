"""The Dagster code location: assets by layer, checks, jobs, schedules, sensors, resources.
Thin by design: the work is done by ``ingest``, ``warehouse`` and ``dashboard``."""

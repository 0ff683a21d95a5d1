"""The DuckDB warehouse: SQL models (one file, one select, one Dagster asset), the runner that
executes them, the indicator catalogue and the publish step."""

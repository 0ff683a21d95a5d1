"""The warning checks a run failed (severity WARN: they do not stop publication), named where a
person reads them: the dashboard's quality note and the `cpr run` summary. Names of checks and
indicators only, never a record."""

from __future__ import annotations

import dagster as dg


def failed_warnings(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """Each failed warning check of the run: "asset check_name", with the indicators its
    failing rows name (a month-on-month jump names the indicator that jumped)."""
    named = []
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = (
            record.dagster_event.asset_check_evaluation_data if record.dagster_event else None
        )
        if (
            evaluation is None
            or evaluation.passed
            or evaluation.severity != dg.AssetCheckSeverity.WARN
        ):
            continue
        label = f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}"
        failed = evaluation.metadata.get("failed")
        indicators = sorted(
            {
                row["indicator_id"]
                for rows in (failed.value if failed else {}).values()
                for row in rows
                if isinstance(row, dict) and "indicator_id" in row
            }
        )
        named.append(label + (f" ({', '.join(indicators)})" if indicators else ""))
    return sorted(set(named))

"""Where everything lives and which LA this is: one place, read from the environment.

Every path sits under one data folder (``data/`` by default) so the embedded default runs
anywhere; a deployment points ``CPR_DATA`` (or the individual paths) elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from schemas.contract import MAX_FILE_MB

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_root: Path
    la_code: str
    la_name: str
    #: A month fails when more than this share of any table's rows is rejected.
    max_rejected_share: float = 0.05
    #: The region the regional marts gather, and its LAs (DfE codes) in column order.
    region: str = "east"
    region_las: tuple[str, ...] = ()
    #: The working day after a month ends by which its marts and dashboard are due.
    marts_due_working_day: int = 5
    #: The largest landed file read (MB); a larger one is refused before it is read.
    max_file_mb: int = MAX_FILE_MB

    @property
    def landing_root(self) -> Path:
        return Path(os.environ.get("CPR_LANDING", self.data_root / "landing"))

    @property
    def warehouse_path(self) -> Path:
        """The record-level warehouse: readable by the pipeline's user only."""
        return self.data_root / "warehouse" / f"{self.la_code}.duckdb"

    @property
    def published_path(self) -> Path:
        """The published marts: aggregates only, replaced atomically by each good run."""
        return self.published_marts_of(self.la_code)

    def published_marts_of(self, la_code: str) -> Path:
        return self.data_root / "published" / f"marts_{la_code}.duckdb"

    @property
    def region_published_path(self) -> Path:
        """The region's marts: every LA's published marts side by side, replaced atomically."""
        return self.data_root / "published" / f"marts_region_{self.region}.duckdb"

    def region_report_folder(self, month: str) -> Path:
        return self.data_root / "reports" / f"region_{self.region}" / month

    @property
    def reports_root(self) -> Path:
        return self.data_root / "reports" / self.la_code

    @property
    def key_path(self) -> Path:
        return Path(os.environ.get("CPR_KEY_FILE", self.data_root / "secrets" / "pseudonym.key"))

    @property
    def indicator_config(self) -> Path:
        """The LA's targets and comparators over the catalogue's defaults (optional)."""
        return Path(
            os.environ.get("CPR_INDICATOR_CONFIG", self.data_root / "config" / "indicators.yaml")
        )

    def landing_folder(self, month: str) -> Path:
        return self.landing_root / self.la_code / month

    def report_folder(self, month: str) -> Path:
        return self.reports_root / month


def load_settings() -> Settings:
    return Settings(
        data_root=Path(os.environ.get("CPR_DATA", PROJECT_ROOT / "data")).resolve(),
        la_code=os.environ.get("CPR_LA", "873"),
        la_name=os.environ.get("CPR_LA_NAME", "Cambridgeshire"),
        max_rejected_share=float(os.environ.get("CPR_MAX_REJECTED_SHARE", "0.05")),
        region=os.environ.get("CPR_REGION", "east"),
        region_las=tuple(
            la.strip() for la in os.environ.get("CPR_REGION_LAS", "").split(",") if la.strip()
        ),
        marts_due_working_day=int(os.environ.get("CPR_MARTS_DUE_WORKING_DAY", "5")),
        max_file_mb=int(os.environ.get("CPR_MAX_FILE_MB", str(MAX_FILE_MB))),
    )

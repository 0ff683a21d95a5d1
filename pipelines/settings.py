"""Where everything lives and which LA this is: one object, read from the environment once.

``load_settings()`` is the only code that reads the pipeline's ``CPR_*`` variables; everything
else is handed the ``Settings`` it builds (Dagster assets, sensors and schedules through the
``CareData`` resource of ``pipelines/resources.py``, the ``cpr`` commands as an argument). Every
path sits under one data folder (``data/`` by default) so the embedded default runs anywhere; a
deployment points ``CPR_DATA`` (or the individual paths) elsewhere (docs/deploy.md).

=============================  ===================================================  =========
variable                       what                                                 default
=============================  ===================================================  =========
CPR_DATA                       the data folder: warehouse/, published/, reports/    data/
CPR_LA, CPR_LA_NAME            the LA's DfE code and name                           873
                               (the name: the reference's, ingest/location.py, unless given)
CPR_LANDING                    where the LA drops each month: <la>/<YYYY-MM>/       <data>/landing
CPR_KEY_FILE                   the pseudonymisation key file                        <data>/secrets/
CPR_INDICATOR_CONFIG           the LA's targets and comparators (optional)          <data>/config/
CPR_MAX_REJECTED_SHARE         a month fails above this share of rejected rows      0.05
CPR_REGION, CPR_REGION_LAS     the region's name and its LAs, comma-separated       east, none
CPR_MARTS_DUE_WORKING_DAY      working day after month end the marts are due by     5
CPR_FIRST_MONTH                the first extract month (partition) the UI offers    landed
CPR_LAS                        the LAs one deployment runs through the run queue    CPR_LA
                               (each named as the reference names it; for_la below)
CPR_SMTP_HOST, _PORT           the LA's SMTP relay for failure and lateness notices none, 25
CPR_SMTP_FROM, CPR_SMTP_TO     the notices' sender and recipients (comma-separated) local
CPR_PG_URL                     the Dagster instance in PostgreSQL (postgresql+psycopg2) SQLite
CPR_PSEUDONYM_KEY              the key itself, instead of the key file              unset
CPR_CHROMIUM                   the browser that prints the PDF                      on PATH
CPR_PUBLISH_VERSIONED          1: versioned files and a pointer; 0: rename over     Windows: 1
CPR_TODAY                      the date the demo county is made for (YYYY-MM-DD)    today
=============================  ===================================================  =========

Two are read where they act instead, below the pipeline (which those layers must not import):
``CPR_CACHE``, the user's cache of public postcode places shared by every data folder, read
deep inside staging (ingest/location.py); and the crash tests' hooks ``CPR_PAUSE_AT`` and
``CPR_PAUSE_MARKER`` (warehouse/crashpoints.py), which are no setting of a deployment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from ingest.location import la_name_of
from schemas.contract import MAX_FILE_MB

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_root: Path
    la_code: str = "873"
    la_name: str = "Cambridgeshire"
    #: Paths that default to a folder of data_root (None: that default).
    landing: Path | None = None
    key_file: Path | None = None
    indicator_config_file: Path | None = None
    #: A month fails when more than this share of any table's rows is rejected.
    max_rejected_share: float = 0.05
    #: The region the regional marts gather, and its LAs (DfE codes) in column order.
    region: str = "east"
    region_las: tuple[str, ...] = ()
    #: The LAs whose landed months this deployment runs (CPR_LAS; default the one LA): the
    #: landing sensor starts a run per LA and month, the run queue runs them (one per LA).
    las: tuple[str, ...] = ()
    #: The working day after a month ends by which its marts and dashboard are due.
    marts_due_working_day: int = 5
    #: The first extract month ('YYYY-MM') the monthly partitions start at (None: the earliest
    #: month landed; pipelines/partitions.py).
    first_month: str | None = None
    #: Today, for the demo county (its year to date); fixed for a reproducible run.
    today: dt.date = dataclasses.field(default_factory=dt.date.today)
    #: The pseudonymisation key itself (a secrets manager's), used instead of key_path's file;
    #: never shown (repr).
    pseudonym_key: str | None = dataclasses.field(default=None, repr=False)
    #: The browser printing PDFs (None: chromium on the PATH).
    chromium: str | None = None
    #: Publish as versioned files behind a pointer (None: the platform's way; warehouse/publish.py).
    publish_versioned: bool | None = None
    #: The LA's SMTP relay for failure and lateness notices (pipelines/notify.py); no host, no
    #: email (the notices are still in the daemon's log).
    smtp_host: str = ""
    #: The Dagster instance's PostgreSQL (pipelines/instance.py); None: the SQLite default.
    pg_url: str | None = dataclasses.field(default=None, repr=False)
    smtp_port: int = 25
    smtp_from: str = "corporate-parenting@localhost"
    smtp_to: tuple[str, ...] = ()
    #: The largest landed file read (MB); a larger one is refused before it is read.
    max_file_mb: int = MAX_FILE_MB

    @property
    def landing_root(self) -> Path:
        return self.landing or self.data_root / "landing"

    @property
    def warehouse_path(self) -> Path:
        """The record-level warehouse: readable by the pipeline's user only."""
        return self.data_root / "warehouse" / f"{self.la_code}.duckdb"

    @property
    def published_path(self) -> Path:
        """The published marts: aggregates only, replaced atomically by each good run."""
        return self.published_marts_of(self.la_code)

    @property
    def public_path(self) -> Path:
        """The public marts: the published edition's figures, disclosure control applied."""
        return self.data_root / "published" / f"public_marts_{self.la_code}.duckdb"

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
        return self.key_file or self.data_root / "secrets" / "pseudonym.key"

    @property
    def indicator_config(self) -> Path:
        """The LA's targets and comparators over the catalogue's defaults (optional)."""
        return self.la_config(
            "indicators.yaml", self.indicator_config_file or self.config_root / "indicators.yaml"
        )

    @property
    def config_root(self) -> Path:
        return self.data_root / "config"

    def la_config(self, name: str, shared: Path) -> Path:
        """The LA's own config file, config/<la>/<name>, when there; else the deployment's
        (shared): one deployment running several LAs (CPR_LAS) keeps each LA's targets,
        statistical neighbours and committee details apart."""
        own = self.config_root / self.la_code / name
        return own if own.exists() else shared

    def commentary_file(self, month: str) -> Path:
        """The officer's commentary on the month (Markdown; see dashboard/commentary.py)."""
        return self.data_root / "commentary" / self.la_code / f"{month}.md"

    @property
    def committee_config(self) -> Path:
        """The committee paper's meeting, author and implications (see dashboard/committee.py)."""
        return self.la_config("committee.yaml", self.config_root / "committee.yaml")

    def landing_folder(self, month: str) -> Path:
        return self.landing_root / self.la_code / month

    def report_folder(self, month: str) -> Path:
        return self.reports_root / month

    def for_la(self, la_code: str) -> Settings:
        """These settings for another LA of the deployment (CPR_LAS): its code and its name,
        which CPR_LA_NAME gives for CPR_LA only (any other LA's is the reference's,
        ingest.location.la_name_of; the code itself for an LA it does not know)."""
        if la_code == self.la_code:
            return self
        return dataclasses.replace(self, la_code=la_code, la_name=la_name_of(la_code) or la_code)

    def with_overrides(self, **overrides: object) -> Settings:
        """These settings with the given fields replaced; a None leaves a field as it is."""
        given = {name: value for name, value in overrides.items() if value is not None}
        return dataclasses.replace(self, **given)


def _path(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value) if value else None


def load_settings() -> Settings:
    """The settings the environment gives (see the table above)."""
    la_code = os.environ.get("CPR_LA", "873")
    return Settings(
        data_root=Path(os.environ.get("CPR_DATA", PROJECT_ROOT / "data")).resolve(),
        la_code=la_code,
        la_name=os.environ.get("CPR_LA_NAME") or la_name_of(la_code) or la_code,
        landing=_path("CPR_LANDING"),
        key_file=_path("CPR_KEY_FILE"),
        indicator_config_file=_path("CPR_INDICATOR_CONFIG"),
        max_rejected_share=float(os.environ.get("CPR_MAX_REJECTED_SHARE", "0.05")),
        region=os.environ.get("CPR_REGION", "east"),
        region_las=tuple(
            la.strip() for la in os.environ.get("CPR_REGION_LAS", "").split(",") if la.strip()
        ),
        las=tuple(la.strip() for la in os.environ.get("CPR_LAS", "").split(",") if la.strip()),
        marts_due_working_day=int(os.environ.get("CPR_MARTS_DUE_WORKING_DAY", "5")),
        first_month=os.environ.get("CPR_FIRST_MONTH") or None,
        pseudonym_key=os.environ.get("CPR_PSEUDONYM_KEY") or None,
        chromium=os.environ.get("CPR_CHROMIUM") or None,
        publish_versioned={"1": True, "0": False}.get(os.environ.get("CPR_PUBLISH_VERSIONED", "")),
        smtp_host=os.environ.get("CPR_SMTP_HOST", ""),
        pg_url=os.environ.get("CPR_PG_URL") or None,
        smtp_port=int(os.environ.get("CPR_SMTP_PORT", "25")),
        smtp_from=os.environ.get("CPR_SMTP_FROM", "corporate-parenting@localhost"),
        smtp_to=tuple(
            to.strip() for to in os.environ.get("CPR_SMTP_TO", "").split(",") if to.strip()
        ),
        max_file_mb=int(os.environ.get("CPR_MAX_FILE_MB", str(MAX_FILE_MB))),
        today=dt.date.fromisoformat(os.environ["CPR_TODAY"])
        if os.environ.get("CPR_TODAY")
        else dt.date.today(),
    )


@functools.cache
def code_location_settings() -> Settings:
    """The settings as the code location loads: what Dagster must know of a definition before
    any resource exists (the partitions' first month, the warehouse pool, the freshness due day).
    Changing them takes a reload of the code location; everything else is read per use."""
    return load_settings()

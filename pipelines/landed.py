"""The months landed for an LA: folders under its landing root with a READY marker."""

from ingest.landing import READY
from pipelines.settings import Settings


def landed_months(settings: Settings) -> list[str]:
    root = settings.landing_root / settings.la_code
    return sorted(p.parent.name for p in root.glob(f"*/{READY}")) if root.exists() else []

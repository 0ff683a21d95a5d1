"""The months landed for an LA: folders under its landing root with a READY marker, named
YYYY-MM. Other landed folders (``2018-13``, ``March``) are named and skipped, never run."""

from ingest.landing import READY
from pipelines.settings import Settings
from schemas.months import parse_month


def _is_month(name: str) -> bool:
    try:
        parse_month(name)
    except ValueError:
        return False
    return True


def month_folders(settings: Settings) -> tuple[list[str], list[str]]:
    """(the LA's landed months, its other landed folders), each sorted by name."""
    root = settings.landing_root / settings.la_code
    names = sorted(p.parent.name for p in root.glob(f"*/{READY}")) if root.exists() else []
    months = [n for n in names if _is_month(n)]
    return months, [n for n in names if n not in months]


def landed_months(settings: Settings) -> list[str]:
    return month_folders(settings)[0]

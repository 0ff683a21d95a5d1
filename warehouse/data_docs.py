"""Running the quality suites (``warehouse/quality.py``) with Great Expectations and writing their
Data Docs site: a folder of static pages that opens from disk with no network.

GE's own page templates load jQuery, Bootstrap and images from CDNs and fill the index's tables
with JavaScript. The views here put the templates in ``data_docs_templates/`` before GE's (no
scripts, a plain navigation bar, tables written out in HTML, a small stylesheet) and drop any
remaining link to another site. Importing this module imports GE (seconds): only the quality
checks do, when they run.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.render.view import (
    DefaultJinjaIndexPageView,
    DefaultJinjaPageView,
)
from jinja2 import ChoiceLoader, FileSystemLoader

from warehouse.expectations import Outcome, Suite

TEMPLATES = Path(__file__).parent / "data_docs_templates"
#: A stylesheet, script or image fetched from another site: what an offline page must not ask for.
REMOTE = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>"
    r"|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>"
    r"|<img\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>",
    re.IGNORECASE,
)


class _Offline:
    """Our templates first, then GE's; nothing fetched from another site."""

    env: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), self.env.loader])

    def render(self, *args: Any, **kwargs: Any) -> str:
        return REMOTE.sub("", super().render(*args, **kwargs))  # type: ignore[misc]


class OfflinePageView(_Offline, DefaultJinjaPageView):
    pass


class OfflineIndexPageView(_Offline, DefaultJinjaIndexPageView):
    pass


def _view(cls: type) -> dict[str, str]:
    return {"module_name": __name__, "class_name": cls.__name__}


def _context(site: Path) -> Any:
    """An in-memory GE context whose one Data Docs site is ``site``."""
    return gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
            data_docs_sites={
                "quality": {
                    "class_name": "SiteBuilder",
                    "show_how_to_buttons": False,
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(site),
                    },
                    "site_index_builder": {
                        "class_name": "DefaultSiteIndexBuilder",
                        "view": _view(OfflineIndexPageView),
                    },
                    "site_section_builders": {
                        "expectations": {"view": _view(OfflinePageView)},
                        "validations": {"view": _view(OfflinePageView)},
                        "profiling": "None",  # GE never profiles (samples) the data
                    },
                },
            },
        ),
    )


def _failing_rows(result: dict[str, Any], index: tuple[str, ...]) -> list[dict[str, str]]:
    return [{k: str(row[k]) for k in index} for row in result.get("unexpected_index_list") or []]


def validate(
    suites: list[Suite], frames: dict[str, pd.DataFrame], site: Path | None
) -> dict[str, Outcome]:
    """Run each suite on its frame and, given a ``site``, write the Data Docs site there
    (replaced whole)."""
    with tempfile.TemporaryDirectory() as building:
        context = _context(Path(building))
        source = context.data_sources.add_pandas("marts")
        batches = {
            name: source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
            for name in frames
        }
        outcomes = {}
        for suite in suites:
            expectations = context.suites.add(
                gx.ExpectationSuite(
                    name=suite.name,
                    notes=suite.description,
                    expectations=[
                        getattr(gx.expectations, e.kind)(**e.kwargs, description=e.description)
                        for e in suite.expectations
                    ],
                )
            )
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=suite.name, data=batches[suite.frame], suite=expectations
                )
            )
            result = definition.run(
                batch_parameters={"dataframe": frames[suite.frame]},
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": list(suite.index),
                },
            )
            outcomes[suite.name] = Outcome(
                suite=suite.name,
                success=bool(result.success),
                evaluated=len(result.results),
                failures={
                    r.expectation_config.description: _failing_rows(r.result, suite.index)
                    for r in result.results
                    if not r.success
                },
            )
        if site is None:
            return outcomes
        context.build_data_docs()
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(building, site)
    return outcomes

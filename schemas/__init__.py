"""The extract contract, code lists and pandera models of every staged table.

pandera is imported here first, as in an install without pandas: its top level imports pandas
and numpy whenever they are installed (for its pandas API: half a second, a third of validating
a month as a whole process), and these models are pandera.polars ones. pandera supports that
layout (its polars-only install). Both stay importable afterwards by whatever needs them.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

# polars first: it notes at import which optional modules (numpy among them) it can use.
import polars  # noqa: F401

WITHOUT = ("pandas", "numpy")


class _Without(importlib.abc.MetaPathFinder):
    """Finds pandas and numpy missing, as pandera's own import expects them to be then."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name.partition(".")[0] in WITHOUT:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


if "pandas" not in sys.modules and "pandera" not in sys.modules:
    _finder = _Without()
    sys.meta_path.insert(0, _finder)
    try:
        import pandera.polars  # noqa: F401
    finally:
        sys.meta_path.remove(_finder)

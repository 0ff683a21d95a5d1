"""No import circle among our packages: a type both sides need lives in a module of its own (below
both), not in one of them imported back by the other inside a function or under TYPE_CHECKING.
Every import counts, wherever it stands, since a circle dodged at run time is still a circle to
a reader. Read from the source with ast: nothing is imported."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("pipelines", "schemas", "ingest", "warehouse", "synthetic", "dashboard")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every dotted name an import statement anywhere in the module names (``from a import b``
    names both ``a.b`` and ``a``: b may be a module or a name in a)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join([*package, *([base] if base else [])])
            names |= {f"{base}.{alias.name}" for alias in node.names}
            names.add(base)
    return names


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports. A module importing a name of its own package's
    __init__ is not an edge: Python imports the package first whatever the module says."""
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        edges = set()
        for name in imported(ast.parse(path.read_text()), module, path.name == "__init__.py"):
            while name and name not in files:
                name = name.rpartition(".")[0]
            if name and name != module and not module.startswith(f"{name}."):
                edges.add(name)
        graph[module] = edges
    return graph


def our_modules() -> dict[str, Path]:
    return {
        module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


def test_the_graph_sees_an_import_inside_a_function() -> None:
    # The walk itself: pipelines/cli.py imports its commands' modules inside functions.
    graph = import_graph(our_modules())
    assert "pipelines.definitions" in graph["pipelines.cli"]
    assert "synthetic.county" in graph["synthetic"]  # a relative import in a package __init__


def test_no_import_circle_among_our_packages() -> None:
    try:
        TopologicalSorter(import_graph(our_modules())).prepare()
    except CycleError as error:
        raise AssertionError(f"import circle: {' -> '.join(error.args[1])}") from None

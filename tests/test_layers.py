"""No import runs back up the pipeline: each top-level module of eventdesk imports only from
its own layer or the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import eventdesk

ROOT = Path(eventdesk.__file__).parent

# lowest first; a module may import its own layer and those before it
LAYERS = (
    {"__init__", "__version__", "errors", "records", "rules", "entries", "lexicon_files"},
    {"countries"},
    {"sentences"},
    {"nlp", "closing"},
    {"ingest"},
    {"resolve"},
    {"extract"},
    {"arbiter"},  # the pipeline asks it for a second opinion on each event's type
    {"pipeline"},
    {"cluster"},  # how reports link into canonical events; the store links them as it writes
    {"store"},
    {"dedup"},
    {"jobs", "output"},
    {"export"},
    {"api", "web"},
    {"scale"},
    {"eval", "explain"},
    {"rules_cli"},
    {"cli"},
)
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _imports(path: Path) -> set[str]:
    """The top-level eventdesk modules that ``path`` imports."""
    rel = path.relative_to(ROOT.parent).with_suffix("")
    package = rel.parts[:-1]  # a module's package; for __init__.py, the package itself
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            # "from . import x" and "from eventdesk import x" name modules; otherwise the
            # module itself is the target
            names_modules = not node.module or module == "eventdesk"
            targets = [f"{module}.{a.name}" for a in node.names] if names_modules else [module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            parts = target.split(".")
            if parts[0] == "eventdesk":
                out.add(parts[1] if len(parts) > 1 else "__init__")
    return out


def _top(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def test_every_module_has_a_layer() -> None:
    tops = {_top(p) for p in ROOT.rglob("*.py")}
    assert tops <= set(LAYER), tops - set(LAYER)


def test_imports_of_modules_from_the_package_are_seen() -> None:
    """``from eventdesk import cluster`` is an import of cluster, not of the package (the
    check missed the store's import of cluster, one layer up, before)."""
    store = ROOT / "store" / "sqlite.py"
    assert "cluster" in _imports(store)


def test_no_import_runs_back_up() -> None:
    upward = []
    for path in sorted(ROOT.rglob("*.py")):
        me = _top(path)
        for other in _imports(path):
            if other in LAYER and LAYER[other] > LAYER[me]:
                upward.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not upward, upward

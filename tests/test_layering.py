"""Dependencies point one way: nkwatch -> scheduler -> crawler -> store, with no cycle.

Two checks: every import statement of the product code (module level, inside functions and
under TYPE_CHECKING alike), read from the source; and what importing each layer really
loads, in a fresh interpreter. The contract (``crawler.items``, ``crawler.constants``) is
standard library only, so the store may derive its columns from it without depending on
the crawler's machinery.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

#: Highest first: a package may import its own layer and those after it.
LAYERS = ("nkwatch", "scheduler", "crawler", "store")
#: Modules below every layer: standard library only, importable from anywhere.
CONTRACT = ("crawler.items", "crawler.constants")


def product_modules() -> Iterator[tuple[str, Path]]:
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def first_party_imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every first-party module ``module`` names in an import, with its line."""
    package = module.split(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays inside its own package
                names = [package]
            else:
                base = node.module or ""
                names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name.split(".")[0] in LAYERS:
                yield name, node.lineno


def is_contract(name: str) -> bool:
    return any(name == c or name.startswith(c + ".") for c in CONTRACT)


def layer_violations(module: str, imported: str) -> str | None:
    """Why ``module`` may not import ``imported``, or None if it may."""
    if is_contract(module):
        return f"the contract module {module} imports {imported}"
    if is_contract(imported) or imported in ("crawler", *CONTRACT):
        return None
    own = LAYERS.index(module.split(".")[0])
    other = LAYERS.index(imported.split(".")[0])
    if other < own:
        return f"{module} ({LAYERS[own]}) imports {imported} ({LAYERS[other]}, above it)"
    return None


def test_every_import_points_down_the_layers() -> None:
    problems = []
    for module, path in product_modules():
        for imported, line in first_party_imports(module, path):
            why = layer_violations(module, imported)
            if why is not None:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {why}")
    assert problems == []


def test_the_check_names_an_upward_import() -> None:
    # The rule itself: the scheduler borrowing the CLI's config (the old cycle) is refused,
    # the store reading the contract is not.
    assert layer_violations("scheduler.crawl_job", "nkwatch.config") is not None
    assert layer_violations("store.rows", "crawler.runner") is not None
    assert layer_violations("store.rows", "crawler.items") is None
    assert layer_violations("crawler.items", "store.rows") is not None


LOADED = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for info in pkgutil.walk_packages(package.__path__, sys.argv[1] + "."):
    if not info.name.endswith(("__main__", ".migrations.env")) and ".migrations.versions" not in info.name:
        importlib.import_module(info.name)
print(json.dumps(sorted(sys.modules)))
"""


def loaded_by(package: str) -> set[str]:
    """The modules a fresh interpreter holds after importing every module of ``package``."""
    result = subprocess.run(
        [sys.executable, "-c", LOADED, package],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout))


@pytest.mark.slow
@pytest.mark.parametrize("package", ["store", "scheduler"])
def test_importing_a_layer_loads_nothing_above_it(package: str) -> None:
    loaded = loaded_by(package) - {"crawler", *CONTRACT}
    above = LAYERS[: LAYERS.index(package)]
    assert sorted(m for m in loaded if m.split(".")[0] in above) == []
    if package == "store":
        assert not {"scrapy", "bs4", "lxml"} & {m.split(".")[0] for m in loaded}


@pytest.mark.slow
def test_the_contract_loads_only_the_standard_library() -> None:
    code = (
        "import sys, json; before = set(sys.modules); "
        "import crawler.items, crawler.constants; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    new = {m.split(".")[0] for m in json.loads(result.stdout)}
    assert sorted(new - set(sys.stdlib_module_names)) == ["crawler"]

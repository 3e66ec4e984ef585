"""The two paths through the package stay apart: what a user's ``load()`` touches never imports maintainer code.

The contract (``contract/``) sits at the bottom, the read path (loader, citation, integrity, trade, plots, cli) above
it, and the curation path (``curation/``) beside the read path. A maintainer module on the read path would make
every user pay for (and depend on) the tools that write ``data/``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "belarus_china_data"


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, resolved to an absolute dotted name (relative imports included)."""
    relative_to = "belarus_china_data." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package_parts = relative_to.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
                found.add(module)
                found |= {f"{module}.{alias.name}" for alias in node.names}
            elif node.module:
                found.add(node.module)
    return found


def test_no_read_path_or_contract_module_imports_curation() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "curation" in path.relative_to(PACKAGE).parts:
            continue
        if any(m.startswith("belarus_china_data.curation") for m in _imported_modules(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_contract_imports_neither_path() -> None:
    for path in (PACKAGE / "contract").glob("*.py"):
        imported = {m for m in _imported_modules(path) if m.startswith("belarus_china_data.")}
        assert all(m.startswith("belarus_china_data.contract") for m in imported), path.name


def test_the_user_path_loads_no_maintainer_module() -> None:
    code = (
        "import sys, json, belarus_china_data as bcd\n"
        "bcd.load('visits'); bcd.records('agreements'); bcd.get('persons', 'per-alexander-lukashenko')\n"
        "bcd.cite(['vis-2015-xi-jinping-belarus'], style='bibtex'); bcd.verify(); bcd.sources_for('per-xi-jinping')\n"
        "from belarus_china_data import trade; trade.mirror(); trade.china_share()\n"
        "bcd.search('visa'); bcd.person('Xi Jinping'); bcd.describe('visits'); bcd.visits(with_people=True)\n"
        "bcd.agreements(visit='vis-2015-xi-jinping-belarus'); bcd.codebook()\n"
        "from belarus_china_data.cli import main; main(['show', 'visits', '--limit', '1'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('belarus_china_data'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert "belarus_china_data.loader" in loaded  # the probe did run the read path
    assert [m for m in loaded if m.startswith("belarus_china_data.curation")] == []


# ---- the read path as layers, and no import circle anywhere --------------------------------------------------------

#: The read path from the bottom up: a module may import only modules of its own floor or below (never above), and
#: no module another's private names. ``shipped`` owns the shipped files; ``errors`` is a leaf.
READ_PATH_FLOORS = [
    {"errors", "constraints", "_version", "_release"},
    {"shipped"},
    {"query"},
    {"loader"},
    {"meanings", "views", "relations", "integrity"},
    {"citation", "trade", "alignment", "plots"},
    {"site.generate", "site", "cli", "__main__", "__init__"},
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _runtime_imports(path: Path) -> set[str]:
    """Package modules a file imports when it runs (``if TYPE_CHECKING:`` blocks left out), as dotted names
    relative to the package (``loader``, ``contract.models``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # drop the TYPE_CHECKING blocks
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    module = "belarus_china_data." + _module_name(path)
    package_parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package_parts[: len(package_parts) - node.level + 1])
                origin = f"{base}.{node.module}" if node.module else base
            else:
                origin = node.module or ""
            names = [origin, *(f"{origin}.{alias.name}" for alias in node.names)]
        found |= {n.removeprefix("belarus_china_data.") for n in names if n.startswith("belarus_china_data.")}
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {m for m in _runtime_imports(path) if m in modules and m != name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_in_the_package() -> None:
    """Function-level imports count too: they may defer a heavy third-party module, not hide a circle."""
    graph = _import_graph()
    assert graph["loader"] >= {"shipped", "query"}  # the walk does see imports
    assert _cycles(graph) == []


def test_a_circle_is_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_read_path_imports_only_downwards() -> None:
    floor = {module: level for level, modules in enumerate(READ_PATH_FLOORS) for module in modules}
    graph = _import_graph()
    upward = [
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module in floor
        for target in targets
        if target in floor and floor[target] > floor[module]
    ]
    assert upward == []


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("belarus_china_")):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                offenders += [f"{_module_name(path)}: {node.module}.{name}" for name in private]
    assert offenders == []


#: The binary files the repository may hold: the shipped tables and the README's images.
ALLOWED_BINARIES = {
    "docs/dyad-years.png",
    "docs/site-charts.png",
    "docs/site-home.png",
    "docs/site-record.png",
    "docs/timeline.png",
    "docs/trade-by-reporter.png",
    "docs/trade-mirror-gap.png",
    "docs/trade-turnover.png",
    "docs/unga-alignment.png",
}


def test_no_binary_file_in_the_tree() -> None:
    """A wheel, an archive or a workbook committed by mistake is caught before it is pushed (tracked files and
    new ones git does not ignore); the Parquet files under the package data folder and the listed images only."""
    root = PACKAGE.parents[1]
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:  # an unpacked sdist: no git
        import pytest

        pytest.skip("not a git checkout")
    binaries = []
    for name in sorted(set(listed.stdout.decode().split("\0")) - {""}):
        path = root / name
        if not path.is_file():  # deleted but not yet committed
            continue
        with path.open("rb") as handle:
            if b"\0" not in handle.read(8192):
                continue
        if name.startswith("src/belarus_china_data/_data/") and name.endswith(".parquet"):
            continue
        binaries.append(name)
    assert sorted(set(binaries) - ALLOWED_BINARIES) == []

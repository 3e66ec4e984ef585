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

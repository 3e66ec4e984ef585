"""One version everywhere: the package, both descriptors, CITATION.cff and the top CHANGELOG entry agree."""

from __future__ import annotations

import json
import re

import belarus_china_data as bcd
from belarus_china_data._version import __release_date__
from belarus_china_data.contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR

from .conftest import ROOT


def test_descriptors_carry_the_package_version() -> None:
    for path in (ROOT / "datapackage.json", SHIPPED_DIR / SHIPPED_DESCRIPTOR):
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == bcd.__version__, path


def _cff_value(text: str, key: str) -> str:
    """A top-level scalar of CITATION.cff, quoted or not."""
    found = re.search(rf"^{key}: (.+)$", text, re.M)
    assert found, key
    return found.group(1).strip().strip("\"'")


def test_citation_file_matches() -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert _cff_value(text, "version") == bcd.__version__
    assert _cff_value(text, "date-released") == __release_date__


def test_top_changelog_entry_is_this_release() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    top = re.search(r"^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert top is not None
    assert (top.group(1), top.group(2)) == (bcd.__version__, __release_date__)


def test_licences_are_stated() -> None:
    licences = {item["name"] for item in json.loads((ROOT / "datapackage.json").read_text())["licenses"]}
    assert licences == {"CC-BY-4.0", "MIT"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "MIT" in readme


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme.split("## Use")[0], re.S)
    assert len(commands) == 2
    assert commands[1] == "bash scripts/check"
    assert "bash scripts/check" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_python_examples_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.+?)\n```", readme, re.S)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:  # in reading order, sharing names as a reader would
        exec(compile(block, "README.md", "exec"), namespace)


def test_dependency_floors_are_the_lowest_tested_versions() -> None:
    """pyproject's floors of the runtime dependencies are exactly the versions the lowest-versions run installs."""
    import tomllib

    pinned = dict(
        line.split("==")
        for line in (ROOT / "constraints" / "lowest.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    floors = {re.split(r"[<>=\[]", d)[0]: re.search(r">=([0-9.]+)", d).group(1) for d in dependencies}  # type: ignore[union-attr]
    assert floors == pinned
    assert "constraints/lowest.txt" in (ROOT / "scripts" / "check").read_text(encoding="utf-8")


def test_every_earlier_snapshot_is_published() -> None:
    """Each release snapshot but the one in development is listed as published, so the build never rewrites it."""
    from belarus_china_data.curation.build import published_versions

    snapshots = {path.stem for path in (ROOT / "releases").glob("*.json")}
    assert snapshots - {bcd.__version__} <= published_versions(ROOT)

"""Shared fixtures: a scratch copy of the repository's source data that a test may break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from belarus_china_data.curation.build import repository_root

ROOT = repository_root()
#: The raw inputs beside the checkout (IMF DOTS workbooks, UN votes), as CI lays them out.
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The read path's doctests exercise pandas, pyarrow and pydantic: they belong to the lowest-versions run."""
    for item in items:
        if isinstance(item, pytest.DoctestItem) and "curation" not in item.nodeid:
            item.add_marker(pytest.mark.dependencies)


def needs_shared(folder: str) -> pytest.MarkDecorator:
    """Skip a test that compares the data with a raw input in ``../shared/sources/<folder>`` when it is absent, with
    a message that says what is missing and why; under CI (``CI=true``) the raw inputs must be there, so the test
    fails instead of skipping (a runner that has no copy of them, such as the release workflow, says so with
    ``BCD_WITHOUT_RAW_INPUTS=1``)."""
    import os

    present = (SHARED_SOURCES / folder).is_dir()
    if not present and os.environ.get("CI") == "true" and not os.environ.get("BCD_WITHOUT_RAW_INPUTS"):
        raise RuntimeError(f"CI needs {SHARED_SOURCES / folder}: the raw inputs the figures are checked against")
    return pytest.mark.skipif(
        not present,
        reason=f"the raw input folder {SHARED_SOURCES / folder} is not beside this checkout, so the figures cannot be "
        "compared with the files they were imported from (a clone of the project's shared folder provides it)",
    )


@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the maintainer tools read and write (data, schemas, releases, descriptors, CHANGELOG and the
    package data folder under ``pkg/_data``), built once per session (per worker under xdist) with the installed
    pyarrow, whose Parquet bytes may differ from the committed ones. Never handed to a test: :func:`built_copy`
    gives each module its own copy of it, so a test may break it on purpose."""
    from belarus_china_data.contract.paths import SHIPPED_DIR
    from belarus_china_data.curation.build import build

    root = tmp_path_factory.mktemp("built")
    for folder in ("data", "schemas", "releases"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("datapackage.json", "CODEBOOK.md", "CHANGELOG.md", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(SHIPPED_DIR, root / "pkg" / "_data")
    shutil.copy(SHIPPED_DIR.parent / "_release.py", root / "pkg" / "_release.py")
    open_current_version(root)
    build(root, shipped_dir=root / "pkg" / "_data")  # Parquet bytes follow the installed pyarrow: rebuild once
    return root


def copy_built(template: Path, target: Path) -> Path:
    """A copy of the built tree at ``target`` (a plain file copy: no second build)."""
    shutil.copytree(template, target)
    return target


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """A copy of ``data/``, ``releases/`` and ``CHANGELOG.md`` (and nothing else) in a checkout-shaped folder.

    The release snapshots and the changelog come along because the rules check ``retired_in`` against the
    releases and every retired id of a release against the changelog.
    """
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "releases", tmp_path / "releases")
    shutil.copy2(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    open_current_version(tmp_path)
    return tmp_path


def open_current_version(root: Path) -> None:
    """Work on the copy as between releases: the installed version, if already published, is taken off the copy's
    ``releases/PUBLISHED``, so that the maintainer tools' other checks can be exercised with changed data. The
    freeze itself is tested by listing the version again (``test_a_published_snapshot_is_never_rewritten``) and
    on the published snapshots (``tests/test_frozen_releases.py``)."""
    from belarus_china_data import __version__

    listing = root / "releases" / "PUBLISHED"
    if listing.is_file():
        lines = listing.read_text(encoding="utf-8").splitlines(keepends=True)
        listing.write_text("".join(line for line in lines if line.strip() != __version__), encoding="utf-8")


def rewrite_cell(path: Path, record_id: str, column: str, value: str) -> int:
    """Set ``column`` of the row whose first cell is ``record_id``; return that row's line number."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = rows[0].index(column)
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == record_id:
            row[index] = value
            buffer = io.StringIO(newline="")
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            path.write_text(buffer.getvalue(), encoding="utf-8")
            return number
    raise AssertionError(f"{record_id} not in {path}")

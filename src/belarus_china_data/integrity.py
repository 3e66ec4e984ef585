"""Check that the installed data are exactly what was released.

The shipped descriptor records the sha256 hash, the byte size and the row count of every Parquet file and the
release version. :func:`verify` recomputes them from the files on disk and reports every difference, so a user can
state in a paper that the tables they loaded are those of the cited release.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR

if TYPE_CHECKING:
    from frictionless import Report

__all__ = ["VerifyReport", "frictionless_report", "validate", "verify"]


@dataclass(frozen=True)
class VerifyReport:
    """Result of :func:`verify`: ``ok`` when nothing differs; ``problems`` lists each difference in one line."""

    version: str
    files: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file matches the descriptor and the descriptor matches the package version."""
        return not self.problems


def _sha256(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def verify(shipped_dir: Path = SHIPPED_DIR) -> VerifyReport:
    """Recompute hash, size and row count of every shipped file and compare them with the shipped descriptor.

    Nothing is repaired and nothing touches the network. A missing or unreadable file, a changed byte, a wrong
    row count, a descriptor of another version than the installed package, a descriptor whose own hash differs
    from the one the build recorded in the package code (``_release.py``), and a changed release history or
    codebook are all reported; without ``_release.py`` the installation is reported as damaged.

    >>> import belarus_china_data as bcd
    >>> report = verify()
    >>> report.ok, report.files == len(bcd.tables()) + 2  # the tables, the release history and the codebook
    (True, True)
    """
    import pyarrow.parquet as pq

    descriptor_path = shipped_dir / SHIPPED_DESCRIPTOR
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return VerifyReport(__version__, 0, [f"{descriptor_path}: unreadable descriptor ({exc})"])
    problems = []
    try:
        from ._release import DESCRIPTOR_SHA256
    except ImportError:
        return VerifyReport(
            str(descriptor.get("version")),
            0,
            [
                f"{descriptor_path.parent.parent / '_release.py'}: missing, so the descriptor cannot be checked; the "
                "installation is damaged: reinstall belarus-china-data"
            ],
        )
    if shipped_dir == SHIPPED_DIR and _sha256(descriptor_path.read_bytes()) != DESCRIPTOR_SHA256:
        problems.append(f"{descriptor_path}: sha256 differs from the one recorded at build time (edited by hand?)")
    if descriptor.get("version") != __version__:
        problems.append(
            f"{descriptor_path}: descriptor version {descriptor.get('version')} differs from package {__version__}"
        )
    resources = descriptor.get("resources", [])
    for resource in resources:
        path = shipped_dir / resource["path"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            problems.append(f"{path}: missing or unreadable ({exc.strerror})")
            continue
        if len(content) != resource["bytes"]:
            problems.append(f"{path}: {len(content)} bytes, descriptor says {resource['bytes']}")
        if _sha256(content) != resource["hash"]:
            problems.append(f"{path}: sha256 differs from the descriptor")
        try:
            rows = pq.read_metadata(path).num_rows
        except Exception as exc:  # pyarrow raises several types for corrupt files
            problems.append(f"{path}: not a readable Parquet file ({exc})")
            continue
        if rows != resource["rows"]:
            problems.append(f"{path}: {rows} rows, descriptor says {resource['rows']}")
    others = descriptor.get("otherFiles", [])
    for other in others:
        path = (shipped_dir / other["path"]).resolve()
        if other["name"] == "codebook":
            path = _installed_codebook(shipped_dir, path)
        try:
            content = path.read_bytes()
        except OSError as exc:
            problems.append(f"{path}: missing or unreadable ({exc.strerror})")
            continue
        if len(content) != other["bytes"] or _sha256(content) != other["hash"]:
            problems.append(f"{path}: differs from the release ({len(content)} bytes, sha256 not the descriptor's)")
    return VerifyReport(str(descriptor.get("version")), len(resources) + len(others), problems)


def _installed_codebook(shipped_dir: Path, beside_data: Path) -> Path:
    """The codebook lies beside the data folder in a wheel, at the top of the repository in a source checkout."""
    in_checkout = shipped_dir.resolve().parents[2] / "CODEBOOK.md"
    return beside_data if beside_data.is_file() or not in_checkout.is_file() else in_checkout


def frictionless_report(descriptor: Path | dict[str, Any]) -> Report:
    """Validate a Data Package descriptor with frictionless-py and return its report.

    frictionless is imported here, on first use, because it is heavy.

    >>> schema = {"fields": [{"name": "year", "type": "integer"}]}
    >>> frictionless_report({"resources": [{"name": "t", "data": [["year"], ["1992"]], "schema": schema}]}).valid
    True
    """
    from frictionless import Package, system

    with system.use_context(trusted=True):
        if isinstance(descriptor, Path):
            package = Package(str(descriptor.name), basepath=str(descriptor.parent))
        else:
            package = Package(descriptor)
        report: Report = package.validate()
    return report


def validate() -> Report:
    """Validate the shipped tables with Frictionless against the published schemas; return the report.

    The Parquet files are read with pyarrow and handed to frictionless-py as rows of text cells (the way the
    CSV sources read), so types, constraints, primary keys and foreign keys are all checked on exactly what
    the installed package serves.

    >>> import belarus_china_data as bcd
    >>> report = bcd.validate()
    >>> report.valid, report.stats["tasks"] == len(bcd.tables())
    (True, True)
    """
    from .contract.cells import render_cell
    from .loader import arrow_table, shipped_descriptor

    resources = []
    for resource in shipped_descriptor()["resources"]:
        table = arrow_table(resource["name"])
        header = table.column_names
        rows = [[render_cell(value) for value in row.values()] for row in table.to_pylist()]
        resources.append(
            {"name": resource["name"], "type": "table", "data": [header, *rows], "schema": resource["schema"]}
        )
    return frictionless_report({"name": "belarus-china-data", "resources": resources})

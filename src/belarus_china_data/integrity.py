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
from typing import Literal

from ._version import __version__
from .constraints import ValidationReport, frictionless_report
from .contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR

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
    >>> report.ok, report.files == len(bcd.tables()) + 3  # the tables, the release history, codebook and search index
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
        size = resource.get("belarus_china_data", {}).get("bytes", resource.get("bytes"))
        if len(content) != size:
            problems.append(f"{path}: {len(content)} bytes, descriptor says {size}")
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


def validate(engine: Literal["pyarrow", "frictionless"] = "pyarrow") -> ValidationReport:
    """Validate the shipped tables against the published Table Schemas; return the report.

    Every constraint the schemas declare is checked: types, required, pattern, length, range, categories, primary
    and foreign keys. The default engine checks them column-wise on the Arrow tables
    (:func:`~belarus_china_data.constraints.check_tables`); ``engine="frictionless"`` hands every row to
    frictionless-py as text cells (the way the CSV sources read), the independent referee the test suite holds the
    default to. Both return the same kind of report.

    >>> import belarus_china_data as bcd
    >>> report = bcd.validate()
    >>> report.valid, report.stats["tasks"] == len(bcd.tables())
    (True, True)
    """
    from .constraints import check_tables, frictionless_tables
    from .shipped import arrow_table, descriptor, tables

    if engine not in ("pyarrow", "frictionless"):
        raise ValueError(f"unknown engine {engine!r}; use pyarrow or frictionless")
    shipped = {name: arrow_table(name) for name in tables()}  # type: ignore[arg-type]
    check = check_tables if engine == "pyarrow" else frictionless_tables
    return check(shipped, descriptor())

"""The release bundle: every table as CSV, Parquet and Stata, with the descriptor, codebook, citation and checksums.

A bundle is what a user of R, Stata or a spreadsheet downloads instead of the Python package: one folder (the
release workflow zips it) that any tool reads, and that ``frictionless validate datapackage.json`` checks against
the Table Schemas. The CSV files are the canonical text of the tables (the same cells as the project's
``data/*.csv``), so reading them back gives the rows :func:`belarus_china_data.load` gives.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._version import __release_date__, __version__
from .contract.cells import render_cell
from .contract.paths import SHIPPED_DIR
from .shipped import package_file

__all__ = ["Bundle", "bundle_descriptor", "write_bundle"]

#: Where the data come from, in the Data Package's ``sources`` (each record names its own in the sources table).
DATA_SOURCES = [
    {
        "title": "Official publications of the governments of Belarus and China, their ministries, embassies and news "
        "agencies, legal databases and other public sources, named record by record in the sources table",
    },
    {"title": "International Monetary Fund, Direction of Trade Statistics (DOTS), vintage of January 2022"},
    {
        "title": "Erik Voeten, United Nations General Assembly voting data (Harvard Dataverse, hdl:1902.1/12379, CC0), "
        "as packaged by the R package unvotes (March 2021)",
    },
]
#: The formats each table is written in, and their folders.
FORMATS = ("csv", "parquet", "dta")


@dataclass(frozen=True)
class Bundle:
    """What :func:`write_bundle` wrote: the folder, its files (relative paths) and their total size in bytes."""

    outdir: Path
    files: list[str]
    bytes: int


def _csv_text(table: str) -> str:
    """The canonical CSV text of a shipped table: the header, then each row's cells as the build writes them."""
    from .shipped import arrow_table

    data = arrow_table(table)  # type: ignore[arg-type]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(data.column_names)
    writer.writerows(zip(*(_rendered(data.column(i)) for i in range(data.num_columns)), strict=True))
    return buffer.getvalue()


def _rendered(column: Any) -> list[str]:
    """A column's cells as the build writes them (:func:`render_cell`), the common types without a call per cell."""
    import pyarrow as pa

    values = column.to_pylist()
    if pa.types.is_string(column.type) or pa.types.is_dictionary(column.type):
        return [str(v) if v is not None else "" for v in values]
    if pa.types.is_integer(column.type):
        return [str(v) if v is not None else "" for v in values]
    return [render_cell(v) for v in values]


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def bundle_descriptor(csv_files: dict[str, bytes]) -> dict[str, Any]:
    """The Data Package descriptor of a bundle: the shipped descriptor's tables and schemas over the CSV files
    (``csv_files`` maps each table to its CSV bytes), with the dataset's identity, dates, keywords, contributors,
    sources and licences.

    >>> from belarus_china_data.loader import tables
    >>> descriptor = bundle_descriptor({name: b"" for name in tables()})
    >>> descriptor["version"] == __version__, descriptor["resources"][0]["path"]
    (True, 'csv/sources.csv')
    """
    from .shipped import shipped_descriptor

    shipped = shipped_descriptor()
    resources = []
    for resource in shipped["resources"]:
        content = csv_files[resource["name"]]
        resources.append(
            {
                "name": resource["name"],
                "type": "table",
                "title": resource.get("title"),
                "description": resource.get("description"),
                "path": f"csv/{resource['name']}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(content),
                "hash": "sha256:" + _sha256(content),
                "schema": resource["schema"],
            }
        )
    descriptor: dict[str, Any] = {
        "$schema": shipped["$schema"],
        "id": shipped.get("id") or f"belarus-china-data-{__version__}",
        "name": shipped["name"],
        "title": shipped["title"],
        "description": shipped["description"],
        "version": __version__,
        "created": f"{__release_date__}T00:00:00Z",
        "keywords": shipped["keywords"],
        "contributors": [{"title": "The belarus-china-data contributors", "roles": ["author"]}],
        "sources": DATA_SOURCES,
        "licenses": shipped["licenses"],
        "resources": resources,
    }
    if shipped.get("homepage"):
        descriptor["homepage"] = shipped["homepage"]
    return descriptor


_README = """# belarus-china-data {version}: release bundle

The relations between Belarus and China since 1992 as sourced tables, release {version} ({date}).
Every table is here three times: `csv/` (UTF-8, the canonical text: empty cells are unknown values), `parquet/`
(the files the Python package ships) and `stata/` (Stata 14 or newer, each field's description as its variable
label). `datapackage.json` describes the CSV files (fields, types, constraints, categories; `frictionless validate
datapackage.json` checks them), `CODEBOOK.md` says what every table, field and category means, `CITATION.cff` how to
cite this release, and `SHA256SUMS` holds the checksums (`sha256sum -c SHA256SUMS`).

R (base R only):

```r
visits <- read.csv("csv/visits.csv", encoding = "UTF-8", na.strings = "", stringsAsFactors = FALSE)
table(visits$kind)
```

Stata:

```stata
use "stata/visits.dta", clear
describe
```

Python (no package needed): `pandas.read_csv("csv/visits.csv", keep_default_na=False, na_values=[""])`.
Data: CC BY 4.0. Please cite the release: see CITATION.cff.
"""


def write_bundle(outdir: str | os.PathLike[str], *, formats: tuple[str, ...] = FORMATS) -> Bundle:
    """Write the release bundle into ``outdir``, a folder that does not exist yet or is empty.

    ``formats`` chooses the table files: ``csv`` (always written: the descriptor describes them), ``parquet``
    and ``dta`` (Stata).

    The bundle is written into a temporary folder beside ``outdir`` and moved into place at the end, so ``outdir``
    holds either the whole bundle or nothing; a folder with files in it is refused rather than touched (choose a
    new one). Returns what was written.

    >>> import tempfile, pathlib
    >>> written = write_bundle(pathlib.Path(tempfile.mkdtemp()) / "bundle")
    >>> "SHA256SUMS" in written.files and "csv/visits.csv" in written.files
    True
    """
    from .exports import to_stata
    from .loader import load, tables

    target = Path(outdir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is not a folder" if not target.is_dir() else "is a folder with files in it"
        raise FileExistsError(f"{target} {what}; the bundle goes into a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a bundle is for sharing
    try:
        files: dict[str, bytes] = {}
        csv_files = {name: _csv_text(name).encode("utf-8") for name in tables()}
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"formats: {unknown[0]!r} is not one of {', '.join(FORMATS)}")
        for name, content in csv_files.items():
            files[f"csv/{name}.csv"] = content
            if "parquet" in formats:
                files[f"parquet/{name}.parquet"] = (SHIPPED_DIR / f"{name}.parquet").read_bytes()
        files["datapackage.json"] = (
            json.dumps(bundle_descriptor(csv_files), indent=1, ensure_ascii=False) + "\n"
        ).encode("utf-8")
        files["CODEBOOK.md"] = package_file("CODEBOOK.md").read_bytes()
        files["CITATION.cff"] = package_file("CITATION.cff").read_bytes()
        files["README.md"] = _README.format(version=__version__, date=__release_date__).encode("utf-8")
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if "dta" in formats:
            (staging / "stata").mkdir()
            for name in tables():
                to_stata(load(name), name, staging / "stata" / f"{name}.dta")  # type: ignore[call-overload]
        written = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        sums = "".join(f"{_sha256((staging / f).read_bytes())}  {f}\n" for f in written)
        (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    listed = [*written, "SHA256SUMS"]
    return Bundle(target, sorted(listed), sum((target / f).stat().st_size for f in listed))

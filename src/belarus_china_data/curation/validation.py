"""Validate the source data: every row as its model, then the links between tables.

Three tiers, each catching what the one before cannot:

1. each CSV line parses and validates as its pydantic model (types, patterns, categories, date logic);
2. across rows and tables: unique primary keys, foreign keys, every record backed by a source, every
   source used (this module);
3. Frictionless validation of the published descriptor against the published schemas
   (:func:`belarus_china_data.integrity.frictionless_report`), so that what users validate with standard tools
   agrees with us.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..contract.models import TABLE_MODELS, Claim, Record, RecordSource, RetiredId, Source, tables_by_prefix
from .csvfiles import DataError, DataValidationError, read_table_csv
from .rules import check_rules
from .sourcedata import SourceData

__all__ = ["SourceData", "check_integrity", "read_source"]


def read_source(data_dir: Path, root: Path | None = None) -> SourceData:
    """Read and fully validate every table in ``data_dir``; raise :class:`DataValidationError` listing all errors.

    Rows are validated as their models, then keys and links (:func:`check_integrity`), then the rules across
    tables (:mod:`.rules`); ``root`` is the repository the data belongs to (default: the folder above
    ``data_dir``), whose ``releases/`` the rules consult.

    >>> from belarus_china_data.curation.build import repository_root
    >>> data = read_source(repository_root() / "data")
    >>> len(data.records["sources"]) > 0
    True
    """
    records: dict[str, list[Record]] = {}
    lines: dict[str, list[int]] = {}
    rejected: dict[str, set[tuple[str, ...]]] = {}
    errors: list[DataError] = []
    for name in TABLE_MODELS:
        result = read_table_csv(data_dir / f"{name}.csv", name, display_name=f"data/{name}.csv")
        records[name], lines[name], rejected[name] = result.records, result.lines, result.rejected_keys
        errors.extend(result.errors)
    data = SourceData(records, lines, rejected)
    errors.extend(check_integrity(data))
    if not errors:  # the rules assume keys and links hold
        errors.extend(check_rules(data, root or data_dir.parent))
    if errors:
        raise DataValidationError(errors)
    return data


def _key(record: Record, fields: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(record, f) for f in fields)


def check_integrity(data: SourceData) -> list[DataError]:
    """Check what no single row can: unique keys, references between tables, sources of every record.

    Returns the problems found (an empty list when all is well), each naming file, line and field.
    """
    errors: list[DataError] = []
    keys: dict[str, set[tuple[Any, ...]]] = {}
    for name, model in TABLE_MODELS.items():
        seen: dict[tuple[Any, ...], int] = {}
        for index, record in enumerate(data.records[name]):
            key = _key(record, model.table.primary_key)
            line = data.locate(name, index)
            if key in seen:
                errors.append(
                    DataError(
                        f"data/{name}.csv",
                        line,
                        model.table.primary_key[0],
                        f"duplicate id {'/'.join(map(str, key))} (first on line {seen[key]})",
                    )
                )
            else:
                seen[key] = line
        keys[name] = set(seen)
    # rows rejected by the row checks were reported there; count their ids as present to avoid cascades
    known = {name: keys[name] | data.rejected_keys.get(name, set()) for name in TABLE_MODELS}

    for name, model in TABLE_MODELS.items():
        for fk in model.table.foreign_keys:
            # every foreign key of this dataset references the whole primary key of its table
            targets = known[fk.reference_table]
            for index, record in enumerate(data.records[name]):
                value = _key(record, fk.fields)
                if any(v is None for v in value):
                    continue
                if value not in targets:
                    errors.append(
                        DataError(
                            f"data/{name}.csv",
                            data.locate(name, index),
                            fk.fields[0],
                            f"{'/'.join(map(str, value))} is not an id in {fk.reference_table}",
                        )
                    )

    prefixes = tables_by_prefix()

    def exists(record_id: str) -> bool:
        return (record_id,) in known[prefixes[record_id.split("-", 1)[0]]]

    backed: set[str] = set()
    used_sources: set[str] = set()
    for index, link in enumerate(data.records["record_sources"]):
        assert isinstance(link, RecordSource)
        record_id = link.record_id
        used_sources.add(link.source_id)
        if not exists(record_id):
            table = prefixes[record_id.split("-", 1)[0]]
            errors.append(
                DataError(
                    "data/record_sources.csv",
                    data.locate("record_sources", index),
                    "record_id",
                    f"{record_id} is not an id in {table}",
                )
            )
        backed.add(record_id)
    retired_rows = [r for r in data.records["retired_ids"] if isinstance(r, RetiredId)]
    retired_ids = {r.retired_id for r in retired_rows}
    for index, retired in enumerate(retired_rows):
        line = data.locate("retired_ids", index)
        if exists(retired.retired_id):
            errors.append(
                DataError("data/retired_ids.csv", line, "retired_id", f"{retired.retired_id} is retired but in use")
            )
        successor = retired.successor_id
        if successor is not None and not exists(successor) and successor not in retired_ids:
            errors.append(
                DataError("data/retired_ids.csv", line, "successor_id", f"{retired.successor_id} is no record")
            )
    for index, claim in enumerate(data.records["claims"]):
        assert isinstance(claim, Claim)
        for record_id in claim.evidence_ids.split("; "):
            if not exists(record_id):
                errors.append(
                    DataError(
                        "data/claims.csv", data.locate("claims", index), "evidence_ids", f"{record_id} is no record"
                    )
                )
    for name, model in TABLE_MODELS.items():
        if not model.table.id_prefix or name == "sources":
            continue
        id_field = model.table.primary_key[0]
        for index, record in enumerate(data.records[name]):
            if getattr(record, id_field) not in backed:
                errors.append(
                    DataError(
                        f"data/{name}.csv",
                        data.locate(name, index),
                        id_field,
                        f"{getattr(record, id_field)} has no source in data/record_sources.csv",
                    )
                )
    # A dataset-level source (one dataset behind a whole table, e.g. the UN voting data) is named in a source_id
    # column of that table's rows instead of being linked row by row; naming it there uses it too.
    for name, model in TABLE_MODELS.items():
        for fk in model.table.foreign_keys:
            if fk.reference_table == "sources":
                used_sources.update(str(getattr(record, fk.fields[0])) for record in data.records[name])
    for index, source in enumerate(data.records["sources"]):
        assert isinstance(source, Source)
        source_id = source.source_id
        if source_id not in used_sources:
            errors.append(
                DataError(
                    "data/sources.csv",
                    data.locate("sources", index),
                    "source_id",
                    f"{source_id} backs no record in data/record_sources.csv",
                )
            )
    return errors

"""Meanings at hand: what a table, a field or a category means, from the descriptor shipped with the data.

Everything here reads the installed release's ``datapackage.json`` (generated from the models), so it describes
exactly the tables that were installed, including tables added after this module was written.

>>> print(describe("visits", "kind"))  # doctest: +ELLIPSIS
visits.kind: category
  Protocol format; empty when no source names it (the note may say more).
  categories:
    state ...
"""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FilterError, closest
from .shipped import descriptor, package_file, resource

__all__ = ["Description", "codebook", "codebook_path", "describe"]

_CODEBOOK = "CODEBOOK.md"


@dataclass(frozen=True)
class Description:
    """A table's or a field's description: ``text`` to read, ``data`` (the descriptor entry) to compute with.

    Printing it (or showing it in a notebook) gives the text.

    >>> description = describe("claims", "verdict")
    >>> description.data["name"], "contradicted" in description.text
    ('verdict', True)
    """

    text: str
    data: dict[str, Any] = field(repr=False)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def _type_text(spec: dict[str, Any]) -> str:
    constraints = spec.get("constraints", {})
    kind = "category" if constraints.get("enum") else spec["type"]
    details = []
    if constraints.get("required"):
        details.append("required")
    if "pattern" in constraints:
        details.append(f"pattern {constraints['pattern']}")
    for name, label in (("minimum", ">="), ("maximum", "<="), ("minLength", "length >="), ("maxLength", "length <=")):
        if name in constraints:
            details.append(f"{label} {constraints[name]}")
    return kind + (f" ({', '.join(details)})" if details else "")


def _field_text(table: str, spec: dict[str, Any], schema: dict[str, Any]) -> str:
    lines = [f"{table}.{spec['name']}: {_type_text(spec)}"]
    lines += textwrap.wrap(spec.get("description", ""), 100, initial_indent="  ", subsequent_indent="  ")
    for foreign in schema.get("foreignKeys", []):
        if spec["name"] in foreign["fields"]:
            reference = foreign["reference"]
            lines.append(f"  refers to {reference['resource']}.{', '.join(reference['fields'])}")
    if spec["name"] in schema.get("primaryKey", []):
        lines.append("  part of the key" if len(schema["primaryKey"]) > 1 else "  the id of each row")
    categories = spec.get("categories") or [
        {"value": v, "label": ""} for v in spec.get("constraints", {}).get("enum", [])
    ]
    if categories:
        lines.append("  categories:")
        width = max(len(str(c["value"])) for c in categories)
        lines += [f"    {c['value']!s:<{width}}  {c.get('label', '')}".rstrip() for c in categories]
    return "\n".join(lines)


def describe(table: str | None = None, field: str | None = None) -> Description:
    """What a table (or one of its fields) is: purpose, fields, types, constraints and category meanings.

    Without arguments, every table with its title and row count. ``"visits.kind"`` is the same as
    ``("visits", "kind")``. An unknown table or field raises ``ValueError`` naming the closest one.

    >>> print(describe("coverage").text.splitlines()[0])
    coverage: Coverage
    >>> describe("visits", "kind").data["constraints"]["enum"][0]
    'state'
    >>> describe("visits", "knd")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    belarus_china_data.errors.FilterError: no field 'knd' in table 'visits'; did you mean 'kind'? ...
    """
    if table is None:
        package = descriptor()
        resources = package["resources"]
        width = max(len(r["name"]) for r in resources)
        lines = [f"{package.get('title', '')} {package['version']}", ""]
        lines += [f"{r['name']:<{width}}  {r.get('rows', '?'):>6} rows  {r.get('title', '')}" for r in resources]
        lines += ["", "describe(TABLE) or describe(TABLE, FIELD) for the meanings."]
        return Description("\n".join(lines), {"resources": [r["name"] for r in resources]})
    if field is None and "." in table:
        table, field = table.split(".", 1)
    if table == "dyad_years":  # the derived panel: its variables are described where they are computed
        from .panel import describe_panel, variables

        return Description(describe_panel(field), {"variables": [v.name for v in variables()]})
    found = copy.deepcopy(resource(table))  # the caller's to change
    schema = found["schema"]
    if field is not None:
        spec = next((f for f in schema["fields"] if f["name"] == field), None)
        if spec is None:
            names = [f["name"] for f in schema["fields"]]
            near = closest(field, names, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else "."
            raise FilterError(
                f"no field {field!r} in table {table!r}{hint} The fields of {table} are: {', '.join(names)}"
            )
        return Description(_field_text(table, spec, schema), spec)
    lines = [f"{table}: {found.get('title', table)}"]
    lines += textwrap.wrap(found.get("description", ""), 100, initial_indent="  ", subsequent_indent="  ")
    key = schema.get("primaryKey", [])
    lines.append(f"  {found.get('rows', '?')} rows; one row per {' + '.join(key) or 'row'}")
    lines.append("")
    lines += [_field_text(table, spec, schema) for spec in schema["fields"]]
    return Description("\n".join(lines), found)


def codebook_path() -> Path:
    """Where the codebook (``CODEBOOK.md``: every table, field, category and the coverage) is installed.

    It ships inside the wheel; in a source checkout it is the repository's own file.

    >>> codebook_path().name
    'CODEBOOK.md'
    """
    return package_file(_CODEBOOK)


def codebook() -> str:
    """The codebook of the installed release as Markdown text.

    >>> codebook().startswith("#")
    True
    """
    return codebook_path().read_text(encoding="utf-8")

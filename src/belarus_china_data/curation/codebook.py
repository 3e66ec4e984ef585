"""Generate the codebook: every table, field, type, constraint and category with its meaning.

The codebook is derived from the models (through the same field specs as the schemas), written by the build to
``CODEBOOK.md`` and checked for drift by the tests, so it can never disagree with the data it describes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..contract.categories import category_meanings
from ..contract.models import TABLE_MODELS, Coverage
from ..contract.schema import FieldSpec, field_specs

__all__ = ["codebook_markdown"]

_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _type_name(spec: FieldSpec) -> str:
    if spec.category is not None:
        return "category"
    return _TYPES.get(spec.base_type, "date")


def _constraints(spec: FieldSpec) -> str:
    parts = []
    if spec.required:
        parts.append("required")
    if spec.pattern:
        parts.append(f"pattern `{spec.pattern}`".replace("|", "\\|"))
    if spec.minimum is not None:
        parts.append(f"min {spec.minimum:g}")
    if spec.maximum is not None:
        parts.append(f"max {spec.maximum:g}")
    if spec.max_length is not None:
        parts.append(f"max length {spec.max_length}")
    return "; ".join(parts)


def codebook_markdown(coverage: Sequence[Coverage] = ()) -> str:
    """The codebook as Markdown, opening with the coverage table (the rows of ``data/coverage.csv``).

    >>> text = codebook_markdown()
    >>> text.splitlines()[0], "| `date_signed` | string |" in text
    ('# Codebook', True)
    """
    lines = [
        "# Codebook",
        "",
        "Generated from the models and `data/coverage.csv` by `python -m belarus_china_data.curation.build`; "
        "do not edit.",
        "",
        "## Coverage",
        "",
        "What was searched, per table and period (the `coverage` table). A year without records means 'did not "
        "happen' only where the status is systematic; elsewhere it means 'not recorded yet'.",
        "",
        "| table | years | status | searched | not searched |",
        "|---|---|---|---|---|",
        *(
            f"| `{row.table_name}` | {row.first_year}-{row.last_year} | {row.status.value} | {row.searched} | "
            f"{row.not_searched or ''} |"
            for row in coverage
        ),
        "",
    ]
    categories = {}
    for name, model in TABLE_MODELS.items():
        meta = model.table
        lines += [f"## `{name}`: {meta.title}", "", meta.description, ""]
        lines.append(f"Primary key: {', '.join(f'`{k}`' for k in meta.primary_key)}.")
        for fk in meta.foreign_keys:
            lines.append(f"`{', '.join(fk.fields)}` refers to `{fk.reference_table}.{', '.join(fk.reference_fields)}`.")
        lines += ["", "| field | type | constraints | meaning |", "|---|---|---|---|"]
        for spec in field_specs(model):
            meaning = spec.description.replace("|", "\\|")
            if spec.category is not None:
                categories[spec.category.__name__] = spec.category
                meaning += f" Values: see {spec.category.__name__}."
            lines.append(f"| `{spec.name}` | {_type_name(spec)} | {_constraints(spec)} | {meaning} |")
        lines.append("")
    lines += _panel_section()
    lines += ["## Categories", ""]
    for title, category in sorted(categories.items()):
        lines += [f"### {title}", "", (category.__doc__ or "").strip(), "", "| value | meaning |", "|---|---|"]
        lines += [f"| `{value}` | {meaning} |" for value, meaning in category_meanings(category).items()]
        lines.append("")
    return "\n".join(lines)


def _rst_to_md(text: str) -> str:
    return " ".join(text.split()).replace("``", "`").replace(":func:", "")


def _panel_section() -> list[str]:
    """The derived dyad-year panel and the country keys, from the same text as ``describe("dyad_years")``."""
    from .. import panel
    from .country_keys import __doc__ as keys_doc

    lines = [
        "## `dyad_years`: the dyad-year panel (derived)",
        "",
        _rst_to_md((panel.__doc__ or "").split("\n\n")[1]),
        "`bcd.dyad_years(directed=False)` builds it, `bcd.add_to(frame)` attaches it to a dyad-year frame keyed by "
        "COW, Gleditsch-Ward or ISO alpha-3 codes, `belarus-china-data export dyad_years --format csv|parquet|dta|"
        "xlsx` writes it with its labels.",
        "",
        "| variable | family | label | meaning and formula |",
        "|---|---|---|---|",
    ]
    for variable in panel.variables():
        meaning = variable.meaning.replace("|", "\\|")
        lines.append(f"| `{variable.name}` | {variable.family} | {variable.label} | {meaning} |")
    lines += ["", "### Country keys", "", _rst_to_md((keys_doc or "").split("\n\n")[0]), ""]
    lines += [_rst_to_md((keys_doc or "").split("\n\n")[1]), ""]
    return lines

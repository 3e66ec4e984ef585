"""Generate the codebook: every table, field, type, constraint and category with its meaning.

The codebook is derived from the models (through the same field specs as the schemas), written by the build to
``CODEBOOK.md`` and checked for drift by the tests, so it can never disagree with the data it describes.
"""

from __future__ import annotations

from .categories import category_meanings
from .models import TABLE_MODELS
from .schema import FieldSpec, field_specs

__all__ = ["COVERAGE", "codebook_markdown"]

#: What the release covers, stated once; the README and the codebook both show it.
COVERAGE = (
    "This release covers the facts of the two analytical articles the project grew from, each checked against an "
    "outside public source, and related records found while checking them; and, for trade, the IMF Direction of "
    "Trade Statistics for 1992-2020 (Belarus as reporter with every partner, China as reporter with Belarus and "
    "the world) plus official statements for later years. No period has yet been searched systematically for "
    "agreements, visits, organizations or people, so a year without a record means 'not recorded yet', not "
    "'did not happen'."
)

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
        parts.append(f"pattern `{spec.pattern}`")
    if spec.minimum is not None:
        parts.append(f"min {spec.minimum:g}")
    if spec.maximum is not None:
        parts.append(f"max {spec.maximum:g}")
    if spec.max_length is not None:
        parts.append(f"max length {spec.max_length}")
    return "; ".join(parts)


def codebook_markdown() -> str:
    """The codebook as Markdown.

    >>> text = codebook_markdown()
    >>> text.splitlines()[0], "| `date_signed` | string |" in text
    ('# Codebook', True)
    """
    lines = [
        "# Codebook",
        "",
        "Generated from the models by `python -m belarus_china_data.build`; do not edit by hand.",
        "",
        "## Coverage",
        "",
        COVERAGE,
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
    lines += ["## Categories", ""]
    for title, category in sorted(categories.items()):
        lines += [f"### {title}", "", (category.__doc__ or "").strip(), "", "| value | meaning |", "|---|---|"]
        lines += [f"| `{value}` | {meaning} |" for value, meaning in category_meanings(category).items()]
        lines.append("")
    return "\n".join(lines)

"""Errors about the source data: each names the file, the line and the field, so a curator can go straight to it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "DataValidationError", "FieldValueError"]


@dataclass(frozen=True)
class DataError:
    """One problem in the source data, located by file, line (1 is the header) and field."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field is not None:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """Raised when source data is invalid; ``errors`` lists every problem found.

    >>> err = DataValidationError([DataError("data/visits.csv", 3, "start_date", "not a date")])
    >>> str(err)
    "1 problem in the source data:\\n  data/visits.csv, line 3, field 'start_date': not a date"
    """

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors = list(errors)
        shown = "\n".join(f"  {error}" for error in self.errors[:50])
        more = f"\n  ... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        count = len(self.errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the source data:\n{shown}{more}")


class FieldValueError(ValueError):
    """A problem that a whole-record check found in one field; raised inside model validators."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

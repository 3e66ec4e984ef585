"""Cite the installed release.

The citation names the release (title, version, year), because the data change between releases and a
reader must be able to get exactly the rows the author used. Richer styles come in a later release.
"""

from __future__ import annotations

from ._version import __release_date__, __version__

__all__ = ["AUTHOR", "TITLE", "cite"]

TITLE = "belarus-china-data: Belarus-China relations since 1992"
AUTHOR = "The belarus-china-data contributors"


def cite() -> str:
    """A plain-text citation of the installed release: authors, year, title, version.

    >>> import belarus_china_data as bcd
    >>> bcd.cite().startswith("The belarus-china-data contributors (")
    True
    """
    year = __release_date__[:4]
    return f"{AUTHOR} ({year}). {TITLE} (Version {__version__}) [Data set]. Released {__release_date__}."

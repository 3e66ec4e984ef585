"""A static, browsable and citable website of the installed release: ``belarus-china-data site OUTDIR``.

The site is plain HTML, CSS and a little vanilla JavaScript, with no server, no network and no external files:
it works from a folder, an archive or GitHub Pages. Every record with an id gets its own page at
``records/<id>.html`` (a path that stays the same across releases), every table a page with its fields and a
filterable list of its rows, every year a page, and the home page a search across the names and titles in
English, Russian, Belarusian and Chinese. Jinja2 is needed (``pip install "belarus-china-data[site]"``);
matplotlib, if installed, adds the charts.

>>> from belarus_china_data.site import build_site
>>> callable(build_site)
True

Importing this module imports neither Jinja2 nor pandas; :func:`build_site` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .generate import SiteReport, build_site

__all__ = ["SiteReport", "build_site"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import generate

        return getattr(generate, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The release version and date: the one place they are written.

``pyproject.toml`` reads the version from here; the descriptors are generated from it; ``CITATION.cff`` and
the top entry of ``CHANGELOG.md`` are checked against it by the tests.
"""

__version__ = "0.6.0"
__release_date__ = "2026-12-06"

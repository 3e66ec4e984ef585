"""Maintainer tools: everything that reads or writes ``data/`` and builds a release. Users never need it.

The read path (``load()``, ``records()``, ``cite()``, ``verify()``, the CLI for users) never imports this
package; a test walks the imports to keep it so. Commands (run from a clone of the repository)::

    python -m belarus_china_data.curation.build            # validate data/, then write every generated file
    python -m belarus_china_data.curation.build --fill-derived
    python -m belarus_china_data.curation.findings FILE    # merge a findings file (see docs/FINDINGS.md)
    python -m belarus_china_data.curation.imf_dots --help  # import an IMF DOTS workbook
    python -m belarus_china_data.curation.diff OLD [NEW]   # record-level diff between two releases

Every writer follows one path (:mod:`.transaction`): read strictly, validate everything, build all outputs in
memory, then replace the files atomically; on any error nothing is written.
"""

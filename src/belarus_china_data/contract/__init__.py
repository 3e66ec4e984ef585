"""The contract: what every table is (models, categories, dates, the cell grammar, schemas derived from them).

Both the read path (``loader``, ``citation``, ``integrity``, ``trade``, ``plots``, ``cli``) and the curation path
(:mod:`belarus_china_data.curation`) import from here; this package imports neither.
"""

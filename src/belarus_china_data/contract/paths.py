"""Where the shipped files live inside the installed package."""

from pathlib import Path

#: Folder inside the package that holds the shipped Parquet files and descriptor.
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "_data"
#: File name of the shipped Data Package descriptor inside :data:`SHIPPED_DIR`.
SHIPPED_DESCRIPTOR = "datapackage.json"
#: File name of the release history (ids added, changed and removed per release) inside :data:`SHIPPED_DIR`.
HISTORY_FILE = "release_history.json"
#: File name of the search index (the folded texts :func:`belarus_china_data.search` scans) in :data:`SHIPPED_DIR`.
SEARCH_INDEX = "search_index.json"

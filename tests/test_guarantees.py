"""Guarantees users build on: no network, damaged files reported clearly, nothing lost between releases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from belarus_china_data.contract.paths import SHIPPED_DIR
from belarus_china_data.errors import DataFileError
from belarus_china_data.shipped import read_parquet

pytestmark = pytest.mark.dependencies

NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.socket.sendto = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import belarus_china_data as bcd
for name in bcd.tables():
    bcd.load(name)
    bcd.records(name)
bcd.get("visits", "vis-2022-sco-samarkand")
bcd.sources_for("vis-2022-sco-samarkand")
bcd.cite(["vis-2022-sco-samarkand"], style="bibtex")
assert bcd.verify().ok
assert bcd.validate().valid
try:  # the guard itself works: a real connection attempt is refused
    socket.create_connection(("127.0.0.1", 9))
except RuntimeError:
    print("offline ok")
"""


def test_nothing_touches_the_network() -> None:
    out = subprocess.run([sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "offline ok"


@pytest.mark.parametrize("keep", [0, 12, 400])
def test_truncated_parquet_is_reported_with_its_path(tmp_path: Path, keep: int) -> None:
    damaged = tmp_path / "visits.parquet"
    damaged.write_bytes((SHIPPED_DIR / "visits.parquet").read_bytes()[:keep])
    with pytest.raises(DataFileError, match=r"visits\.parquet is unreadable .*reinstall"):
        read_parquet(damaged)


def test_missing_parquet_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="is missing; reinstall"):
        read_parquet(tmp_path / "nothing.parquet")


def test_no_release_lost_records_silently() -> None:
    import json

    import belarus_china_data as bcd
    from belarus_china_data.curation.release import lost_records

    from .conftest import ROOT

    releases = ROOT / "releases"
    current = json.loads((releases / f"{bcd.__version__}.json").read_text(encoding="utf-8"))
    retired = set(bcd.load("retired_ids")["retired_id"])
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for path in sorted(releases.glob("*.json")):
        previous = json.loads(path.read_text(encoding="utf-8"))
        assert lost_records(previous, current, retired, changelog) == [], path.name


def test_a_lost_record_is_caught() -> None:
    import belarus_china_data as bcd
    from belarus_china_data.curation.release import lost_records

    previous = {"version": "0.0.1", "tables": {"visits": {"rows": 2, "ids": ["vis-2022-sco-samarkand", "vis-1-x"]}}}
    current = {"version": bcd.__version__, "tables": {"visits": {"rows": 1, "ids": ["vis-2022-sco-samarkand"]}}}
    assert lost_records(previous, current, set(), "") == [
        "vis-1-x (visits, in 0.0.1) is gone: not in retired_ids; not named in CHANGELOG.md"
    ]
    assert lost_records(previous, current, {"vis-1-x"}, "Removed vis-1-x: a duplicate.") == []

"""Content digests of the releases published before digests were recorded (0.1.0-0.4.0), from the git history.

Each release's data is the repository as it stood at the last commit of that version (the parent of the commit
that opened the next version; for 0.2.0, whose snapshot was restored after later data had been merged at that
version, the last commit whose data matches the snapshot). The digests are computed from its ``data/*.csv``,
``datapackage.json`` and ``schemas/*.json`` exactly as the build computes them for a new release
(``curation/release.py``), and the ids
are checked against the release's snapshot ``releases/<version>.json``. Run once from a clone with full history::

    python scripts/digests_of_published_releases.py 0.1.0=c3d4f66^ 0.2.0=f77db5b 0.3.0=910648e^ 0.4.0=828db78^
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from belarus_china_data.curation.release import content_snapshot

ROOT = Path(__file__).resolve().parent.parent


def _show(commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def digests_at(version: str, commit: str) -> dict[str, object]:
    descriptor = json.loads(_show(commit, "datapackage.json"))
    tables, keys, schemas = {}, {}, {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema = json.loads(_show(commit, resource["schema"]))
        schemas[name] = schema
        key = schema["primaryKey"]
        keys[name] = [key] if isinstance(key, str) else list(key)
        reader = csv.DictReader(io.StringIO(_show(commit, resource["path"]), newline=""))
        tables[name] = [{k: (v if v != "" else None) for k, v in row.items()} for row in reader]
    result = content_snapshot(version, tables, keys, {"descriptor": descriptor, "schemas": schemas})
    snapshot = json.loads((ROOT / "releases" / f"{version}.json").read_text(encoding="utf-8"))
    for name, entry in snapshot["tables"].items():
        if "ids" in entry and sorted(result["tables"][name]["records"]) != entry["ids"]:
            raise SystemExit(f"{version} ({commit}): the ids of {name} differ from releases/{version}.json")
    full = subprocess.run(["git", "rev-parse", commit], cwd=ROOT, check=True, capture_output=True, text=True)
    result["derived_from"] = f"git commit {full.stdout.strip()}, the data of this version; recorded after the release"
    return result


def main(argv: list[str]) -> int:
    for pair in argv:
        version, commit = pair.split("=", 1)
        path = ROOT / "releases" / "digests" / f"{version}.json"
        path.write_text(json.dumps(digests_at(version, commit), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The release artefacts work on their own: sdist and wheel built with `python -m build`, passing `twine check`,
and the wheel installed elsewhere loads and verifies its data offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_installs_and_loads(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    built = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert any(name.endswith(".tar.gz") for name in built) and any(name.endswith(".whl") for name in built)
    subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, (tmp_path / "dist").iterdir())],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("belarus_china_data-*.whl"))
    assert wheel.stat().st_size < 2 * 1024 * 1024, f"the wheel is {wheel.stat().st_size} bytes, over 2 MB"
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    assert (target / "belarus_china_data" / "site" / "templates" / "record.html").is_file()  # the site's templates
    assert not (target / "belarus_china_data" / "curation").exists()  # maintainer tools stay in the repository
    code = (
        "import belarus_china_data as bcd, pathlib, sys; "
        "assert pathlib.Path(bcd.__file__).is_relative_to(pathlib.Path(sys.argv[1])), bcd.__file__; "
        "assert bcd.codebook_path().is_relative_to(pathlib.Path(sys.argv[1])), bcd.codebook_path(); "
        "assert bcd.codebook().startswith('# Codebook'); "
        "import pydoc; assert 'curation' not in pydoc.render_doc(bcd), 'help() lists maintainer modules'; "
        "print(len(bcd.load('agreements')), bcd.validate().valid and bcd.verify().ok)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(target)], cwd=tmp_path, capture_output=True, text=True, check=True, env=env
    )
    rows, valid = out.stdout.split()
    assert int(rows) > 0 and valid == "True"

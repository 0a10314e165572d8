"""What the Docker image installs: a non-editable wheel must carry the package's data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_the_calibration_table(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("opsbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/calibration.json" in names and "bot/cli.py" in names
    assert not any(n.startswith(("tests/", "corpus/", "eval/")) for n in names)

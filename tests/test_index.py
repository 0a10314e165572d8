"""Incremental and atomic ingest on the embedded Chroma, with the fake embedder."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest

from bot.chunking import chunk_article
from bot.corpus import load_corpus, write_atomic
from bot.embeddings import BigramEmbeddings
from bot.errors import IndexUnavailableError
from bot.index import Index
from bot.ingest import IndexWriter
from bot.settings import Settings


def _articles(s: Settings):
    return load_corpus(s.corpus_dir)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write_atomic(path, text.replace(old, new, 1))


class FailingEmbeddings(BigramEmbeddings):
    """Fails on the n-th batch: stands in for Ctrl-C or a crash mid-ingest."""

    def __init__(self, fail_on_call: int, exc: BaseException) -> None:
        super().__init__()
        self.calls = 0
        self.fail_on_call = fail_on_call
        self.exc = exc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise self.exc
        return super().embed_documents(texts)


def test_first_ingest_indexes_everything_and_search_finds_it(settings: Settings) -> None:
    index = Index(settings)
    report = index.ingest(_articles(settings))
    assert report.rebuilt and len(report.added) == len(_articles(settings))
    assert report.chunks_embedded == index.count() > 50
    hits = index.search("限流熔断 服务器崩溃 动态扩容", k=3)
    assert hits[0].article_id == "operations-work-explained"
    assert "限流熔断" in hits[0].text and hits[0].section.endswith("三板斧”")
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_reingest_of_unchanged_corpus_does_nothing(settings: Settings) -> None:
    index = Index(settings)
    index.ingest(_articles(settings))
    name = index.active_name()
    report = Index(settings).ingest(_articles(settings))
    assert not report.changed_anything
    assert report.chunks_embedded == 0 and len(report.unchanged) == len(_articles(settings))
    assert index.active_name() == name


def test_a_dense_search_looks_at_a_playbook_sized_collection_whole(settings: Settings) -> None:
    """trn56: Chroma rebuilds a small collection's HNSW graph at each start, in parallel, and at its default ef_search
    (100) a search of 209 passages missed the second-nearest now and then — "FABE是什么意思？" was answered differently
    after a restart. A new collection searches 400 candidates; an older one is raised at its next ingest."""
    from bot.ingest import EF_SEARCH

    index = Index(settings)
    index.ingest(_articles(settings))
    assert index.collection().configuration["hnsw"]["ef_search"] == EF_SEARCH >= 400
    index.collection().modify(configuration={"hnsw": {"ef_search": 100}})  # (as collections made before were)
    Index(settings).ingest(_articles(settings))
    assert Index(settings).collection().configuration["hnsw"]["ef_search"] == EF_SEARCH


def test_changed_article_reembeds_only_its_new_chunks(settings: Settings) -> None:
    index = Index(settings)
    index.ingest(_articles(settings))
    before = index.indexed()
    _edit(settings.corpus_dir / "operations-roles.md", "其实海外运营没有想象中那么难", "其实海外运营比想象中容易")
    report = index.ingest(_articles(settings))
    assert report.changed == ["operations-roles"] and not report.added and not report.removed
    assert 1 <= report.chunks_embedded <= 2 and report.chunks_deleted == report.chunks_embedded
    after = index.indexed()
    assert len(after) == len(before)
    assert any("比想象中容易" in h.text for h in index.search("海外运营难不难", k=5))


def test_removed_article_is_dropped_and_added_one_indexed(settings: Settings) -> None:
    index = Index(settings)
    index.ingest(_articles(settings))
    (settings.corpus_dir / "user-operations-essence.md").unlink()
    write_atomic(
        settings.corpus_dir / "siyu.md",
        "---\ntitle: 私域运营\n---\n\n# 私域运营\n\n私域运营是在自有渠道经营用户关系。\n",
    )
    report = index.ingest(_articles(settings))
    assert report.removed == ["user-operations-essence"] and report.added == ["siyu"]
    # (every article of the corpus copy, as it is now: the removed one gone, the added one in)
    assert {m["article_id"] for m in index.indexed().values()} == {a.id for a in _articles(settings)}
    assert "siyu" in {m["article_id"] for m in index.indexed().values()}


def test_rebuild_switches_collections_only_when_complete(settings: Settings) -> None:
    index = Index(settings)
    index.ingest(_articles(settings))
    old = index.active_name()
    report = index.ingest(_articles(settings), rebuild=True)
    assert report.rebuilt and index.active_name() != old
    names = {c.name for c in index.client.list_collections()}
    assert old not in names  # the old build is gone once the new one answers


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), RuntimeError("disk full")], ids=["ctrl-c", "error"])
def test_interrupted_rebuild_leaves_previous_index_answering(settings: Settings, exc: BaseException) -> None:
    Index(settings).ingest(_articles(settings))
    good = Index(settings)
    old, count = good.active_name(), good.count()
    _edit(settings.corpus_dir / "operations-roles.md", "其实海外运营没有想象中那么难", "海外运营改写过")
    broken = Index(settings, embeddings=FailingEmbeddings(fail_on_call=2, exc=exc))
    with pytest.raises(type(exc)):
        broken.ingest(_articles(settings), rebuild=True)
    fresh = Index(settings)
    assert fresh.active_name() == old and fresh.count() == count
    assert fresh.search("限流熔断", k=1)[0].article_id == "operations-work-explained"
    assert [c.name for c in fresh.client.list_collections() if c.name.startswith("opsbot-fake-")] == [old]
    # and the next ingest completes cleanly
    assert fresh.ingest(_articles(settings)).changed == ["operations-roles"]


def _bulk(settings: Settings, n: int) -> None:
    """`n` new articles (copies with their own wording): enough chunks for several embed batches."""
    base = (settings.corpus_dir / "operations-roles.md").read_text(encoding="utf-8")
    for i in range(n):
        write_atomic(settings.corpus_dir / f"bulk-{i:02d}.md", base.replace("不同的运营角色", f"运营角色 第{i}版"))


def _visible_articles(index: Index, query: str) -> set[str]:
    return {h.article_id for h in index.search(query, k=50)}


def test_crashed_incremental_ingest_hides_its_chunks_and_is_completed_by_the_next(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.ingest
    from bot.keyword import load_keyword_index

    batch = 16
    monkeypatch.setattr(bot.ingest, "add_batch", lambda n: batch)
    monkeypatch.setattr(bot.ingest, "WRITE_BATCH", batch)  # write each embedded batch, as a slow embedder would

    Index(settings).ingest(_articles(settings))
    before = Index(settings)
    old_count, old_gen = len(before.overview()), before.generation()
    _bulk(settings, 20)
    # Two embedding calls per batch (chunks, then their sentences): the fifth is the third batch.
    broken = Index(settings, embeddings=FailingEmbeddings(fail_on_call=5, exc=RuntimeError("killed")))
    with pytest.raises(RuntimeError):
        broken.ingest(_articles(settings))
    fresh = Index(settings)
    assert fresh.pointer().pending and fresh.generation() == old_gen
    assert fresh.count() > sum(n for n, _ in fresh.overview().values())  # hidden chunks are in there
    assert not any(a.startswith("bulk-") for a in _visible_articles(fresh, "运营角色 第3版"))  # …but unseen
    assert len(fresh.overview()) == old_count
    assert not any(d["article_id"].startswith("bulk-") for d in load_keyword_index(fresh).docs)
    report = Index(settings).ingest(_articles(settings))
    assert len(report.added) == 20 and report.chunks_reused == 2 * batch  # two batches embedded before the crash
    done = Index(settings)
    assert not done.pointer().pending and done.generation() != old_gen
    assert "bulk-03" in _visible_articles(done, "运营角色 第3版")
    assert any(d["article_id"] == "bulk-03" for d in load_keyword_index(done).docs)
    assert not Index(settings).ingest(_articles(settings)).changed_anything


def test_crash_between_add_and_switch_of_a_changed_article(settings: Settings) -> None:
    index = Index(settings)
    index.ingest(_articles(settings))
    _edit(settings.corpus_dir / "operations-roles.md", "其实海外运营没有想象中那么难", "海外运营改写过")
    broken = Index(settings)
    articles = _articles(settings)
    new_chunks = chunk_article(next(a for a in articles if a.id == "operations-roles"))
    col = broken.collection()
    existing = broken.indexed()
    todo = [c for c in new_chunks if c.id not in existing]
    stale = [
        cid
        for cid, m in existing.items()
        if m["article_id"] == "operations-roles" and cid not in {c.id for c in new_chunks}
    ]
    writer = IndexWriter(broken)
    writer._set_meta(pending="1")
    writer._add(col, todo, None, 0, len(todo), pending=True)  # added, then "killed" before the switch
    assert "海外运营改写过" not in " ".join(h.text for h in Index(settings).search("海外运营改写过", k=20))
    report = Index(settings).ingest(articles)
    assert report.changed == ["operations-roles"] and report.chunks_embedded == 0
    assert report.chunks_reused == len(todo) and report.chunks_deleted == len(stale)
    assert index.count() == len(existing) - len(stale) + len(todo)
    assert "海外运营改写过" in " ".join(h.text for h in Index(settings).search("海外运营改写过", k=5))


def test_orphan_collection_from_a_killed_build_is_cleaned(settings: Settings) -> None:
    index = Index(settings)
    index.ingest(_articles(settings))
    index.client.create_collection("opsbot-fake-20000101000000-dead00", embedding_function=None)
    index.ingest(_articles(settings))
    assert [c.name for c in index.client.list_collections() if c.name.startswith("opsbot-fake-")] == [
        index.active_name()
    ]


def test_each_embedder_has_its_own_index(settings: Settings, tmp_path: Path) -> None:
    Index(settings).ingest(_articles(settings))
    other = Settings(home=settings.home, corpus_dir=settings.corpus_dir, embedder="some/other-model")
    with pytest.raises(IndexUnavailableError, match="opsbot ingest"):
        Index(other).search("运营")


def test_search_without_index_says_how_to_fix(settings: Settings) -> None:
    with pytest.raises(IndexUnavailableError, match="请运行 `opsbot ingest`"):
        Index(settings).search("运营")


def test_empty_corpus_gives_empty_index_that_says_so(settings: Settings) -> None:
    for p in settings.corpus_dir.glob("*.md"):
        p.unlink()
    Index(settings).ingest([])
    with pytest.raises(IndexUnavailableError, match="索引是空的"):
        Index(settings).search("运营")


def test_bm25_reuses_tokens_of_known_chunks_and_keeps_two_generations(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.keyword as keyword_side

    Index(settings).ingest(_articles(settings))
    keyword_side.load_keyword_index(Index(settings))
    tokenised: list[str] = []
    real = keyword_side._doc_tokens
    monkeypatch.setattr(keyword_side, "_doc_tokens", lambda d: tokenised.append(d["article_id"]) or real(d))
    for i in range(3):
        write_atomic(settings.corpus_dir / f"new-{i}.md", f"# 私域运营{i}\n\n私域运营第{i}篇：复购率和转介绍率。\n")
        Index(settings).ingest(_articles(settings))
        keyword = keyword_side.load_keyword_index(Index(settings))
        assert any(d["article_id"] == f"new-{i}" for d in keyword.docs)
    assert set(tokenised) == {"new-0", "new-1", "new-2"}  # the 66 known chunks were not re-tokenised
    saved = list((settings.home / "bm25" / "fake").iterdir())
    assert len(saved) == 2  # older generations are pruned


def test_bm25_tokens_made_with_another_vocabulary_are_not_reused(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.keyword as keyword_side

    Index(settings).ingest(_articles(settings))
    keyword_side.load_keyword_index(Index(settings))
    # An upgrade that adds a term to the vocabulary: every chunk is tokenised again with it.
    monkeypatch.setattr(keyword_side, "vocab_key", lambda: "newvocab")
    keyword_side._keyword_cache.clear()
    tokenised: list[str] = []
    real = keyword_side._doc_tokens
    monkeypatch.setattr(keyword_side, "_doc_tokens", lambda d: tokenised.append(d["article_id"]) or real(d))
    keyword = keyword_side.load_keyword_index(Index(settings))
    assert len(tokenised) == len(keyword.ids) > 0


def test_reads_are_paged(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 50k-chunk collection cannot be read in one `get` (SQLite's variable limit): pages of READ_PAGE."""
    import bot.index
    from bot.keyword import load_keyword_index

    report = Index(settings).ingest(_articles(settings))
    monkeypatch.setattr(bot.index, "READ_PAGE", 7)
    index = Index(settings)
    assert len(index.indexed()) == report.chunks_embedded
    assert len(load_keyword_index(index).ids) == report.chunks_embedded


def test_noop_ingest_skips_chunking_but_notices_a_new_chunker(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.ingest

    Index(settings).ingest(_articles(settings))
    calls: list[str] = []
    real = bot.ingest.chunk_article
    monkeypatch.setattr(bot.ingest, "chunk_article", lambda a, *args: calls.append(a.id) or real(a, *args))
    assert not Index(settings).ingest(_articles(settings)).changed_anything
    assert calls == []  # every article's chunks carry its hash and this chunker
    _edit(settings.corpus_dir / "operations-roles.md", "其实海外运营没有想象中那么难", "海外运营改写过")
    assert Index(settings).ingest(_articles(settings)).changed == ["operations-roles"]
    assert calls == ["operations-roles"]
    smaller = Settings(**{**vars(settings), "chunk_size": 200, "chunk_overlap": 30})
    report = Index(smaller).ingest(_articles(smaller))
    assert len(report.changed) == len(_articles(settings))  # new chunking: every article is redone


def test_sentence_vectors_are_stored_with_each_chunk_and_found_again(settings: Settings) -> None:
    """The composer ranks sentences by meaning with vectors computed once, at ingest."""
    from bot.chunking import passage_sentences, unpack_vectors

    index = Index(settings)
    index.ingest(_articles(settings))
    hits = index.search("运营和运行有什么区别", k=3)
    for h in hits:
        m = unpack_vectors(h.sentence_vectors, len(passage_sentences(h.text)))
        assert m is not None and m.shape[1] == min(settings.sentence_dims, 256)
    # Hits that keyword search alone found read theirs by id.
    assert index.sentence_vectors([hits[0].chunk_id]) == {hits[0].chunk_id: hits[0].sentence_vectors}


def test_changing_sentence_dims_rebuilds(settings: Settings) -> None:
    Index(settings).ingest(_articles(settings))
    smaller = replace(settings, sentence_dims=64)
    report = Index(smaller).ingest(_articles(smaller))
    assert report.rebuilt
    hit = Index(smaller).search("运营", k=1)[0]
    assert len(base64.b64decode(hit.sentence_vectors)) % (64 * 2) == 0


def test_another_chunker_version_rebuilds(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new chunker version may split the same chunk into other sentences (CHUNKER_VERSION 6: no
    sentence ends at a semicolon inside brackets): the chunk's text and id stay, but its stored
    sentence vectors no longer line up — an incremental ingest said "index unchanged" and the RFM
    passage lost its sentence signal. Every chunk is embedded again, in a fresh collection."""
    import bot.ingest

    Index(settings).ingest(_articles(settings))
    assert not Index(settings).ingest(_articles(settings)).rebuilt  # (same version: nothing to do)
    monkeypatch.setattr(bot.ingest, "CHUNKER_VERSION", "999")
    report = Index(settings).ingest(_articles(settings))
    assert report.rebuilt and report.chunks_embedded > 0


def test_a_question_asked_again_is_not_searched_again_until_the_index_changes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.retrieve import HybridSearcher

    index = Index(settings)
    index.ingest(_articles(settings))
    searcher = HybridSearcher(settings, index)
    searched: list[str] = []
    real = index.search
    monkeypatch.setattr(index, "search", lambda q, **kw: searched.append(q) or real(q, **kw))
    first = searcher.retrieve("海外运营难不难", k=5)
    first.hits.reverse()  # a caller reordering its own copy leaves the memo as it was
    again = searcher.retrieve("海外运营难不难", k=5)
    assert searched == ["海外运营难不难"]
    assert [h.chunk_id for h in again.hits] == [h.chunk_id for h in reversed(first.hits)]
    # An ingest (a new generation) is seen at once: the changed passage is found.
    _edit(settings.corpus_dir / "operations-roles.md", "其实海外运营没有想象中那么难", "其实海外运营比想象中容易")
    index.ingest(_articles(settings))
    after = searcher.retrieve("海外运营难不难", k=5)
    assert len(searched) == 2 and any("比想象中容易" in h.text for h in after.hits)
    assert len(searcher._memo) == 1  # (the older generation's retrievals, and the BM25 index they hold, let go)


def test_a_b_and_ab_are_one_keyword() -> None:
    """A trainer's "A/B测试" article and a new hire's "AB测试分几步": the slash split the word ("a" a
    stopword, "b" alone), no passage said "ab", and four questions about the article were refused."""
    from bot.keyword import tokenize

    assert tokenize("A/B测试分几步") == tokenize("AB测试分几步") == ["ab", "测试", "分", "几步"]
    assert "ab" in tokenize("我们做过 A / B test")
    assert tokenize("运营和/或运行") == tokenize("运营和或运行")  # (only a letter on each side)


def test_an_english_question_is_embedded_with_the_chinese_of_its_terms(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new hire's "How do I choose KOLs?" was refused: its vector alone was too far from the Chinese
    passages ("三、怎么选达人", cosine 0.34). The glossary's Chinese for its terms is embedded with it;
    a Chinese question is embedded as it is."""
    from bot.retrieve import HybridSearcher

    index = Index(settings)
    index.ingest(_articles(settings))
    searcher = HybridSearcher(settings, index)
    embedded: list[str] = []
    real = index.query_vector
    monkeypatch.setattr(index, "query_vector", lambda q: embedded.append(q) or real(q))
    searcher.retrieve("How do I choose KOLs?", k=5)
    searcher.retrieve("怎么选达人？", k=5)
    assert embedded[0].startswith("How do I choose KOLs?") and "达人" in embedded[0], embedded
    assert embedded[1] == "怎么选达人？"

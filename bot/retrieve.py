"""Question → Hits: hybrid retrieval, the dense side (Chroma) and the keyword side (BM25 over jieba
tokens, bot/keyword.py) fused by weighted reciprocal rank (bot/fusion.py)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from bot.data import Hit
from bot.fusion import dedupe, fuse
from bot.index import Index, Pointer
from bot.keyword import Keyword, expand_query, glosses, load_keyword_index
from bot.settings import Settings
from bot.text import is_english


@dataclass
class Retrieval:
    hits: list[Hit]  # fused, best first, near-duplicates removed
    terms: list[str]  # the question's keyword terms, in order (the first is usually the subject)
    synonyms: list[str]  # what the synonym map added
    keyword: Keyword  # the BM25 index (and its IDF statistics) this retrieval used
    query_vector: list[float] | None = None  # the question's embedding (None: dense search off)


class HybridSearcher:
    """Dense + BM25, fused with weighted reciprocal rank."""

    MEMO_SIZE = 32

    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.index = index or Index(settings)
        # One question is often retrieved twice on its way to an answer (a follow-up is tried on
        # its own and then answered): the second time costs nothing. Keyed by the generation, so
        # an ingest (another process's included) is seen at once.
        self._memo: OrderedDict[tuple[str, int, bool, Pointer], Retrieval] = OrderedDict()
        self._memo_lock = threading.Lock()

    def forget(self) -> None:
        """Drop the remembered retrievals (a benchmark timing whole answers to new questions)."""
        with self._memo_lock:
            self._memo.clear()

    def keyword(self) -> Keyword:
        return load_keyword_index(self.index)

    def retrieve(self, question: str, k: int = 5, spell_out: bool = False) -> Retrieval:
        """The question's passages; with `spell_out`, embedded with the names the articles give the letters it
        uses (`Keyword.spelled_out`)."""
        key = (question, k, spell_out, self.index.pointer())
        with self._memo_lock:
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
        if found is None:
            found = self._retrieve(question, k, spell_out)
            with self._memo_lock:
                if self._memo and next(reversed(self._memo))[3] != key[3]:
                    self._memo.clear()  # (an older generation's answers hold its BM25 index: let it go)
                self._memo[key] = found
                while len(self._memo) > self.MEMO_SIZE:
                    self._memo.popitem(last=False)
        # Copies of the lists: a caller that reorders its hits leaves the memo as it was.
        return replace(found, hits=list(found.hits), terms=list(found.terms), synonyms=list(found.synonyms))

    def _retrieve(self, question: str, k: int, spell_out: bool = False) -> Retrieval:
        s = self.settings
        pool = max(k * 4, 20)
        # An English question is embedded with the glossary's Chinese for its terms: the passages are
        # Chinese, and "How do I choose KOLs?" alone was too far from "三、怎么选达人" (it was refused).
        glossed = glosses(question) if is_english(question) else []
        kw = self.keyword()
        if spell_out:
            # (letters with the name the articles give them: "CAC是啥" alone was far from "获客成本（CAC）" — refused)
            glossed += [n for n in kw.spelled_out(question) if n not in glossed]
        asked = f"{question}（{'，'.join(glossed)}）" if glossed else question
        vector = self.index.query_vector(asked) if s.dense_weight > 0 else None
        dense = self.index.search(question, k=pool, vector=vector) if vector is not None else []
        terms, synonyms = expand_query(question)
        sparse = kw.search(terms + synonyms, pool) if s.bm25_weight > 0 else []
        ranked = fuse(dense, [kw.hit(i, score) for i, score in sparse], s.dense_weight, s.bm25_weight)
        hits = dedupe(ranked, k)
        if vector is not None and s.sentence_dims > 0:
            # Hits only keyword search found carry no sentence vectors yet: one read for all.
            lacking = [h.chunk_id for h in hits if not h.sentence_vectors]
            found = self.index.sentence_vectors(lacking) if lacking else {}
            hits = [replace(h, sentence_vectors=found.get(h.chunk_id, h.sentence_vectors)) for h in hits]
        return Retrieval(hits, terms, synonyms, kw, vector)

"""Question → Hits: hybrid retrieval (dense Chroma + BM25 over jieba tokens), fused by weighted
reciprocal rank, near-duplicates dropped, exposed as a langchain retriever.

The BM25 index is built once per index generation and persisted under the data home, so neither a
query nor a process start rebuilds it.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import threading
import unicodedata
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from bot.data import Hit
from bot.index import VISIBLE, Index
from bot.settings import Settings
from bot.text import CJK, has_cjk
from bot.vocab import GLOSSARY, SYNONYMS, TERMS

# Function words and question words: they match everything and say nothing.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as one string
        "的 了 是 在 和 与 及 或 有 我 你 他 她 它 我们 你们 他们 吗"
        " 呢 啊 吧 呀 么 什么 怎么 怎么样 怎样 如何 哪些 哪个 为什么 为何"
        " 哪里 哪儿 哪 为啥 多久 什么样 一个 这个 那个 这 那 就 都 也 还"
        " 要 会 能 可以 可能 应该 需要 是否 一下 一些 还是 以及 对 把 被"
        " 给 让 从 到 向 而 但 又 并 等 等等 中 上 下 里 之 其 该 此"
        " 嘛 请问 请 问 说 讲 到底 具体 主要 一般 通常 大概 多少 几 个"
        " 些"
        " the a an of to in on for and or is are was be what how why which who do does did about"
        " with can i you we it that this my our your"
    ).split()
)
_WORD = re.compile(f"[\\w{CJK}]")
_jieba_lock = threading.Lock()
_jieba: Any = None


def _segmenter() -> Any:
    """jieba with the operations vocabulary, initialised once per process (≈1 s)."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            for term in TERMS:
                jieba.add_word(term, freq=200000)
            jieba.initialize()
            _jieba = jieba
    return _jieba


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long words and their parts), stopwords and punctuation removed."""
    words = _segmenter().lcut_for_search(normalise(text))
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in STOPWORDS]


_SYNONYM_OF = {w: group for group in SYNONYMS for w in group}


def expand_query(text: str) -> tuple[list[str], list[str]]:
    """(terms, synonyms) for the keyword side: the question's tokens plus Chinese terms for its
    English words, and the synonyms of those terms (which weigh less)."""
    terms = tokenize(text)
    low = normalise(text)
    for english, chinese in GLOSSARY.items():
        if re.search(rf"\b{re.escape(english)}\b", low):
            terms.extend(tokenize(chinese))
    terms = list(dict.fromkeys(terms))
    synonyms = [normalise(s) for t in terms for s in _SYNONYM_OF.get(t, ()) if normalise(s) not in terms]
    return terms, list(dict.fromkeys(synonyms))


def bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+", "", normalise(text))
    return {t[i : i + 2] for i in range(len(t) - 1)} or {t}


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of character bigrams: cheap, deterministic, works for Chinese."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / max(len(x | y), 1)


@dataclass
class Keyword:
    """The BM25 side, persisted per index generation."""

    ids: list[str]
    docs: list[dict[str, Any]]  # text, title, section, article_id per chunk (same order as ids)
    df: dict[str, int]
    engine: Any

    def __post_init__(self) -> None:
        self._by_id = {cid: i for i, cid in enumerate(self.ids)}
        self._by_pos = {(d["article_id"], d["position"]): i for i, d in enumerate(self.docs)}

    def hit(self, i: int) -> Hit:
        d = self.docs[i]
        return Hit(self.ids[i], d["article_id"], d["title"], d["section"], d["text"], 0.0)

    def preface(self, chunk_id: str) -> str:
        i = self._by_id.get(chunk_id)
        return str(self.docs[i].get("preface") or "") if i is not None else ""

    def following(self, chunk_id: str) -> Hit | None:
        """The next chunk of the same article: a list announced at the end of one chunk
        ("分为三个层次：") continues there."""
        i = self._by_id.get(chunk_id)
        if i is None:
            return None
        j = self._by_pos.get((self.docs[i]["article_id"], self.docs[i]["position"] + 1))
        return None if j is None else self.hit(j)

    def article_chunks(self, article_id: str) -> list[Hit]:
        """An article's chunks in order (the composer reads its outline from them)."""
        out = []
        position = 0
        while (i := self._by_pos.get((article_id, position))) is not None:
            out.append(self.hit(i))
            position += 1
        return out

    def idf(self, token: str) -> float:
        n = len(self.ids)
        return math.log(1 + (n - self.df.get(token, 0) + 0.5) / (self.df.get(token, 0) + 0.5))

    def search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        if not tokens or not self.ids:
            return []
        scores = np.asarray(self.engine.get_scores(tokens))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return [(int(i), float(scores[i])) for i in sorted(top, key=lambda i: -scores[i]) if scores[i] > 0]


def _doc_tokens(doc: dict[str, Any]) -> list[str]:
    return tokenize(f"{doc['title']} {doc.get('preface', '')} {doc['section']} {doc['text']}")


BM25_FORMAT = 5  # bump when what is saved changes: old caches are then rebuilt, not misread
BM25_KEEP = 2  # generations kept on disk: the newest, and the one a running server may still load
_keyword_cache: dict[Path, Keyword] = {}
_keyword_lock = threading.Lock()


def load_keyword_index(index: Index) -> Keyword:
    """The BM25 index for the active generation: from memory, from disk, or built from Chroma and saved."""
    path = index.settings.home / "bm25" / index.key / f"{index.generation()}-v{BM25_FORMAT}"
    with _keyword_lock:
        if path not in _keyword_cache:
            if len(_keyword_cache) > 4:
                _keyword_cache.clear()  # old generations
            _keyword_cache[path] = _load_keyword(path, index)
        return _keyword_cache[path]


def _load_keyword(path: Path, index: Index) -> Keyword:
    import bm25s

    meta_file = path / "opsbot.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        engine = bm25s.BM25.load(str(path), show_progress=False)
        return Keyword(meta["ids"], meta["docs"], meta["df"], engine)
    got = index.read_all(["documents", "metadatas"], where=VISIBLE)
    ids: list[str] = list(got["ids"])
    docs = [
        {
            "text": text,
            "title": m.get("title", ""),
            "section": m.get("section", ""),
            "preface": m.get("preface", ""),
            "article_id": m.get("article_id"),
            "position": m.get("position", 0),
        }
        for text, m in zip(got["documents"], got["metadatas"], strict=True)
    ]
    # Tokenising is the slow part (jieba, ~1 ms per chunk): reuse the tokens of chunks an earlier
    # generation already had, so a new article in a 50k-chunk corpus costs its own chunks only.
    known = _previous_tokens(path)
    corpus = [known[cid] if cid in known else _doc_tokens(d) for cid, d in zip(ids, docs, strict=True)]
    df: dict[str, int] = {}
    for toks in corpus:
        for t in set(toks):
            df[t] = df.get(t, 0) + 1
    engine = bm25s.BM25()
    engine.index(corpus or [[""]], show_progress=False)
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    engine.save(str(tmp), show_progress=False)
    (tmp / "tokens.json").write_text(json.dumps(dict(zip(ids, corpus, strict=True)), ensure_ascii=False))
    (tmp / "opsbot.json").write_text(json.dumps({"ids": ids, "docs": docs, "df": df}, ensure_ascii=False))
    try:
        tmp.rename(path)  # complete or absent: a reader never sees half a BM25 index
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process saved it first
    _prune(path)
    return Keyword(ids, docs, df, engine)


def _saved_generations(path: Path) -> list[Path]:
    """Complete BM25 indexes saved for this embedder, newest first."""
    found = [p for p in path.parent.glob(f"*-v{BM25_FORMAT}") if (p / "opsbot.json").is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _previous_tokens(path: Path) -> dict[str, list[str]]:
    for previous in _saved_generations(path):
        if previous != path and (previous / "tokens.json").is_file():
            try:
                return dict(json.loads((previous / "tokens.json").read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue  # pruned or half-read: try an older one, or tokenise everything
    return {}


def _prune(path: Path) -> None:
    """Old generations' BM25 indexes (and leftovers of older formats or of crashed saves) go."""
    keep = {path, *_saved_generations(path)[:BM25_KEEP]}
    for other in path.parent.iterdir():
        if other not in keep and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


@dataclass
class Retrieval:
    hits: list[Hit]  # fused, best first, near-duplicates removed
    terms: list[str]  # the question's keyword terms, in order (the first is usually the subject)
    synonyms: list[str]  # what the synonym map added
    keyword: Keyword  # the BM25 index (and its IDF statistics) this retrieval used
    query_vector: list[float] | None = None  # the question's embedding (None: dense search off)


class HybridSearcher:
    """Dense + BM25, fused with weighted reciprocal rank."""

    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.index = index or Index(settings)

    def keyword(self) -> Keyword:
        return load_keyword_index(self.index)

    def retrieve(self, question: str, k: int = 5) -> Retrieval:
        s = self.settings
        pool = max(k * 4, 20)
        vector = self.index.query_vector(question) if s.dense_weight > 0 else None
        dense = self.index.search(question, k=pool, vector=vector) if vector is not None else []
        kw = self.keyword()
        terms, synonyms = expand_query(question)
        sparse = kw.search(terms + synonyms, pool) if s.bm25_weight > 0 else []
        fused: dict[str, Hit] = {}
        rrf = 60.0  # the usual RRF constant: dampens the gap between rank 1 and rank 2
        for rank, h in enumerate(dense):
            fused[h.chunk_id] = replace(h, score=s.dense_weight / (rrf + rank + 1), dense_score=h.score)
        top_bm25 = sparse[0][1] if sparse else 1.0
        for rank, (i, score) in enumerate(sparse):
            cid = kw.ids[i]
            hit = fused.get(cid) or kw.hit(i)
            hit.score += s.bm25_weight / (rrf + rank + 1)
            hit.bm25_score = score / top_bm25  # relative to the best keyword match
            fused[cid] = hit
        ranked = sorted(fused.values(), key=lambda h: -h.score)
        hits = _dedupe(ranked, k)
        if vector is not None and s.sentence_dims > 0:
            # Hits only keyword search found carry no sentence vectors yet: one read for all.
            lacking = [h.chunk_id for h in hits if not h.sentence_vectors]
            found = self.index.sentence_vectors(lacking) if lacking else {}
            hits = [replace(h, sentence_vectors=found.get(h.chunk_id, h.sentence_vectors)) for h in hits]
        return Retrieval(hits, terms, synonyms, kw, vector)


def _dedupe(hits: list[Hit], k: int, threshold: float = 0.8) -> list[Hit]:
    """The first `k` hits that are not near-copies of a better one. Stops at `k` and computes each
    bigram set once: comparing the whole fused pool pairwise cost more than the search itself."""
    kept: list[tuple[Hit, set[str]]] = []
    for h in hits:
        grams = bigrams(h.text)
        if all(len(grams & g) / max(len(grams | g), 1) < threshold for _, g in kept):
            kept.append((h, grams))
            if len(kept) == k:
                break
    return [h for h, _ in kept]


class HybridRetriever(BaseRetriever):
    """The hybrid search as a langchain retriever (Documents carry the Hit fields as metadata)."""

    searcher: Any
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=h.text, id=h.chunk_id, metadata={k: v for k, v in h.as_dict().items() if k != "text"})
            for h in self.searcher.retrieve(query, self.k).hits
        ]


# ---------------------------------------------------------------------------------------------
# Follow-up questions

_FOLLOW_START = re.compile(
    r"^(那么?|那个|还有|另外|再说说|再讲讲|接着说|然后呢|那如果|如果是|和|跟|与|"
    r"what about|how about|and |and what|what of|same for)",
    re.IGNORECASE,
)
# These open follow-ups only in short questions without a subject of their own:
# "具体怎么做？" is one, "为什么运营要做用户分层？" is not.
_WEAK_START = re.compile(
    r"^(具体|详细|展开|举个?例子?|比如说?|为什么|怎么做|有什么例子|能举例|它|他们|这个|这些|这种|上面|刚才)"
)
_FOLLOW_WORDS = re.compile(r"(它|他们|她们|这个|这些|那个|那些|上面|刚才|前面|\bit\b|\bthey\b|\bthose\b)", re.I)
_STRIP = re.compile(
    r"^(那么?|还有|另外|再说说|再讲讲|那如果|如果是|what about|how about|and)\s*|[呢吗啊呀吧？?。！!\s]+$", re.I
)


def is_follow_up(question: str) -> bool:
    q = question.strip()
    core = re.sub(r"[？?。！!\s]", "", q)
    if _FOLLOW_START.match(q) or core.endswith("呢") or len(core) <= 4:
        return True
    no_subject = not _terms_in(core)
    return no_subject and (bool(_WEAK_START.match(core)) and len(core) <= 12 or bool(_FOLLOW_WORDS.search(q)))


def _terms_in(text: str) -> list[str]:
    """Vocabulary terms in order of appearance, longest match first."""
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    low = normalise(text)
    for term in sorted(TERMS, key=len, reverse=True):
        start = low.find(normalise(term))
        if start >= 0 and not taken & set(range(start, start + len(term))):
            found.append((start, term))
            taken |= set(range(start, start + len(term)))
    return [t for _, t in sorted(found)]


_QWORD = re.compile(
    r"(?:主要|一般|到底|具体|应该|分别)?(?:是什么|什么是|做什么|干什么|干嘛|负责什么|有哪些|有什么|哪些|怎么办|怎么做|怎么|如何|怎样|为什么|为何|是不是|吗|呢)"
)
_ORDINALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
ORDINAL = re.compile(r"第\s*([一二两三四五六七八九十]|\d{1,2})\s*(?:个|点|种|条|步|类|项|层)?|最后一(?:个|点|种|条|步)")
# The noun after an ordinal ("第二个岗位"): it names the list, the item replaces both.
_ITEM_NOUN = re.compile(
    r"^(?:岗位|层次|层级|角色|步骤|阶段|类型|方面|方法|指标|误区|环节|职责|能力|区别|原因|特点|标准|策略)"
)
_PRONOUN = re.compile(r"它们|它|他们|她们|这个|这些|这种|那个|那些|上面说的|刚才说的|前面说的")


def _topic(question: str) -> str:
    """What a question is about: its first vocabulary term ("数据运营主要做什么？" → "数据运营"),
    else the words before its question word ("双11服务器扛不住了怎么办？" → "双11服务器扛不住了")."""
    m = _QWORD.search(question)
    core = (question[: m.start()] if m and m.start() > 0 else question).strip(" ？?。！!，,的")
    terms = _terms_in(question)
    return core if len(core) <= 16 or not terms else terms[0]


def ordinal(question: str, count: int) -> int | None:
    """The 0-based item a follow-up names ("第三个", "最后一个"), if any and in range."""
    m = ORDINAL.search(question)
    if not m or count == 0:
        return None
    if m.group(0).startswith("最后"):
        return count - 1
    raw = m.group(1)
    n = int(raw) if raw.isdigit() else _ORDINALS[raw]
    return n - 1 if 1 <= n <= count else None


def standalone_question(question: str, history: list[str], points: list[str] | None = None) -> str:
    """Rewrite a follow-up ("那运作呢？") into a question that stands alone, using the previous
    questions ("运营和运行有什么区别？" → "运作和运行有什么区别？") and, for "那第三个呢？", the
    points of the previous answer. Rules, no LLM: instant and predictable; a question that is not a
    follow-up is returned unchanged, and two questions are never glued together."""
    previous = ""
    for earlier in history:  # resolve the history in order: each may itself be a follow-up
        if earlier.strip():
            previous = standalone_question(earlier, [previous] if previous else [])
    names_item = bool(points) and ORDINAL.search(question) is not None
    if not previous or not (is_follow_up(question) or names_item):
        return question.strip()
    core = _STRIP.sub("", question.strip()).strip() or question.strip()
    picked = ordinal(core, len(points or []))
    if points and picked is not None:
        # "那第三个层次呢？" / "第二个岗位具体负责什么？" after a list: that item, asked about on its own.
        m = ORDINAL.search(core)
        assert m is not None
        rest = _ITEM_NOUN.sub("", core[m.end() :]).strip(" ，,的")
        rest = re.sub(r"^(?:是|指)?(?:什么|啥)?$", "", rest)
        return f"{points[picked]}{rest.rstrip('？?。')}？" if rest else f"{points[picked]}是什么？"
    new_terms, old_terms = _terms_in(core), _terms_in(previous)
    english = not has_cjk(core) and not re.fullmatch(r"[A-Z0-9]{2,6}", core)  # "GTM" is a term, not English
    if len(new_terms) == 1 and old_terms and new_terms[0] not in old_terms and len(core) <= len(new_terms[0]) + 4:
        # "那运作呢？": same question about another subject — substitute the first subject.
        return previous.replace(old_terms[0], new_terms[0], 1)
    topic = _topic(previous)
    if (
        question.rstrip("？?。 ").endswith("呢")
        and not (new_terms and old_terms)
        and not _QWORD.search(core)
        and not _PRONOUN.search(core)
        and len(core) <= 10
        and topic
        and topic in previous
    ):
        # "那GTM呢？" (a subject the vocabulary does not know): the previous question about it.
        return previous.replace(topic, core, 1)
    if english:
        return f"{core} ({previous})"
    if _PRONOUN.search(core):  # "它的关键指标呢？" → "数据运营的关键指标"
        core = _PRONOUN.sub(topic, core, count=1)
    elif not new_terms and topic and topic not in core:
        # "具体怎么做？" / "为什么？" has no subject of its own: it is about the previous topic.
        core = f"为什么{topic}" if re.fullmatch(r"为什么|为何|为啥", core) else f"{topic}{core}"
    if not _QWORD.search(core):
        core += "是什么"  # "数据运营的关键指标" → a question
    return core.rstrip("？?。") + "？"

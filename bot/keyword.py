"""The keyword side: jieba tokens with the operations vocabulary, query expansion (English
glosses, synonyms), and the BM25 index over the visible chunks.

The BM25 index is built once per index generation and persisted under the data home, so neither a
query nor a process start rebuilds it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
import shutil
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.data import Hit
from bot.index import VISIBLE, Index
from bot.text import CJK, compact, normalise
from bot.vocab import GLOSSARY, SYNONYMS, TERMS, glossary_pattern

log = logging.getLogger(__name__)

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


# jieba's words that glue a noun to the next word of a question: "有哪些坑要注意" read as 坑要 / 注意 (坑要
# is no word: the question was refused, its 坑 unsaid); "起号前要准备哪些事" as 起号 / 前要 / 准备 (refused, a trainer's
# section "三、起号前先做好三件事" third). None is in the corpus.
NOT_WORDS = ("坑要", "前要")


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
            for word in NOT_WORDS:
                jieba.del_word(word)
            jieba.initialize()
            _jieba = jieba
    return _jieba


# "A/B测试" and "AB测试" are one word: split at the slash, "a" was a stopword and "b" no word of it.
_LETTER_PAIR = re.compile(r"(?<![a-z])([a-z])\s*/\s*([a-z])(?![a-z])")


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long words and their parts), stopwords and punctuation removed."""
    words = _segmenter().lcut_for_search(_LETTER_PAIR.sub(r"\1\2", normalise(text)))
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in STOPWORDS]


def tag(text: str) -> list[tuple[str, str]]:
    """Words with jieba's part-of-speech flags ("n", "v", "uj"…). The operations terms added to the
    dictionary carry no tag of their own: they come back as nouns ("n"), not as "x"."""
    import jieba.posseg

    _segmenter()
    return [(w, "n" if f == "x" and _WORD.search(w) else f) for w, f in jieba.posseg.lcut(text)]


_SYNONYM_OF = {w: group for group in SYNONYMS for w in group}


def expand_query(text: str) -> tuple[list[str], list[str]]:
    """(terms, synonyms) for the keyword side: the question's tokens plus Chinese terms for its
    English words, and the synonyms of those terms (which weigh less)."""
    terms = tokenize(text)
    for chinese in glosses(text):
        terms.extend(tokenize(chinese))
    terms = list(dict.fromkeys(terms))
    synonyms = [s for t in terms for s in synonyms_of(t) if s not in terms]
    return terms, list(dict.fromkeys(synonyms))


def glosses(text: str) -> list[str]:
    """The Chinese terms the glossary gives for the English words of `text` ("influencers" → 达人)."""
    low = normalise(text)
    return list(dict.fromkeys(c for e, c in GLOSSARY.items() if re.search(glossary_pattern(e), low)))


def synonyms_of(term: str) -> list[str]:
    """The vocabulary's other words for a term ("坑" → 误区, 踩坑, 雷区)."""
    return [normalise(s) for s in _SYNONYM_OF.get(term, ()) if normalise(s) != term]


def bigrams(text: str) -> set[str]:
    t = compact(text)
    return {t[i : i + 2] for i in range(len(t) - 1)} or {t}


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of character bigrams: cheap, deterministic, works for Chinese."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / max(len(x | y), 1)


# Letters and the name they stand for, in either order: "获客成本（CAC）", "ARPU（每用户平均收入）",
# "按点击付费（CPT，Cost Per Tap）".
_NAME_THEN_LETTERS = re.compile(
    rf"([{CJK}]{{2,12}})\s*[（(]\s*([A-Z][A-Za-z]{{1,7}})\s*(?:[，,、][^）)]{{0,30}})?[)）]"
)
_LETTERS_THEN_NAME = re.compile(rf"(?<![A-Za-z])([A-Z][A-Z]{{1,7}})\s*[（(]\s*([{CJK}]{{2,12}})\s*[)）]")


def _names_of_letters(texts: Any) -> dict[str, str]:
    """Letters → the name the articles most often give them (its last words: "单个新用户的获客成本（CAC）" names
    获客成本)."""
    seen: dict[str, dict[str, int]] = {}
    for text in texts:
        pairs = [(m.group(2), m.group(1)) for m in _NAME_THEN_LETTERS.finditer(text)]
        pairs += [(m.group(1), m.group(2)) for m in _LETTERS_THEN_NAME.finditer(text)]
        for letters, name in pairs:
            name = re.split(r"[的是了即叫称为：:]", name)[-1]
            words = [w for w, _ in tag(name)]
            # (after a verb that says what follows it: "常见渠道有应用商店优化（ASO）" names 应用商店优化)
            cut = max((i + 1 for i, w in enumerate(words) if w in ("有", "包括", "比如", "如", "像")), default=0)
            name = "".join(words[cut:])
            if len(name) >= 2 and letters.isupper():
                counts = seen.setdefault(letters, {})
                counts[name] = counts.get(name, 0) + 1
    return {letters: max(counts, key=lambda n: counts[n]) for letters, counts in seen.items()}


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

    def hit(self, i: int, score: float = 0.0) -> Hit:
        d = self.docs[i]
        return Hit(
            self.ids[i],
            d["article_id"],
            d["title"],
            d["section"],
            d["text"],
            score,
            page=int(d.get("page", 0)),
            last_page=int(d.get("last_page", 0)),
        )

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

    def phrase_hits(self, question: str) -> list[int]:
        """The chunks that say a phrase of the question word for word (four characters or more,
        between its asking words), where at most `RARE_PHRASE_CHUNKS` chunks do: "重要唤回用户咋运营" names
        the RFM table's row "重要唤回用户：……", which neither side ranked in the top five (the table is
        long; the phrase is two rare words). A phrase many chunks say ("用户运营") points at none."""
        found: list[int] = []
        for phrase in _ASKING.split(normalise(question)):
            where = self.saying(phrase) if len(phrase) >= 4 else []
            if 0 < len(where) <= RARE_PHRASE_CHUNKS:
                found += [i for i in where if i not in found]
        return found

    def coined_terms(self, question: str) -> list[str]:
        """The terms (3 to 8 CJK characters) the question says that an article coins in quotes, where at most
        `RARE_PHRASE_CHUNKS` chunks coin it and at most `COINED_TERM_CHUNKS` say it at all: "群节奏是啥意思 给我举个
        排法" asks of "形成“群节奏”", a chunk neither side ranked in the top five (the words around it are common).
        The term may be part of longer words elsewhere (入群节奏); a word many chunks say ("用户运营") coins nothing."""
        if not hasattr(self, "_coined"):
            self._coined = sorted({t for d in self.docs for t in _COINED.findall(d["text"])})
        said = normalise(question)
        return [
            term
            for term in self._coined
            if normalise(term) in said
            and 0 < len(self.saying(f"“{term}”")) <= RARE_PHRASE_CHUNKS
            # (a word of two characters sits in longer words more often: "信任" — only where no more than quote it)
            and len(self.saying(term)) <= (COINED_TERM_CHUNKS if len(term) >= 3 else RARE_PHRASE_CHUNKS)
        ]

    def coined_in(self, terms: list[str]) -> list[int]:
        """The chunks that coin these terms (of `coined_terms`)."""
        found: list[int] = []
        for term in terms:
            found += [i for i in self.saying(f"“{term}”") if i not in found]
        return found

    def spelled_out(self, question: str) -> list[str]:
        """The Chinese names the articles give the letters the question uses and does not spell out itself
        ("CAC是啥" → 获客成本, from "获客成本（CAC）"): what a question asked by the letters alone is about
        ("CAC是啥" was refused, "获客成本CAC是啥" answered)."""
        if not hasattr(self, "_names"):
            self._names = _names_of_letters(d["text"] for d in self.docs)
        said = normalise(question)
        names = (
            self._names.get(w.upper(), "") for w in re.findall(r"(?<![A-Za-z])[A-Za-z]{2,8}(?![A-Za-z])", question)
        )
        return list(dict.fromkeys(n for n in names if n and normalise(n) not in said))

    def saying(self, phrase: str) -> list[int]:
        """The chunks whose text says `phrase` (normalised) word for word."""
        if not hasattr(self, "_normalised"):
            self._normalised = [normalise(d["text"]) for d in self.docs]
        phrase = normalise(phrase)
        return [i for i, t in enumerate(self._normalised) if phrase in t]

    def search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        if not tokens or not self.ids:
            return []
        scores = np.asarray(self.engine.get_scores(tokens))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return [(int(i), float(scores[i])) for i in sorted(top, key=lambda i: -scores[i]) if scores[i] > 0]


# What cuts a question into the phrases a passage may say word for word: its asking words and marks.
# (with the word that says one ought to: "重要唤回用户该咋运营" says "重要唤回用户", not "……用户该")
_ASKING = re.compile(
    r"[^\w]+|(?:应该|该|要|得|需要|可以|能)?(?:怎么|咋|如何|怎样)|什么|哪些|哪几|为什么|为啥|是不是|有没有|能不能|要不要"
    r"|吗|呢|啊|呀|吧|呗"
)
# A term an article coins in quotes ("形成“群节奏”", "新店的第一步是“破零”").
_COINED = re.compile(rf"“([{CJK}]{{2,8}})”")
# A coined term at most this many chunks say, as itself or within longer words.
COINED_TERM_CHUNKS = 4
# A phrase at most this many chunks say points at them (a quoted one for the refusal, bot/refusal.py).
RARE_PHRASE_CHUNKS = 2


def _doc_tokens(doc: dict[str, Any]) -> list[str]:
    return tokenize(f"{doc['title']} {doc.get('preface', '')} {doc['section']} {doc['text']}")


BM25_FORMAT = 7  # bump when what is saved changes: old caches are then rebuilt, not misread
BM25_KEEP = 2  # generations kept on disk: the newest, and the one a running server may still load


@functools.cache
def vocab_key() -> str:
    """A fingerprint of what tokenising depends on (the vocabulary and the stopwords): saved tokens
    made with another vocabulary are not reused, or a query's "删除率" would meet chunks tokenised
    as 删除 + 率 after an upgrade that added the term."""
    words = "\n".join([*TERMS, "", *sorted(STOPWORDS)])
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:8]


_keyword_cache: dict[Path, Keyword] = {}
_keyword_lock = threading.Lock()


def load_keyword_index(index: Index) -> Keyword:
    """The BM25 index for the active generation: from memory, from disk, or built from Chroma and saved."""
    path = index.settings.home / "bm25" / index.key / f"{index.generation()}-v{BM25_FORMAT}-{vocab_key()}"
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
            "page": m.get("page", 0) or 0,
            "last_page": m.get("last_page", 0) or 0,
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
        log.info("BM25 index %s was saved by another process first", path.name)
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(path)
    return Keyword(ids, docs, df, engine)


def _saved_generations(path: Path) -> list[Path]:
    """Complete BM25 indexes saved for this embedder, newest first."""
    found = [p for p in path.parent.glob(f"*-v{BM25_FORMAT}-{vocab_key()}") if (p / "opsbot.json").is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _previous_tokens(path: Path) -> dict[str, list[str]]:
    for previous in _saved_generations(path):
        if previous != path and (previous / "tokens.json").is_file():
            try:
                return dict(json.loads((previous / "tokens.json").read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                log.info("tokens of %s unreadable (%s); trying an older generation", previous.name, exc)
                continue  # pruned or half-read: try an older one, or tokenise everything
    return {}


def _prune(path: Path) -> None:
    """Old generations' BM25 indexes (and leftovers of older formats or of crashed saves) go."""
    keep = {path, *_saved_generations(path)[:BM25_KEEP]}
    for other in path.parent.iterdir():
        if other not in keep and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)

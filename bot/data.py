"""The nouns of opsbot, defined once: file → Article → Chunk → Hit."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path


def short_hash(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x1f")  # separator so ("ab", "c") != ("a", "bc")
    return h.hexdigest()[:length]


@dataclass
class Article:
    """A cleaned article: the Markdown body plus its front matter."""

    id: str  # stable slug, also the file stem in corpus/
    title: str
    body: str  # cleaned Markdown, without front matter and without the "# title" line
    author: str = ""
    date: str = ""
    source_url: str = ""
    source: str = ""  # publication name when there is no URL ("来源:" lines)
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    original_file: str = ""  # the raw file it was cleaned from
    # A PDF's pages: each page's first words (letters, digits, CJK), so passages can say "p. N".
    pages: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """Hash of everything that ends up in the index; changes iff the article must be re-indexed."""
        # (A PDF's page anchors too: they say which page each passage cites. Articles without
        # pages hash as before.)
        return short_hash(self.id, self.title, self.body, *(["\x1e".join(self.pages)] if self.pages else []))


@dataclass
class Added:
    """An article cleaned into the corpus: the file it was written to and what cleaning made of it
    (said to the trainer by `opsbot add` and the page)."""

    article: Article
    path: Path
    notes: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """A passage of an article: the unit that is embedded, retrieved and cited."""

    id: str  # content-hashed: same article, section and text → same id
    article_id: str
    title: str
    section: str  # heading path, e.g. "运营和运行的区别 > 运行是工作量的要求"; "" before the first heading
    text: str
    position: int  # order within the article
    article_hash: str
    # Headings with no text of their own right before this chunk's section ("运营和运行的区别"
    # followed by one heading per difference): on the section's first chunk only, "\n"-joined.
    preface: str = ""
    page: int = 0  # the PDF page the passage starts on (0: not from a paged document)
    last_page: int = 0  # … and the page it ends on, when that is a later one (0: the same page)

    def embedding_text(self) -> str:
        """What the embedder sees: title and section give short passages their context."""
        head = f"{self.title}｜{self.section}" if self.section else self.title
        if self.preface:
            head = f"{head}（{self.preface.replace(chr(10), '，')}）"
        return f"{head}\n{self.text}"

    def metadata(self) -> dict[str, str | int]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "section": self.section,
            "position": self.position,
            "article_hash": self.article_hash,
            "preface": self.preface,
            "page": self.page,
            "last_page": self.last_page,
        }


@dataclass
class Hit:
    """A retrieved chunk with its score (higher is better)."""

    chunk_id: str
    article_id: str
    title: str
    section: str
    text: str
    score: float
    dense_score: float = 0.0  # cosine similarity from the vector side (0 when only BM25 found it)
    bm25_score: float = 0.0  # BM25 score relative to the best keyword match of the query
    # The chunk's sentence vectors as stored at ingest (chunking.pack_vectors), "" when absent.
    sentence_vectors: str = field(default="", repr=False, compare=False)
    page: int = 0  # PDF page (0: none)
    last_page: int = 0  # the page the passage ends on when it runs onto later ones (0: none)

    def as_dict(self) -> dict[str, object]:
        return {
            "chunk_id": self.chunk_id,
            "article_id": self.article_id,
            "title": self.title,
            "section": self.section,
            "page": self.page,
            "last_page": self.last_page,
            "score": round(self.score, 4),
            "text": self.text,
        }


@dataclass
class IngestReport:
    """What an ingest changed, for people and for tests."""

    added: list[str] = field(default_factory=list)  # article ids
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    chunks_reused: int = 0  # embedded by an interrupted ingest, completed by this one
    rebuilt: bool = False
    collection: str = ""
    seconds: float = 0.0
    articles: int = 0  # articles in the corpus that were read
    skipped: dict[str, str] = field(default_factory=dict)  # article id → why its file could not be read
    bm25_seconds: float = 0.0  # building the keyword index for the new generation

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)


@dataclass
class UpdatePlan:
    """What replacing an article by a new version would change, shown before anything is written."""

    old: Article
    new: Article
    added: list[str] = field(default_factory=list)  # paragraphs only in the new version
    removed: list[str] = field(default_factory=list)  # paragraphs only in the old version
    changed: list[tuple[str, str]] = field(default_factory=list)  # (old, new) paragraph pairs
    embed: int = 0  # chunks to embed: new or changed passages
    keep: int = 0  # chunks already indexed as they are
    drop: int = 0  # chunks leaving the index
    stored: str = ""  # hash of the stored file compared against (a replace checks it is unchanged)

    @property
    def same(self) -> bool:
        """Nothing to replace: the same text and metadata, and the index already holds it."""
        same_text = replace(self.old, original_file="") == replace(self.new, original_file="")
        return same_text and not (self.embed or self.drop)


@dataclass
class Citation:
    """A numbered source of an answer: `[n]` in the text points here."""

    n: int
    chunk_id: str
    article_id: str
    title: str
    section: str
    text: str
    page: int = 0  # PDF page the passage starts on (0: none); shown as "p. N"
    last_page: int = 0  # the page it ends on when later (0: none); shown as "p. N–M"


def page_label(page: int, last_page: int = 0) -> str:
    """ "p. 3", "p. 3–4" for a passage running onto the next page, "" when not from a paged document."""
    if not page:
        return ""
    return f"p. {page}–{last_page}" if last_page > page else f"p. {page}"


@dataclass
class Answer:
    """What `opsbot ask --json` prints; the UI, the eval and scripts all read this."""

    question: str
    rewritten_question: str
    answer: str
    refused: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    notice: str = ""  # e.g. "question truncated", "LLM unavailable, extractive answer shown"
    points: list[str] = field(default_factory=list)  # names of the listed items, for "那第三个呢？"

    @property
    def read_otherwise(self) -> bool:
        """Was the question read as another one (a follow-up made whole)? Not when only its punctuation or
        spacing changed: "我理解你的问题是：" followed by the question again says nothing."""
        keep = re.compile(r"[\s？?。！!，,、]")
        return keep.sub("", self.rewritten_question) != keep.sub("", self.question)

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "rewritten_question": self.rewritten_question,
            "answer": self.answer,
            "refused": self.refused,
            "mode": self.mode,
            "citations": [c.__dict__ for c in self.citations],
            "hits": [h.as_dict() for h in self.hits],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "notice": self.notice,
            "points": self.points,
        }

"""Article → Chunks: Chinese-aware, heading-aware, sentence-respecting, with a small overlap.

A chunk never crosses a heading (its `section` would lie) and ends at a sentence end (。！？；)
unless a single sentence is longer than the chunk size. Ids hash the content, so re-chunking
unchanged text yields the same ids and re-ingesting it does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.data import Article, Chunk, short_hash
from bot.text import ITEM_MARKER, word_chars

_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
# A sentence ends at 。！？；!? (and ; between CJK) plus any closing quotes/brackets after it.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)\"']*|$)")
_ENDED = re.compile(r"[。！？；!?;][”’」』）)\"']*$")


# Bump when chunk_article's output changes for the same input (2: title in ids, 3: preface, 4: a line
# without an end mark inside a paragraph is kept, on a line of its own — it was dropped; 5: a list item
# starts a line though the line before it ends a sentence; 6: no sentence ends at a semicolon inside
# brackets, so a chunk's sentences and their stored vectors are counted anew; 7: "第二级，……" and
# "第一层：……" start an item, so a line of its own).
CHUNKER_VERSION = "7"


def split_sentences(paragraph: str) -> list[str]:
    # A semicolon inside brackets parts a table row's cells ("（行业参考：及格线 20%；优秀线：5% 以上）"),
    # not sentences: cut there, an answer showed "优秀线：5% 以上）" on a line of its own.
    shielded = _shield_bracketed(paragraph)
    found = (m.group(0).strip() for m in _SENTENCE.finditer(shielded))
    return [s.replace(_HELD, "；").replace(_HELD_ASCII, ";") for s in found if s]


_HELD, _HELD_ASCII = "\x1e", "\x1f"


def _shield_bracketed(text: str) -> str:
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        out.append(_HELD if depth and ch == "；" else _HELD_ASCII if depth and ch == ";" else ch)
    return "".join(out)


def passage_sentences(text: str) -> list[str]:
    """The sentences of a chunk, line by line (a line break always ends a sentence)."""
    return [s for line in text.split("\n") for s in split_sentences(line)]


def pack_vectors(vectors: list[list[float]], dims: int) -> str:
    """Sentence vectors → one compact string for a chunk's metadata (Chroma metadata is scalar):
    the first `dims` dimensions, renormalised, float16, base64."""
    import base64

    import numpy as np

    m = np.asarray(vectors, dtype=np.float32)[:, :dims]
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    return base64.b64encode(m.astype(np.float16).tobytes()).decode("ascii")


def unpack_vectors(packed: str, count: int) -> Any:
    """The inverse of pack_vectors: a (count, dims) float32 matrix, or None when it does not fit."""
    import base64

    import numpy as np

    if not packed or not count:
        return None
    m = np.frombuffer(base64.b64decode(packed), dtype=np.float16)
    if m.size % count:
        return None  # chunk text and vectors disagree: score without them
    return m.reshape(count, -1).astype(np.float32)


def sentence_cosines(packed: str, sentences: list[str], query: list[float] | None) -> Any:
    """Cosine of each of a passage's sentences with the query, from the vectors stored at ingest
    (the query truncated to their dimensions); None without a query or usable vectors."""
    m = unpack_vectors(packed, len(sentences)) if query is not None else None
    if query is None or m is None:
        return None
    import numpy as np

    q = np.asarray(query[: m.shape[1]], dtype=np.float32)
    return m @ (q / max(float(np.linalg.norm(q)), 1e-9))


def _pieces(sentence: str, size: int) -> Iterator[str]:
    """A sentence longer than `size` is cut at commas, or hard-cut as a last resort."""
    if len(sentence) <= size:
        yield sentence
        return
    buf = ""
    for part in re.findall(r"[^，,、：:]*[，,、：:]?", sentence):
        while len(part) > size:
            yield (buf + part[: size - len(buf)]) if buf else part[:size]
            part = part[size - len(buf) :] if buf else part[size:]
            buf = ""
        if len(buf) + len(part) > size and buf:
            yield buf
            buf = ""
        buf += part
    if buf:
        yield buf


def sections(body: str) -> Iterator[tuple[str, list[str], str]]:
    """(heading path, paragraphs, preface) in order; the path joins the enclosing headings with
    " > "; the preface holds the headings without text of their own that came just before."""
    stack: list[tuple[int, str]] = []
    paragraphs: list[str] = []
    empty: list[str] = []  # headings seen since the last paragraph, other than the current one
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block:
            continue
        m = _HEADING.match(block)
        if m:
            if paragraphs:
                yield " > ".join(t for _, t in stack), paragraphs, "\n".join(empty)
                paragraphs, empty = [], []
            elif stack and not (stack[-1][0] < len(m.group(1))):
                empty.append(stack[-1][1])  # a heading followed by a sibling: it had no text
            level = len(m.group(1))
            stack = [(lv, t) for lv, t in stack if lv < level] + [(level, m.group(2).strip())]
        else:
            paragraphs.append(block)
    if paragraphs:
        yield " > ".join(t for _, t in stack), paragraphs, "\n".join(empty)


def chunk_article(article: Article, size: int = 400, overlap: int = 60) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: set[str] = set()
    article_hash = article.content_hash

    def emit(section: str, text: str, preface: str) -> None:
        # The title and preface are in the id because the embedder (and BM25) see them: a change.
        cid = short_hash(article.id, article.title, section, text, *([preface] if preface else []))
        if cid in seen:
            return
        seen.add(cid)
        chunks.append(Chunk(cid, article.id, article.title, section, text, len(chunks), article_hash, preface))

    for section, paragraphs, preface in sections(article.body):
        # Units are sentences; a paragraph break is kept as a newline inside the chunk.
        units: list[tuple[str, bool]] = []  # (text, starts a paragraph)
        for para in paragraphs:
            new_line = True
            for line in para.split("\n"):
                # A line without an end mark ("1. 企业服务类或B端公司的市场策划" above its text) is a
                # line of its own, and so is a list item ("- 二是……；" after "- 一是……；"); other
                # lines that end a sentence run on as they always have.
                new_line = new_line or bool(ITEM_MARKER.match(line.strip()))
                sentences = [p for s in split_sentences(line) for p in _pieces(s, size)]
                units.extend((s, new_line and i == 0) for i, s in enumerate(sentences))
                new_line = bool(sentences) and not _ENDED.search(sentences[-1]) or (new_line and not sentences)
        current: list[tuple[str, bool]] = []
        length = 0
        fresh = 0  # units in `current` not yet emitted in a previous chunk
        for unit in units:
            if current and fresh and length + len(unit[0]) > size:
                emit(section, _join(current), preface)
                preface = ""  # the section's first chunk carries it
                # Carry the tail sentences (up to `overlap` characters) into the next chunk.
                tail: list[tuple[str, bool]] = []
                carried = 0
                for u in reversed(current):
                    if carried + len(u[0]) > overlap:
                        break
                    tail.insert(0, u)
                    carried += len(u[0])
                current, length, fresh = tail, carried, 0
            current.append(unit)
            length += len(unit[0])
            fresh += 1
        if current and fresh:
            emit(section, _join(current), preface)
    if article.pages:
        _paginate(chunks, article)
    return chunks


def _paginate(chunks: list[Chunk], article: Article) -> None:
    """Each chunk's page: where its text sits in the body relative to where each page's first words
    do (`Article.pages`, from the PDF). A page whose words cleaning changed keeps the page before."""
    body = word_chars(article.body)
    starts: list[int] = []
    at = 0
    for anchor in article.pages:
        found = body.find(anchor, at) if anchor else -1
        starts.append(found if found >= 0 else (starts[-1] if starts else 0))
        at = max(at, found if found >= 0 else at)
    at = 0

    def page_at(offset: int) -> int:
        return max((n for n, s in enumerate(starts, 1) if s <= offset), default=1)

    for chunk in chunks:
        words = word_chars(chunk.text)
        head = words[:12]
        found = body.find(head, at) if head else -1
        if found < 0:
            found = body.find(head) if head else -1
        if found >= 0:
            at = found
        chunk.page = page_at(at)
        # Where it ends: its last words after where it starts (a passage can run onto the next page).
        tail = words[-12:]
        end = body.find(tail, at) if tail and found >= 0 else -1
        last = page_at(end + len(tail) - 1) if end >= 0 else chunk.page
        chunk.last_page = last if last > chunk.page else 0


def _join(units: list[tuple[str, bool]]) -> str:
    out = ""
    for i, (text, starts_paragraph) in enumerate(units):
        if i and starts_paragraph:
            out += "\n"
        elif out and re.search(r"[A-Za-z0-9]$", out) and re.match(r"[A-Za-z0-9]", text):
            out += " "
        out += text
    return out

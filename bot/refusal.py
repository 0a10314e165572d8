"""Refuse or answer: a small logistic model over several retrieval signals, fitted on the eval's
dev split only (`opsbot eval --calibrate`), and the calibration table it is stored in.

One cosine threshold fitted to five articles does not transfer: "怎么召回流失用户？" scored 0.484
against a threshold of 0.4844 while its passages say 召回 outright, and "销售提成比例" passed it
with no passage mentioning 提成. So the gate also asks whether the question's own content terms are
in the passages, weighted by how rare they are, and whether the dense and keyword sides agree.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.keyword import RARE_PHRASE_CHUNKS, Keyword, synonyms_of, tokenize
from bot.retrieve import Retrieval
from bot.settings import Settings
from bot.text import CJK
from bot.vocab import GLOSSARY, glossary_words

# Chosen on the dev split by leave-one-out (eval/README.md): the rarest-missing-term and the
# dense/keyword-agreement signals added nothing once the sentence signal was there.
FEATURES = ("dense", "coverage", "sentence")
# How a question asks, not what it asks about: never evidence either way ("哪几个", "是不是").
QUESTION_WORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as one string
        "哪几 几个 哪几个 哪几种 是不是 不是 哪种 几种 几类 几步 有没有 能不能 要不要 会不会"
        " 是什么 有什么 怎么办 怎么做 咋整 咋办 咋弄 咋搞"
        " 例子 举个 举例 举个例子 比如 比喻"  # (asking for an example: "复盘有例子吗？" asks of 复盘)
        " 不会 才能"  # ("开头怎么拍才不会被划走？": what it asks is said by 开头, 划走)
        " 意思 啥意思 什么意思"  # ("收藏赞同比是啥意思？" asks what it is)
        # (where from, where to, what to do: "选题一般从哪来", "预算一般都花在哪些地方", "头一周该干点啥")
        " 哪来 从哪 哪儿 哪里 地方 哪些地方 什么地方 啥地方 干点 干些 做点 做些"
        # (when: "公众号啥时候发最好" was refused for 啥时候, a word no passage says; "什么时候" was answered)
        " 时候 啥时候 什么时候 何时"
    ).split()
)
# How a new hire tells it, not what it is about: when ("上个月", "最近"), how much or how often
# ("越来越", "老是", "有点"), who ("我们", "自己", "老板让我……"), how well ("咋写比较好"). The
# playbook rarely says these words, so they counted as missing and refused "我们群越来越冷清了，咋整"
# and "店铺这个月卖得比上个月差，从哪下手查？" (and "公众号标题咋写比较好？").
MANNER_WORDS = frozenset(
    (  # noqa: SIM905
        "越来越 越来 老是 总是 一直 有点 有些 特别 非常 真的 确实 突然 好像 感觉 觉得"
        " 最近 这个月 上个月 上个 下个月 这周 上周 这几天 这阵子 今年 去年 现在 目前"
        " 我们 咱们 自己 我们的 我 你 大家 我该 我要 我想 我得 下手 入手 着手 整 弄 搞 搞个 弄个 下周"
        " 比较 比较好 最好 老板 领导 上司 让我"
        " 没人 没啥人 没啥 没有 有人"  # ("公众号文章没人看咋办", "标题咋起才有人点": said by the verb)
        " 早上 晚上 中午 周末 顺便 又 还得"  # ("每天早上打开后台……", "老板又让我顺便管公众号……")
        " 要是 如果 假如 万一 的话"  # ("要是内容社区没消费金额咋办": a case put, not what it is about)
        " 做得好 真实 靠谱"  # ("有没有裂变活动做得好的真实例子？": how good, not what)
        # (how plainly, how to deal with it: "种草投放说白了是个啥", "重要发展用户咋对付" were refused for these)
        " 说白了 说白 通俗 通俗点 大白话 简单说 对付 应付"
        # (which one it points at, not what: "我这种刚来的该从哪层干起" — the playbook says 应届生)
        " 这种 那种 这个 那个 这些 那些 这样 那样"
        # (how many at once: "好几个紧急情况一起来 先处理哪个" — what it asks of is 紧急情况)
        " 好几 好几个 一起 起来 一块儿 同时"
        # (which part: "那变现这块看啥" asks of 变现)
        " 这块 那块 这一块 这方面 这部分"
        # (how often, as the playbook says it with 每天: "一天最多发几条" after "私域朋友圈一周发啥" names nothing)
        " 一天 一周 一个月"
        # (and as a habit: "我们组平时用啥归因模型" asks which model — the article says "默认用末次点击做日常监控",
        # trn56)
        " 平时 平常"
        # (how strongly: "为什么一定要回访用户？" asks why 回访 — 一定 led it to another article's "……一定是有
        # 业务目标的")
        " 一定 必须 非得 非要"
        # (how far off: "太低了一般是啥原因？" after "付费会员开通率多少算正常？" asks of 开通率 — the playbook
        # says 低于 2%)
        " 太低 太高 太少 太多 偏低 偏高"
        # (and as a new hire says it stays low: "打开率一直上不去 先改哪" asks of 打开率 low — "打开率低就改标题")
        " 上不去 上不来 提不上去 涨不上去 起不来"
    ).split()
)
# How an amount is judged, in a question asking how much ("转粉率多少算正常", "满减门槛设多少合适"): the playbook
# gives the amount (参考值), not these words. Elsewhere they are what is asked ("种草的预算怎么分配比较合理").
JUDGED = frozenset({"正常", "合适", "合理", "健康", "靠谱"})
SHIPPED = Path(__file__).with_name("calibration.json")
log = logging.getLogger(__name__)


def features(retrieval: Retrieval, english: bool) -> list[float]:
    """[best cosine of the top 3, IDF-weighted share of the question's terms found in the top 3
    passages, best cosine of one of their sentences]."""
    hits = retrieval.hits[:3]
    if not hits:
        return [0.0, 0.0, 0.0]
    dense = max(h.dense_score for h in hits)
    return [dense, coverage(retrieval.terms, retrieval, english), _best_sentence(retrieval, hits)]


def content_terms(terms: list[str], kw: Keyword | None = None, english: bool = False) -> list[str]:
    """A question's terms that say what it asks about: words (not single characters), not how it
    asks. With `english` (and the keyword index), an English word counts only where the corpus itself
    uses it (ROI, AARRR), not where it is glossed: its Chinese gloss is a term of its own (a word of a
    glossed phrase too: "review" of "post-campaign review", 活动复盘)."""
    glossed = _glossed_words(terms) if english else set()
    return [
        t
        for t in terms
        if t not in glossed
        and len(t) >= 2
        and t not in QUESTION_WORDS
        and t not in MANNER_WORDS
        # ("咋算" is one word to jieba, and one the playbook never says: how it asks, as "怎么算" says it;
        # "K因子咋算" was refused for it, "K因子怎么算" answered)
        # (nor "哪层" / "哪步": which one it asks, as 哪几 does)
        and not t.startswith(("咋", "哪"))
        and not _adverb_glued(t, kw)
        and not (english and kw is not None and t.isascii() and (kw.df.get(t, 0) == 0 or t in GLOSSARY))
    ]


# Adverbs jieba glues to a one-character verb or adjective ("先改", "低先", "再发"), and 点 ("a little":
# "咋写点开的人多" is cut 写点 / 开): the word the playbook would say is that one character ("打开率低就改标题"),
# not a term of the question. And the modal verbs 能 and 该 ("DAU能当北极星吗" is cut DAU / 能当 / 北极星 — refused,
# nh58; "该选").
_GLUED_ADVERBS = frozenset("先再还都就也又才点能该")


def _adverb_glued(term: str, kw: Keyword | None) -> bool:
    """Is `term` two characters, one an adverb, that no passage says ("打开率一直上不去 先改哪")?"""
    return kw is not None and len(term) == 2 and kw.df.get(term, 0) == 0 and bool(_GLUED_ADVERBS & set(term))


def _glossed_words(terms: list[str]) -> set[str]:
    """The English words of the glossary's phrases (two words or more) that the terms say every word of."""
    said = set(terms)
    phrases = (glossary_words(key) for key in GLOSSARY)
    return {w for words in phrases if len(words) > 1 and said.issuperset(words) for w in words}


def coverage(terms: list[str], retrieval: Retrieval, english: bool = False) -> float:
    """The IDF-weighted share of a question's content `terms` that the top 3 passages of
    `retrieval` say (0.5 when it has none)."""
    kw = retrieval.keyword
    seen = set(tokenize(" ".join(f"{h.title} {h.section} {h.text}" for h in retrieval.hits[:3])))
    weights = {t: kw.idf(t) for t in content_terms(terms, kw, english)}
    total = sum(weights.values())
    # A term is said when a word of its group is ("企微" by "企业微信"): the words a new hire uses
    # interchangeably (bot/vocab.py SYNONYMS).
    said = {t for t in weights if _said(t, seen)}
    # A part of a longer word of the question is said when that word is ("死气沉沉" by 活跃: its 沉沉 too).
    said |= {t for t in weights if any(t in u and u != t for u in said)}
    return sum(w for t, w in weights.items() if t in said) / total if total else 0.5


def _said(term: str, seen: set[str]) -> bool:
    """Is `term`, or a word of its synonym group, among the tokens `seen`?"""
    return term in seen or any(seen.issuperset(tokenize(s)) for s in synonyms_of(term))


def heading_says_all(retrieval: Retrieval, english: bool = False) -> bool:
    """Does the title and heading path of one of the top 3 passages say every content term of the
    question (two or more)? The playbook then has a section named by the question ("常见的裂变玩法有
    哪些？" and "二、三种常见裂变玩法"), though its sentences, each about one 玩法, match the question
    poorly (the sentence signal refused a trainer's article questions its headings answered)."""
    kw = retrieval.keyword
    terms = set(content_terms(retrieval.terms, kw, english))
    if len(terms) < 2:
        return False
    for h in retrieval.hits[:3]:
        seen = set(tokenize(f"{h.title} {h.section}"))
        if all(_said(t, seen) for t in terms):
            return True
    return False


# What a heading or question says beyond its words: numbering, punctuation, closing particles.
_HEADING_NOISE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(]\d{1,2}[)）]|Q\d*[：:.．]?)"
    r"|[\s？?。！!，,：:“”\"'呢啊呀吧嘛]"
)


def asks_a_heading(retrieval: Retrieval, question: str) -> bool:
    """Is the question (five characters or more) the heading of a top-3 passage's own section, word
    for word ("日更好还是周更好" and the FAQ's "### 日更好还是周更好？")? The playbook asks it itself,
    though its words alone ("日", "更好", "周") match everything and nothing."""
    asked = _HEADING_NOISE.sub("", question)
    if len(asked) < 5:
        return False
    for h in retrieval.hits[:3]:
        own = _HEADING_NOISE.sub("", h.section.rsplit(" > ", 1)[-1]) if h.section else ""
        if own and asked in own and len(asked) >= 0.7 * len(own):
            return True
    return False


# A list item's label: "- 高接触（High Touch）：年合同金额……" → 高接触.
_ITEM_LABEL = re.compile(
    r"^\s*(?:[-*•·]|\d{1,2}[.、．]|[（(]\d{1,2}[)）])\s*([^：:\n（(]{2,12})(?:[（(][^）)\n]*[）)])?\s*[：:]", re.M
)


def names_listed_items(retrieval: Retrieval, question: str) -> bool:
    """Does the question name two or more items of one list a top-3 passage gives, word for word
    (labels of three characters or more)? "高接触、低接触和技术接触怎么区分" names the rows of a trainer's
    "客户分层服务模式", whose words alone (高, 低, 接触, 技术) were too weak a match and refused it."""
    for h in retrieval.hits[:3]:
        labels = {m.strip() for m in _ITEM_LABEL.findall(h.text)}
        if sum(len(x) >= 3 and x in question for x in labels) >= 2:
            return True
    return False


# A phrase the question quotes ("“日拱一卒”那种运营") that a top passage says word for word, and
# hardly any other passage does, is the question pointing at that passage: it is covered, however
# loosely the rest is worded. (A phrase many passages say — "用户运营" — points at none.)
_QUOTED = re.compile(rf"[“「\"‘']([{CJK}]{{4,}})[”」\"’']")


def quotes_passage(retrieval: Retrieval, question: str) -> bool:
    """Does the question quote a phrase (≥ 4 CJK characters) that one of the top 3 passages says
    verbatim and at most `RARE_PHRASE_CHUNKS` passages of the corpus say?"""
    hits = retrieval.hits[:3]
    for phrase in _QUOTED.findall(question):
        if not any(phrase in h.text for h in hits):
            continue
        if len(retrieval.keyword.saying(phrase)) <= RARE_PHRASE_CHUNKS:
            return True
    return False


def says_coined_term(retrieval: Retrieval, question: str) -> bool:
    """Does the question say a term an article coins in quotes, one hardly any passage says ("群节奏是啥意思 给我举个
    排法" asks of "形成“群节奏”" and was refused for 排法)?"""
    return bool(retrieval.keyword.coined_terms(question))


def _best_sentence(retrieval: Retrieval, hits: list[Any]) -> float:
    """The best cosine between the question and one sentence of the passages (the vectors stored at
    ingest). A loosely worded question ("为啥有的厉害运营连送上门的流量入口都不要？") shares few
    words with its answer, yet one sentence says the same thing; an off-corpus question on a known
    topic matches whole passages a little and no sentence well. Without stored vectors: NaN (the
    model then reads the passage cosine in its place)."""
    from bot.chunking import passage_sentences, sentence_cosines

    found = [sentence_cosines(h.sentence_vectors, passage_sentences(h.text), retrieval.query_vector) for h in hits]
    scores = [float(c.max()) for c in found if c is not None and len(c)]
    return max(scores) if scores else math.nan


@dataclass
class RefusalModel:
    weights: list[float]
    bias: float
    mean: list[float]  # features are standardised with the dev split's mean and spread
    scale: list[float]

    def p_answerable(self, x: list[float]) -> float:
        zs = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        # A signal this index cannot give (no sentence vectors: OPSBOT_SENTENCE_DIMS=0) counts as
        # what the passage cosine says, in its own units: a raw stand-in would bias the model.
        zs = [zs[0] if math.isnan(z) else z for z in zs]
        z = self.bias + sum(w * v for w, v in zip(self.weights, zs, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def as_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 4) for w in self.weights],
            "bias": round(self.bias, 4),
            "mean": [round(m, 4) for m in self.mean],
            "scale": [round(s, 4) for s in self.scale],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RefusalModel:
        if list(d.get("features", [])) != list(FEATURES):
            raise ValueError("refusal model was fitted on other features: run `opsbot eval --calibrate`")
        return cls(list(d["weights"]), float(d["bias"]), list(d["mean"]), list(d["scale"]))


def fit(xs: list[list[float]], ys: list[bool], l2: float = 0.1, steps: int = 3000) -> RefusalModel:
    """Class-balanced logistic regression by gradient descent (deterministic, no extra package)."""
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    xz = (x - mean) / scale
    pos = max(y.sum(), 1.0)
    neg = max((1 - y).sum(), 1.0)
    sample_w = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xz @ w + b)))
        g = (p - y) * sample_w
        w -= 0.1 * (xz.T @ g / len(y) + l2 * w / len(y))
        b -= 0.1 * g.mean()
    return RefusalModel([float(v) for v in w], float(b), [float(v) for v in mean], [float(v) for v in scale])


def calibration_entry(settings: Settings) -> dict[str, Any]:
    """The calibration of the configured embedder: from `calibration.json` in the data home (where
    `opsbot eval --calibrate` writes) when it has one, else from the table shipped with the package."""
    for path in (settings.home / "calibration.json", SHIPPED):
        table = _table(path)
        if settings.embedder in table:
            return dict(table[settings.embedder])
    return dict(_table(SHIPPED).get("default", {}))


def calibrated_threshold(settings: Settings) -> float:
    """The plain cosine threshold: OPSBOT_REFUSE_BELOW, else the calibrated one."""
    if settings.refuse_below >= 0:
        return settings.refuse_below
    return float(calibration_entry(settings)["refuse_below"])


def refusal_model(settings: Settings) -> RefusalModel | None:
    """The fitted model, unless a threshold is set by hand or the embedder has none."""
    if settings.refuse_below >= 0:
        return None
    entry = calibration_entry(settings)
    return RefusalModel.from_dict(entry["refusal_model"]) if "refusal_model" in entry else None


_tables: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def _table(path: Path) -> dict[str, Any]:
    """A calibration table, read again only when the file changes (size or mtime in ns)."""
    try:
        st = path.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _tables.get(path)
    if cached is None or cached[0] != stamp:
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring the calibration table %s: %s", path, exc)
            table = {}
        _tables[path] = cached = (stamp, table)
    return cached[1]

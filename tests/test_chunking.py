from __future__ import annotations

import pytest

from bot.chunking import chunk_article, split_sentences
from bot.corpus import load_corpus
from bot.data import Article
from tests.conftest import CORPUS

ENDS = "。！？；!?;”’」』）)"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load_corpus(CORPUS)


def test_sentences_split_at_chinese_sentence_ends() -> None:
    assert split_sentences("拉新靠活动。留存靠产品！召回呢？“唤醒”；结束") == [
        "拉新靠活动。",
        "留存靠产品！",
        "召回呢？",
        "“唤醒”；",
        "结束",
    ]
    assert split_sentences("他说：“好呀。”然后走了。") == ["他说：“好呀。”", "然后走了。"]


def test_chunks_have_bounded_size_and_end_at_sentences(articles: list[Article]) -> None:
    for a in articles:
        chunks = chunk_article(a, 400, 60)
        assert chunks, a.id
        paragraph_ends = {p.strip()[-10:] for p in a.body.split("\n")}
        for c in chunks:
            assert len(c.text) <= 400 + 60, (a.id, len(c.text))
            # Ends at a sentence end, or where the article's paragraph ends (label lines, lists).
            assert c.text[-1] in ENDS or c.text[-10:] in paragraph_ends, c.text[-20:]


def test_chunks_know_article_title_and_section(articles: list[Article]) -> None:
    a = next(x for x in articles if x.id == "operations-work-explained")
    chunks = chunk_article(a)
    emergency = [c for c in chunks if "限流熔断" in c.text]
    assert len(emergency) == 1
    c = emergency[0]
    assert c.article_id == a.id and c.title == a.title
    assert c.section == "二、运营破局方法论：从“头痛医头”到“系统化治疗” > 4. 应急方案：流量洪峰下的“三板斧”"
    assert c.embedding_text().startswith(a.title + "｜二、运营破局方法论")
    assert not any(line.startswith("#") for ch in chunks for line in ch.text.splitlines())


def test_chunks_never_cross_headings() -> None:
    body = "## 甲\n\n" + "甲的内容很多。" * 10 + "\n\n## 乙\n\n乙的内容。"
    chunks = chunk_article(Article(id="t", title="T", body=body), 400, 60)
    assert [(c.section, "乙" in c.text) for c in chunks] == [("甲", False), ("乙", True)]


def test_long_sections_overlap_by_whole_sentences() -> None:
    sentences = [f"第{i}句讲的是运营里很重要的一件事情。" for i in range(40)]
    chunks = chunk_article(Article(id="t", title="T", body="".join(sentences)), 200, 40)
    assert len(chunks) > 3
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        first = split_sentences(nxt.text)[0]
        assert first in prev.text  # the next chunk starts with the previous chunk's tail
        assert len(first) <= 40
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_overlong_sentence_is_cut_at_commas() -> None:
    sentence = "，".join(f"运营第{i}步需要深入分析用户行为数据" for i in range(30)) + "。"
    chunks = chunk_article(Article(id="t", title="T", body=sentence), 100, 20)
    assert all(len(c.text) <= 100 for c in chunks)
    joined = "".join(c.text for c in chunks)
    assert all(f"运营第{i}步" in joined for i in range(30))


def test_ids_are_stable_and_content_hashed(articles: list[Article]) -> None:
    a = articles[0]
    first = [c.id for c in chunk_article(a)]
    assert first == [c.id for c in chunk_article(a)]
    assert len(set(first)) == len(first)
    edited = Article(id=a.id, title=a.title, body=a.body.replace("。", "。", 1) + "\n\n新增的一段话。")
    second = [c.id for c in chunk_article(edited)]
    assert set(first) - set(second) and set(first) & set(second)  # only the tail changes


def test_no_line_of_a_paragraph_is_lost() -> None:
    """A line without an end mark inside a paragraph ("1. 企业服务类…" above its text) used to
    vanish from the index; it is kept, on a line of its own, and sentence lines still run on."""
    body = (
        "## 二、市场运营\n\n1. 企业服务类或B端公司的市场策划\n"
        "   一般的工作内容就是更新网站；总的来说就是给销售打辅助的。\n\n"
        "- 拉新；\n- 留存；"
    )
    text = "\n".join(c.text for c in chunk_article(Article("x", "t", body)))
    assert "1. 企业服务类或B端公司的市场策划\n一般的工作内容就是更新网站；" in text
    assert "- 拉新；\n- 留存；" in text  # (a list item starts a line: CHUNKER_VERSION 5)
    # (and a level counted in words: CHUNKER_VERSION 7)
    levels = chunk_article(
        Article("lv", "审核", "## 流程\n\n第一级，机器审核：自动拦截。\n第二级，人工初审：逐条判断。")
    )
    assert "自动拦截。\n第二级，人工初审" in levels[0].text, levels[0].text


def test_a_list_item_starts_a_line_though_the_line_before_ends_a_sentence() -> None:
    body = "## 怎么选达人\n\n选达人要看三点：\n\n- 一是看粉丝画像；\n- 二是看互动率；\n- 三是看历史商单。"
    (chunk,) = chunk_article(Article(id="a", title="t", body=body))
    assert chunk.text == "选达人要看三点：\n- 一是看粉丝画像；\n- 二是看互动率；\n- 三是看历史商单。"


def test_a_semicolon_inside_brackets_ends_no_sentence() -> None:
    """A table row flattened into one line ("次日留存：……（行业参考：及格线 20%；优秀线：5% 以上）") was cut at
    its inner semicolon, and an answer showed "优秀线：5% 以上）" on a line of its own (a trainer's notes)."""
    from bot.chunking import passage_sentences

    row = "- 次日留存：第二天还在用的比例（行业参考：及格线 20%；优秀线：5% 以上）"
    assert passage_sentences(row) == [row]
    assert passage_sentences("先做这个；再做那个。") == ["先做这个；", "再做那个。"]

"""The product as a person uses it: a real server, driven in headless Chromium (Debian's, installed
by .ci/run) through Playwright."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot_dev.processes import served
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
# The machine has no internet: without these Chromium keeps trying to reach Google's services.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
TOKEN = "trainer-token-42"
# Issue 13's payloads, in every corpus field a page shows: a tracking pixel and a phishing link.
HOSTILE = "http://127.0.0.1:7949"
HOSTILE_ARTICLE = f"""---
title: 裂变规范![px]({HOSTILE}/p.png)[点此登录领取]({HOSTILE}/phish)
author: <img src={HOSTILE}/a.png>
---

## 邀请规则![px2]({HOSTILE}/s.png)

裂变活动规范：每个邀请链接只能领取一次奖励，防止羊毛党刷单。<img src="{HOSTILE}/b.png">
"""
NEW_ARTICLE = (
    "# 私域流量运营指南\n\n私域流量运营是指品牌在企业微信和社群里长期经营老客户，核心指标是复购率和转介绍率。\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[tuple[str, Path]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium chromium-driver` (.ci/run does)")
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(CORPUS, root / "corpus")
    env = {
        **os.environ,
        "OPSBOT_HOME": str(root / "home"),
        "OPSBOT_CORPUS_DIR": str(root / "corpus"),
        "OPSBOT_MODELS_DIR": str(models_dir),
        "OPSBOT_EMBEDDER": os.environ.get("OPSBOT_BROWSER_EMBEDDER", "fake"),
        "OPSBOT_ADMIN_TOKEN": TOKEN,
        "OPSBOT_CLIENT_HEADER": "X-Forwarded-For",  # so that a test can pose as several clients
        "OPSBOT_MAX_FILE_MB": "1",
    }
    (root / "corpus" / "fission-rules.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    # No `opsbot ingest` first: `opsbot serve` indexes a fresh data home itself.
    with served(env, root / "server.log", timeout=300, host=None) as (url, _):
        yield url, root


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def ask(page: object, question: str) -> float:
    """Type, send, wait for the cited answer; returns seconds from click to the answer in the page."""
    page.fill("#question textarea", question)
    count = page.locator("#chat .bot").count()
    started = time.perf_counter()
    page.click("#send")
    last = "(() => { const b = document.querySelectorAll('#chat .bot'); return b.length ? b[b.length - 1].innerText"
    last += " : ''; })()"
    page.wait_for_function(
        f"document.querySelectorAll('#chat .bot').length > {count} && !{last}.includes('Loading content')"
        f" && {last}.trim().length > 0",
        timeout=60000,
    )
    first = time.perf_counter() - started
    # then until the stream has finished (the cursor mark is gone) and the text holds still
    page.wait_for_function(f"!{last}.includes('▌')", timeout=120000)
    page.wait_for_timeout(300)
    return first


def test_chat_citations_feedback_and_phone_width(server: tuple[str, Path], browser: object) -> None:
    url, root = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)

    seconds = ask(page, "大促服务器崩溃了，限流熔断怎么做？")
    page.wait_for_selector("#chat a.cite", timeout=30000)
    answer = page.inner_text("#chat .bot >> nth=-1")
    assert "限流熔断" in answer
    print(f"\nquestion → first answer text in the page: {seconds * 1000:.0f} ms")

    page.click("#chat a.cite >> nth=0")  # a citation marker jumps to its passage
    card = page.locator("#src-0-1")
    assert card.is_visible() and "限流熔断" in card.inner_text()
    assert page.evaluate("location.hash") == "#src-0-1"
    assert page.locator("#src-0-1 mark").count() >= 1  # the cited sentence is highlighted

    shots = Path(os.environ.get("OPSBOT_SCREENSHOT_DIR", root))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "chat.png"), full_page=True)

    page.fill("#feedback-comment textarea", "希望更简短")
    page.locator('#chat button[aria-label="没用"]').last.click()
    from bot.store import Feedback, Store

    feedback = Feedback(Store(root / "home" / "opsbot.db"))
    deadline = time.time() + 20
    while not feedback.entries() and time.time() < deadline:
        time.sleep(0.2)
    entry = feedback.entries()[-1]
    assert entry["liked"] is False and entry["question"] == "大促服务器崩溃了，限流熔断怎么做？"
    assert entry["comment"] == "希望更简短" and entry["citations"]

    ask(page, "那运作呢？")  # a follow-up in the same conversation is rewritten and shown
    assert "我理解你的问题是" in page.inner_text("#chat .bot >> nth=-1")
    page.locator('#chat button[aria-label="没用"]').last.click()  # the vote first…
    page.wait_for_timeout(500)
    page.fill("#feedback-comment textarea", "先点了再写的备注")
    page.press("#feedback-comment textarea", "Enter")  # …then the note joins that vote
    deadline = time.time() + 20
    while feedback.entries()[-1]["comment"] != "先点了再写的备注" and time.time() < deadline:
        time.sleep(0.2)
    assert feedback.entries()[-1]["comment"] == "先点了再写的备注" and len(feedback.entries()) == 2

    ask(page, '<img src=x onerror="alert(1)"> 限流熔断')  # markup in a question is text, not code
    assert dialogs == []
    assert page.locator("#chat img[src='x']").count() == 0

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(url)
    phone.wait_for_selector("#question textarea", timeout=60000)
    ask(phone, "产品运营到底干嘛的？")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling
    phone.screenshot(path=str(shots / "chat-phone.png"), full_page=True)


def test_workbench_upload_then_ask(server: tuple[str, Path], browser: object, tmp_path: Path) -> None:
    url, root = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.get_by_role("tab", name="工作台（培训师）").click()
    assert not page.locator("#wb-body").is_visible()  # nothing of the workbench before login
    page.fill("#admin-token input", "wrong")
    page.click("#wb-login")
    page.wait_for_selector("text=工作台口令不正确", timeout=20000)  # a wrong token is refused
    assert not page.locator("#wb-body").is_visible()

    page.fill("#admin-token input", TOKEN)
    page.press("#admin-token input", "Enter")  # Enter logs in, and the article list loads with it
    page.wait_for_function(
        "(document.querySelector('#wb-articles') || {innerText: ''}).innerText.includes('yunxing-vs-yunying')",
        timeout=30000,
    )
    assert "将文件拖放到此处" in page.inner_text("#wb-upload")  # Gradio's own words in Chinese too
    upload = tmp_path / "私域.md"
    upload.write_text(NEW_ARTICLE, encoding="utf-8")
    page.set_input_files("#wb-upload input[type=file]", str(upload))
    page.fill("#wb-id textarea", "private-traffic")
    page.click("#wb-preview")
    page.wait_for_selector("#wb-chunks >> text=共 1 个片段", timeout=30000)
    page.click("#wb-add")
    page.wait_for_selector("#wb-add-status >> text=已添加《私域流量运营指南》", timeout=120000)
    assert (root / "corpus" / "private-traffic.md").is_file()

    page.get_by_role("tab", name="问答").click()
    ask(page, "转介绍率是私域流量运营的核心指标吗？")
    page.wait_for_selector("#chat a.cite", timeout=30000)
    assert "复购率" in page.inner_text("#chat .bot >> nth=-1")
    assert "私域流量运营指南" in page.inner_text("#sources")


def _login(page: object, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="工作台（培训师）").click()
    page.fill("#admin-token input", TOKEN)
    page.click("#wb-login")
    page.wait_for_selector("#wb-body", state="visible", timeout=30000)
    page.wait_for_selector("#wb-login", state="hidden", timeout=10000)  # (logged in: no second login)


def _pick(page: object, selector: str, option: str) -> None:
    """Choose an option of a Gradio dropdown as a person does: open it, type, click the option."""
    page.locator(selector).scroll_into_view_if_needed()
    page.click(f"{selector} input")
    if page.locator("[role=option]").count() > 8:  # a long list: narrow it down by typing
        page.fill(f"{selector} input", option[:12])
        page.wait_for_timeout(300)  # (the list re-renders while it filters)
    page.get_by_role("option", name=option).first.click()


def _text(page: object, selector: str, contains: str, timeout: int = 60000) -> str:
    page.wait_for_function(
        f"(document.querySelector({selector!r}) || {{innerText: ''}}).innerText.includes({contains!r})",
        timeout=timeout,
    )
    return str(page.inner_text(selector))


def test_trainer_edits_updates_with_a_diff_previews_impact_deletes_and_undoes(
    server: tuple[str, Path], browser: object, tmp_path: Path
) -> None:
    """Issue 14, as a trainer: pick an article (the form fills itself), change one field (the others
    survive), upload a new version (a diff first, then replace), preview the impact in words,
    delete with a confirm step naming the article, undo."""
    url, root = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, url)
    _pick(page, "#wb-edit-id", "user-operations-essence")
    page.wait_for_function("document.querySelector('#wb-edit-title textarea').value.length > 0", timeout=30000)
    title = page.input_value("#wb-edit-title textarea")
    author, date = page.input_value("#wb-edit-author textarea"), page.input_value("#wb-edit-date textarea")
    assert title and author  # pre-filled from the article
    page.fill("#wb-edit-author textarea", "培训师小王")
    page.click("#wb-save")
    _text(page, "#wb-edit-status", "已保存")
    stored = (root / "corpus" / "user-operations-essence.md").read_text(encoding="utf-8")
    assert "author: 培训师小王" in stored and f"title: {title}" in stored and (not date or date in stored)

    # A new version of an article: the diff first, nothing written until 替换.
    _pick(page, "#wb-edit-id", "community-ops-notes")
    current = (root / "corpus" / "community-ops-notes.md").read_text(encoding="utf-8")
    body = current.split("\n---\n", 1)[1]
    first = next(p for p in body.split("\n\n") if len(p) > 30 and not p.startswith("#"))
    new_version = tmp_path / "社群新版.md"
    new_version.write_text(
        body.replace(first, first + "（新版补充：每周复盘一次。）")
        + "\n\n## 新增小节：社群公约\n\n群规写清楚，违规先提醒再移出。\n",
        encoding="utf-8",
    )
    page.set_input_files("#wb-new-version input[type=file]", str(new_version))
    # (the upload shown first, as a trainer sees it before comparing: its change event hides the replace button,
    # and on a loaded machine (CI141, 27 min) it came after the comparison had shown the button)
    _text(page, "#wb-new-version", "社群新版")
    page.click("#wb-diff")
    shown = _text(page, "#wb-diff-out", "修改 1 段")
    assert "新增 2 段" in shown and "重新嵌入" in shown and page.locator("#wb-diff-out ins").count() >= 1
    assert (root / "corpus" / "community-ops-notes.md").read_text(encoding="utf-8") == current
    shots = Path(os.environ.get("OPSBOT_SCREENSHOT_DIR", root))
    shots.mkdir(parents=True, exist_ok=True)
    page.locator("#wb-diff-out").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "workbench-update.png"))
    page.click("#wb-replace")
    _text(page, "#wb-replace-status", "已用新版本替换", timeout=120000)
    assert "社群公约" in (root / "corpus" / "community-ops-notes.md").read_text(encoding="utf-8")

    # The impact preview: the replaced article is chosen for heading questions already.
    assert page.input_value("#wb-impact-id input") == "community-ops-notes"
    page.click("#wb-impact")
    report = _text(page, "#wb-impact-out", "个评测问题", timeout=300000)
    assert "按《" in report and "社群公约是什么？" in report
    assert "hit@1" not in report and "ro-10" not in report  # no metric names or case ids
    page.locator("#wb-impact-out").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "workbench-impact.png"))

    # Delete asks first, naming the article and its chunks; undo brings it back.
    _pick(page, "#wb-edit-id", "campaign-retro-notes")
    page.click("#wb-delete")
    question = _text(page, "#wb-confirm-text", "确定删除")
    assert "campaign-retro-notes" in question and "个片段" in question
    assert (root / "corpus" / "campaign-retro-notes.md").is_file()  # nothing deleted yet
    page.click("#wb-confirm-delete")
    _text(page, "#wb-edit-status", "已删除 campaign-retro-notes")
    assert not (root / "corpus" / "campaign-retro-notes.md").exists()
    assert "campaign-retro-notes" not in page.inner_text("#wb-articles")
    page.click("#wb-undo")
    _text(page, "#wb-edit-status", "已恢复 campaign-retro-notes")
    assert (root / "corpus" / "campaign-retro-notes.md").is_file()
    _text(page, "#wb-articles", "campaign-retro-notes")
    page.click("#wb-undo")  # nothing left to undo: said where the trainer looks, not a stale success
    status = _text(page, "#wb-edit-status", "回收站里没有可以恢复的文章")
    assert "已恢复" not in status


def test_a_disliked_answer_becomes_a_trainer_eval_case(server: tuple[str, Path], browser: object) -> None:
    """Issue 14's corpus gaps: a 👎 in the chat is listed under 未覆盖的问题 with the nearest
    articles; the trainer turns it into an eval case with evidence picked from a passage."""
    url, root = server
    chat = browser.new_page(viewport={"width": 1280, "height": 900})
    chat.goto(url)
    chat.wait_for_selector("#question textarea", timeout=60000)
    ask(chat, "活动运营的复盘要看哪些数据？")
    chat.locator('#chat button[aria-label="没用"]').last.click()
    chat.wait_for_timeout(1000)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, url)
    page.click("#wb-gaps-refresh")
    listing = _text(page, "#wb-gaps", "活动运营的复盘要看哪些数据")
    assert "被点踩" in listing and "组未覆盖的问题" in page.inner_text("#wb-gaps-info")
    _pick(page, "#wb-gap-pick", next(o for o in _options(page, "#wb-gap-pick") if "活动运营的复盘" in o))
    page.wait_for_function("document.querySelector('#wb-case-question textarea').value.includes('复盘')")
    page.click("#wb-case-find")
    page.wait_for_timeout(2000)
    evidence = _options(page, "#wb-case-evidence")
    assert evidence
    _pick(page, "#wb-case-evidence", evidence[0])
    page.fill("#wb-case-points textarea", "复盘\n数据")
    page.locator("#wb-case-points textarea").blur()  # (closes the evidence list before the screenshot)
    page.mouse.click(5, 5)
    page.wait_for_timeout(300)
    page.locator("#wb-gaps").scroll_into_view_if_needed()
    shots = Path(os.environ.get("OPSBOT_SCREENSHOT_DIR", root))
    page.screenshot(path=str(shots / "workbench-gaps.png"))
    page.click("#wb-case-save")
    _text(page, "#wb-case-status", "已保存评测用例 tr-")
    from bot.store import Store, TrainerCases

    case = TrainerCases(Store(root / "home" / "opsbot.db")).entries()[-1]
    picked = evidence[0].split("》", 1)[1]  # (the choice names its article: "《标题》句子")
    assert case["question"] == "活动运营的复盘要看哪些数据？" and case["evidence"] == [picked]
    assert case["key_points"] == ["复盘", "数据"]


def _options(page: object, selector: str) -> list[str]:
    """A dropdown's option labels (opened, read, closed)."""
    page.locator(selector).scroll_into_view_if_needed()
    page.click(f"{selector} input")
    page.wait_for_selector("[role=option]", timeout=20000)
    labels = [str(t).strip() for t in page.locator("[role=option]").all_inner_texts()]
    page.locator(selector).locator("input").blur()
    page.wait_for_timeout(300)
    return labels


def test_landing_examples_ask_in_one_click_and_cards_lead_back(server: tuple[str, Path], browser: object) -> None:
    """Issue 14's chat landing: the examples sit in the empty chat, one click asks; a source card
    has a way back to its answer. (A French browser: Gradio's own words are Chinese all the same.)"""
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)
    page.locator("#chat").get_by_text("运营和运行有什么区别？").first.click()
    page.wait_for_selector("#chat a.cite", timeout=60000)
    assert "运营和运行有什么区别？" in page.inner_text("#chat .user")
    # (a screen reader reads each bubble's label: its words, not its markup)
    labels = page.evaluate("() => [...document.querySelectorAll('#chat [aria-label]')].map((e) => e.ariaLabel)")
    assert "问题：运营和运行有什么区别？" in labels, labels
    said = [x for x in labels if x.startswith("回答：")]
    assert said and "运行" in said[0] and "[1]" in said[0] and not any("<" in x for x in labels), labels
    # (Gradio's own buttons in Chinese too, whatever the browser's language)
    assert "复制回答" in labels and not {"Copy message", "Copier le message", "Like"} & set(labels), labels
    assert "通过 API 调用" in page.inner_text("footer")
    page.click("#sources a.src-back >> nth=0")
    assert page.evaluate("location.hash") == "#ans-0" and page.locator("#chat #ans-0").count() == 1


def test_an_earlier_answers_citation_unfolds_its_own_cards(server: tuple[str, Path], browser: object) -> None:
    """The panel folds earlier answers' cards under their question; [1] of the first answer, clicked
    after a second answer, opens the first answer's card."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)
    ask(page, "运营和运行有什么区别？")
    ask(page, "社群搭建分几步？")
    assert page.locator("#sources details.src-old").count() == 1
    assert not page.locator("#src-0-1").is_visible()  # (folded)
    page.locator("#chat .bot >> nth=0").locator("a.cite").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == "#src-0-1" and page.locator("#src-0-1").is_visible()
    # (only the sources panel scrolled to it: the chat is still in view beside it)
    chat = page.evaluate("() => document.querySelector('#chat').getBoundingClientRect().top")
    assert 0 <= chat < 900, chat


def test_back_to_the_answer_scrolls_the_chat_to_its_bubbles_top(server: tuple[str, Path], browser: object) -> None:
    """ "↩ 回到回答" beside the chat scrolls only the chat, to the bubble's first line (a follow-up's
    "我理解你的问题是……" too), and leaves the page where it was."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)
    for question in ("运营和运行有什么区别？", "那运作呢？", "怎么召回流失用户？"):
        ask(page, question)
    assert page.locator("#chat .bot").nth(1).inner_text().startswith("我理解你的问题是")
    # (its screen-reader label too, without the Markdown that sets the line in italics)
    labels = page.evaluate("() => [...document.querySelectorAll('#chat [aria-label]')].map((e) => e.ariaLabel)")
    assert any(x.startswith("回答：我理解你的问题是：运作") for x in labels), labels
    box = """(() => { let b = document.querySelector('#chat .bot');
        while (b && getComputedStyle(b).overflowY !== 'auto') b = b.parentElement; return b; })()"""
    page.evaluate(f"{box}.scrollTop = {box}.scrollHeight")
    before = page.evaluate("window.scrollY")
    # (the second question's cards are folded under their line now; clicked in the page: Playwright's
    # own click would first scroll the page to the link)
    page.evaluate("document.querySelector('#sources details.src-old a.src-back[href=\"#ans-1\"]').click()")
    page.wait_for_timeout(300)
    top = page.evaluate(
        f"document.querySelectorAll('#chat .bot')[1].getBoundingClientRect().top - {box}.getBoundingClientRect().top"
    )
    assert 0 <= top < 40, top
    assert page.evaluate("window.scrollY") == before and page.evaluate("location.hash") == "#ans-1"


def test_a_long_answer_shows_from_its_first_line_at_phone_width(server: tuple[str, Path], browser: object) -> None:
    """Gradio leaves the chat scrolled to its end: on a phone the line that answers was above the
    fold. After the answer, the chat shows the question and the answer's start; no toolbar floats
    over the bubbles."""
    url, _ = server
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)
    for question in ("运营和运行有什么区别？", "怎么召回流失用户？"):
        ask(page, question)
        page.wait_for_timeout(1500)
        where = page.evaluate(
            """() => { const u = document.querySelectorAll('#chat .user'); const q = u[u.length - 1];
            let box = q.parentElement;
            while (box && getComputedStyle(box).overflowY !== 'auto') box = box.parentElement;
            const b = box.getBoundingClientRect(), r = q.getBoundingClientRect();
            return {top: r.top - b.top, height: b.height, overflow: box.scrollHeight > box.clientHeight}; }"""
        )
        assert where["overflow"] and 0 <= where["top"] < where["height"] / 2, where
    assert page.locator('#chat button[aria-label="清空对话"]').is_hidden()
    assert page.locator('#chat button[aria-label="Share"]').count() == 0


def test_markup_in_corpus_fields_loads_nothing(server: tuple[str, Path], browser: object) -> None:
    """Issue 13: a title, heading or text holding Markdown/HTML shows as written in the chat, the
    sources panel and the workbench's preview, and no request leaves the page."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60000)
    ask(page, "裂变活动规范是什么？")
    page.wait_for_selector("#chat a.cite", timeout=30000)
    assert "裂变规范![px](" in page.inner_text("#sources")  # the title, as written
    # HTML in the text, as written (the passage in the sources panel; the answer quotes the sentence)
    assert "<img src=" in page.inner_text("#sources")
    page.get_by_role("tab", name="工作台（培训师）").click()
    page.fill("#admin-token input", TOKEN)
    page.click("#wb-login")  # the article list shows the title as text too
    page.wait_for_function(
        "(document.querySelector('#wb-articles') || {innerText: ''}).innerText.includes('裂变规范')", timeout=30000
    )
    assert "裂变规范![px](http" in page.inner_text("#wb-articles")
    page.fill("#wb-text textarea", HOSTILE_ARTICLE)
    page.fill("#wb-id textarea", "fission-copy")
    page.click("#wb-preview")
    page.wait_for_selector("#wb-chunks >> text=共 1 个片段", timeout=30000)
    assert '<img src="http://127.0.0.1:7949/b.png">' in page.inner_text("#wb-chunks")  # as text
    page.click("#wb-add")  # the status line names the added article's title: as text
    page.wait_for_selector("#wb-add-status >> text=已添加《裂变规范", timeout=120000)
    assert "裂变规范![px](http" in page.inner_text("#wb-add-status")
    page.fill("#wb-edit-id input", f"<img src={HOSTILE}/e.png>")  # an error echoing the id: as text
    page.click("#wb-delete")
    page.wait_for_selector("text=不能用", timeout=20000)
    page.wait_for_timeout(1000)  # (an image would be requested as soon as it is in the page)
    hostile = "img[src*='7949'], a[href*='7949'], img[src^='http'], [srcset*='7949']"
    found = page.eval_on_selector_all(hostile, "els => els.map(e => e.outerHTML.slice(0, 200))")
    assert found == []
    assert not [u for u in requests if not u.startswith((url, "data:", "blob:"))], requests


def _call(url: str, endpoint: str, data: list[object], client: str) -> dict[str, object]:
    import httpx

    r = httpx.post(
        f"{url.rstrip('/')}/gradio_api/run/{endpoint}", json={"data": data}, headers={"X-Forwarded-For": client}
    )
    return dict(r.json())


def test_a_token_flood_from_one_address_never_locks_out_another(server: tuple[str, Path]) -> None:
    """The endpoints are callable by name (issue 13: five wrong tokens locked every trainer out)."""
    url, _ = server
    for _ in range(7):
        assert "口令" in str(_call(url, "on_refresh", ["guess"], "10.0.0.1").get("error"))
    assert "秒后再试" in str(_call(url, "on_refresh", [TOKEN], "10.0.0.1").get("error"))
    assert "data" in _call(url, "on_refresh", [TOKEN], "10.0.0.2")  # another trainer is not affected
    assert "data" in _call(url, "on_refresh", [TOKEN + " "], "10.0.0.3")  # a pasted space is no wrong try
    for endpoint, data in (("on_delete", ["guess", "new-media-ops"]), ("on_feedback", ["guess", 1])):
        assert "口令" in str(_call(url, endpoint, data, "10.0.0.4").get("error"))


def test_uploads_over_the_cap_are_refused_by_the_server(server: tuple[str, Path]) -> None:
    import httpx

    url = server[0].rstrip("/")
    big = httpx.post(f"{url}/gradio_api/upload", files={"files": ("big.md", b"x" * 1_500_000)})
    assert big.status_code == 413  # OPSBOT_MAX_FILE_MB=1, no token needed to be refused
    small = httpx.post(f"{url}/gradio_api/upload", files={"files": ("small.md", "运营".encode() * 100)})
    assert small.status_code == 200


def test_workbench_is_closed_without_a_token(tmp_path: Path, settings: object) -> None:
    import gradio as gr

    from bot.ui import ChatApp, build

    demo = build(ChatApp(settings))  # settings has no admin token
    assert isinstance(demo, gr.Blocks)
    texts = [getattr(b, "value", "") for b in demo.blocks.values() if isinstance(b, gr.Markdown)]
    assert any("工作台未开启" in str(t) for t in texts)
    assert not any(getattr(b, "elem_id", None) == "admin-token" for b in demo.blocks.values())
    # Whoever opens the page reads these: a new hire has no use for the server's setting names.
    shown = texts + [getattr(b, "info", "") for b in demo.blocks.values()]
    assert not [t for t in shown if "OPSBOT_" in str(t)]


def test_readme_shows_the_screenshot() -> None:
    assert "docs/chat.png" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "chat.png").is_file()


def test_named_api_endpoint(server: tuple[str, Path]) -> None:
    from gradio_client import Client

    url, _ = server
    out = Client(url, verbose=False).predict("那运作呢？", ["运营和运行有什么区别？"], "extractive", api_name="/ask")
    assert out["rewritten_question"] == "运作和运营、运行有什么区别？"
    assert out["citations"] and set(out["timings_ms"]) == {"retrieve", "generate", "total"}

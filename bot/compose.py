"""Extractive composition: the retrieved passages → an answer shaped by what was asked.

A playbook article is an outline: its headings are the questions it answers, its lists are the
points a trainer wants to see whole. So the composer first looks for the section whose heading is
the question ("运营的三个层次是什么？" → "运营的三个层级") and answers with that section's items;
only when no heading matches does it pick single sentences, by intent:

- compare ("A和B有什么区别"): what the passages say of each side, then the differences;
- list / steps ("有哪些", "怎么做", "分几步"): a sentence that announces a list brings the list whole;
- definition ("是什么", "干嘛的"): the defining sentence of the subject first;
- why / example / metric / general: the best-covering sentences.

Narrative (dialogue, anecdotes, rhetorical questions) is context, never the answer, and a heading or
a sentence that restates the question is never an answer on its own. Every line keeps the passage
(chunk) it came from, for its citation.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from bot.chunking import passage_sentences, sentence_cosines, split_sentences
from bot.data import Hit
from bot.followup import ORDINAL, asks_yes_no, without_filler
from bot.keyword import Keyword, bigrams, similarity, synonyms_of, tag, tokenize
from bot.refusal import JUDGED, MANNER_WORDS, QUESTION_WORDS, content_terms
from bot.retrieve import Retrieval
from bot.text import CJK, ITEM_MARKER, compact, has_cjk, is_english, normalise, unglossed, word_chars
from bot.vocab import TERMS_LONGEST_FIRST, chinese_terms, to_chinese

__all__ = ["ORDINAL", "Composer", "Composition", "Line", "detect_intent"]

INTENTS = ("compare", "steps", "list", "definition", "why", "example", "metric", "general")

# ("比较合理", "比较难": the adverb "rather", not "compare".)
_INTENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "compare",
        re.compile(
            r"区别|差别|差异|不同|不一样|异同|对比|(?<!得)比较(?![合好多少大小快慢高低容易难常贵便适重省稳])|(?:哪个|哪种|哪一个|还是)[^？?]{0,12}比较|相比|差在(?!于)|一回事|一样吗|\bvs\b|differen|compare|versus"
            # (the good and the bad of one against the other: "跟付费流量比 免费流量有啥好有啥不好")
            r"|优缺点|优劣|利弊|有(?:啥|什么)好(?:处)?[，,\s]*有(?:啥|什么)(?:不好|坏处)|好处和坏处|pros and cons",
            re.I,
        ),
    ),
    (
        "steps",
        # ("加了好友之后要干啥" asks what to do from that moment on, as "怎么做" does; "内容运营每天要干啥"
        # asks what a role is)
        re.compile(
            r"几步|步骤|流程|怎么做|如何做|怎么办|怎么(?!样|回事)|如何|怎样"
            r"|(?:之后|以后|当天|前|期间|时候?)[^，,？?]{0,6}(?:要|该|得)(?:干嘛|干啥|干什么|做什么|做啥)"
            r"|先(?:要|该|得)?(?:干嘛|干啥|干什么|做什么|做啥)"  # ("新开的店铺先干啥": what to do first)
            # ("新加的好友头一个礼拜该干啥", "第一周该干点啥": what one should do, not what a role is)
            r"|(?:该|应该)(?:干|做)点?(?:嘛|啥|什么)|(?:干|做)点(?:啥|什么)"
            r"|\bhow (?:to|do|can|should)\b",
            re.I,
        ),
    ),
    # ("平时主要盯哪些数据" asks for the metrics list, as "看哪些数" does)
    ("metric", re.compile(r"指标|kpi|考核|衡量|(?:看|盯|关注)哪些数|metric", re.I)),
    (
        "list",
        re.compile(
            r"哪些|哪几|几个|几种|几类|几大|哪[两三四五六七八九十]\s*(?:个|种|类|大|层|点|条|项)|分为|包括|包含"
            r"|有什么(?!区别|不同)|列举|\bwhich\b|what are"
            # ("新手做直播最容易踩啥坑", "做反馈运营有啥常见错误": the article's list of 错误)
            r"|(?:啥|什么)(?:常见|典型|容易犯)?的?(?:坑|误区|雷区?|错误?)",
            re.I,
        ),
    ),
    ("why", re.compile(r"为什么|为何|为啥|原因|怎么回事|\bwhy\b", re.I)),
    ("example", re.compile(r"例子|举例|案例|比如|example|case", re.I)),
    (
        "definition",
        re.compile(
            r"是什么|什么是|指什么|指的是|干嘛|干什么|干啥|做什么|做啥|负责什么|本质|实质|定义|含义|意思"
            r"|\bwhat (?:is|does)\b",
            re.I,
        ),
    ),
)

# An item of a list: "1. …", "（1）…", "a. …", "一、…", "第一步：…", "- …", or "标签：说明".
_MARKER = ITEM_MARKER
# (a time's colon is part of the name: "7:30‒9:00 通勤：资讯、早报" is named 7:30‒9:00 通勤, not 7 — a trainer's
# table of send times showed "00‒19:30 下班：内容推荐")
_LABEL = re.compile(r"^((?:[^，。；：:！？!?,]|(?<=\d):(?=\d)){1,14}?)(?:：|:(?!\d))(.+)$")
_LIST_INTRO = re.compile(
    # ("控制在1%以下。" is an amount, not a list to follow)
    r"[：:]$|分为[^，。]{0,8}$|(?:包括|包含|如下|(?<![\d%％个天人元分岁])以下)[^。]{0,6}$"
    r"|(?:以下|如下)这?[一二三四五六七八九十\d]+[个种点条项类步]"
)
# A list announced with its count and kind: "分五步：", "常见的加粉入口有四类：" (what the question asked
# for is then the list, whatever words it was asked in).
_COUNTED_STEPS = re.compile(r"[一二三四五六七八九十两\d]\s*(?:个|大)?(?:步|步骤|阶段|环节)[^，。；]{0,6}[：:]$")
_COUNTED_ITEMS = re.compile(r"[一二三四五六七八九十两\d]\s*(?:个|大|种|类|点|条|项)[^，。；]{0,8}[：:]$")
# (a how-to answered by what to look at: "直播复盘具体咋做，光看几个数就行吗" by "我们主要看这五个指标：")
_COUNTED_HOW = re.compile(
    rf"{_COUNTED_STEPS.pattern}|[一二三四五六七八九十两\d]\s*(?:个|项)(?:核心|关键)?(?:指标|数据|数)[：:]$"
)
# Narrative: a line of dialogue (quoted and in the first or second person), someone saying
# something, or a sentence that opens with "I" / "you" (an anecdote, an aside).
_DIALOGUE = re.compile(
    r"^[“\"「][^”\"」]*(?:我|你|咱)|[我她他]\s?(?:说|问|笑|想|道)[：:，,]|^(?:我|你)(?![们国])|[你我](?:刚才|刚刚)说"
)
_RHETORICAL = re.compile(r"[？?][”\"」]?$")
# Asking for a benchmark ("NPS多少算正常？", "多少分算好", "正常水平是多少"): a line that gives one answers.
ASKS_BENCHMARK = re.compile(
    r"多少分?(?:才|就)?算(?:合格|及格|正常|健康|好|高|低|达标)|正常水平|合格线|及格线|\bbenchmark|\bgood\s+(?:\w+\s+)?score",
    re.I,
)
# Someone asking ("老板问", "经常有人问我", "用户会问"), and a clause that asks by its own words.
_ASKED_BY = re.compile(r"问(?:道|我|我们|过)?$")
_ASKING_CLAUSE = re.compile(
    r"^(?:有没有|是不是|能不能|要不要|会不会|可不可以|为什么|为啥|凭什么|怎么|如何|哪)|为什么|为啥|[吗呢]$"
)
# A story's line: the narrator and a character in one sentence ("初夏被我镇住", "看着她两眼迷茫的
# 样子，我……"), or a description of someone's face, look or gesture.
_STORY = re.compile(
    r"被我|(?<![自在])我(?![们国])[^。！？]{0,20}(?<![其吉])[她他](?![们人])"
    r"|(?<![其吉])[她他](?![们人])[^。！？]{0,20}(?<![自在])我(?![们国])|[她他](?:脸上|两眼)|[她他]笑"
    # (a face, a look, a gesture: "脸上泛起了红晕", "愣在原地", "无奈地点了点头")
    r"|脸上|大眼睛|红晕|愣在|愣住|无奈的表情|无力拒绝|叹了口气|点了点头|摇了摇头"
)
# The writer speaking of the article itself ("大家好，我是小课堂的阿May。", "这篇把……整理一下，包括……",
# "今天把整套流程摊开讲一讲"): an introduction to what follows, no answer to what it covers.
_ABOUT_ARTICLE = re.compile(
    r"^大家好|^我是[^，。！]{1,12}[。！]$|(?<![“「\"])(?:这篇|本文)(?!解决)|今天(?:就|来)?(?:把|给大家)[^。！？]{0,24}(?:讲|说|聊|分享)"
    r"|整理(?:出来|一下)|梳理了一遍"
)
_WORDY = re.compile(f"[\\w{CJK}]")
_SHORT_LINE = re.compile(r"[“「][^”」]{0,12}[”」]")  # a character's short line: "“嘿嘿，好！”"
_ASKS_METRICS = re.compile(r"指标|kpi|考核|看哪些|看什么|看啥", re.I)
_ASIDE = re.compile(r"^[“「]?(?:(?:你看|你瞧|你想想?|你知道吗?|好|嗯)[，,！!]\s*)+")
_LEAD_IN = re.compile(r"^[^：:。！？；]{0,16}?(?:[我你咱][^：:。！？；]{0,12}|举例|举个例子|为例)[：:]")
_INLINE_LIST = re.compile(r"(?:分为?|包括|包含|有)[^，。；]{0,6}[^、，。；]{2,12}、[^、，。；]{2,12}、")
_MEASURING = re.compile(
    r"指标|[^\s，。、；]率|(?:阅读|流|销|播放|曝光|订单|访问|点击)量|销售额|数据|数字|KPI|GMV|ROI|DAU|MAU|ARPU|LTV|CAC"
    r"|日活|月活|留存|复购|转化|客单价|粉丝|活跃|衡量|考核|评估|看[^，。]{0,6}数",
    re.I,
)
# How much something changed, asked ("自然下载提升了多少", "举报量下降了多少"), and said ("从 83% 提升到 91%").
_ASKS_CHANGE = re.compile(
    r"(?:提升|提高|增长|增加|上涨|涨|下降|降低|减少|降|下滑|变化)了?(?:多少|几成|百分之几|几个点)"
)
_CHANGES = re.compile(r"提升|提高|增长|增加|上涨|涨|下降|降低|减少|降|下滑|翻了|提到|从[^，。；]{1,16}(?:到|至)")
_OPENS_EXAMPLE = re.compile(r"^(?:举个?例子?|比如说?|例如)[：:，,]")  # (a line that opens an example)
# A line that says how to deal with something ("应对方法是……", "解决办法：……").
_REMEDY = re.compile(r"(?:应对|解决|处理|预防|防范|避免|规避)的?(?:方法|办法|做法|对策|措施|思路)(?:是|有|[：:])")
_KEY_METRICS = re.compile(r"(?:关键|核心|考核)指标(?:是|有|包括)?[：:]")
_THESIS = re.compile(r"不是.{1,16}而是|才是|并非|不等于")
# A question that asks yes or no ("粉丝越多越好吗？", "能不能直接用 GMV？", "是不是说明……"), not one
# that only ends politely in 吗 ("有啥建议吗").
_ASKS_VERDICT = re.compile(
    r"^(?!.*(?:什么|啥|哪|怎么|咋|几|多少|为什么|为何))[^。？?]*吗[？?！!。\s]*$"
    r"|是不是|能不能|可不可以|要不要|会不会|该不该|用不用|行不行|算不算|有没有必要|对不对"
)
# A sentence that gives the playbook's verdict on such a question ("……这是最大的误区", "不一定。",
# "私域不等于……", "好友数是成本，复购和 GMV 才是结果").
_VERDICT = re.compile(r"不是|不等于|不代表|不一定|未必|并不|并非|误区|误解|误用|不能|不要|不用|不必|没必要|才是|而是")
# (words every answer here shares: a verdict must name more than that)
_GENERIC_TERMS = frozenset(("运营", "用户", "产品", "工作", "公司"))
_PITFALLS = re.compile(r"误区|坑|错误|雷区|不要做")  # a section whose every point is a verdict
VERDICT_RANK = 6  # how far down the sentence ranking a verdict is looked for (dev split)
_MEASURED = re.compile(r"(?:关键|核心|考核|衡量)指标|指标[：:是有]|主要看|重点看|要看")
# A question that asks for a time or an amount ("几点发", "多久算流失") is answered by a sentence
# that gives one ("晚上 8 点到 10 点"), not by one that shares its other words.
_ASKS_QUANTITY = re.compile(r"几点|多少|多久|多长时间|几天|几次|几成|百分之几|几倍|几月|几号")
# A heading that asks something other than what a thing is ("核销率很低怎么办？", "还能投 oCPX 吗？").
_OTHER_THAN_WHAT = re.compile(r"怎么办|怎么|如何|咋|吗[？?]?$|为什么|为啥|多少")
# A heading that tells one case ("六、案例：一款英语学习 App……"), not examples by kind ("北极星指标举例").
_CASE_STORY = re.compile(r"案例|实例|实战")
# A question asking of a case it names ("那个教育机构……", "老带新那个复盘里……").
_OWN_CASE = re.compile(r"案例|例子|复盘|那个|那家|那次|那场")
_WHAT = re.compile(r"是什么|是啥|什么是|定义|概念|含义|名词")
_WHY = re.compile(r"为什么|为啥|为何")
_ASKS_WHEN = re.compile(r"(?:啥|什么)时候|何时|多快|多久")  # ("福利款一般啥时候上")
# A limit asked ("一周最多能触达几次", "上限是多少"), and a line that states one ("不超过 3 次"): a line giving another
# amount reads as if it were the limit (answer.py refuses an answer with none).
ASKS_LIMIT = re.compile(r"最多(?:能|可以|可|允许)|上限|最高(?:能|可以)|至多|封顶")
SAYS_LIMIT = re.compile(r"最多|上限|不超过|不能超过|不要超过|以内|以下|最高|封顶|至多|控制在|限制|限额")
# How long is asked, and said in time ("……五倍以上" is no answer to "多久没买才算流失用户？").
_ASKS_TIME = re.compile(r"多久|多长时间|多少天|几天|几个月|几周|几年")
_TIME = re.compile(r"(?:\d+|[一二两三四五六七八九十半]+)\s*(?:天|周|个?月|年|小时|分钟)")
_QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:[%％～~\-—到至]|个|次|天|周|个?月|年|小时|分钟|点|倍|元|万|千|人|篇|条|秒|分(?!钟|享|析|类|层|发|配|别|为|成|开|数)|星)"
    r"|[一二两三四五六七八九十百千万半]+\s*(?:个?小时|分钟|天|周|个?月|年|次|倍|元|成)"
)
# A part's heading that says a difference ("1. 关系结构不同"), a heading that asks for one.
_DIFFERS = re.compile(r"(?:不同|不一样|有别|区别|差异)$")
_ASKS_DIFFERENCE = re.compile(r"(?:之间)?有(?:什么|啥|哪些)(?:区别|不同|差别|差异)[？?]?$")
_OFTEN = re.compile(r"每天|天天|每日|日常|通常|平时|平常")
_PLAINLY = re.compile(r"^(?:简单说|简单来说|简而言之|通俗地?说|说白了|换句话说|也就是说)")
_SUMS_UP = re.compile(r"^(?:一句话总结|总结|总之|简单说|一句话|概括)")
# ("免费流量和付费流量的区别：免费流量不花钱……" says it after a colon too)
_STATES_DIFFERENCE = re.compile(r"(?<![没无])(?:区别|不同|差别|差异)(?:就|主要)?(?:在于|是[：:]|[：:](?!$))")
# A heading that asks ("电商运营是做什么的", "私域怎么做？"): not a statement to quote before its text.
_HOW_HEADING = re.compile(r"^(?:如何|怎么|怎样|怎么样)")  # "如何保持社群活跃"
_ASKS_HOW = re.compile(r"如何|怎么|怎样")  # (anywhere in a heading: "周报怎么写：一页纸结构")
HOW_MATCH = 0.15  # … and matches the question this much (a word or two of it; not fitted)
# Asking, or telling, where something comes from ("从哪来", "从哪里来", "三个来源").
_WHERE_FROM = re.compile(r"从哪(?:里|儿)?(?:加|找|拉|引)?(?:来|进来)|哪(?:里|儿)来|来源|从哪(?:里|儿)?(?:加|找|拉|引)")
WHERE_FROM_BONUS = 0.2  # (a rule: as much as two of the five parts of a heading's words; not fitted)
_ASKING_HEADING = re.compile(r"[？?]$|什么|怎么|如何|怎样|为什么|为何|哪些|哪几|多少|吗$")
_FORMULA = re.compile(r"[=＝÷]")  # (a line that gives a formula)
_ASKS_FORMULA = re.compile(r"怎么算|怎样算|如何算|怎么计算|如何计算|计算公式|公式|咋算|咋计算")


def _part_of(label: str, question: str) -> bool:
    """Does the question ask of `label` as a part of something ("AARRR中的留存是啥", "RFM里的F指什么")?"""
    return bool(re.search(rf"(?:里|中|之中|当中)的?{re.escape(label)}(?:是|指|代表|有|怎么|咋|呢|[？?]|$)", question))


def _opens_with(label: str, question: str) -> bool:
    """Is `label` what the question opens with and asks about ("排品有啥讲究", "排品具体咋做")?"""
    asks = r"(?:有啥|有什么|有哪些|要注意|注意|具体|应该|一般|的)?(?:讲究|要点|技巧|怎么|咋|如何|是什么|是啥|啥意思)"
    # (one clause: "群规咋定，有人发广告咋处理" asks more than 群规's item says)
    one = not re.search(r"[，,；;]\s*\S", question.strip().rstrip("？?。！!"))
    return one and bool(re.match(rf"(?:那|那么)?{re.escape(label)}{asks}", question.strip()))


def _formula_of(label: str, question: str) -> bool:
    """Does the question ask how `label` is computed ("点击率咋算", "点击率是怎么计算的")?"""
    return bool(re.search(rf"{re.escape(label)}(?:是|要|该|应该)?(?:怎么|咋|如何|怎样)(?:计)?算", question))


def asks_formula(question: str) -> bool:
    """Does the question ask how a figure is worked out ("打开率是咋算的？")?"""
    return bool(_ASKS_FORMULA.search(question))


_CAUSE = re.compile(r"原因|因为|由于|所以|导致|因此|在于|根源|归根|好处|为的是|之所以")
# What sets one side against another, said of one side alone ("比如……小家电" is no comparison); not
# "不是……而是……", its own thesis ("直播不是一场一场的表演，而是一个可以持续优化的系统。" of 直播运营,
# asked against 达人种草). A contrast in general is either.
_SETS_AGAINST = re.compile(r"不同|区别|不像|相比|比(?![如方])[^，。；]{0,12}(?:更|高|低|少|多|大|小|强|弱)|反而")
CONTRAST = re.compile(f"{_SETS_AGAINST.pattern}|而是|而非")  # (a sentence setting things against each other)
_METRIC_ITEM = re.compile(r"^(?:[-*•]\s*)?(?:关键|核心)指标[：:]")
# What someone says before giving a definition ("我最近深入理解了一下，运营就是……"); not an
# analogy's lead-in ("这么说来，GTM就是一个渣男……").
_DEFINES = re.compile(r"理解|定义|说白了|简单说|简单来说|一句话|换句话说|也就是说|本质上")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_BULLET = re.compile(r"^(?:[-*•]\s|\d{1,2}(?:[.．](?!\d)|、)\s?|[（(]\d{1,2}[)）])")
_DASHED = re.compile(r"^[-*•]\s")  # a bullet, not a number: under a numbered item, its sub-point
_NUMBERING = re.compile(
    r"(?:误区|步骤|方法|阶段|原则|要点|技巧|问题|案例|坑|第)?\s*[一二三四五六七八九十\d]{1,2}\s*(?:步|个|点|条|种|类)?"
)
_META = re.compile(r"^(?:以上|上面|下面|接下来|总结|总之|话说回来|今天(?:和|跟|给)大家|本文)|(?:如下|以下)[：:]?$")
# A range: "0.5到0.9", "0.5～0.9", "3-5", "30 至 50".
_RANGE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:到|至|-|~|～|—|–)\s*(\d+(?:\.\d+)?)(?![\d.])")
_CASE_KIND = re.compile(r"^(?:实际|真实|具体|成功|做成|做好|典型|现成|完整)$")
_CASE_HEADING = re.compile(r"案例|例子|实例|样例|示例|举例|case\b", re.I)
_EXAMPLE = re.compile(r"就像|好比|如同|比作|比喻|比如|例如|举个?例|案例")
INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "compare": ("区别", "不同", "差别", "差异", "对比", "vs"),
    "steps": ("步", "步骤", "流程", "方法", "方案", "策略", "怎么", "如何"),
    "list": ("层", "类", "种", "角色", "岗位", "能力", "分为", "核心", "坑", "误区"),
    "metric": ("指标", "kpi", "数据", "个数"),
}
SECTION_MATCH = 0.62  # heading_match above which a section answers the question (dev split)
SECTION_MATCH_TOP = 0.45  # … when the section holds the best passage
SECTION_HITS = 3  # … and, for a question of no recognised kind, this many of the passages found,
SECTION_MATCH_HELD = 0.2  # this much (dev split)
# A list section for a list question, though retrieval found none of its passages ("运营岗位一般分
# 哪几种啊": "三、六大核心运营岗位解析"), needs this much (dev split).
SECTION_MATCH_LIST_UNFOUND = 0.75
LIST_MAX = 10  # items shown of one list
# What share of the best line's score a line of another article than the first line's needs (0.5
# for the first line's own article): lines sharing only 运营/做 with the question read as a collage.
OTHER_ARTICLE_CUT = 0.7
LIST_INTENTS = ("list", "steps", "metric")
# A sentence that opens by pointing to another part of its article ("按第三节的标准……", "见下一节").
_POINTS_ELSEWHERE = re.compile(
    r"[^。！？]{0,12}(?:按|见|参考|参见|如|详见)"
    r"(?:(?P<near>上文|下文|前文|后文|上一节|下一节)|第(?P<n>[一二三四五六七八九十]|\d{1,2})(?:节|部分|章))"
)
_CN_NUMBER = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
# How a question asks what to do, around what it says (the rest may be a passage's own phrase).
_ASKING = re.compile(
    r"(?:该|应该|要)?(?:怎么|咋|如何)(?:办|处理|弄|整|做|排查|解决|应对|搞)|如何|^(?:要是|如果|假如|万一)"
    r"|[？?。！!，,\s]|[呢啊呀吗吧]$"
)
NAMED_ITEM_BONUS = 0.05  # added for a list section with an item the question asks of (a tie-break, not fitted)
LIST_SECTION_BONUS = 0.15  # added to heading_match for a section that is a list (dev split)
DECLARED_BONUS = 0.3  # … and for one whose heading counts the kind asked (a rule: more than a word; not fitted)
# Sentence ranking by meaning: weight of (cosine with the question − floor) next to term overlap,
# with the sentence vectors stored at ingest (settings.sentence_dims; dev split).
SEMANTIC_WEIGHT = 6.0
# A case story's line weighs this much for a question that does not ask of the case: what one team did is an
# anecdote beside the playbook's rule (the issue: narrative is context, not an answer).
CASE_LINE = 0.6
SEMANTIC_FLOOR = 0.2
# A sentence this much nearer the question in meaning than any other answers first (dev split).
STANDOUT = 0.08
_LEANS_BACK = re.compile(r"^(?:而|但|但是|所以|因此|因而|不过|可是|然而|同时|另外|并且|而且|于是|这|那)")
# A comparison made in one paragraph this short is given whole (dev split: the longest such paragraph
# of the five articles is ~230 characters).
ONE_PARAGRAPH_CHARS = 260
# What turns to the next thing after a "；" ("还有一类人，就是自媒体……"): not more of the clause before.
_NEXT_THING = re.compile(r"还有一|另外|另一|此外|其次|再者|还有些")
ITEM_CHARS = 110  # an item longer than this is cut at a comma
WHOLE_ITEM_CHARS = 120  # an item picked by its first sentence is said whole up to this length
# A case asked for is told to its end within twice the answer's budget: at one, "一次复盘的真实样例"
# stopped at the first of its three lessons.
CASE_BUDGET_SHARE = 2.0


# Checked before the rules: "怎么定义" asks for a definition, not steps; "怎么比喻" for an
# analogy; "X和Y分别负责什么" for both sides of a comparison.
_INTENT_FIRST: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("compare", re.compile(r"\bdiffer|\bcompare|\bversus\b|\bvs\b", re.I)),
    # "为什么……好几个岗？" asks why, whatever else it says; "干嘛建议……" too ("干嘛的？" asks what).
    ("why", re.compile(r"^(?:为什么|为啥|为何|干嘛|干吗)(?!的)", re.I)),
    # "What is a North Star Metric?" / "北极星指标是什么？" ask what it is, whatever word ends them.
    (
        "definition",
        re.compile(
            r"(?:怎么|如何|怎样)(?:定义|理解|界定)|定义是|\bdefin|^\s*what\s+is\s+(?!the\s+\w+\s+of\b)"
            r"|^(?:什么是|什么叫)[^，,？?]{2,12}[？?]?$|^[^，,？?的]{2,10}(?:是什么|是啥)[？?。]*$",
            re.I,
        ),
    ),
    ("example", re.compile(r"比喻|类比|好比|像什么|analog", re.I)),
    # "北极星指标和AARRR有例子吗？" asks for an example, whatever its subject says (指标: a metric question)
    ("example", re.compile(r"有(?:没有)?(?:什么|啥)?(?:实际|真实)?的?(?:例子|案例)|举个?例子|例子吗")),
    ("compare", re.compile(r"\S(?:和|与|跟)\S[^，,。？?]{0,12}分别", re.I)),
    # "产品经理和运营咋分工的" asks what each side does (it got the 产品经理 part alone)
    # (and who does what: "说白了 产品经理跟运营 到底谁管啥" got one sentence of each and a line of another article)
    (
        "compare",
        re.compile(
            r"\S(?:和|与|跟)\S[^，,。？?]{0,12}(?:(?:怎么|如何|咋|咋么)?(?:分工|划分职责)|谁(?:管|负责|干)|各(?:自)?(?:管|负责|干))"
        ),
    ),
    # "Push的点击率咋算？" asks for a measure's formula, not for steps ("怎么" read it as a how-to and
    # "四、发送一条Push的六个步骤" answered; "七、Push的核心指标和计算公式" has it).
    ("metric", re.compile(r"(?:怎么|怎样|如何|咋)(?:计)?算(?!法)|计算公式")),
)


# How a new hire says it → how the rules above read it: "活动复盘一般咋整" asks how, "复盘看啥数据" which.
_COLLOQUIAL = (
    # (how plainly it is asked is no part of what: "种草投放说白了是个啥" matched no heading; "海盗模型是个啥 简单说下"
    # was asked of no kind — first, so that what it asks then ends the question)
    (
        re.compile(
            r"[，,\s]*(?:说白了|通俗(?:点|地|一点)?(?:讲|说)(?!说)|通俗点|简单(?:来)?(?:说|讲|介绍)(?:一?下|几句)?(?!说)"
            r"|用大白话(?:讲讲|说说|讲|说)?)"
        ),
        "",
    ),
    (re.compile(r"咋(?:整|办|弄|搞)"), "怎么办"),
    (re.compile(r"咋回事"), "怎么回事"),  # ("阅读量挺高但就是不涨粉，咋回事" asks why)
    # "拉新活动该从哪下手？" asks how to go about it
    (re.compile(r"从哪(?:里|儿)?(?:下手|入手|着手|开始|做起|切入)"), "怎么做"),
    (re.compile(r"咋(?=[\u4e00-\u9fff])"), "怎么"),  # ("复盘咋写" asks how, as "复盘怎么写" does)
    # "社群跟粉丝群有啥不一样" asks what the heading "社群和粉丝群有什么区别" asks
    (re.compile(r"(?:有啥|有什么)(?:不一样|不同|差别|区别)|有啥区别"), "有什么区别"),
    # "会员等级和付费会员是不是一回事？" asks what tells them apart
    (re.compile(r"(?:是不是|是否)(?:同)?一回事|是(?:同)?一回事吗|(?:是不是|是否)一样|(?:一样|相同)吗"), "有什么区别"),
    (re.compile(r"跟(?=[^，,？?]{1,12}有什么区别)"), "和"),
    (re.compile(r"看啥(?=数)"), "看哪些"),
    # "AARRR是啥，有啥用": what it is, whose section says what it is for ("有啥用" alone asks why)
    (
        re.compile(r"(是什么|是啥)[？?，,]\s*(?:有(?:什么|啥)(?:用|作用|用处)|干(?:什么|啥)用的?)(?=[？?。！!]*$)"),
        "是什么",
    ),
    (re.compile(r"是个?啥(?:玩意儿?|东西)?(?=[？?。！!啊呀呢]*$)"), "是什么"),  # "RFM 是啥玩意儿"
)


def plain_words(question: str) -> str:
    """The question with a new hire's colloquial asking words in the playbook's plain ones."""
    for pattern, plain in _COLLOQUIAL:
        question = pattern.sub(plain, question)
    return question


def detect_intent(question: str) -> str:
    question = plain_words(question)
    for name, pattern in _INTENT_FIRST:
        if pattern.search(question):
            return name
    if per_item(question) is not None:
        return "list"  # ("活动一般分哪几种，各看啥指标" asks for the kinds, not for metrics)
    for name, pattern in _INTENT_RULES:
        if pattern.search(question):
            return name
    return "general"


# A section by its article and heading path ("三、社群搭建的四个步骤 > 2. 拉新").
Focus = tuple[str, str]


@dataclass
class Unit:
    """A paragraph of a section, with the chunk it was read from (for the citation)."""

    text: str
    hit: Hit


@dataclass
class Section:
    article_id: str
    title: str
    path: str  # "一、… > 1. …"; "" before the first heading
    order: int  # position among the article's sections
    units: list[Unit] = field(default_factory=list)
    # A heading over sub-sections, with no text of its own, that does not count them as "N个步骤"
    # does ("六大核心运营岗位解析", "客户成功的五个关键步骤"): it answers a list question only
    # (`_matching_section` says when).
    over_parts: bool = False

    @property
    def heading(self) -> str:
        return self.path.rsplit(" > ", 1)[-1]

    @property
    def depth(self) -> int:
        return self.path.count(" > ") + 1 if self.path else 0

    def child_of(self, other: Section) -> bool:
        return self.path.startswith(other.path + " > ") and self.depth == other.depth + 1


@dataclass
class Line:
    """One line of the answer; `hit` is the passage it is cited to (None for our own framing)."""

    text: str
    hit: Hit | None
    item: bool = False  # one point of a list or comparison (shown on its own line)
    label: str = ""  # an item's name ("运作", "限流熔断"), what a follow-up's "第三个" refers to


@dataclass
class Composition:
    intent: str
    lines: list[Line]
    section: str = ""  # the matched heading, if the answer is a section's content

    @property
    def points(self) -> list[str]:
        """The names of the answer's list items, in order: what "那第三个呢？" refers to."""
        # (an item read as a sentence has no label set: "2. 系统风险：……" is still the list's second point —
        # "那第二个呢？" after the four risks became "风险预案是什么？", the next labelled one)
        return [ln.label or _marked_label(ln.text) for ln in self.point_lines]

    @property
    def point_lines(self) -> list[Line]:
        """The list items `points` names, one for each."""
        return [ln for ln in self.lines if ln.item and (ln.label or _marked_label(ln.text))]


def _marked_label(text: str) -> str:
    """The label of a marked list line ("2. 系统风险：……" → 系统风险), "" for other text."""
    return _label(text) if _MARKER.match(text) and re.search("[：:]", text) else ""


def outline(keyword: Keyword, article_id: str) -> list[Section]:
    """An article's sections with their paragraphs, rebuilt from its chunks (overlaps removed)."""
    cache: dict[str, list[Section]] = keyword.__dict__.setdefault("_outlines", {})
    if article_id in cache:
        return cache[article_id]
    sections: list[Section] = []
    previous_text = ""
    for hit in keyword.article_chunks(article_id):
        for heading in filter(None, keyword.preface(hit.chunk_id).split("\n")):
            # A heading without text of its own, sibling of the section that follows.
            parent = hit.section.rsplit(" > ", 1)[0] + " > " if " > " in hit.section else ""
            sections.append(Section(article_id, hit.title, parent + heading, len(sections)))
        if not sections or sections[-1].path != hit.section:
            # A heading with no text of its own over sub-sections ("四、投放的五个步骤" > "01 定目标"
            # …, "三、客户成功的五个关键步骤", "六大核心运营岗位解析") is a section too: the one a
            # question about the whole asks for.
            known = {s.path for s in sections}
            parts = hit.section.split(" > ")
            for n in range(1, len(parts)):
                parent = " > ".join(parts[:n])
                if parent not in known:
                    counted = bool(_COUNTED_KIND.search(parts[n - 1]))
                    sections.append(Section(article_id, hit.title, parent, len(sections), over_parts=not counted))
            sections.append(Section(article_id, hit.title, hit.section, len(sections)))
            previous_text = ""
        text = _strip_overlap(previous_text, hit.text)
        previous_text = hit.text
        for n, para in enumerate(text.split("\n")):
            para = para.strip()
            if not para:
                continue
            section = sections[-1]
            if n == 0 and section.units and not text.startswith("\n") and text is not hit.text:
                section.units[-1].text += para  # the paragraph continues across the chunk boundary
            else:
                section.units.append(Unit(para, hit))
    cache[article_id] = sections
    return sections


def _strip_overlap(previous: str, text: str) -> str:
    """The part of `text` that is not the tail of the previous chunk (the chunker's overlap)."""
    if not previous:
        return text
    for size in range(min(len(previous), len(text), 200), 0, -1):
        if previous.endswith(text[:size]) and re.search(r"[。！？；!?;”]$", text[:size]):
            return text[size:]
    return text


# --- scoring helpers ----------------------------------------------------------------------------


_QUESTION_WORDS = re.compile(
    # (first: "RFM是啥意思" asks what "一、RFM 模型是什么" says — 意思 was a word it had to say)
    r"(?:是|指)?(?:什么|啥)意思|是个?啥|"
    r"什么是|是什么|有什么|有哪些|哪些|哪几个|哪几|包括|是指|指的是|指什么|什么样|怎么样|怎么办|怎么做|怎么|如何|怎样|为什么|为何|"
    r"(?:要|得|该|都)?(?:干嘛的?|干什么的?|干啥的?|做啥的?|做什么|负责什么)|怎么回事|主要|一般|到底|究竟|请问|分别|平时|平常|具体"
    r"|吗|呢|么|咋|[？?。！!，,、\s]"
    # ("搭一套积分体系要分哪几步": 要分 is how the count is asked, no word a heading says)
    r"|(?:要|得|该|能)分(?=哪几|几[步个类种层])|(?<=[搭建做写办开])一[套个份场次篇](?=[^\w]|\w{2})"
    # how a new hire tells it (refusal's MANNER_WORDS): "我们群越来越冷清了" asks what "社群不活跃" asks
    r"|越来越|老是|总是|有点|最近|[这上下]个月|我们|咱们"
    # how good it is asked to be ("社群做得好不好看哪些数据" asks for 社群's 指标, not 好不好's)
    r"|(?:做|干|搞|写|运营)?[得的](?:好不好|怎么样|咋样)|好不好|行不行"
    # how much ("阅读量挺高的，但就是不涨粉" asks what "阅读量很高，但是不涨粉" asks)
    r"|挺|很|太|非常|特别|超级"
    # where from ("选题一般从哪来" asks what "2.1 选题的三个来源" says: 哪来 is no word of it)
    r"|(?:从|在|去)?(?:哪里|哪儿|哪)(?:加|拉|引)?(?:进来|过来|来|找)"  # ("私域的人一般从哪加进来")
    # when, and a lone 啥 ("直播开播的时候运营要盯啥" asks what "三、直播中：盯住节奏和转化" says)
    r"|的时候|时候|啥"
    # what to mind in it ("直播排品有啥讲究" asks of 排品)
    r"|讲究|门道"
)


def _content(question: str) -> str:
    """The question without its question words and punctuation: what a heading would say."""
    # (a space, not nothing: "达人分哪几类" → "达人分 类", whose pieces are not the word 分类)
    return re.sub(r"\s+", " ", _QUESTION_WORDS.sub(" ", normalise(question))).strip()


# "五个步骤" in a heading is the answer to "几步" in a question: the count is what was asked.
_KIND = r"(步骤|步|阶段|环节|类型|类|种|层级|层次|层|等级|级别)"
# (a count of two or more: not "进一步", "第一步", "一种新的玩法")
_COUNTED_KIND = re.compile(rf"(?<![第进])(?:[二三四五六七八九十两]+|[2-9]|\d{{2}})\s*(?:个|大)?{_KIND}")
_ASKED_KIND = re.compile(rf"(?:哪几|哪些|几)\s*(?:个|大)?{_KIND}")
_SAME_KIND = {"步骤": "步", "类型": "类", "层次": "层", "层级": "层", "级别": "等级", "种": "类"}
# A list asked together with what each of its items has ("活动一般分哪几种，各看啥指标", "……模式包括什么，
# 各自是怎么来的？"): the first clause asks for the list, the second what each item's lines must say.
_PER_ITEM = re.compile(
    r"^(?P<list>[^，,；;？?]*(?:哪几|哪些|几[种类个大]|包括什么|包括啥|有什么|有啥)[^，,；;？?]*)[，,；;？?]\s*"
    r"(?:那|它们|这些|这几[种类个])?(?P<each>(?:各自|各|分别|每一?[种类个项步样])[^，,；;？?]*)[？?。！!]*$"
)

# The same asked of a whole's parts by their kind ("AARRR每个阶段看啥指标", "社群搭建的各个步骤要做啥").
_EACH_OF = re.compile(
    r"^(?P<whole>[^，,；;？?]{2,16}?)的?(?:每一?个?|各个?)(?P<kind>阶段|步骤|步|环节|层级|层|类型|类|种|岗位|角色)"
    r"(?P<each>[^，,；;？?]*)[？?。！!]*$"
)


# The same asked of items the question names ("Push、短信、站内信各适合啥场景？").
_NAMED_EACH = re.compile(
    r"^(?P<list>[^，,；;？?、]{1,12}(?:、[^，,；;？?、]{1,12})+(?:和|与|跟|及|以及|、)[^，,；;？?、的]{1,12}?)"
    r"(?:的(?P<aspect>[^，,；;？?、的]{1,8}?))?(?P<each>(?:各自|各|分别)[^，,；;？?]+)[？?。！!]*$"
)


def named_items(question: str) -> list[str]:
    """The items a question names in a row and asks each of ("Push、短信、站内信各适合啥场景？" →
    Push, 短信, 站内信), or none."""
    found = _NAMED_EACH.match(question.strip())
    return [x.strip() for x in re.split(r"、|和|与|跟|以及|及", found.group("list")) if x.strip()] if found else []


def per_item(question: str) -> tuple[str, str] | None:
    """(the clause asking for the list, the clause asking what each item has), or None."""
    each = _EACH_OF.match(question.strip())
    if each is not None:
        # "AARRR每个阶段看啥指标": the list is AARRR's stages ("AARRR有哪些阶段")
        return f"{each.group('whole')}有哪些{each.group('kind')}", each.group("each")
    named = _NAMED_EACH.match(question.strip())
    if named is not None and not re.search(r"区别|不同|差别|差异", question):
        return named.group("list"), f"{named.group('aspect') or ''}{named.group('each')}"
    found = _PER_ITEM.match(question.strip())
    if found is None or re.search(r"区别|不同|差别|差异", found.group("list")):
        return None  # ("X和Y有哪些区别，分别……" compares)
    return found.group("list"), found.group("each")


# What a count is of ("三个", "五步", "两大类"): a question that counts asks for a list; a heading that counts
# says how many items its section holds.
_UNIT = r"(?:个|大|种|类|点|条|项|步|层|阶段)"
_COUNTED = re.compile(rf"[一二三四五六七八九十两\d]\s*{_UNIT}")


# What a question asks to be the most of ("哪个最重要", "最关键的是哪一步").
_MOST = re.compile(r"最(?:重要|要紧|关键|核心|常用|常见|有效|难|容易|值得|先)")
_IMPORTANT = re.compile(r"[最更](?:重要|要紧|关键)")
# A list item's label and the name it is said of ("短视频：抖音（……）" → 抖音).
_LABEL_OF = re.compile(r"^[^：:]{1,12}[：:]\s*([^（(，,。：:]{2,8})[（(]")


# Words asking how two things stand to each other ("有啥关系", "有什么区别"), not things to be said.
_RELATION_WORDS = frozenset({"关系", "联系", "区别", "不同", "差别", "差异"})
# A sentence that says how many things there are, as a list's announcement does ("一场直播至少有三个角色。").
_COUNT_ANNOUNCED = re.compile(
    rf"^[^，,；;]{{0,16}}(?:有|分为?|分成|包括|包含)[^，,；;。]{{0,4}}(?:[两二三四五六七八九十]|[2-9])\s*{_UNIT}[^，,；;。]{{0,6}}。$"
)
# (a count of two or more, captured: not "第一步", "进一步")
_HEADING_COUNT = re.compile(rf"(?<![第进])([二三四五六七八九十两]|[2-9])\s*{_UNIT}")


def _heading_count(heading: str) -> int:
    """How many things a heading says it holds ("分层策略的三条原则" → 3), or 0."""
    m = _HEADING_COUNT.search(heading)
    if m is None:
        return 0
    n = m.group(1)
    return int(n) if n.isdigit() else 2 if n == "两" else _CN_NUMBER[n]


def _counted_as_asked(question: str, heading: str) -> str:
    """The heading with its count ("投放的五个步骤") written as the question asks it ("投放的几步")."""
    asked = _ASKED_KIND.search(question)
    if not asked:
        return heading
    kind = _SAME_KIND.get(asked.group(1), asked.group(1))
    return _COUNTED_KIND.sub(
        lambda m: asked.group(0) if _SAME_KIND.get(m.group(1), m.group(1)) == kind else m.group(0), heading
    )


def _declares_asked(question: str, heading: str) -> bool:
    """The heading counts what the question asks the kinds of: "二、三种常见玩法" for "裂变有哪几种
    玩法" (the same kind, 种, and the same thing, 玩法, after the count)."""
    asked = _ASKED_KIND.search(question)
    if asked is None:
        return False
    kind = _SAME_KIND.get(asked.group(1), asked.group(1))
    thing = re.match(f"[{CJK}]{{2,4}}", question[asked.end() :])
    if thing is None:
        # (or the thing before, when the question ends with what it asks: "活动运营的活动一般分哪几类" and
        # "一、活动的四种类型")
        before = _SPLIT_INTO.sub("", question[: asked.start()])
        return len(before) >= 2 and any(
            _SAME_KIND.get(m.group(1), m.group(1)) == kind and before[-2:] in heading[: m.start()]
            for m in _COUNTED_KIND.finditer(heading)
        )
    return any(
        _SAME_KIND.get(m.group(1), m.group(1)) == kind and thing.group(0)[:2] in heading[m.end() :]
        for m in _COUNTED_KIND.finditer(heading)
    )


def _names_asked(question: str, heading: str) -> bool:
    """Does the heading name the things the question asks which of ("有哪些合作形式" and "三、常见的合作形式")?"""
    asked = _ASKED_NOUN.search(question)
    noun = re.sub(r"[呢啊呀吗？?。！!\s]+$", "", asked.group(1)) if asked else ""
    return len(noun) >= 2 and noun in heading


# How a question says what follows is what something is split into: "一般分", "主要包括", "有".
_SPLIT_INTO = re.compile(r"(?:一般|通常|主要|大概|大致|都|又|能|可以)*(?:分为|分成|分|包括|包含|有)?\s*$")


# A heading's own number, not part of what it says: "一、", "1.", "第二部分：", "Part 2:", "Step 3 –".
_HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+(?:\.\d+)*[.、](?!\d)|\d+(?:\.\d+)+(?=\s)|第[一二三四五六七八九十\d]+部分[:：]?"
    r"|(?:Part|Step|Chapter)\s*\d+(?:\.\d+)*\s*[:：.\-–—]*)\s*",
    re.I,
)


def _bare_heading(heading: str) -> str:
    """A heading without its number, whatever the style ("2.1 选题的三个来源" is not "1 选题……")."""
    head = _HEADING_NUMBER.sub("", heading.strip())
    head = head if re.match(r"\d+\.\d", head) else _MARKER.sub("", head).strip()  # ("1.5倍……" is said)
    return _HEADING_NUMBER.sub("", head).strip()


# A stage said the way playbook headings say it: "直播的时候" is "直播中", "活动之前" is "活动前".
_STAGES = (
    (re.compile(f"(?<=[{CJK}]{{2}})(?:的时候|的过程中|过程中|期间)"), "中"),
    (re.compile(f"(?<=[{CJK}]{{2}})(?:之前|以前)"), "前"),
    (re.compile(f"(?<=[{CJK}]{{2}})(?:之后|以后)"), "后"),
)


def _staged(text: str) -> str:
    for pattern, stage in _STAGES:
        text = pattern.sub(stage, text)
    return text


# Characters whose bigrams in an asking heading are its grammar ("电商运营是做什么的": "营是", "是的").
_GRAMMAR = frozenset("的是")


def _grams(question: str, heading: str) -> set[str]:
    """The question's character bigrams, but one across 的 only where the heading writes the same
    three characters: "社群运营的核心指标" shares "的核" with "私域的核心指标" by its grammar, not by
    what it is about; "运营的三个层级" says "营的三" as "运营的三个层次" does."""
    text = compact(question)
    grammar = {
        g
        for i, c in enumerate(text)
        if c == "的" and text[max(i - 1, 0) : i + 2] not in heading
        for g in (text[max(i - 1, 0) : i + 1], text[i : i + 2])
    }
    grams = bigrams(text)
    return grams - grammar or grams


def heading_match(question: str, heading: str, weights: dict[str, float], intent: str) -> float:
    """How much a heading *is* the question: IDF-weighted term coverage and character-bigram
    coverage of the question's content, plus a bonus when the heading names the intent."""
    # (a plus between words says 加: "为什么审核要"机审+人审"结合" is "为啥审核要机审加人审" — it fell short by its 加)
    head = re.sub(rf"(?<=[{CJK}])\s*[+＋]\s*(?=[{CJK}])", "加", _bare_heading(heading))
    if not head:
        return 0.0
    clause = re.split(r"[，,；;]", head, maxsplit=1)[0]
    if intent == "definition" and clause != head and _asks_definition(clause):
        # "一、积分是什么，和成长值有什么区别" asks "积分是啥" in its first clause (the second, a
        # comparison, made it a poor match and "二、积分体系的三个环节" answered)
        head = clause
    # (whether the heading asks is read before its count is written as asked: "客服的三种类型" became
    # "客服的哪几种类型", a question, and lost to "五个核心指标" for "客服一般分哪几种")
    asking = bool(_ASKING_HEADING.search(head))
    head = _counted_as_asked(question, head)
    question, head = _staged(question), _staged(head)
    htoks = set(tokenize(head))
    content = set(tokenize(_content(question))) or set(weights)
    weights = {t: w for t, w in weights.items() if t in content}  # not the question words
    total = sum(weights.values()) or 1.0
    # A one-character verb is met by the heading's word that begins with it ("盯" → "盯住节奏"); a
    # word by a word of its synonym group ("坑" → "三个错误", "常见误区"), unless the heading says a
    # word of the group the question says too (in "沉睡用户怎么召回", 召回 is found for itself, not for
    # 沉睡用户 too), or the question says it within another word (the 数据 of "数据运营" is no 指标).
    found = htoks | {w[0] for w in htoks if len(w) > 1}
    asked = set(weights)

    def met(term: str) -> bool:
        group = synonyms_of(term)
        if term in found or asked & found & set(group):
            return term in found
        return any(s in found and not any(s in t for t in asked) for s in group)

    term_cov = sum(w for t, w in weights.items() if met(t)) / total
    qgrams = _grams(_content(question), compact(head))
    gram_cov = len(qgrams & bigrams(head)) / max(len(qgrams), 1)
    bonus = 0.1 if any(w in head.lower() for w in INTENT_WORDS.get(intent, ())) else 0.0
    score = 0.5 * term_cov + 0.5 * gram_cov + bonus
    if intent in LIST_INTENTS and _COMPARES.search(head) and not _COMPARES.search(question):
        # A heading that compares ("三、三种玩法对比") tells which to choose, not what there is: "裂变有哪几种
        # 玩法" is "二、三种常见玩法", though the other shares 种玩 with it.
        score *= 0.7
    wherefrom = _WHERE_FROM.search(question) is not None
    if wherefrom and _WHERE_FROM.search(head):
        # Where something comes from is what the heading says it tells ("三、流量从哪里来" for "店铺流量一般都从哪来":
        # the FAQ "店铺流量突然下跌怎么办？" shares 店铺 too, and asks something else)
        score += WHERE_FROM_BONUS
    elif wherefrom and asking:
        score *= 0.7  # (a heading asking something else of it: "店铺流量突然下跌怎么办？")
    if asking:
        # A heading that asks is the playbook's own question: it is this question only if the
        # question says what it says too ("店铺流量突然下跌怎么办？" does not answer "店铺的流量有哪几类").
        # ("电商运营是做什么的" asks what "电商运营做什么？" asks: its "营是" and "是的" are grammar)
        hgrams = {g for g in bigrams(_content(head)) if not _GRAMMAR & set(g)} or bigrams(_content(head))
        said = len(hgrams & qgrams) / max(len(hgrams), 1)
        # (how often, "每天", is no part of what it asks: "内容运营每天要干啥" asks "内容运营是做什么的")
        often = _grams(_content(_OFTEN.sub(" ", question)), compact(head))
        if intent == "definition" and _asks_definition(head) and often and often <= hgrams:
            # "什么是私域运营" is the playbook's own "私域是什么？": it says all the question does, and
            # asks what it asks (not "三、私域用户从哪里来", which says 私域 too)
            said, score = 1.0, score + 0.1
        score *= 0.5 + 0.5 * said
        if intent == "steps" and _asks_definition(head):
            # "什么是达人种草" is not the question "达人种草怎么做", though it names the same thing.
            score *= 0.3
    return score


# A heading that names an article's procedure: "投放的五个步骤", "GRAI 四步法", "五步 SOP", "流程".
_STEPS_HEADING = re.compile(r"步骤|[一二三四五六七八九十\d]\s*步|流程|SOP")


_COMPARES = re.compile(r"对比|比较|区别|差别|差异|异同|\bvs\b|不同$", re.I)


def _asks_definition(heading: str) -> bool:
    # (a role's "内容运营到底是做什么的" asks what it is, as "什么是私域运营" does)
    what = r"是什么|是啥|是(?:做|干)(?:什么|啥)的?|是干嘛的?"
    return bool(re.match(r"^(?:什么是|何为|什么叫)", heading) or re.search(rf"(?:{what})[？?]?$", heading))


_DEFINITION_ASK = re.compile(
    r"(?:到底|究竟|主要|一般|应该|具体)?(?:是什么|是啥|指什么|指的是什么|是指什么|(?:怎么|如何|怎样)(?:定义|理解|界定)|的定义"
    r"|指的是什么样的\S*|是什么样的\S*|是干嘛的|是做什么的|做什么的?|负责什么|干什么的?|干嘛的?)"
)


def definition_subject(question: str) -> str:
    """What a definition question asks about: "有人说……，那运营的本质是什么？" → "运营的本质";
    "什么是用户运营？" → "用户运营"; "What does a new media operations person do?" → "新媒体运营";
    "" when the question names none."""
    if not has_cjk(question):
        m = _ENGLISH_DEFINITION.match(question.strip())
        return to_chinese(m.group(1)) if m else ""
    quoted = re.search(r"[“\"「‘']([^”\"」’']{2,12})[”\"」’']", question)
    if quoted and _POINTED_MEANING.search(question):
        # "组长说我现在干的只是"运行" 不算运营 这是啥意思": what was said, quoted, is what it asks the meaning of
        return quoted.group(1).strip()
    q = re.split(r"[，,；;]", plain_words(question).strip().rstrip("？?。！! "))[-1]
    q = re.sub(r"^(?:那么?|请问|所以|那)", "", q).strip()
    m = re.match(r"^什么(?:是|叫)(.{2,16})$", q)
    if m:
        return m.group(1)
    m = _DEFINITION_ASK.search(q)
    if m and 2 <= m.start() <= 20:
        # (a subject in quotes is the subject: "“运行”是什么意思？" got one line under another heading)
        # (nor what it is used for: "KOC一般拿来干嘛" is of KOC)
        return re.sub(
            r"(?:平时|日常|通常|一般|主要|具体|到底|究竟|需要|应该|要|都|拿来|用来|拿去)+$", "", q[: m.start()]
        ).strip(" 的“”\"「」‘’'")
    return ""


# A question of the meaning of what it points at ("这是啥意思", "这句话什么意思", "那指的是什么").
_POINTED_MEANING = re.compile(
    r"(?:这|那)(?:个|句话?|里)?(?:到底|究竟)?(?:是|说的是|指的是|指)?(?:啥|什么)意思|(?:这|那)(?:个)?(?:到底)?指的?是?(?:啥|什么)"
)
_ENGLISH_DEFINITION = re.compile(
    r"^(?:what|who)\s+(?:is|are|does|do)\s+(?:an?\s+|the\s+)?(.+?)\s*(?:do|mean)?\s*[?.!]*$", re.I
)
_ENGLISH_SIDES = re.compile(
    r"(?:between|of)\s+(.+?)\s+(?:and|vs\.?|versus)\s+(.+?)[?.!]*$|^how\s+(?:does|do|is|are)\s+(.+?)\s+differ\w*\s+from\s+(.+?)[?.!]*$",
    re.I,
)


def is_narrative(sentence: str) -> bool:
    return bool(
        _DIALOGUE.search(sentence)
        or _RHETORICAL.search(sentence)
        or _STORY.search(sentence)
        or _SHORT_LINE.fullmatch(sentence)
    )


def is_heading_like(text: str) -> bool:
    """A short line with no sentence punctuation: a (pseudo-)heading, not a statement (a line
    announcing a list, "核心工作包括：", is a statement)."""
    return len(text) <= 24 and not re.search(r"[。！？；!?;，,：:]", text)


def _announces_next(units: list[Unit], j: int) -> bool:
    """Is unit j a sentence announcing a list ("预算一般由四部分组成：") that starts right after it?"""
    text = units[j].text.strip()
    return (
        j + 1 < len(units)
        and bool(re.search(r"[：:]$", text))
        and len(text) >= 8  # (a sentence, not a label: "工作：" is one of the role's items)
        and not is_item(units[j].text)
        and is_item(units[j + 1].text)
    )


def names_a_case(heading: str) -> bool:
    """Does a heading name a case or an example ("九、案例：一家护肤品牌的包裹卡私域")?"""
    return bool(_CASE_HEADING.search(heading))


def is_item(text: str) -> bool:
    return bool(_MARKER.match(text) or _LABEL.match(text))


def _unquote(sentence: str) -> str:
    """The quotes of a speech are not part of the statement: the opening one of a speech that goes
    on past this sentence, or both around a whole one."""
    if sentence[:1] in "“「" and not re.search("[”」]", sentence):
        return sentence[1:]
    m = re.fullmatch(r"[“「]([^“”「」]+)[”」]。?", sentence)
    return m.group(1) if m else sentence


def _statement(sentence: str) -> str:
    """What a sentence states: a rhetorical question that frames a statement ("我们是否忽略了：
    运营的本质是……？") → the statement; a speaker's aside or lead-in is not part of what is said
    ("你看，拉新、留存、促活跃……这是业界公认的用户运营模式", "“好，我再拿活动运营举例：运行经理是……")."""
    sentence = re.sub(r"^(?:答|A)[：:]\s*", "", sentence)  # a Q&A section's "答：" is not part of the answer
    sentence = _ASIDE.sub("", sentence)
    if sentence[-1:] in "”」" and not re.search("[“「]", sentence):
        sentence = sentence[:-1]  # the end of a speech that began sentences before
    if _RHETORICAL.search(sentence):
        head, sep, tail = sentence.partition("：")
        tail = tail.rstrip('？?”"」 ')
        # (not an FAQ's "Q1：……？": that one asks; nor someone's question, "老板问：有没有不花钱的量？",
        # "经常有人问我：客服不就是回消息吗，为什么还要专门的运营？" — a trainer read them stated as facts)
        asks = re.fullmatch(r"(?:Q|问题?)\s*\d{0,2}", head, re.IGNORECASE) or _ASKED_BY.search(head)
        asks = asks or _ASKING_CLAUSE.search(tail)
        if sep and len(tail) >= 8 and len(head) <= 12 and not asks and not re.search(r"[？?]", tail):
            return tail + "。"
        return sentence
    lead = _LEAD_IN.match(sentence)
    return sentence[lead.end() :] if lead and len(sentence) - lead.end() >= 8 else sentence


def _first_sentence(text: str, limit: int = ITEM_CHARS) -> str:
    sentences = split_sentences(text)
    first = _unquote(sentences[0] if sentences else text)
    if first.count("（") > first.count("）"):
        # "市场洞察能力（竞品在做什么？产品要怎么发展？）": the aside whole, or not at all.
        close = text.find("）", len(first))
        first = text[: close + 1] if 0 <= close < limit else first[: first.rfind("（")]
    after = text[len(first) :] if text.startswith(first) else ""
    if after.startswith("（") and 0 < after.find("）") < limit - len(first):
        # "目标用户关心吗？（和他的工作或生活有没有直接关系）": the aside after the question mark explains it.
        first += after[: after.find("）") + 1]
    if len(first) > limit:
        cut = first.rfind("，", 0, limit)
        first = first[: cut if cut > 20 else limit] + "……"
    return first


def _whole_sentence(clause: str, text: str, limit: int = 160) -> str:
    """A clause cut at "；" as the sentence it is part of in `text` (same line, up to `limit`
    characters): "做不出成绩会被老板骂，做的太假会被用户骂；" goes on "而且运营做的是生死。", and
    "而且运营做的是生死。" takes the clause before it. (Sentences are split at "；" for retrieval;
    read alone, such a clause dangles.)"""
    at = text.find(clause)
    if at < 0:
        return clause
    start, end = at, at + len(clause)
    if re.match(r"(?:而且|并且)", clause) and text[:start].rstrip().endswith(("；", ";")):
        begin = max(text.rfind(c, 0, start - 1) for c in "。！？!?\n") + 1
        start = begin if start - begin <= limit else start
    if clause.rstrip().endswith(("；", ";")):
        stop = re.compile(r"[。！？!?\n]").search(text, end)
        if stop and stop.group() != "\n" and stop.end() - end <= limit:
            end = stop.end()
    whole = text[start:end].strip()
    return whole if len(whole) <= limit else clause


# A role's section announcing its work ("具体工作包括：", "核心工作包括：", "工作：") and then naming
# each piece ("收集反馈：分析用户评论……"): the names, in one line, say what the role does.
_WORK_INTRO = re.compile(r"^(?:具体|核心|主要|日常)?(?:工作|职责)(?:内容)?(?:包括|有)?[：:]$")
_WORK_ITEM = re.compile(r"^(?:[-*•]\s*)?([^：:，,。；;]{2,8})[：:]\S")
_NOT_WORK = re.compile(r"^(?:案例|例如|比如|目标|(?:关键|核心)?指标)$")


def _work_labels(section: Section) -> str:
    """ "具体工作包括：分析用户痛点、规划解决方案、推动功能落地。" from the section's own list, or ""."""
    units = [_MARKER.sub("", u.text).strip() for u in section.units]
    for i, text in enumerate(units):
        if not _WORK_INTRO.match(text):
            continue
        names: list[str] = []
        for item in units[i + 1 :]:
            m = _WORK_ITEM.match(item)
            if m is None or _NOT_WORK.search(m.group(1)):
                break
            names.append(m.group(1).strip())
        return f"{text}{'、'.join(names)}。" if len(names) >= 2 else ""
    return ""


def _label(text: str) -> str:
    """An item's name: "运作：是高层次的…" → "运作"; "1. 用户运营：专注…" → "用户运营"."""
    core = _MARKER.sub("", text).strip().lstrip("：:，,、 ")  # ("第一级，机器审核：……" → "机器审核")
    # (a numbered line that counts itself too: "20. 第三步，给出方案：……" → "给出方案"; "第二层：……" is named
    # by its count)
    core = re.sub(r"^第[一二三四五六七八九十\d]{1,2}[^，,：:\s]{0,2}[，,、]\s*(?=[^：:]{2,12}[：:])", "", core)
    m = _LABEL.match(core)
    if m and _NUMBERING.fullmatch(m.group(1).strip()):
        # "误区二：盲目追求群数量。…": the item is what it says (its first sentence), not its number.
        said = re.split(r"[，,。；;！？!?]", m.group(2).strip())[0].strip()
        return said[:16]
    # ("2. 点击率 = 点击数 ÷ 到达数 × 100%。": a measure is named before its formula)
    name = re.split(r"[，,。：（(；;=＝]|(?<!\d):|:(?!\d)", m.group(1) if m else core)[0].strip()
    if len(name) > 8:
        # A clause ("品类运营确定主推商品类别和价格策略"): its subject, when the vocabulary knows it.
        term = next((t for t in TERMS_LONGEST_FIRST if len(t) >= 2 and name.startswith(t)), "")
        name = term or name
    return name[:16]


class Composer:
    """Builds the extractive answer for one question from one retrieval."""

    def __init__(
        self, question: str, retrieval: Retrieval, hits: list[Hit], budget: int = 320, focus: Focus | None = None
    ) -> None:
        self.question = question
        self.focus = focus  # the section a follow-up names ("那第二步具体说说"), if it is one
        self.intent = detect_intent(question)
        self.retrieval = retrieval
        self.hits = hits
        self.budget = budget
        keyword = retrieval.keyword
        # The first term is usually the subject ("运作和运行有什么区别") and counts double; synonyms half.
        self.weights = {t: keyword.idf(t) * (2.0 if i == 0 else 1.0) for i, t in enumerate(retrieval.terms)}
        self.weights |= {t: keyword.idf(t) * 0.5 for t in retrieval.synonyms if t not in self.weights}
        # What headings are matched against: the question, or for an English one its terms in the
        # playbook's Chinese ("common mistakes in community operations" → "误区社群运营").
        self.english_terms = [] if has_cjk(question) else [*chinese_terms(question), *_ACRONYM.findall(question)]
        self.heard = "".join(self.english_terms) or plain_words(question)
        self.qgrams = bigrams(_content(self.heard))
        # The terms of the trade the question names ("用户运营", "AARRR"): what an answer must be about.
        self.named = [t for t in TERMS_LONGEST_FIRST if len(t) >= 3 and t in self.heard]
        self.kind: Line | None = None  # the item of a kind whose article's steps answer (_steps_of_subject)
        self.asks_quantity = bool(_ASKS_QUANTITY.search(question))
        # The clause that asks, after the ones that set the scene ("我刚入职做活动运营，策划一个活动一般
        # 分几步啊？"): headings are matched against it too, the scene's words diluting the whole.
        clauses = [c for c in re.split(r"[，,；;。]", self.heard) if c.strip()]
        words = tokenize(_content(clauses[-1])) if len(clauses) > 1 else []
        said = [t for t in words if len(t) >= 2]
        # (a word and what is done to it is a question too: "……，老板让我复盘，复盘咋写？")
        self.asked = clauses[-1] if len(set(said)) >= 2 or (said and len(set(words)) >= 2) else ""
        # (of a list asked with what each item has, the clause asking for the list: "活动一般分哪几种")
        self.per_item = per_item(self.heard)
        if self.per_item is not None:
            self.asked = self.per_item[0]
        self.asks_verdict = has_cjk(question) and bool(_ASKS_VERDICT.search(plain_words(question)))

    # -- entry -------------------------------------------------------------------------------

    def item(self, made: Composition, n: int) -> Composition:
        """The answer to "社群运营的第二个误区是什么？": the n-th point of the list composed (`made`, for
        "社群运营的误区有哪些？"), whole, with what it goes on to say."""
        return self._item_alone(made, made.point_lines[n])

    def _item_alone(self, made: Composition, item: Line) -> Composition:
        k = made.lines.index(item)
        end = next((i for i in range(k + 1, len(made.lines)) if made.lines[i].item), len(made.lines))
        details = [ln for ln in made.lines[k + 1 : end] if _same_chunk(ln, item)]
        alone = replace(item, item=False, text=_MARKER.sub("", item.text).strip())
        # (the item whole, not its first sentence: "点击率 = 点击数 ÷ 到达数 × 100%。" and "这是衡量……")
        return Composition(made.intent, [alone if details else self._whole_item(alone), *details])

    def compose(self) -> Composition:
        made = self._compose()
        asked_there = self._asked_in_passage()
        if asked_there:
            # A passage that asks the question itself answers it with what it says next ("多少算正常？可以参考下面的
            # 区间：" and the four bands, for "NPS多少算正常？" — it got the range −100 to 100 and the formula).
            made = Composition(made.intent, asked_there, made.section)
        elif self.intent != "compare" and self.kind is None and (says_all := self._says_all_asked(made.lines)):
            # What was composed never says the rarest thing asked of, and one sentence of the best passages says all
            # of it: that sentence answers ("复盘会有啥规矩没" got GRAI's four steps, its passage saying "复盘会有三条
            # 规矩：……"; "网约车的北极星拆到AARRR咋拆" the AARRR row, not "以网约车为例，……拆到 AARRR：……"). (Not
            # for a kind the article lists, which its steps answer and its line on the kind, added below.)
            made = Composition(made.intent, says_all, made.section)
        quoted = self._quoted(made.lines) if not asked_there else None
        if quoted is not None:
            # "事实还没查清怎么办？" says step 4's own words ("事实还没查清时，可以先发“情况说明”……"): that step
            # answers, not the seven steps again and the 误区 after them (trn50)
            made = Composition(made.intent, [_as_lead(self._whole_item(quoted))], made.section)
        # The items the question names; one of them, when it names no other ("电商的北极星指标一般用啥？短视频
        # 呢" asks of two), may be what it asks about.
        asked_items = [
            i
            for i, ln in enumerate(made.lines)
            if ln.item and (len(ln.label) >= 2 and self._names(ln.label) or self._said_of(ln))
        ]
        named = [
            i
            for i in asked_items
            for ln in [made.lines[i]]
            # (a short label, when the question asks of it: "电商的北极星指标一般是啥？" and "电商：淘宝（……）";
            # or for its formula: "Push的点击率咋算？" and "2. 点击率 = 点击数 ÷ 到达数 × 100%")
            if (
                len(ln.label) >= 3
                or f"{ln.label}的" in self.heard
                or self._said_of(ln)
                or _formula_of(ln.label, self.heard)
                or _part_of(ln.label, self.heard)
                or _opens_with(ln.label, self.heard)
            )
            and not _GENERIC_LABEL.match(ln.label)
            # (an item named by the question's subject is no item asked about: "（1）AARRR：……" beside
            # other lines on AARRR, for "AARRR模型是谁提出的？")
            and (
                # (asked for by name, its formula or as a part, however often it is said)
                _formula_of(ln.label, self.heard)
                or _part_of(ln.label, self.heard)
                or _opens_with(ln.label, self.heard)
                or not any(ln.label in x.text for x in made.lines if x is not ln)
            )
        ]
        asks_list = (
            _ASKED_KIND.search(self.heard)
            or _COUNTED.search(self.heard)
            or self.intent == "compare"
            or named_items(self.heard)  # ("头部、腰部、尾部达人各有什么特点" asks of three items, not 尾部达人)
        )
        # (what a definition asks of is its subject, not a row that names it: "AARRR模型是啥" got "（1）AARRR：
        # 以获取为起点……" of the RARRA comparison, "AARRR里的激活是什么意思？" the same row)
        if self.kind is not None and made.section and _STEPS_HEADING.search(_bare_heading(made.section)):
            # the article's steps, then what it says of the kind asked about (not that line alone)
            made = Composition(made.intent, [*made.lines, self.kind], made.section)
        elif not asked_items and not asks_list and self.intent not in ("list", "definition") and quoted is None:
            # An item of a retrieved passage the question names word for word ("重要唤回用户咋运营" and the RFM
            # table's "- 重要唤回用户：R：低（……运营动作：一对一回访、大额召回券）"), though what was composed
            # is another passage's list: that item answers.
            item = self._named_item()
            # (not over a section whose heading says the item too: "二、为什么 SaaS 公司离不开客户成功" answers
            # "SaaS为啥离不开客户成功", not the table row "客户成功：让客户持续用好……" of another section)
            # (nor one that leaves out the rarest thing asked of, which was said: "网约车的北极星拆到AARRR咋拆" got the
            # row "AARRR：以获取为起点……" over "以网约车为例，……拆到 AARRR：……")
            rarest = self._asked_terms[1]
            fewer = bool(rarest) and _says(made.lines, rarest) and not _says([item] if item else [], rarest)
            if item is not None and not (made.section and _label(item.text) in made.section) and not fewer:
                made = Composition(made.intent, [item])
        coined = self._coined() if self.intent == "definition" else None
        if coined is not None:
            # "群节奏是啥意思": the paragraph that coins the term ("……形成“群节奏”，让成员知道……"), alone — it was
            # followed by two lines of other sections that share words with the question.
            made = Composition(made.intent, [coined])
        defined = self._acronym_defined() if self.intent in ("definition", "metric", "general") else None
        glossed = self._term_glossed() if defined is None and self.intent == "definition" else None
        # (unless what was composed says what it is first: "所谓运作，是高级运营人才……" then "运作：是……")
        # (unless it is one side of a comparison: "舆情监测是日常工作，……；危机公关是应急工作……" of "二、舆情监测和
        # 危机公关有什么区别" led "什么是舆情监测？" — trn50 — over "舆情监测（social listening）：……")
        compared = bool(made.lines) and made.lines[0].hit is not None and _COMPARES.search(made.lines[0].hit.section)
        glossed = None if glossed is None or (self._defines_first(made.lines) and not compared) else glossed
        if glossed is not None and not (made.lines and made.lines[0].text == glossed.text):
            # (its whole paragraph, alone: "反馈闭环是什么意思？" got its first sentence, then another section's
            # line that says 反馈 and the article's lead-in)
            made = Composition(made.intent, [glossed])
        if defined is not None and not any(ln.text.startswith(defined.text[:12]) for ln in made.lines[:1]):
            # "LTV是啥，咋算？" got the LTV/CAC thresholds (their lines all say LTV): the item that says what
            # LTV is, and how it is computed, answers ("LTV（Lifetime Value）：用户生命周期价值，……").
            made = Composition(made.intent, [defined])
        if len(named) == 1 and len(asked_items) == 1 and not asks_list and len(made.lines) > 1:
            # "（RFM）重要唤回用户怎么弄？" names one item of the list found ("重要唤回用户：R：低（……运营动作：
            # 一对一回访、大额召回券）"): that item answers, with what it goes on to say, not the list again.
            made = self._item_alone(made, made.lines[named[0]])
        pointed = self._pointed_to(made.lines[0]) if made.lines and not made.lines[0].item else None
        if pointed is not None:
            # "按第三节的标准挑达人" answering "找达人种草怎么挑号": the section it points to answers.
            lines = self._section_answer(pointed)
            if lines:
                made = Composition(self.intent, lines, pointed.heading)
        named_metrics = any(_KEY_METRICS.search(ln.text) for ln in made.lines)
        if _ASKS_METRICS.search(self.question) and self.named and not named_metrics:
            # "用户运营看哪些关键指标？" when what was found names no key metrics of it: the role's
            # own section says them ("用户运营：专注用户生命周期管理。…关键指标：…"), wherever it ranked.
            said = self._key_metrics_of(self.named[0], {ln.text for ln in made.lines})
            if said is not None:
                made.lines.insert(0, said)
        # A piece left with no words ("。" after a closing quote) is no line of an answer, and a line
        # says its point once (not again as a list item: "完读率：……" first, then "- 完读率：……").
        seen: set[str] = set()
        kept: list[Line] = []
        for ln in made.lines:
            point = _MARKER.sub("", ln.text).strip().rstrip("。；;")
            # (nor again after the sentence that holds it: "我的回答一直是：先分层，再运营。" then
            # "先分层，再运营。" from the same passage read as one paragraph saying it twice)
            inside = ln.hit is not None and any(point in x.text for x in kept if _same_chunk(x, ln))
            # (a line that sends the reader elsewhere in the article, "按第三节的标准挑达人……", is no
            # answer beside others: they are what it points to, or it points where the reader can't go)
            elsewhere = not ln.item and len(made.lines) > 1 and _POINTS_ELSEWHERE.match(point)
            if _WORDY.search(ln.text) and point not in seen and not inside and not elsewhere:
                kept.append(ln)
                seen.add(point)
        sides = self.sides() if self.intent == "compare" else []
        made.lines = _unlinked(_to_sentence_end(_without_gaps(_without_holes(kept)), sides))
        if self.intent == "definition" and made.lines and self._defined and not self._defines_first(made.lines):
            # The item named by what the question asks of says what it is: "KOC一般拿来干嘛" led with another article's
            # "投放优化：完美日记通过小红书KOC分层投放……", then "KOC（素人）：……主要用来铺搜索结果和评论区口碑"
            subject = self._defined.lower()
            k = next(
                (i for i, ln in enumerate(made.lines) if i and ln.item and unglossed(ln.label).lower() == subject),
                0,
            )
            if k:
                # (its marker kept, unlike `_as_lead`: "4. KOC（素人）：……" reads as the list's fourth kind)
                made.lines.insert(0, replace(made.lines.pop(k), item=False))
        if self.intent == "definition" and self._defines_first(made.lines):
            # What it is, said first: lines of other sections are padding ("种草投放说白了是个啥" got "达人种草，是……"
            # then the metrics list and the case's moral)
            # (another section's line that says what it is too stays: "运作：是高层次的产品运营……")
            home = made.lines[0].hit.section if made.lines[0].hit else ""
            made.lines = [
                ln for ln in made.lines if ln.hit is None or ln.hit.section == home or self._defines_first([ln])
            ]
        if self.intent == "metric":
            # "X靠哪些指标衡量？" is answered by the line that names X's key metrics: it goes first,
            # whatever passage or section order put it further down.
            k = next((i for i, ln in enumerate(made.lines) if ln.hit and _KEY_METRICS.search(ln.text)), 0)
            if k:
                # (whose metrics, when only the heading says it)
                made.lines.insert(0, _as_lead(_in_context(made.lines.pop(k))))
            if made.lines and _KEY_METRICS.search(made.lines[0].text):
                # After the line that names the metrics, what says nothing of measuring is padding
                # ("内容运营主要看哪些数？" then the PGC/UGC lines of the passage that ranked next).
                # (the lines of its own passage stay: "产品运营：优化产品与用户的匹配度" says whose they are)
                own = made.lines[0].hit.chunk_id if made.lines[0].hit else None
                # (a heading that names the list, "客服的核心指标：", is no passage: its list is its
                # section's, every line of it: "满意度 CSAT：……", which says no 率, and the line closing it)
                listed = next((ln.hit.section for ln in made.lines if ln.hit), None) if own is None else None

                def measures(ln: Line) -> bool:
                    if ln.hit and (ln.hit.chunk_id == own or ln.hit.section == listed):
                        return True
                    return bool(_MEASURING.search(ln.text))

                made.lines = [made.lines[0], *[ln for ln in made.lines[1:] if measures(ln)]]
        # ("……不行吗" after a why is rhetorical; "X和Y是不是一回事" is answered by what tells them apart)
        # (nor a question the playbook asks itself, as its heading: its answer is what follows it — "全埋点能不能代替
        # 代码埋点？" got a table row, its FAQ's "不能。全埋点拿不到……" saying none of the words but 埋点, the title's)
        own = word_chars(_bare_heading(made.section.rsplit(" > ", 1)[-1])) if made.section else ""
        verdict = self.asks_verdict and self.intent not in ("why", "compare") and own != word_chars(self.heard)
        if verdict and made.lines and not self._is_verdict(_opening(made.lines)):
            made.lines = self._verdict_first(made.lines)
        if verdict and made.lines and self._is_verdict(_opening(made.lines)):
            # The verdict and what its section goes on to say answer a yes/no question; the metrics
            # list and the case of other sections after "不一定。……引导用户去搜索品牌名" are noise (another
            # verdict on it is not: "私域不等于“拉群发广告”。" then "把私域当成广告位：……" of the 误区).
            section = made.lines[0].hit.section if made.lines[0].hit else ""
            made.lines = [
                ln
                for ln in made.lines
                if ln.hit is None or ln.hit.section == section or self._is_verdict(ln, pitfalls=True)
            ]
        made.lines = _said_once(made.lines)
        made.lines = self._amount_alone(self._amount_item(made.lines))
        made.lines = self._change_first(made.lines)
        first_line = made.lines[0] if made.lines else None
        # (not out of a list: "达人的互动率怎么计算？" is answered by the three things to look at, its formula second)
        prose = first_line is not None and not first_line.item and not re.search(r"[：:]$", first_line.text)
        if asks_formula(self.heard) and first_line is not None and prose and not _FORMULA.search(first_line.text):
            # "CSAT怎么算" is answered by the formula, not by the note on its denominator that ranked first (a section
            # read from two chunks: "注意：CSAT 的分母是……" came before "满意度（CSAT）= ……")
            asked = [t for t in content_terms(self.retrieval.terms) if not _ASKS_FORMULA.search(t)]
            k = next(
                (
                    i
                    for i, ln in enumerate(made.lines)
                    if _FORMULA.search(ln.text) and any(t in ln.text.lower() for t in asked)
                ),
                0,
            )
            if k:
                made.lines.insert(0, made.lines.pop(k))
        if made.section and _WHY.search(self.heard):  # (also "DAU为什么……指标", a metric)
            made.lines = self._why_of_named(made.lines, made.section)
        most = _MOST.search(self.heard)
        # (said of importance in the line's own words: "哪个最要紧" and "……所以蓄水期比爆发期更重要")
        saying: re.Pattern[str] | None = None
        if most is not None:
            saying = _IMPORTANT if _IMPORTANT.fullmatch(most.group(0)) else re.compile(re.escape(most.group(0)))
        at = next((i for i, ln in enumerate(made.lines) if saying and ln.hit and saying.search(ln.text)), 0)
        if at:
            # "客服要看的指标里哪个最重要？" is answered by "这五个指标里最重要的是一次解决率……", the last line
            # of the list it closes: it goes first, the list after it.
            made.lines.insert(0, _as_lead(made.lines.pop(at)))
        if self.intent == "steps" and len(made.lines) > 1 and not made.lines[0].item:
            # "羊毛党咋防啊" is answered by the line that says how to deal with it ("羊毛党风险：……应对方法是设置领奖
            # 门槛……"), not by the one before it that only says the risk is feared ("拉新活动最怕羊毛党刷量……")
            asked = [t for t in tokenize(_content(self.heard)) if len(t) >= 2 and t not in MANNER_WORDS]
            k = next(
                (
                    i
                    for i, ln in enumerate(made.lines)
                    if i and ln.hit and _REMEDY.search(ln.text) and any(t in ln.text for t in asked)
                ),
                0,
            )
            if k and not _REMEDY.search(made.lines[0].text):
                made.lines.insert(0, _as_lead(made.lines.pop(k)))
        if (self.intent == "why" or _WHY.search(self.heard)) and len(made.lines) > 2:  # ("……为啥收入不行", a metric's)
            made.lines = self._cause_first(made.lines)
        if self.per_item is not None:
            made.lines = self._each_told(made.lines)
        made.lines = self._announcements_kept(made.lines)
        if self.intent != "example" and len(made.lines) > 1:
            # An example opened after the answer that says none of what was asked is another point's: "K因子是什么"
            # ended on "举个例子：某在线课程 App，……激活率 40%，30 日留存只有 5%。" (of 激活 and 留存)
            asked = [t.lower() for t in tokenize(_content(self.heard)) if len(t) >= 2]
            made.lines = [
                ln
                for i, ln in enumerate(made.lines)
                if not (i and _opens_example(ln) and not any(t in ln.text.lower() for t in asked))
            ]
        if self.intent == "compare" and made.lines:
            sides, aspect = self._sides_and_aspect()
            words = [t for t in tokenize(aspect) if len(t) >= 2]
            if len(sides) >= 2 and words and not any(t in ln.text for ln in made.lines for t in words):
                # "那工资呢？" after "运营和运行有什么区别？" (运营和运行在工资上……): no line says a word of it.
                # The playbook does not compare them in that respect: said plainly (it repeated the last
                # answer as if it answered; after "那运作呢？", what was left of it was a collage).
                made.lines = []
        if asks_yes_no(self.heard) and len(made.lines) > 1 and self.intent not in ("compare", "example"):
            # Whether the rarest thing asked can be so is answered by the lines that say it: "DAU能当北极星吗" got
            # "……DAU 也经常被误用：……", then three lines on the 北极星指标 that never say DAU (nh58).
            # (with the lines of their passages: "所以，收入本身……" leads into the DAU line, one paragraph)
            _, rarest = self._asked_terms
            said_at = [i for i, ln in enumerate(made.lines) if _says([ln], rarest)] if rarest else []
            if said_at and said_at[0] <= 1:
                held = {_chunk(made.lines[i]) for i in said_at}
                made.lines = [ln for ln in made.lines if ln.hit is None or _chunk(ln) in held or _says([ln], rarest)]
        if len(made.lines) == 1 and made.lines[0].item:
            # (one item alone is a sentence, not a list of one: "店铺复购率怎么算" got "- 复购率：……")
            alone = made.lines[0]
            made.lines = [self._whole_item(replace(alone, item=False, text=_MARKER.sub("", alone.text)))]
        return made

    def _announcements_kept(self, lines: list[Line]) -> list[Line]:
        """A line that announces a list ("ASO 的效果看两个环节：") with none of it after: its list follows
        it (the answer to "ASO是啥意思？" ended on it), or, when it has none, it goes."""
        out: list[Line] = []
        moved: set[tuple[str, str]] = set()  # (its items, when they came later: they move up, not said twice)
        for i, ln in enumerate(lines):
            if (_chunk(ln), ln.text) in moved:
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if i > 0 and _COUNT_ANNOUNCED.search(ln.text) and (nxt is None or _chunk(nxt) != _chunk(ln)):
                # (a count said as a sentence, none of what it counts after it: "一场直播至少有三个角色。" closed the
                # answer to "直播的时候在线人数一直往下掉咋办" — nh57)
                continue
            # (one that ends its paragraph: "……工作：搭建指标体系……；深度分析……" goes on in its own)
            ends = ln.hit is not None and any(p.strip().endswith(ln.text) for p in ln.hit.text.split("\n"))
            if not ends or ln.item or not re.search(r"[：:]$", ln.text) or (nxt is not None and nxt.item):
                out.append(ln)
                continue
            items = self._rest_of_list(ln)
            said = nxt is not None and bool(items) and _MARKER.sub("", items[0].text).strip()[:12] in nxt.text
            if said:
                # (its list said after it as a paragraph: "工作：" then "搭建指标体系：……；深度分析：……")
                out.append(ln)
            elif items:
                out += [ln, *items]
                moved |= {(_chunk(x), x.text) for x in items}
            elif len(lines) == 1:
                out.append(ln)  # (alone, it is what was found: no answer is made of nothing)
        return out

    def _why_of_named(self, lines: list[Line], heading: str) -> list[Line]:
        """A why-question answered by a section that never says the thing it names ("DAU为什么不适合当北极星
        指标" got the six criteria of a good 北极星指标, cut before "DAU 也经常被误用：……"): the sentence of the
        section's article that says it, and the one after it, lead; the section stays as what it rests on."""
        hit = next((ln.hit for ln in lines if ln.hit is not None), None)
        if hit is None:
            return lines
        shown = "".join([heading, *(ln.text for ln in lines)]).lower()  # (the heading says it too: "离不开")
        kw = self.retrieval.keyword
        unsaid = [t for t in content_terms(self.retrieval.terms) if t not in shown and t not in hit.title.lower()]
        if not unsaid:
            return lines
        # (the rarest word not shown first: "dau", not "适合"; in the section's own passages first —
        # "误区3：把收入或 DAU 直接当北极星指标。" of the 误区 says it is one, not why)
        said = [
            ln
            for t in sorted(unsaid, key=kw.idf, reverse=True)
            for _, ln in self._ranked
            if ln.hit is not None and ln.hit.article_id == hit.article_id and t in ln.text.lower()
        ]
        found = next((ln for ln in said if ln.hit is not None and ln.hit.section == hit.section), None)
        found = found or (said[0] if said else None)
        if found is None:
            return lines
        lead = replace(found, item=False, text=_MARKER.sub("", found.text).strip())
        return [lead, *self._following(lead, {(_chunk(lead), lead.text)}, 80)[:1], *lines]

    @functools.cached_property
    def _defined(self) -> str:
        """What a definition question asks about (`definition_subject`), read once per answer: the line
        filter of a definition asks it of every line."""
        return definition_subject(self.question)

    def _defines_first(self, lines: list[Line]) -> bool:
        """Does the first line say what the question's subject is ("达人种草，是品牌付费……" for "种草投放是什么")?"""
        subject = self._defined
        first = _MARKER.sub("", lines[0].text).strip() if lines else ""
        if _LIST_INTRO.search(first.rstrip("。")) or _COUNTED.search(self.heard) or _ASKED_KIND.search(self.heard):
            return False  # (a list asked for or announced: "运营是有层级的，我分为三个层次：" and its items)
        m = re.match(rf"^(?:所谓的?)?([{CJK}A-Za-z]{{2,6}}?)(?:[，,：:]|就是|是指|是|指)", first)
        if not subject or m is None:
            return False
        word = m.group(1)
        return any(subject[i : i + 2] in word for i in range(len(subject) - 1))

    def _amount_item(self, lines: list[Line]) -> list[Line]:
        """A question of how much or how many over a list ("积分商城放多少个商品合适" and the 商城's 选品/
        定价/曝光/活动): the one item that gives an amount and says what was asked beyond its heading and
        title ("选品：……SKU 不用多，30～50 个足够") answers, not the whole list."""
        items = [ln for ln in lines if ln.item and ln.hit is not None]
        if items and lines[0] not in items and lines[0].hit is not None and _LABEL.match(lines[0].text):
            items.insert(0, lines[0])  # (an item said first is one too: "平均评分：保持在 4.5 分以上")
        # (a how-to's list too, when the clause that asks wants no list but when or how long: "回访要在多久内
        # 做？" got the five 工单 steps, "福利款一般啥时候上" the four pre-live steps)
        clause = self.asked or self.heard
        listed = self.intent in LIST_INTENTS and (
            self.intent != "steps" or bool(_ASKED_KIND.search(clause) or _COUNTED.search(clause))
        )
        if not (self.asks_quantity or _ASKS_WHEN.search(clause)) or listed or len(items) < 2:
            return lines
        asked = content_terms(self.retrieval.terms)
        kw = self.retrieval.keyword
        scored: list[tuple[float, Line]] = []
        # (a sentence that says it and not as an item — "漏审率控制在0.1%以下，误杀率控制在1%以下。" in 误区二's
        # paragraph, for "误杀率控制在多少合适？" — is in the running: when it says most, no item is picked)
        said = [ln for ln in lines if ln.hit is not None and ln not in items]
        # (an item whole, its amount in the sentence after its formula: "3）首次回应时长 = …… − ……。目标是 4 小时以内，
        # 最晚不超过 24 小时。" — trn50's "首次回应时长要求多少" got the next item's "40% 以上" first)
        wholes = {id(ln): self._whole_item(ln) for ln in items}
        for ln in [*items, *said]:
            assert ln.hit is not None
            # (what the section's heading says, every item of it says; what the title says, an item may
            # say as its own: "评分和评论：……低于 4.0" for "App评分保持多少分合适？" in "……素材与评分" — the
            # title's word left 保持 to pick "更新频率：保持每 2～4 周……")
            terms = [t for t in asked if t not in ln.hit.section.lower()]
            ln = wholes.get(id(ln), ln)
            text = _MARKER.sub("", ln.text).strip()
            # (how long is said in time: "……五倍以上" is no answer to "多久没买才算流失用户？")
            if _QUANTITY.search(text) and (not _ASKS_TIME.search(self.heard) or _TIME.search(text)):
                # (an item is about what its label names: 评分 of "评分与评论" outweighs 保持 of a sentence)
                label = _label(text).lower()
                scored.append((sum(kw.idf(t) * (2 if t in label else 1) for t in terms if t in text.lower()), ln))
        if ASKS_LIMIT.search(self.heard) and any(SAYS_LIMIT.search(ln.text) for _, ln in scored):
            # (a limit asked is answered by a line that states one: "每个用户一周最多能触达几次？" got the 误区 "……一周
            # 发五六次" — its label says 触达 — over "频次上限：……每周营销类触达不超过 3 次", and was refused — trn56)
            scored = [(n, ln) for n, ln in scored if SAYS_LIMIT.search(ln.text)]
        best = max((n for n, _ in scored), default=0)
        found = [ln for n, ln in scored if n == best]
        # (the one item the question names word for word, whatever else says a word of it: "短视频互动率多少算正常？"
        # and "互动率（……）：3% 左右是及格线", not "视频号还要看转发率……" for its 视频)
        named = [ln for n, ln in scored if n and ln not in said and len(x := _label(ln.text)) >= 3 and x in self.heard]
        found = named if len(named) == 1 else found
        if best == 0 or len(found) != 1 or found[0] in said:
            return lines
        return [replace(found[0], item=False, text=_MARKER.sub("", found[0].text).strip())]

    def _change_first(self, lines: list[Line]) -> list[Line]:
        """ "记账App做完ASO自然下载提升了多少" asks how much a thing changed: the sentence that says it changed, by a
        number, leads ("……自然下载日均从 3,100 涨到 5,600，提升了约 81%。"), then what its section says around it;
        lines of other sections are padding. (The case was given whole, the figure in its last clause, then a preface,
        a comparison's side and a checklist line; "满意度提升了多少" had its answer in a paragraph's last sentence.)"""
        asks = _ASKS_CHANGE.search(self.heard)
        if asks is None or not lines:
            return lines
        asked = [t for t in content_terms(self.retrieval.terms) if not _CHANGES.search(t) and t not in asks.group(0)]
        best: tuple[int, int, str] | None = None
        for i, ln in enumerate(lines):
            if ln.hit is None:
                continue
            for sentence in split_sentences(_MARKER.sub("", ln.text).strip()):
                said = sum(t in sentence.lower() for t in asked)
                if (
                    said
                    and _CHANGES.search(sentence)
                    and re.search(r"\d", sentence)
                    and (best is None or said > best[0])
                ):
                    best = (said, i, sentence)
        if best is None:
            return lines
        _, i, sentence = best
        held = lines[i]
        assert held.hit is not None
        rest = _MARKER.sub("", held.text).strip().replace(sentence, "").strip()
        around = [ln for ln in lines if ln is not held and ln.hit is not None and ln.hit.section == held.hit.section]
        if rest and not _LIST_INTRO.search(rest.rstrip("。")):
            around.insert(min(i, len(around)), replace(held, text=rest))
        return [Line(sentence, held.hit), *around]

    def _amount_alone(self, lines: list[Line]) -> list[Line]:
        """A question of how much or how many ("消费返积分的比例多少合适", "积分核销率多少算正常") answered by
        a sentence that gives the amount: what its paragraph goes on to say stays, and of the rest only
        what says a word of the question beyond its article's title (the next two steps of "五个步骤", the
        金额 line of another section, were padding around "1%～5%")."""
        lines = self._asked_amount_first(lines) if self.asks_quantity else lines
        first = lines[0] if lines else None
        if first is not None and len(lines) > 1 and not _QUANTITY.search(first.text) and _same_chunk(lines[1], first):
            # (the amount said in the sentence after the first: "按第三节的标准挑达人，发合作邀约、谈报价和档期。" then
            # "腰部达人的报价一般是粉丝数的 5%～10%（元）……", its paragraph's two lines)
            para = next((p for p in first.hit.text.split("\n") if first.text[:16] in p), "") if first.hit else ""
            # (when the two say a word asked beyond the title: "把分析的结论……。复盘会有三条规矩：活动结束后 3 个工作日
            # 内开" is no answer to "……排期的时候测试留几天" — nh51)
            beyond = [t for t in self._asked_terms[0] if first.hit and t not in first.hit.title.lower()]
            asked = any(t in f"{first.text}{lines[1].text}".lower() for t in beyond)
            if lines[1].text[:16] in para and _QUANTITY.search(lines[1].text) and asked:
                first = lines[1]
        if (
            first is not None
            and self.asks_quantity
            and self.intent not in LIST_INTENTS
            and _LIST_INTRO.search(first.text.rstrip("。"))
        ):
            # (the amount said first, a list of something else announced after it in its paragraph: "新手期是指多长
            # 时间？" is "新手期指玩家注册后的前 7 天。", not also "……常用次日留存和 7 日留存来衡量：" and the rest
            # of the section — trn58)
            said = split_sentences(first.text)
            # (a sentence that opens with what was asked of and says how much: not a case's "2024 年第三季度，……")
            opens = len(said) >= 2 and self._opens_with_asked(said[0])
            if opens and _QUANTITY.search(said[0]) and not _LIST_INTRO.search(said[0].rstrip("。")):
                return [replace(first, text=said[0])]
        if (
            first is None
            or first.hit is None
            or not self.asks_quantity
            or self.intent in LIST_INTENTS
            or not _QUANTITY.search(first.text)
            or _LIST_INTRO.search(first.text.rstrip("。"))
        ):
            return lines
        title = first.hit.title.lower()
        # (nor a word of how much is asked: 时间 of "多长时间")
        how_much = " ".join(m.group(0) for m in _ASKS_QUANTITY.finditer(self.heard))
        terms = [
            t
            for t in content_terms(self.retrieval.terms)
            if t not in title and not _ASKS_QUANTITY.search(t) and t not in how_much
        ]
        para = next((p for p in first.hit.text.split("\n") if first.text[:16] in p), first.text)

        kw = self.retrieval.keyword
        # (the rarest of them, when the articles say it: "腰部的报价大概多少" kept "腰部达人：粉丝 10 万～100 万……"
        # and the case's "30 个腰部达人加 200 个 KOC" after "腰部达人的报价一般是粉丝数的 5%～10%")
        said = [t.lower() for t in terms if kw.df.get(t.lower(), 0)]
        # (not of two things set side by side: "传统运营模式和智能运营模式……差多少" asks of each)
        pair = re.search(rf"[{CJK}A-Za-z]{{2,}}(?:和|跟|与|同)[{CJK}A-Za-z]{{2,}}", self.heard)
        needed = [max(said, key=kw.idf)] if len(said) >= 2 and pair is None else terms

        def kept(ln: Line) -> bool:
            if _same_chunk(ln, first) and _MARKER.sub("", ln.text).strip()[:16] in para:
                return True
            if listed and ln.hit is not None and (ln.hit.article_id, ln.hit.section) == home:
                # (another item of the same list says all that was asked or is padding: "负面率多少要预警？" got
                # "2）声量环比增幅 = ……" and "4）负面转化率 = ……" after "日常负面率……超过 15% 要预警" — trn50)
                return all(t in ln.text.lower() for t in strict)
            return any(t in ln.text.lower() for t in needed)

        home = (first.hit.article_id, first.hit.section)
        # (when the amount's line says all that was asked, how it is judged aside: "那标题控制在多少字" led with "加了
        # 小标题的版本完读率高了 18%", and the checklist's "4. 字数控制在 20 字以内" is the answer)
        strict = [t for t in said or terms if t not in JUDGED]
        listed = pair is None and bool(strict) and all(t in first.text.lower() for t in strict)

        out = [ln for ln in lines if ln is first or kept(ln)]
        k = next((i for i, ln in enumerate(out) if _LIST_INTRO.search(ln.text.rstrip("。"))), None)
        unasked = k and not any(t.lower() in out[k].text.lower() for t in terms)
        if unasked and (listed or self._opens_with_asked(first.text)):
            # (a list the amount's paragraph goes on to announce, of nothing asked, is another point when the amount's
            # line says all that was asked or opens with it: "卡牌手游次留和7留多少算达标？" got "参考线是次留 40%、7 留
            # 20%" and then "提升新手期留存的四个做法：" and the four — trn58; not a case's "2024 年第三季度，……")
            return out[:k]
        if k is not None:
            return lines  # (a list announced is given whole: "……做法分三步：" and its three steps)
        return out

    def _opens_with_asked(self, text: str) -> bool:
        """Does the line open with a word of the question ("新手期指……" for "新手期是指多长时间？")?"""
        return any(_MARKER.sub("", text).startswith(t) for t in content_terms(self.retrieval.terms))

    def _quoted(self, lines: list[Line]) -> Line | None:
        """The one line that says what the question says, its asking aside, as one phrase of five characters or more
        ("事实还没查清怎么办？" and "……事实还没查清时，可以先发“情况说明”……"), when no list is asked for."""
        if _ASKED_KIND.search(self.heard) or _COUNTED.search(self.heard) or self.intent not in ("steps", "general"):
            return None
        said = re.sub(r"[了的呢啊呀吗吧]+$", "", compact(_ASKING.sub("", self.heard)))
        if len(re.findall(f"[{CJK}]", said)) < 5 or is_english(self.question):
            return None  # (an English question's glossed words are no phrase of its own: "…ROI of a campaign?")
        found = [ln for ln in lines if ln.hit is not None and said in compact(ln.text)]
        if found:
            return found[0] if len(found) == 1 and len(lines) > 1 else None
        # (or a sentence of the best passages, when no line composed says it: "搜索流量掉了咋办" got what 搜索流量 is,
        # the FAQ's "……搜索流量掉，检查是否改过标题、主图……" — nh50)
        sentences = {
            sentence: hit
            for hit in self.retrieval.hits[:3]
            for para in hit.text.split("\n")
            for sentence in split_sentences(_MARKER.sub("", para).strip())
            if said in compact(sentence) and not is_narrative(sentence) and not _RHETORICAL.search(sentence)
        }
        return next(Line(s, h) for s, h in sentences.items()) if len(sentences) == 1 else None

    def _asked_amount_first(self, lines: list[Line]) -> list[Line]:
        """The paragraph that says more of what was asked, the rarest word among it, and an amount goes first, its
        lines together: "首次回应时长要求多少" got "4）负面转化率 = ……40% 以上" first, then "3）首次回应时长 = ……" — its
        target "目标是 4 小时以内" in the sentence after (trn50)."""
        if len(lines) < 2 or lines[0].hit is None:
            return lines
        kw = self.retrieval.keyword
        title = lines[0].hit.title.lower()

        # (a word asked counts in the vocabulary's other words too: "素材点击率低到多少就该关掉" and "CTR 低于 1% 的，
        # 直接关停" — trn52)
        def words(term: str) -> list[str]:
            return [w for w in (term, *(s for s in synonyms_of(term) if len(s) >= 2)) if kw.df.get(w, 0)]

        def idf(term: str) -> float:
            return max(map(kw.idf, words(term)), default=0.0)

        def says(ln: Line, term: str) -> bool:
            return any(w in ln.text.lower() for w in words(term))

        own = [t.lower() for t in content_terms(self.retrieval.terms) if t.lower() not in title]
        # (nor how it is judged: "满减券的面额占门槛多少比例合适" and "满减面额占门槛的 10%～20%", no 合适 — trn53)
        own = [t for t in own if words(t) and not _ASKS_QUANTITY.search(t) and t not in JUDGED]
        if len(own) < 2:
            return lines
        rarest = max(own, key=idf)

        def said(ln: Line) -> float:
            return sum(idf(t) for t in own if says(ln, t))

        def paragraph(ln: Line) -> str:
            head = _MARKER.sub("", ln.text).strip()[:16]
            return next((p for p in ln.hit.text.split("\n") if head in p), ln.text) if ln.hit else ln.text

        k = max(range(len(lines)), key=lambda i: said(lines[i]))
        lead = lines[k]
        if not k or not says(lead, rarest) or said(lead) <= said(lines[0]):
            return lines
        para = paragraph(lead)
        if not _QUANTITY.search(para) or (_same_chunk(lead, lines[0]) and lead.text[:16] in paragraph(lines[0])):
            return lines  # (one paragraph is read in its order: "按第三节的标准挑达人……。腰部达人的报价一般是……")
        mates = [ln for ln in lines[k:] if _same_chunk(ln, lead) and _MARKER.sub("", ln.text).strip()[:16] in para]
        # (an item taken out of its list leads as a sentence: "2. CTR 低于 1% 的，直接关停。" read as a list of one)
        return [_as_lead(mates[0]), *mates[1:], *[ln for ln in lines if all(ln is not m for m in mates)]]

    def _names(self, label: str) -> bool:
        """Does the question say the label, spaces aside ("到期前60天要干啥" and "（2）到期前 60 天：……")?"""
        return compact(label) in compact(self.heard)

    def _said_of(self, line: Line) -> bool:
        """Does the question ask of the name a list item's label is said of ("抖音的北极星指标是啥" and
        "短视频：抖音（北极星指标：全体用户总使用时长）")?"""
        named = _LABEL_OF.match(_MARKER.sub("", line.text).strip()) if line.item else None
        return named is not None and f"{named.group(1)}的" in self.heard

    @functools.cached_property
    def _verdict_terms(self) -> list[str]:
        """What a yes/no question asks about: its content words, not the words every answer shares,
        nor the asking's own "不能" of "能不能不挂链接", nor the claim asked of it ("越高越" of "GPM是不是越高
        越好？": "误区一：满意度越高越好。" is a verdict on another measure; read once, `_is_verdict` asks
        for each line)."""
        return [
            t
            for t in content_terms(self.retrieval.terms)
            if t not in _GENERIC_TERMS and not _VERDICT.search(t) and not t.startswith("越")
        ]

    def _is_verdict(self, found: Line, pitfalls: bool = False) -> bool:
        """One of the line's sentences gives a verdict ("不是", "误区", "才是"; with `pitfalls`, any point
        of a 误区 section) on what it or a sentence beside it names of what the question asks about, beyond
        its article's subject (the title's words):
        "这是最大的误区" beside 粉丝数, not "那几个社群肯定也不是你的重心" for "用户运营就是做客服吗？"."""
        if found.hit is None:
            return False
        terms = [t for t in self._verdict_terms if t not in found.hit.title]
        pitfall = pitfalls and bool(_PITFALLS.search(found.hit.section.rsplit(" > ", 1)[-1]))
        # (a verdict may be a sentence of its own, the next one saying of what: "不一定。小红书笔记挂链接……")
        sentences = split_sentences(_MARKER.sub("", found.text))
        return any(
            (pitfall or _VERDICT.search(sentence)) and any(t in near for t in terms)
            for i, sentence in enumerate(sentences)
            for near in ["".join(sentences[max(i - 1, 0) : i + 2])]
        )

    def _verdict_first(self, lines: list[Line]) -> list[Line]:
        """A yes/no question is answered first by the playbook's verdict on it: "找小红书博主种草，粉丝
        越多越好吗？" by "很多人选达人只看粉丝数，这是最大的误区。" and what it goes on to say, not by what
        种草 is; "企微好友加得越多，是不是说明私域做得越好" by "只看好友数：好友数是成本，复购和 GMV 才是
        结果。", not the 删除率 line before it."""
        for _, found in self._ranked[:VERDICT_RANK]:
            text = _MARKER.sub("", found.text).strip()
            if found.hit is None or not self._is_verdict(found) or is_narrative(text):
                continue
            at = next((i for i, ln in enumerate(lines) if text in ln.text and _same_chunk(ln, found)), None)
            held = lines[at] if at is not None else Line(text, found.hit)
            if held.item and sum(ln.item and _same_chunk(ln, held) for ln in lines) > 1:
                return lines  # (a point of a list given whole stays in its list)
            # The verdict, and what it goes on to say in its passage ("粉丝多不代表转化好，选达人要看三
            # 点：" and the three), then the rest not said yet.
            verdict = replace(held, item=False, text=_MARKER.sub("", held.text).strip())
            after = self._following(verdict, {(_chunk(verdict), verdict.text)}) if not found.item else []
            said = {_MARKER.sub("", ln.text).strip() for ln in [verdict, *after]}
            rest = [ln for i, ln in enumerate(lines) if i != at and _MARKER.sub("", ln.text).strip() not in said]
            return [verdict, *after, *rest]
        return lines

    def _compose(self) -> Composition:
        if not self.hits:
            return Composition(self.intent, [])
        focused = self._focused()
        if focused is not None:
            lines = self._section_answer(focused)
            if lines:
                return Composition(self.intent, lines, focused.heading)
        ranged = self._ranged_item()
        if ranged is not None:
            return Composition(self.intent, [ranged])
        naming = self._naming_section()
        if naming is not None:
            # ("Push、短信和站内信分别适合什么场景？" asks each of three, not what sets two apart)
            lines = self._section_answer(naming)
            if lines:
                return Composition(self.intent, lines, naming.heading)
        if self.intent == "example":
            # "复盘有例子吗？": a case found is the answer, before the section whose heading names what
            # the case is of ("五、活动复盘：GRAI 四步法" is the method, "八、一次复盘的真实样例" its example).
            heading, lines = self._case()
            if lines:
                return Composition(self.intent, lines, heading)
        if self.intent == "compare":
            on_aspect = self._on_aspect()
            if on_aspect is not None:
                return on_aspect
        section = self._matching_section()
        if section is not None and _PITFALLS.search(self.heard) and not _PITFALLS.search(section.heading):
            # "做客户成功有哪些误区" asks for the mistakes: "一、什么是客户成功" says more of its words,
            # "七、常见误区" says what it asks for (`_best_passage_list` finds it)
            section = None
        if section is None or not (
            _STEPS_HEADING.search(_bare_heading(section.heading))
            # (a heading that says how to do what was asked is its answer: "三、怎么选达人" for "达人怎么选？",
            # which got the article's "四、投放的五个步骤")
            or _HOW_HEADING.match(_bare_heading(section.heading))
            # (or says it of what the question names: "六、周报怎么写：一页纸结构" for "运营周报怎么写？", which got
            # the article's "三、搭建看板的六个步骤" — trn54)
            or _ASKS_HOW.search(_bare_heading(section.heading))
        ):
            section = self._steps_of_subject() or section
        if section is None:
            section = self._how_section_found()
        if section is None:
            section = self._labels_named()
        if (
            section is not None
            and self.intent == "compare"
            and not all(_says_side(section.heading, x) for x in self.sides())
        ):
            section = None  # a section about one side ("产品经理和运营分别负责什么") is half an answer
        if section is not None:
            lines = self._section_answer(section)
            if self.intent == "list" and sum(ln.item for ln in lines) == 1:
                lines = []  # one point is not the list that was asked for: look further
            subject = self._defined if self.intent == "definition" else ""
            # ("大促的预热期" names the item "预热期" of the 大促 section)
            names = {subject, subject.rsplit("的", 1)[-1]} if subject else set()
            named = [
                ln
                for ln in lines
                if ln.item and any(n and _MARKER.sub("", ln.text).strip().startswith(f"{n}：") for n in names)
            ]
            if len(named) == 1:
                # "预热是什么？" where the section lists "3. 预热：开播前 3 天……": that item is the answer.
                item = named[0]
                text = _MARKER.sub("", item.text).strip()
                label = text.split("：", 1)[0]
                if label != subject and subject.endswith(f"的{label}"):
                    text = f"{subject}{text[len(label) :]}"  # ("活动运营的目标：…", not a bare "目标：…")
                return Composition(self.intent, [replace(item, item=False, text=text)])
            asks = bool(_ASKING_HEADING.search(_bare_heading(section.heading)))
            if self.intent == "definition" and not asks and any(not h.section for h in self.hits[:3]):
                # "ASO是啥？" where the article says what ASO is before its first heading ("ASO（App Store
                # Optimization，应用商店优化）是指……"): that definition answers, not "一、ASO 的两个目标".
                opening = self._definition()
                if opening and opening[0].hit is not None and not opening[0].hit.section:
                    return Composition(self.intent, opening)
            if lines and self.intent == "definition" and not any(ln.item for ln in lines) and not asks:
                lines = self._definition(lines) or lines  # the section's prose, after what the subject is
            if lines:
                return Composition(self.intent, [*self._what_it_adds(section, lines), *lines], section.heading)
        if self.intent == "compare":
            lines = self._compare()
            if lines:
                return Composition(self.intent, lines)
        if self.intent == "example":
            heading, lines = self._case()
            if lines:
                return Composition(self.intent, lines, heading)
        if self.intent in ("list", "steps", "metric"):
            lines = self._announced_list()
            if lines:
                return Composition(self.intent, [*self._what_it_adds(None, lines), *lines])
            found = self._best_passage_list()
            if found is not None:
                lines = self._section_answer(found)
                return Composition(self.intent, [*self._what_it_adds(found, lines), *lines], found.heading)
        if self.intent == "definition":
            lines = self._definition()
            if lines:
                return Composition(self.intent, lines)
        lines = self._sentences()
        lines = self._best_first(lines)
        if self.intent == "steps" and self.retrieval.terms:
            # "怎么召回流失用户？": where the playbook says what 召回 is done by ("召回：通过短信或推送
            # 唤醒沉睡用户"), that line answers first.
            term = self.retrieval.terms[0]
            said = self._defining(term, {ln.text for ln in lines}, headings=False) if len(term) >= 2 else None
            # (a line that says how it is done, or the formula when that is what was asked; not
            # "完读率：读到末尾的人数 ÷ 阅读人数" for "完读率低应该怎么改")
            if said is not None and re.match(rf"^{re.escape(term)}[：:]", said.text):
                how = re.search(r"通过|靠|借助|利用|采用|做法|方法|方式", said.text)
                if how or _ASKS_FORMULA.search(self.question):
                    lines = [Line(said.text, said.hit), *lines]
        return Composition(self.intent, lines)

    def _best_first(self, lines: list[Line]) -> list[Line]:
        """The best-scored sentence answers first (the passage order put another first) when it
        names them in a row for a list question ("用户分层有哪几种方法？" → "……分层方法……，包括 RFM
        模型、会员体系、流失预警", not a pitfall), or alone holds a word the question rests on ("像齿轮
        一样咬在一起" → "这些岗位需要像齿轮一样配合", not "像一个模子一样"). It brings the lines of its
        passage around it: "这篇……" follows what it says of, and "注意，RFM 适合有交易的业务。" is
        followed by "内容社区……可以把 M 换成互动次数"."""
        # The sentence nearest the question in meaning by a clear margin over every other goes
        # first, before any other rule ("直播间没人怎么办" → "在线人数往下掉，说明内容没留住人，要马上
        # 上福利款或者抽奖", not the roles paragraph that alone says 直播间; "新开的店铺先干啥" →
        # "新店的第一步是“破零”……", not what an 电商运营 does).
        nearest = self._standout()
        k = next((i for i, ln in enumerate(lines) if nearest and nearest in ln.text), -1)
        if k == 0:
            return lines
        if k > 0 and (lines[k].item or lines[k].text.endswith(("：", ":"))):
            k = -1  # (a point of a list, or its announcement, is not taken out of it)
        if k < 0:
            best = next(iter(self._scored()), None)
            k = next((i for i, ln in enumerate(lines) if best is not None and best.text in ln.text), 0)
            if not k or best is None:
                return lines
            rests = [t for t in self.retrieval.terms if len(t) >= 2 and t in best.text]
            alone = [t for t in rests if not any(t in ln.text for i, ln in enumerate(lines) if i != k)]
            if not (alone or (self.intent == "list" and _INLINE_LIST.search(best.text))):
                return lines
        j, m = k, k
        while j > 0 and not lines[j - 1].item and _same_chunk(lines[j - 1], lines[k]):
            j -= 1
        while m + 1 < len(lines) and not lines[m + 1].item and _same_chunk(lines[m + 1], lines[k]):
            m += 1
        return [*lines[j : m + 1], *lines[:j], *lines[m + 1 :]]

    def _standout(self) -> str:
        """The passages' sentence with the highest cosine to the question when it leads the next one
        by `STANDOUT` or more ("" otherwise, or without stored sentence vectors)."""
        cosines: list[tuple[float, str]] = []
        for _, sentences, meaning in self._passages:
            if meaning is not None:
                cosines += [(float(c), _statement(x)) for c, x in zip(meaning, sentences, strict=False)]
        cosines.sort(key=lambda c: -c[0])
        if len(cosines) < 2 or cosines[0][0] - cosines[1][0] < STANDOUT:
            return ""
        text = cosines[0][1]
        # (not a line of a story, nor one that leans on the sentence before: "而要把运营当做……")
        return "" if is_narrative(text) or _LEANS_BACK.match(text) else text

    def _case(self) -> tuple[str, list[Line]]:
        """ "有没有……的例子？": a retrieved passage under a heading that names a case ("九、案例：一家
        零食店……") told as the article tells it, from its first sentence, within the budget; with no
        case among the passages, the case section of their article whose heading names what was asked
        ("活动搞完了领导让我写复盘，有例子吗？" found GRAI's steps, and "八、一次复盘的真实样例" is there)."""
        # (nor how good or real a case is asked to be: "ASO有没有实际做成的例子？" asks for a case of ASO)
        about = [
            t for t in content_terms(self.retrieval.terms) if not _CASE_HEADING.search(t) and not _CASE_KIND.match(t)
        ]
        # (a case says what it is a case of: "UV价值是啥 举个例子" got the 知识付费 App's, which never says UV)
        kw = self.retrieval.keyword
        weights = {t: kw.idf(t) for t in about if kw.df.get(t, 0) > 0} if kw is not None else {}  # (not "上去")
        for hit in self.hits[:3]:
            if not _CASE_HEADING.search(hit.section or ""):
                # (an illustration asked, not a case: "有没有靠提高客单价把销售额做上去的例子？" asks for one)
                asks_case = re.search(r"有没有|有无|有.{0,12}吗|案例|真实|实际|实战", self.question)
                if weights and not asks_case and self._gives_example(hit, weights):
                    # (a passage found before any case gives its own example of what was asked: "ROI怎么算，举个例子"
                    # is answered by "比如一场活动花了 10 万元，……ROI 就是……200%", not by a case of growing a site's
                    # traffic that mentions ROI once — nh58)
                    return "", []
                continue
            own = next((x for x in outline(self.retrieval.keyword, hit.article_id) if x.path == hit.section), None)
            # (its article's title says what it is a case of too: "9. 一个例子：记账 App 的关键词调整" in
            # "应用商店 ASO 实操笔记" is an ASO case, though it never says ASO)
            told = f"{hit.title} {hit.section} {' '.join(u.text for u in own.units) if own else hit.text}".lower()
            if weights and sum(w for t, w in weights.items() if t in told) < sum(weights.values()) / 3:
                continue  # (a third of what was asked, IDF-weighted: "价值" alone is no case of UV价值)
            out = self._told(own, hit)
            if out:
                return hit.section, out
        asked = [t for t in self.weights if len(t) >= 2 and not _CASE_HEADING.search(t)]
        # An article whose title names all that was asked is about it, and so is its case ("有没有裂变
        # 活动做得好的真实例子？" and "拉新裂变活动实操指南" with "七、案例：某生鲜小程序的……").
        for article_id in dict.fromkeys(h.article_id for h in self.hits[:3]):
            title = next(h.title for h in self.hits[:3] if h.article_id == article_id)
            titled = bool(about) and all(t in normalise(title) for t in about)
            for section in outline(self.retrieval.keyword, article_id):
                heading = section.path.split(" > ")[-1]
                named = any(t in normalise(heading) for t in asked)
                if section.units and _CASE_HEADING.search(heading) and (titled or named):
                    out = self._told(section, section.units[0].hit)
                    if out:
                        return section.path, out
        return "", []

    @staticmethod
    def _gives_example(hit: Hit, weights: dict[str, float]) -> bool:
        """Does a sentence of the passage give an example ("比如……") that says the rarest thing asked?"""
        rarest = max(weights, key=lambda t: weights[t])
        return any(_EXAMPLE.search(x) and rarest in x.lower() for x in passage_sentences(hit.text))

    def _told(self, own: Section | None, hit: Hit) -> list[Line]:
        """A case section told from its start (or the passage `hit` alone, without its section), the
        case named first."""
        out: list[Line] = []
        used = 0
        # The story from its start: the section's paragraphs, when the passage found is a later
        # part of it ("第三，老带新的奖励改成……" opened "活动复盘有例子吗？").
        told = [(x, u.hit) for u in own.units for x in passage_sentences(u.text)] if own and own.units else []
        for x, held in told or [(x, hit) for x in passage_sentences(hit.text)]:
            text = _statement(x)
            if is_heading_like(x):
                continue
            if out and used + len(text) > CASE_BUDGET_SHARE * self.budget:
                break  # (the story in order: a sentence skipped would leave a gap in it)
            out.append(Line(text, held, bool(_MARKER.match(text))))  # ("运营做了三件事：" then each on its line)
            used += len(text)
        if out:
            # The case named first ("有，一家零食店三个月从月销 20 万到 50 万：") — "这家店" then refers to it.
            name = _MARKER.sub("", (hit.section or "").split(" > ")[-1]).strip()
            # "案例：一家零食店……" names its case; "案例分析" names none (no lead then).
            # (and "一个小案例：母婴品牌的会员群" its own: "有，一个小案例：……：" said it twice)
            named = re.match(r"^(?:[一1]个|一次)?(?:小|真实的?)?(?:案例|例子|实例)\s*[：:]\s*(.+)$", name)
            name = named.group(1) if named else ("" if _CASE_HEADING.match(name) else name)
            if name:
                yes = "有，" if re.search(r"有没有|有无|有.{0,12}吗", self.question) else ""
                out.insert(0, Line(f"{yes}{name.rstrip('。：:')}：", None))
        return out

    def _definition(self, rest: list[Line] | None = None) -> list[Line]:
        """ "X是什么" / "X指的是什么" / "X怎么定义": what the playbook says X is (its explicit
        definitions first: "所谓X，是…", "X就是…"), then the best other sentences (`rest`)."""
        subject = self._defined
        if not subject:
            return []
        plain = re.sub(r"^(?:真正的?|所谓的?|一般的?|通常的?)", "", subject)
        found = self._definitions(subject) or (self._definitions(plain) if plain != subject else [])
        tail = plain.rsplit("的", 1)[-1]
        by_tail = not found and tail != plain and len(tail) >= 2
        if by_tail:
            found = self._definitions(tail, limit=2)  # "大促的预热期": what 预热期 is, in the 大促 article
            head = re.sub(r"(?:里面|里头|里|中|当中|之中)$", "", plain.rsplit("的", 1)[0])  # ("AARRR里的激活")
            found = [d for d in found if d.hit is not None and head in (d.hit.section or "")]  # (under its heading)
        if not found:
            return []
        defining = [Line(d.text, d.hit) for d in found]  # statements, not list items
        rest = self._sentences() if rest is None else rest
        rest = [ln for ln in rest if not any(ln.text in d.text or d.text in ln.text for d in defining)]
        # (an item that names the subject, "3. 分层挽留：重要价值用户由专属客服一对一联系；一般用户……", is said
        # whole, and what follows is its own passage's: "分层挽留是什么？" was cut at its "；", then padded)
        itemised = bool(re.match(rf"{re.escape(plain)}\s*[（(：:]", defining[0].text))
        itemised = itemised and self._whole_item(defining[0]).text != defining[0].text
        if by_tail or itemised:
            # "AARRR里的激活": the items that say what 激活 is, whole (not RARRA's "留存、激活、推荐……")
            defining = [self._whole_item(d) for d in defining]
            rest = [
                ln
                for ln in rest
                if any(_same_chunk(ln, d) for d in defining) and ln.text not in "".join(d.text for d in defining)
            ]
        if found[0].hit is not None:
            # A line of another article says something of the subject itself, or it is padding
            # ("3. 预热：开播前 3 天……" of a live stream after "预热期：大促前 3～7 天……").
            home, said = found[0].hit.article_id, tail if by_tail else plain
            rest = [ln for ln in rest if ln.hit is not None and (ln.hit.article_id == home or said in ln.text)]
        rest = rest[:2]
        # What the first definition's own passage goes on to say follows it ("所谓的产品运营……塞。"
        # then "帮助文档撰写、……等等。"), not after the second definition.
        first_chunk = _chunk(defining[0])
        own = [ln for ln in rest if ln.hit is not None and ln.hit.chunk_id == first_chunk]
        return [defining[0], *own, *defining[1:], *[ln for ln in rest if ln not in own]]

    def _named_item(self) -> Line | None:
        """The one list item of the retrieved passages whose label (four characters or more) the
        question says, as a statement; None when it names none, or several."""
        found: dict[str, Line] = {}
        kw = self.retrieval.keyword
        # (and the passages that say a phrase of the question word for word: the RFM table, long, is
        # no top passage for "重要唤回用户咋运营")
        quoted = [kw.hit(i) for i in kw.phrase_hits(self.question)]
        for hit in [*self.hits, *quoted]:
            for para in hit.text.split("\n"):
                para = _MARKER.sub("", para.strip()).strip() if _MARKER.match(para.strip()) else ""
                label = _label(para) if para else ""
                says = para.split("：", 1)[-1] if "：" in para else ""
                if len(label) >= 4 and label in self.heard and not _GENERIC_LABEL.match(label) and len(says) >= 6:
                    found.setdefault(label, Line(para, hit))
        # (a label within another named one is no second item: "唤回用户" in "重要唤回用户")
        labels = [x for x in found if not any(x != y and x in y for y in found)]
        return found[labels[0]] if len(labels) == 1 else None

    def _acronym_defined(self) -> Line | None:
        """For a question that opens with an acronym and asks what it is or how it is computed ("LTV是啥，
        咋算？"), the one item of the passages found that names it and says it ("LTV（Lifetime Value）：……")."""
        # (what it is or how it is computed, no more: not "CPI是不是越低越好？", "AARRR的五个阶段是什么？")
        opening = re.match(
            r"([A-Z][A-Za-z]{1,5})\s*(?:是什么|是啥|是个啥|指什么|指的是什么|是什么意思|什么意思|啥意思|代表什么"
            r"|怎么算|咋算|如何算|怎么计算|如何计算|的计算公式|的公式|的定义)(?:[，,？?。！!]|$)",
            self.heard.strip(),
        )
        if opening is None:
            return None
        acronym = opening.group(1)
        said = [
            Line(para, hit)
            for hit in self.hits
            for line in hit.text.split("\n")
            if _MARKER.match(line.strip())
            for para in [_MARKER.sub("", line.strip()).strip()]
            # (spelled out, as a glossary writes it: not "AARRR：以获取为起点……", a row of a comparison)
            if re.match(rf"{re.escape(acronym)}\s*[（(][^）)]{{2,40}}[）)]\s*[：:]\s*\S{{6,}}", para)
        ]
        return said[0] if len(said) == 1 else None

    def _coined(self) -> Line | None:
        """For what a term is, the paragraph of the one passage that coins it in quotes ("形成“群节奏”") — a term
        of the playbook's own, which no heading or glossary line says."""
        kw = self.retrieval.keyword
        terms = kw.coined_terms(self.question)
        coining = kw.coined_in(terms)
        if len(coining) != 1:
            return None
        hit = kw.hit(coining[0])
        paras = [p.strip() for p in hit.text.split("\n") if any(f"“{t}”" in p for t in terms)]
        if len(paras) != 1:
            return None
        return Line(_MARKER.sub("", paras[0]).strip() if _MARKER.match(paras[0]) else paras[0], hit)

    def _term_glossed(self) -> Line | None:
        """For "什么是X", the one paragraph of the top passages that opens with X as its label and says it, as a
        glossary writes it ("工单（ticket）：把一次用户问题记录成一条可追踪的任务……"): "什么是工单？" got the
        section "三、工单闭环六步", whose heading says 工单, and "流量池是什么？" another article's 流量. (Not a
        list's row without a gloss: "（1）AARRR：以获取为起点……" is one side of a comparison.)"""
        subject = self._defined
        # (the question's own word: "What is an SLA for support tickets?" is read as of 工单, its gloss)
        if len(subject) < 2 or subject.lower() not in self.question.lower():
            return None
        said: dict[str, Line] = {}
        # (of the retrieval's top three, not only those the context budget kept: "什么是埋点？" had "埋点（event
        # tracking）：……" third, after two long chunks of the comparison — trn50)
        for hit in self.retrieval.hits[:3]:
            for line in hit.text.split("\n"):
                marked = _MARKER.match(line.strip()) is not None
                para = _MARKER.sub("", line.strip()).strip()
                gloss = r"\s*[（(][^）)]{2,40}[）)]" if marked else r"(?:\s*[（(][^）)]{2,40}[）)])?"
                # (what it says may hold spaces: "埋点（event tracking）：在 App、小程序或网页里……"; its name too:
                # "K 因子（K-factor，也叫病毒系数）：……" for "K因子是啥" — trn51)
                name = r"\s*".join(map(re.escape, subject))
                if re.match(rf"{name}{gloss}\s*[：:]\s*\S.{{9,}}", para, re.I):
                    said.setdefault(para, Line(para, hit))
        return next(iter(said.values())) if len(said) == 1 else None

    def _whole_item(self, line: Line, limit: int = 2 * ITEM_CHARS) -> Line:
        """A list item's sentence as its whole paragraph ("激活（Activation）：核心问题是……" and what it
        goes on to say), when that paragraph is an item and not too long for one line."""
        if line.hit is None:
            return line
        para = next((p.strip() for p in line.hit.text.split("\n") if line.text.rstrip("。") in p), "")
        whole = _MARKER.sub("", para).strip()
        if not para or not _MARKER.match(para) or len(whole) > limit:
            return line
        # (marked as the line was: a list's items keep their markers; "第二层：……" is no "* 第二层：……")
        marker = _MARKER.match(para)
        kept = marker is not None and line.text.startswith(marker.group(0).strip())
        return replace(line, text=para if kept else whole)

    def _definitions(self, subject: str, limit: int = 2) -> list[Line]:
        """Every sentence or heading that defines `subject` in the articles that speak of it, the
        explicit ones first, then in reading order; the first `limit` that say different things."""
        found: list[tuple[int, int, Line]] = []
        used: set[str] = set()
        for article_id in self._side_articles(subject):
            for d in self._definitions_in(article_id, subject, used):
                used.add(d.text)
                rest = d.text.split(subject, 1)[-1]
                rest = re.sub(r"^(?:人员|岗位?)?(?:（[^）]*）)?", "", rest)
                if (
                    d.text.startswith("所谓")
                    or re.match(r"^[，,]?(?:就是|是指|指的是|即)", rest)
                    or (rest.startswith(("，", ",")) and re.search(r"(?:就是|是指|指的是)", rest[:60]))
                ):
                    kind = 0  # says what it is
                elif re.match(r"^[：:]", rest):
                    kind = 1  # "运营：一定是业务驱动的"
                else:
                    kind = 2  # "运营是高危职业": a claim about it
                found.append((kind, len(found), d))
        found.sort(key=lambda f: f[:2])
        return [d for _, _, d in found[:limit]]

    # -- sections ----------------------------------------------------------------------------

    def _articles(self) -> list[str]:
        return list(dict.fromkeys(h.article_id for h in self.hits[:3]))

    def _matching_section(self) -> Section | None:
        rank = {h.chunk_id: r for r, h in enumerate(self.hits)}
        best: tuple[float, Section | None] = (0.0, None)
        subject = self._defined if self.intent == "definition" else ""
        top = self._articles()
        # (a list question looks in the articles of every passage found: "运营岗一般分哪几种？" found three
        # passages of the 运行/运营 article first, which says 运营岗 often; "三、六大核心运营岗位解析" was fourth)
        further = [h.article_id for h in self.hits if h.article_id not in top] if self.intent == "list" else []
        for article_id in dict.fromkeys([*top, *further]):
            sections = outline(self.retrieval.keyword, article_id)
            for i, s in enumerate(sections):
                if not s.path or (subject and _narrower(s.heading, subject)):
                    continue
                metric_less = self.intent == "metric" and not _MEASURING.search(s.heading)
                uncounted = not _COUNTED.search(s.heading)
                # (a comparison whose heading names both sides over parts that each say a difference,
                # "六、社群和粉丝群有什么区别" > "1. 关系结构不同" …, is answered by its parts)
                differences = s.over_parts and self.intent == "compare" and self._differences(sections, s)
                if (
                    s.over_parts
                    and not differences
                    and (
                        self.intent not in LIST_INTENTS
                        or metric_less
                        or uncounted
                        or len(self._children(sections, s)) < 3
                    )
                ):
                    # (a comparison over "一、产品经理与运营人员的核心分工" is the composer's: its
                    # sides and the line that sets them apart, not the first line of each part; and
                    # two parts are no list: "运营人员的核心工作包括哪些？" asks for one part's list;
                    # "客户成功的五个关键步骤" are no metrics; and a heading that says no number of
                    # parts, "一、用户运营的本质", is no list of them)
                    continue
                said = f"{s.title} {s.path} {' '.join(u.text for u in s.units)}"
                if not self._says_named(said):
                    continue  # "五、关键指标" of an article on 用户分层 does not answer "用户运营看哪些关键指标"
                if top and article_id != top[0] and self._subject and self._subject not in said:
                    # (nor, from another article than the best passage's, a section that never says what the
                    # question is about: "积分每天要看哪些指标？" got a shop's "七、每天要看的关键指标")
                    continue
                if self.english_terms and not all(t.lower() in s.heading.lower() for t in self.english_terms):
                    continue  # a few glossed words match headings too easily: all of them must be there
                if _WHY.search(s.heading) and not _WHY.search(self.heard) and self.intent != "why":
                    continue  # (a heading asking why answers why: "为什么要做用户分层？" got "用户分层一般用啥模型")
                if self.intent == "definition" and _OTHER_THAN_WHAT.search(s.heading) and not _WHAT.search(s.heading):
                    # (nor does a heading asking something else of it say what it is: "核销率是什么" got the FAQ
                    # "核销率很低怎么办？", "oCPX是啥" "预算很少，还能投 oCPX 吗？" — trn52)
                    continue
                if (
                    self.intent in ("definition", "metric")
                    and _CASE_STORY.search(s.heading)
                    and not _OWN_CASE.search(self.heard)
                ):
                    # (nor a case how a thing is measured: "CPA怎么算" got "六、案例：……把付费 CPA 从 260 元降到
                    # 140 元")
                    continue
                score = self._heading_match(s.heading)
                if self.intent == "compare" and _names_both(s.heading, self.sides()) and not self._side_pair[1]:
                    # A heading comparing the two sides asked about, by their full names ("二、机器审核和人工审核有什么
                    # 区别" for "机审和人审有啥区别": its words matched little of the short ones) — when they are
                    # compared as such, not in a respect ("运营的周报……和运行的周报有何不同" is of 周报)
                    score = max(score, SECTION_MATCH)
                listed = self.intent in LIST_INTENTS and bool(score) and self._is_list(sections, s)
                if listed:
                    score += LIST_SECTION_BONUS  # a list under a heading near the question answers a list question
                if listed and (
                    _declares_asked(self.heard, _bare_heading(s.heading)) or _names_asked(self.heard, s.heading)
                ):
                    # (and one that counts the kind asked of the thing asked, more: "活动运营的活动一般分哪几类" is
                    # "一、活动的四种类型", not "七、活动运营的四大风险", whose words are the role's — nh56; or names
                    # the things asked for: "品牌联名有哪些合作形式？" is "三、常见的合作形式", not "一、什么是品牌
                    # 联名", whose words are the article's title — trn58)
                    score += DECLARED_BONUS
                # An item of the section's list that is the question ("1. 企业服务类或B端公司的市场策划"
                # for "B端公司的市场策划平时做什么") makes the section the place to answer from.
                item_score = max(
                    (
                        self._heading_match(_label(g[0].text))
                        for g in self._items(s.units)
                        if len(g) > 1  # a sub-heading with its own text, not a "label：statement" line
                    ),
                    default=0.0,
                )
                score = max(score, item_score if item_score >= SECTION_MATCH else 0.0)
                if score and listed and self._names_an_item(s):
                    # ("电商的北极星指标一般是啥？": of the sections its heading words match alike, the one
                    # whose list has the item "电商：淘宝（北极星指标：成交总额（GMV））")
                    score += NAMED_ITEM_BONUS
                # The heading must be about what retrieval found: the section (or what it heads)
                # holds a retrieved passage; a weaker match needs the best one.
                family = [s, *self._children(sections, s), *self._followers(sections, i)]
                found = min((rank.get(u.hit.chunk_id, 99) for f in family for u in f.units), default=99)
                needed = SECTION_MATCH_TOP if found == 0 else SECTION_MATCH if found < len(self.hits) else 0.95
                if needed == 0.95 and listed:
                    needed = SECTION_MATCH_LIST_UNFOUND
                if found < len(self.hits) and _WHERE_FROM.search(self.heard) and _WHERE_FROM.search(s.heading):
                    # (a heading that tells where from, for a question that asks it, is the question's own, as one
                    # holding the best passage is: "私域的粉丝一般从哪加" got what 私域 is — nh56 — over "三、私域用户
                    # 从哪里来")
                    needed = min(needed, SECTION_MATCH_TOP)
                if self.intent in ("general", "steps") and found == 0:
                    # A question of no recognised kind whose passages are mostly this section's
                    # ("活动做完复盘要写些什么": three of the five are GRAI's) is answered by the section
                    # on a looser heading match. (A metric question is not: "NPS是什么指标？" names a
                    # role's metric, not the section of six roles its passages came from.)
                    held = {u.hit.chunk_id for f in family for u in f.units}
                    if sum(h.chunk_id in held for h in self.hits) >= SECTION_HITS:
                        needed = SECTION_MATCH_HELD
                elif self.intent == "list" and listed and found < len(self.hits):
                    # A list section whose parts hold most of the passages found ("二、三种常用通道" and
                    # its three channels, for "触达通道有哪几种？各适合干啥？") answers a list question on
                    # the heading match of a list section found first.
                    held = {u.hit.chunk_id for f in family for u in f.units}
                    if sum(h.chunk_id in held for h in self.hits) >= SECTION_HITS:
                        needed = min(needed, SECTION_MATCH_TOP)
                    if _declares_asked(self.heard, _bare_heading(s.heading)):
                        # (or, whatever else its heading says, it counts what was asked: "二、三种常见玩法"
                        # for "裂变有哪几种玩法", one of whose parts was found after the article's definition)
                        needed = min(needed, SECTION_MATCH_HELD)
                if article_id not in top and not (listed and score >= SECTION_MATCH_LIST_UNFOUND):
                    continue  # (further down, only a list section near the question)
                if score >= needed and score > best[0]:
                    best = (score, s)
        return self._named_child(best[1])

    def _says_named(self, text: str) -> bool:
        """Does `text` say a term of the trade the question names, or another word for it ("大促期间
        服务器崩溃" says 双11: "双11流量洪峰怎么应对" got the 大促 calendar, not the 流量洪峰 section)?"""
        # (spaces and slashes apart: "什么是A/B测试？", "AB测试是什么意思" name what "一、什么是 A/B 测试？" says)
        bare = re.sub(r"[\s/]+", "", text)
        return not self.named or any(re.sub(r"[\s/]+", "", w) in bare for t in self.named for w in (t, *synonyms_of(t)))

    @functools.cached_property
    def _subject(self) -> str:
        """The noun a question opens with, when it opens with one ("积分每天要看哪些指标？" → 积分), else ""."""
        words = [(w, f) for w, f in tag(self.heard) if w.strip()]
        first = words[0] if words else ("", "")
        # (not a pronoun, adverb, verb, time, …: "每天要看哪些指标" opens with no subject; jieba tags
        # 积分 "ad", so a noun is what is none of those)
        return first[0] if len(first[0]) >= 2 and first[1][:1] not in set("rdvtpcumfqyzxe") else ""

    def _ranged_item(self) -> Line | None:
        """A range the question names ("风险分在0.5到0.9之间的内容咋处理？") is answered by the list item
        that gives it ("- 风险分0.5～0.9：进入人审队列……"), however it writes the range, when that item
        is the best line found."""
        m = _RANGE.search(self.heard)
        if m is None:
            return None
        low, high = m.group(1), m.group(2)
        for _, ln in self._ranked[:3]:
            said = _RANGE.search(ln.text)
            if said and (said.group(1), said.group(2)) == (low, high) and _MARKER.match(ln.text):
                return self._whole_item(replace(ln, item=False, text=_MARKER.sub("", ln.text).strip()))
        return None

    def _section_of(self, hit: Hit) -> Section | None:
        """The section of the hit's article that holds the hit (None when its outline has it nowhere)."""
        return next(
            (
                s
                for s in outline(self.retrieval.keyword, hit.article_id)
                if s.path == hit.section and any(u.hit.chunk_id == hit.chunk_id for u in s.units)
            ),
            None,
        )

    def _labels_named(self) -> Section | None:
        """The section of a passage found (of the best three) whose list the question names two or more items
        of by their labels ("做ASO平时每天、每周都要干点啥？" and "- 每天：……", "- 每周：……" of "七、ASO 的日常工作
        节奏": it got the 每周 line alone, between two lines of other sections); not for a comparison, whose
        sides a heading must say, nor a choice or a why between two of them ("早期应该做PGC还是UGC？", "为什么说
        蓄水期比爆发期更重要？" are answered by the line that chooses, not the list)."""
        if self.intent in ("compare", "why") or re.search(r"还是|比|更|区别|不同", self.heard):
            return None
        for hit in self.hits[:3]:
            section = self._section_of(hit)
            if section is None:
                continue
            labels = {_label(g[0].text) for g in self._items(section.units) if _MARKER.match(g[0].text)}
            if sum(len(x) >= 2 and x in self.heard for x in labels) >= 2:
                return section
        return None

    def _naming_section(self) -> Section | None:
        """For items the question names in a row and asks each of ("Push、短信、站内信各适合啥场景？"),
        a section of an article found whose parts are those items, each named by one part's heading
        or label ("二、三种常用通道" > "1. App Push", "2. 短信", "3. 站内信"): its parts answer, each
        by what it says of what was asked. The heading does not say the items' names."""
        names = [n.lower() for n in named_items(self.heard)]
        if not names:
            return None
        for article_id in self._articles():
            sections = outline(self.retrieval.keyword, article_id)
            for s in sections:
                parts = [c.heading.rsplit(" > ", 1)[-1] for c in self._children(sections, s)]
                parts += [_label(g[0].text) for g in self._items(s.units) if _MARKER.match(g[0].text)]
                if len(parts) >= len(names) and all(any(n in p.lower() for p in parts) for n in names):
                    return s
        return None

    def _on_aspect(self) -> Composition | None:
        """For a comparison in one respect ("拉新活动和促活活动在奖励上有什么区别？"), the part of a section
        naming both sides that names the respect: a sub-section ("六、拉新活动和促活活动的区别 > 3. 奖励设计
        不同") or a list item ("3. 考核指标不同：客户服务看……；客户成功看……")."""
        sides, aspect = self._sides_and_aspect()
        if len(sides) < 2 or not aspect:
            return None
        for article_id in self._articles():
            sections = outline(self.retrieval.keyword, article_id)
            for s in sections:
                if not all(_says_side(s.heading, x) for x in sides):
                    continue
                parts = [c for c in self._children(sections, s) if aspect in c.heading and c.units]
                lines = self._section_answer(parts[0]) if len(parts) == 1 else []
                if lines:
                    return Composition(self.intent, lines, parts[0].heading)
                items = [g[0] for g in self._items(s.units) if _MARKER.match(g[0].text) and aspect in _label(g[0].text)]
                if len(items) == 1:
                    item = Line(_MARKER.sub("", items[0].text).strip(), items[0].hit)
                    return Composition(self.intent, [self._whole_item(item)], s.heading)
        return None

    def _what_it_adds(self, section: Section | None, lines: list[Line]) -> list[Line]:
        """The section's one sentence that says the two or more words the question adds to what its lines
        say ("RFM里的M，要是内容社区没消费金额咋办" of "一、RFM 模型是什么": "……内容社区没有消费金额，可以把 M
        换成互动次数或使用时长。", its closing note): it answers first, the list that says the rest after."""
        shown = " ".join(ln.text for ln in lines)
        said = set(tokenize(shown))
        kw = self.retrieval.keyword
        terms = [t for t in content_terms(tokenize(_content(self.heard))) if kw.df.get(t, 0) and t not in said]
        if len(terms) < 2:
            return []
        # (the section's paragraphs, or for a list read out of passages, those passages')
        units = (
            section.units
            if section is not None
            else [Unit(p, h) for h in self._hits_of(lines) for p in h.text.split("\n")]
        )
        found = [
            Line(sentence, u.hit)
            for u in units
            for sentence in split_sentences(u.text)
            if all(t in sentence for t in terms) and sentence not in shown
        ]
        return found[:1] if len(found) == 1 else []

    def _each_told(self, lines: list[Line]) -> list[Line]:
        """For a list asked with what each item has, an item that does not say it says it by its paragraph's
        sentence that does (`_item_saying`); and ("……模式包括什么，各自是怎么来的？") a line that names
        the items in a row ("你看，拉新、留存、促活跃（促转化），这是业界公认的用户运营模式。") comes with
        the sentences just before it that each tell of one of them ("正常运行的产品是要有用户灌入的，于是
        拉新出现；…"): they say how each came about, the line only names them. (Its paragraph may begin
        in the chunk before: each sentence is cited to the passage that holds it.)"""
        out: list[Line] = []
        shown = "".join(x.text for x in lines)
        # What each item must say ("看啥指标" → 指标): an item cut to its first sentence says it further on.
        wanted = self._each_wanted()
        for ln in lines:
            if ln.item and ln.hit is not None and wanted and not any(t in ln.text for t in wanted):
                ln = self._item_saying(ln, wanted)
            out.append(ln)
            names = [] if ln.item or ln.hit is None else _enumerated(ln.text)
            if len(names) < 2 or ln.hit is None:
                continue
            units = [u for sec in outline(self.retrieval.keyword, ln.hit.article_id) for u in sec.units]
            # (the line may be its sentence without an opening word: "你看，" went)
            at = next((i for i, u in enumerate(units) if ln.text in u.text), None)
            if at is None:
                continue
            told: list[Line] = []
            for i in range(at, -1, -1):
                sentences = split_sentences(units[i].text)
                end = len(sentences)
                k = next((j for j, x in enumerate(sentences) if ln.text in x), end) if i == at else end
                run: list[str] = []
                while k > 0 and any(n in sentences[k - 1] for n in names):
                    k -= 1
                    run.insert(0, sentences[k])
                told = [*([Line("".join(run), units[i].hit)] if run else []), *told]
                if k > 0 or not run and i < at:
                    break  # (the run of telling sentences ended in this paragraph)
            out += [t for t in told if t.text not in shown]
        return out

    def _each_wanted(self) -> list[str]:
        """The words of what a list question asks each item to have ("各看啥指标" → 指标, "各适合干啥" → 适合)."""
        return [t for t in tokenize(_content(self.per_item[1])) if len(t) >= 2] if self.per_item else []

    @staticmethod
    def _item_saying(line: Line, wanted: list[str]) -> Line:
        """The item line with the sentence of its paragraph that says a `wanted` word ("获取（Acquisition）：
        核心问题是“用户从哪来”。" and "核心指标是新增用户数、获客成本（CAC）和渠道转化率。")."""
        assert line.hit is not None
        head = _MARKER.sub("", line.text).strip()[:12]
        para = next((p for p in line.hit.text.split("\n") if head and head in p), "")
        said = next((x for x in split_sentences(para) if any(t in x for t in wanted) and x not in line.text), "")
        return replace(line, text=f"{line.text.rstrip()}{said}") if said else line

    @staticmethod
    def _hits_of(lines: list[Line]) -> list[Hit]:
        hits: dict[str, Hit] = {}
        for ln in lines:
            if ln.hit is not None:
                hits.setdefault(ln.hit.chunk_id, ln.hit)
        return list(hits.values())

    def _how_section_found(self) -> Section | None:
        """For a how-question no heading matches in words ("群建好了没人说话咋办啊"), the section whose heading
        says how to do something ("四、如何保持社群活跃") when two of the passages found are its own:
        retrieval found it by meaning, and its content (the four 促活 methods) is the answer, not the
        sentences that share 群 and 发言 with the question. (Counted over all the passages found, not only
        those the answer's budget keeps: "群里没人说话了咋整" found it twice, the second past the budget.)"""
        if self.intent != "steps":
            return None
        held: dict[tuple[str, str], int] = {}
        for h in self.retrieval.hits:
            if h.section:
                key = (h.article_id, h.section.split(" > ")[0])
                held[key] = held.get(key, 0) + 1
        for (article_id, path), n in held.items():
            if n < 2 or not _HOW_HEADING.match(_bare_heading(path)):
                continue
            return next((s for s in outline(self.retrieval.keyword, article_id) if s.path == path), None)
        # One passage of a section whose heading names steps and a word of the question ("四、新好友加进来
        # 之后怎么做：五步 SOP" for "客户加了企微好友以后要干嘛", which got the 误区 list) — when it is the only
        # such section found. (Not a heading that only says how, "四、流失预警怎么做": for "怎么召回流失用户？"
        # it pushed out the line saying what 召回 is done by.)
        # (nor when a section that says how is found too: "想找小红书达人投放，咋挑号" found "四、投放的五个步骤"
        # and "三、怎么选达人", and got the five steps, whose third says "按第三节的标准挑达人")
        procedures = [
            key
            for key in held
            if (_STEPS_HEADING.search(_bare_heading(key[1])) or _HOW_HEADING.match(_bare_heading(key[1])))
            and self._heading_match(key[1]) >= HOW_MATCH  # (a held key is a top-level heading)
        ]
        if len(procedures) == 1 and _STEPS_HEADING.search(_bare_heading(procedures[0][1])):
            article_id, path = procedures[0]
            section = next((s for s in outline(self.retrieval.keyword, article_id) if s.path == path), None)
            # (the heading must say a word of the question beyond its article's subject: "一场访谈的六个步骤"
            # is no answer to "访谈时咋追问？" — every section of the article is about 访谈)
            subject = set(tokenize(section.title)) if section is not None else set()
            asked = [t for t in tokenize(_content(self.heard)) if t not in subject and len(t) >= 2]
            heading = _bare_heading(path)
            if asked and not any(w in heading for t in asked for w in (t, *synonyms_of(t))):
                return None
            return section
        return None

    def _names_an_item(self, section: Section) -> bool:
        """Does the question name an item of the section's list (its label, a word the heading does
        not say) as what it asks of ("电商的……")?"""
        heading = _bare_heading(section.heading)
        marked = [g[0].text for g in self._items(section.units) if _MARKER.match(g[0].text)]
        # (or the name its label is said of: "抖音" in "短视频：抖音（北极星指标：……）", for "抖音的北极星指标是啥")
        named = [m.group(1) for t in marked for m in [_LABEL_OF.match(_MARKER.sub("", t).strip())] if m]
        labels = [*(_label(t) for t in marked), *named]
        return any(len(x) >= 2 and x not in heading and f"{x}的" in self.heard for x in labels)

    def _heading_match(self, heading: str) -> float:
        """`heading_match` of the question, or of the clause that asks when that matches better."""
        if self.per_item is not None:
            # (the list asked for is what a heading names: "活动的四种类型", not "活动复盘看哪些指标" for
            # "活动一般分哪几种，各看啥指标"; what each has is said by its items)
            return heading_match(self.asked, heading, self.weights, self.intent)
        score = heading_match(self.heard, heading, self.weights, self.intent)
        if self._aliased:
            # (by the name the playbook gives it: "海盗模型是个啥" is "AARRR 模型是啥", whose section lists the stages)
            score = max(score, heading_match(self._aliased, heading, self.weights, self.intent))
        return max(score, heading_match(self.asked, heading, self.weights, self.intent)) if self.asked else score

    @functools.cached_property
    def _aliased(self) -> str:
        """A definition question asked by another name a passage gives the thing ("AARRR 模型也叫海盗模型" for
        "海盗模型是个啥"), asked by the passage's own name; else ""."""
        subject = self._defined if self.intent == "definition" else ""
        if len(subject) < 2:
            return ""
        called = re.compile(
            rf"([A-Za-z][A-Za-z\s]{{1,10}}[{CJK}]{{0,4}}|[{CJK}]{{2,8}}?)\s*(?:也叫|又叫|又称|也称|俗称|人称)[“\"]?{re.escape(subject)}"
        )
        found = next((m.group(1).strip() for h in self.hits[:3] if (m := called.search(h.text))), "")
        return self.heard.replace(subject, found, 1) if found and found != subject else ""

    def _differences(self, sections: list[Section], section: Section) -> bool:
        """A section that names every side and whose parts each say how they differ."""
        sides = self.sides()
        children = self._children(sections, section)
        return (
            len(sides) >= 2
            and all(_says_side(section.heading, x) for x in sides)
            and len(children) >= 2
            and all(_DIFFERS.search(_bare_heading(c.heading)) for c in children)
        )

    def _pointed_to(self, line: Line) -> Section | None:
        """The part of its article a line sends the reader to ("按第三节的标准", "见下一节"): a top-level
        section, by its number or as the one after (before) the line's own."""
        m = _POINTS_ELSEWHERE.match(_MARKER.sub("", line.text).strip())
        if m is None or line.hit is None:
            return None
        top = [s for s in outline(self.retrieval.keyword, line.hit.article_id) if s.depth == 1]
        number = m.group("n")
        if number:
            n = int(number) if number.isdigit() else _CN_NUMBER[number]
            numbered = [s for s in top if re.match(rf"(?:{number}|{n})[、.．\s]", s.heading)]
            return numbered[0] if numbered else (top[n - 1] if 0 < n <= len(top) else None)
        own = line.hit.section.split(" > ", 1)[0]
        at = next((i for i, s in enumerate(top) if s.path == own), None)
        if at is None or m.group("near") not in ("下一节", "上一节"):
            return None  # ("见上文": which part, the line does not say)
        i = at + 1 if m.group("near") == "下一节" else at - 1
        return top[i] if 0 <= i < len(top) else None

    def _focused(self) -> Section | None:
        """The section a follow-up names by its place in the last answer's list, when it has text."""
        if self.focus is None:
            return None
        article_id, path = self.focus
        return next((s for s in outline(self.retrieval.keyword, article_id) if s.path == path and s.units), None)

    def _steps_of_subject(self) -> Section | None:
        """ "达人种草怎么做" names nothing but what the best passage's article is about (its title):
        the article's own steps answer it ("四、投放的五个步骤"), not what 达人种草 is, nor another
        section that only repeats the subject ("社群运营的核心指标" for "社群运营怎么做")."""
        if self.intent != "steps" or not self.hits:
            return None
        hit = self.hits[0]
        asked = [t for t in tokenize(_content(self.heard)) if len(t) >= 2 and t not in MANNER_WORDS]
        subject = re.split(r"[：:（(]", hit.title)[0]  # ("……：从策划、执行到GRAI复盘（附预算表）" is its contents)
        sections = outline(self.retrieval.keyword, hit.article_id)
        if not asked or not all(t in subject for t in asked):
            # A kind the article lists of what it is about ("拉新活动" of "一、活动的四种类型" in
            # 活动运营…) is done by the article's steps too: "搞个拉新活动该从哪下手？"
            kinds = [g[0] for s in sections for g in self._items(s.units) if _MARKER.match(g[0].text)]
            kind = next((k for k in kinds if any(t in subject for t in asked if t in _label(k.text))), None)
            if not asked or kind is None or not all(t in subject or t in _label(kind.text) for t in asked):
                return None
            self.kind = Line(_MARKER.sub("", kind.text).strip(), kind.hit)
        steps = [s for s in sections if _STEPS_HEADING.search(_bare_heading(s.heading))]
        # (of several, the one nearest the question; the first of equals: an article's procedure comes first)
        return max(steps, key=lambda s: self._heading_match(s.heading), default=None)

    def _named_child(self, section: Section | None) -> Section | None:
        """A list section whose one sub-section the question names ("群规" of "社群搭建的四个步骤"):
        that sub-section answers."""
        if section is None:
            return None
        sections = outline(self.retrieval.keyword, section.article_id)
        content = [t for t in tokenize(_content(self.heard)) if len(t) >= 2 and t not in section.heading]
        named = [c for c in self._children(sections, section) if any(t in c.heading for t in content)]
        if not named and self.asks_quantity and self.hits:
            # A question of how many or when ("Push一般几点发比较好？") is answered by the part holding the best
            # passage, when it says a quantity ("3. 选时间": "早 8 点通勤、午 12 点午休……"), not by all five steps.
            best = self.hits[0].chunk_id
            named = [
                c
                for c in self._children(sections, section)
                if any(u.hit.chunk_id == best and _QUANTITY.search(u.text) for u in c.units)
            ]
        return named[0] if len(named) == 1 and named[0].units else section

    def _is_list(self, sections: list[Section], section: Section) -> bool:
        return len(self._children(sections, section)) >= 2 or len(self._items(section.units)) >= 2

    @staticmethod
    def _children(sections: list[Section], parent: Section) -> list[Section]:
        return [s for s in sections if s.child_of(parent)]

    def _followers(self, sections: list[Section], i: int) -> list[Section]:
        """An empty heading ("运营和运行的区别") followed by headings that each state one point
        ("运行是工作量的要求", …): the points are the following sections that name the question's
        subject, up to the first that does not."""
        if sections[i].units or self._children(sections, sections[i]):
            return []
        subject = {t for t in self.retrieval.terms[:4] if len(t) >= 2}
        out = []
        for s in sections[i + 1 :]:
            if s.depth != sections[i].depth or not subject & set(tokenize(s.heading)):
                break
            out.append(s)
        return out[:LIST_MAX]

    def _section_answer(self, section: Section) -> list[Line]:
        sections = outline(self.retrieval.keyword, section.article_id)
        lines: list[Line] = []
        intro = self._intro_before(sections, section)
        if intro:
            lines.append(intro)
        children = self._children(sections, section) or self._followers(sections, section.order)
        parts = {_bare_heading(c.heading) for c in children}
        overview = len(children) >= 2 and parts <= {_label(g[0].text) for g in self._items(section.units)}
        count = _heading_count(_bare_heading(section.heading))
        if children and count and len(self._items(section.units)) == count != len(children):
            # The section's own list is the one its heading counts ("三、分层策略的三条原则": three numbered lines, then
            # "### 价值分层和生命周期分层有什么区别" — trn56 was given that one sub-heading as the principles).
            children = []
        if overview:
            # The section lists its parts itself before they follow ("1. 定位：想清楚为谁建群……" …
            # "4. 冷启动：建群后的前7天，用欢迎仪式、破冰活动和首个价值内容把群跑起来", then "### 1. 定位"
            # …): each of its lines sums a part up, where a part's first sentence may not ("冷启动期一般
            # 指建群后的前 7 天，这 7 天决定了群的调性。").
            children = []
        if children:
            if self.intent == "compare" and self._differences(sections, section):
                # Parts that each say how the sides differ ("1. 关系结构不同：粉丝群是……；社群是……") are
                # the answer, under the heading said as a statement, and the line that sums them up.
                head = _ASKS_DIFFERENCE.sub("的区别", _bare_heading(section.heading))
                lines = [Line(head.rstrip("？?。：:") + "：", None)]
                lines += [self._point(child.heading, child.units) for child in children[:LIST_MAX]]
                last = children[:LIST_MAX][-1].units
                summary = _closing(last[-1]) if len(last) > 1 and _SUMS_UP.match(last[-1].text) else None
                return [*lines, *([summary] if summary else [])]
            if self.intent == "compare":  # what each side is, then the points that tell them apart
                if not lines:
                    lines.append(_heading_lead(section, children[0].units[0].hit if children[0].units else None))
                lines += [d for d in self._side_definitions(self.sides(), set()) if d is not None]
            elif not lines:
                lines.append(_heading_lead(section, children[0].units[0].hit if children[0].units else None))
            for child in children[:LIST_MAX]:
                lines.append(self._point(child.heading, child.units))
            return [ln for ln in lines if ln.hit is not None or ln.text]
        told = self._sides_told(section) if self.intent == "compare" else None
        if told is not None:
            return [*lines, *told]
        told = self._case_told(section)
        if told:
            return [*lines, *told]
        items = self._items(self._asked_list(section.units))
        if overview:
            # (its lines of the parts, not the paragraph before them read as "社群搭建可以分为四个步骤：……")
            items = [g for g in items if _label(g[0].text) in parts]
        if len(items) >= 2:
            # One item that is the question ("关键指标" of a role's section) answers it alone.
            match = [(self._heading_match(_label(g[0].text)), g) for g in items]
            score, group = max(match, key=lambda m: m[0])
            label = _label(group[0].text)
            # (a heading that names several of its items, "二、直播前：选品、排品和预热", is about none
            # of them alone: "排品具体说说" asks for its item)
            several = sum(_label(g[0].text) in section.heading for g in items) >= 2
            asked = [t for t in tokenize(_content(self.heard)) if len(t) >= 2 and (several or t not in section.heading)]
            beyond = label not in section.heading or several
            # (or its label is all the question says beyond the article's title: "直播排品有啥讲究" in "直播运营入门")
            untitled = [t for t in asked if t not in section.title]
            alone = [g for g in items if untitled and all(t in _label(g[0].text) for t in untitled)]
            if len(alone) == 1 and several:
                group, label, score = alone[0], _label(alone[0][0].text), max(score, SECTION_MATCH)
            if score >= SECTION_MATCH and beyond and any(t in label for t in asked):
                items = [group]  # the question names this item, beyond what the heading says
            elif self.intent not in ("list", "compare") and (
                by_noun := self._labelled_by_noun(
                    [Line(g[0].text, g[0].hit) for g in items], section.title + section.heading
                )
            ):
                items = [g for g in items if g[0].text == by_noun[0].text][:1] or items
            elif self.intent == "definition":
                # (what is asked of is a term beyond the section's name: an acronym or a word of three
                # characters or more, not "运营的核心", whose three items are each a core)
                tail = re.split(r"的|里|中", self._defined)[-1].strip()
                # (nor a list counted, "运营的三个层次是什么？": "层次" said by one item is no sign it is asked of)
                counted = _COUNTED_KIND.search(tail) or _ASKED_KIND.search(tail)
                if not counted and (re.search(r"[A-Za-z]{2,}", tail) or len(tail) >= 3):
                    named = [t for t in tokenize(tail) if t in untitled]
                    items = self._one_item_saying(items, named, section) or items
            # (a case's list is what was done, the paragraph after it what came of it: "零食店那个案例 客单价咋从35
            # 涨到68的" asks for the three things done)
            case = _CASE_HEADING.search(_bare_heading(section.heading)) is not None
            if len(items) > 1 and self.intent not in ("list", "compare", "metric", "definition") and not case:
                around = self._said_around_list(section, items, untitled)
                if around:
                    return [*lines, *around]
            # The lead is what the section says before its list (not a paragraph after it, which
            # closes the list: "做到这四步，社群才算搭起来。").
            start = next(i for i, u in enumerate(section.units) if u is items[0][0])
            lead = section.units[:start][:1]
            if start > 1 and _announces_next(section.units, start - 1) and lead:
                # The list's own announcement says what was asked and the section's opening does not ("预算
                # 一般咋分配": "预算一般由四部分组成：", not "活动 ROI 的计算公式是……" before it): it leads.
                asked = [t for t in tokenize(_content(self.heard)) if len(t) >= 2]
                announcing = section.units[start - 1]
                announced, opening = announcing.text.lower(), lead[0].text.lower()
                if any(t in announced for t in asked) and not any(t in opening for t in asked):
                    lead = []
                    lines.append(Line(_first_sentence(announcing.text, 160), announcing.hit))
                elif asked and all(t in opening for t in asked) and not any(t in announced for t in asked):
                    # The opening says it all and the list another thing ("活动ROI咋算": the formula and its
                    # worked example, not the four parts of a budget after them)
                    before = [u for u in section.units[: start - 1] if not is_narrative(u.text)][:3]
                    return [*lines, *(Line(u.text, u.hit) for u in before)]
            if lead and not intro and not is_narrative(lead[0].text) and len(lead[0].text) > 8 and len(items) > 1:
                said = split_sentences(lead[0].text)
                if start == 1 and len(said) > 1 and _announces_next(section.units, 0):
                    # The paragraph's last sentence announces the list ("……这是最大的误区。粉丝多不代表
                    # 转化好，选达人要看三点："): the items are its points, not the first sentence's.
                    short = len(lead[0].text) <= 160
                    said = said if short else [_first_sentence(lead[0].text, 160), said[-1]]
                    lines += [Line(x, lead[0].hit) for x in said]
                elif self.intent == "compare" and len(lead[0].text) <= ONE_PARAGRAPH_CHARS and len(said) > 1:
                    # Both sides said before the list ("机器审核（机审）……判断不准。人工审核（人审）……看3000～5000条
                    # 图文。"): a comparison is both, not the first side alone.
                    lines += [Line(x, lead[0].hit) for x in said]
                else:
                    lines.append(Line(_first_sentence(lead[0].text, 160), lead[0].hit))
                    lines += self._defined_after(lines[-1], said)
                if start > 1 and _announces_next(section.units, start - 1):
                    own = section.units[start - 1]  # (the list's own announcement: "预算一般由四部分组成：")
                    lines.append(Line(_first_sentence(own.text, 160), own.hit))
            elif not lines and not (several and len(items) == 1):  # (an item the heading names says whose)
                lines.append(_heading_lead(section, items[0][0].hit))  # whose list (or item) this is
            out = list(lines)
            for n, group in enumerate(items[:LIST_MAX]):
                at = next(i for i, u in enumerate(section.units) if u is group[0])
                if n and _announces_next(section.units, at - 1):
                    # A second list's own announcement ("三个维度各按高低切两档，就组合出 8 类用户。我们最
                    # 常用的是下面四类："): without it its items read on as the first list's.
                    said = split_sentences(section.units[at - 1].text)
                    out.append(Line("".join(said[-2:]), section.units[at - 1].hit))
                out.append(self._item_line(group))
            if len(items) == 1 and len(items[0]) > 1:
                out += self._rest_of_item(items[0], out[-1])  # the one item asked about: its text, not a line
            elif 1 < len(items) <= LIST_MAX:
                end = next(i for i, u in enumerate(section.units) if u is items[-1][-1])
                closing = _closing(section.units[end + 1]) if end + 1 < len(section.units) else None
                if closing is not None:
                    out.append(closing)
            return out
        label = _bare_heading(section.heading)
        claims = re.search(r"是|，", label) and not _ASKING_HEADING.search(label)
        if self.intent == "why" and not lines and section.units and claims:
            # "为什么说运营是高危职业" under "运营是高危职业，一着不慎，满盘皆输": the heading is the
            # claim, its text the reasons. (A heading that asks, "阅读量很高，但是不涨粉，怎么办？", is
            # the question again.)
            lines.append(Line(label.rstrip("。") + "。", section.units[0].hit))
        return lines + self._best_of_section(section)

    def _said_around_list(self, section: Section, items: list[list[Unit]], asked: list[str]) -> list[Line]:
        """The section's paragraphs after its list that say a word asked beyond its heading and title which no item
        nor what leads to the list says ("发现数据异常以后怎么排查？": "发现异常后按……的顺序排查" after the three rules
        that judge an anomaly) — they answer, not the list (trn54: the list given first, the answer last). A word the
        lead says is what the list is of ("零食店那个案例 客单价咋从35涨到68的": the three things done). [] when
        none."""
        heading = section.heading.lower()
        # (not the asker's own scene: "我刚接手一个社群，老板让我把群搞活跃 咋弄" asks how to make it active — 接手,
        # said only by a note after the four ways, is how they came to it)
        told = set(tokenize(_content(without_filler(self.heard))))
        words = [
            t
            for t in asked
            if len(t) >= 2
            and t in told
            and t not in heading
            and t not in _GENERIC_TERMS
            and t not in MANNER_WORDS
            and re.search(f"[{CJK}]", t)  # (a figure asked is what the case came to, not another thing: "从35涨到68")
        ]
        texts = [" ".join(u.text for u in g).lower() for g in items]
        start = next(i for i, u in enumerate(section.units) if u is items[0][0])
        end = next(i for i, u in enumerate(section.units) if u is items[-1][-1])
        # (the list's announcement aside: "……每月 1 日按上个月的数据自动升降级：" announces the levels)
        lead = [x for u in section.units[:start] for x in split_sentences(u.text) if not re.search(r"[：:]$", x)]
        words = [t for t in words if not any(t in x for x in texts) and not any(t in x.lower() for x in lead)]
        out: list[Line] = []
        for u in section.units[end + 1 :]:
            said = split_sentences(u.text)
            if is_narrative(u.text) or not any(t in x.lower() for t in words for x in said):
                continue
            text = u.text
            if len(text) > ONE_PARAGRAPH_CHARS:
                text = "".join(x for x in said if any(t in x.lower() for t in words))
            out.append(Line(text, u.hit))
        return out

    def _labelled_by_noun(self, items: list[Line], around: str) -> list[Line]:
        """The one item whose label says a noun the question asks of beyond what is `around` the list (its title,
        heading and announcement): "活动客服那边要提前备点啥？" and "（3）舆情和客服：……" of the day's four things;
        "门店那边咋加粉" and "门店导购：……" of four ways (nh53, nh54: the whole list, the answer one of its lines).
        A verb is no name ("产品运营怎么推动产品迭代？" asks how, not for "推动迭代：……" alone). [] unless one."""
        around = around.lower()
        words = [t for t in tokenize(_content(self.heard)) if len(t) >= 2 and t not in around]
        nouns = [
            t
            for t in words
            if t not in _GENERIC_TERMS
            and len(tagged := tag(t)) == 1
            and re.fullmatch(r"n|nz|nt|ns|eng|j", tagged[0][1]) is not None
        ]
        # (a label the item gives itself, before its colon: not the first words of an item that has none)
        labels = [_label(i.text).lower() if _LABEL.match(_MARKER.sub("", i.text).strip()) else "" for i in items]
        found = [i for i, x in zip(items, labels, strict=True) if x and any(t in x for t in nouns)]
        # (nor when the question names another item too, by any word: "电商的北极星指标一般用啥？网约车呢" asks of two)
        named = [x for x in labels if x and any(t in x for t in words)]
        return found if len(found) == 1 and len(named) == 1 else []

    @staticmethod
    def _one_item_saying(items: list[list[Unit]], asked: list[str], section: Section) -> list[list[Unit]]:
        """The one item of a section's list that says a word asked beyond its heading and title, which no other
        item nor the list's lead says ("流量运营看的CPI是啥？": "关键指标：单个用户获取成本(CPI)……", the sixth of
        six): that item answers, not the list. (Items named by their label: `_labelled_by_noun`.)"""
        heading = section.heading.lower()
        words = [t for t in asked if len(t) >= 2 and t not in heading and t not in _GENERIC_TERMS]
        texts = [" ".join(u.text for u in g).lower() for g in items]
        start = next(i for i, u in enumerate(section.units) if u is items[0][0])
        before = " ".join(u.text for u in section.units[:start]).lower()
        said = [[j for j, x in enumerate(texts) if t in x] for t in words if t not in before]
        said = [s for s in said if s]
        # (every such word in the one item: a word several items say is no sign for one, "互动" of "互动率"
        # and of "商单的互动")
        if not said or any(len(s) != 1 for s in said) or len({s[0] for s in said}) != 1:
            return []
        return [items[said[0][0]]]

    def _case_told(self, section: Section) -> list[Line]:
        """A case's section, told whole when it is short (twice an answer's length): "健身App的NPS是怎么从12提升到31
        的？" got the first and last paragraphs of its case, the figures without what the team did; "生鲜App新人礼包
        那次测试结果怎么样？" the first sentences of "结果：……" and "这次的经验是：……", read as a list. [] otherwise."""
        if not _CASE_HEADING.search(_bare_heading(section.heading)) or any(
            _MARKER.match(u.text) for u in section.units
        ):
            return []
        whole = _statements(section)
        return whole if whole and sum(len(ln.text) for ln in whole) <= 2 * self.budget and len(whole) <= 12 else []

    def _sides_told(self, section: Section) -> list[Line] | None:
        """A comparison's section that tells each side in a paragraph of its own, opening with its name ("Push
        几乎零成本，但……", "短信（SMS）每条约 0.03～0.05 元……"): the paragraph announcing them, each side's, and the
        line that sums them up. (A trainer's "push和短信有啥区别" got the announcement, the summing-up line and Push's
        definition — the paragraphs, unlabelled, were no items.) None when the sides are not told so."""
        sides = self.sides()
        units = section.units
        opening = r"\s*(?:[（(][^）)]{1,20}[）)])?\s*[^\s：:]"  # (its name, a gloss in brackets, then what it is)
        opens = [
            [i for i, u in enumerate(units) if re.match(_side_name(side) + opening, u.text, re.I)] for side in sides
        ]
        if len(sides) != 2 or any(len(o) != 1 for o in opens) or opens[0] == opens[1]:
            return None
        at = sorted(o[0] for o in opens)
        if at[1] != at[0] + 1:
            return None
        out: list[Line] = []
        if at[0] > 0 and re.search(r"[：:]$", units[at[0] - 1].text.strip()):
            # ("……两者的区别主要在成本、触达范围和打扰程度：", not the question a new hire asks before it)
            out.append(Line(split_sentences(units[at[0] - 1].text)[-1], units[at[0] - 1].hit))
        for k, side in enumerate(sides):
            unit = units[opens[k][0]]
            out.append(Line(unit.text, unit.hit, True, side))
        after = units[at[1] + 1] if at[1] + 1 < len(units) else None
        if after is not None and _SUMS_UP.match(after.text):
            out.append(Line(after.text, after.hit))
        return out

    def _defined_after(self, first: Line, said: list[str]) -> list[Line]:
        """For a question of what something is, the lead paragraph's sentences after its first up to
        the one that says what it is: "很多新人以为内容运营就是每天写推文。其实写只是其中一环。内容运营
        是围绕产品的目标用户，……的工作。" (the first sentence alone only says what it is not)."""
        subject = definition_subject(self.heard) or (self.named[0] if self.named else "")
        if self.intent != "definition" or not subject or first.text not in said:
            return []
        rest = said[said.index(first.text) + 1 :][:3]
        defines = re.compile(rf"{re.escape(subject)}\s*(?:就|其实|本质上|实际上)?是")
        at = -1 if defines.search(first.text) and not re.search(r"以为|不是", first.text) else None
        for n, sentence in enumerate(rest[:2]):
            if at is None and defines.search(sentence):
                at = n
        if at is None:
            return []
        # (and the sentence that says it in plain words: "ASO 是 App Store Optimization 的缩写……。简单说，
        # 就是通过优化……让用户更容易搜到你")
        plainly = at + 1 < len(rest) and _PLAINLY.match(rest[at + 1]) is not None
        return [Line(x, first.hit) for x in rest[: at + 1 + plainly]]

    def _rest_of_item(self, group: list[Unit], shown: Line) -> list[Line]:
        """The statements of an item's text after the one its line shows, within the budget."""
        out: list[Line] = []
        used = len(shown.text)
        for u in group[1:]:
            for sentence in split_sentences(u.text):
                if sentence in shown.text or is_narrative(sentence) or used + len(sentence) > self.budget:
                    continue
                out.append(Line(sentence, u.hit))
                used += len(sentence)
        return out

    def _intro_before(self, sections: list[Section], section: Section) -> Line | None:
        """The sentence announcing the section ("我分为三个层次："), when the article has one."""
        if section.order == 0:
            return None
        before = sections[section.order - 1]
        if section.child_of(before) and len(self._children(sections, before)) > 1:
            return None  # "以下是……六大运营岗位：" announces the six, not the first one's own list
        if before.units:
            last = split_sentences(before.units[-1].text)
            if last and _LIST_INTRO.search(last[-1].rstrip("。")) and not is_narrative(last[-1]):
                return Line(last[-1], before.units[-1].hit)
        return None

    def _point(self, heading: str, units: list[Unit]) -> Line:
        """One point named by a (sub-)heading, with the first statement under it — in a
        comparison, the first that speaks of a side the heading does not name."""
        label = re.sub(r"^0[1-9](?:\s*[.．、/|丨]\s*|\s+)", "", _bare_heading(heading))  # ("01 定目标")
        statements = [
            (u, s) for u in units for s in split_sentences(u.text) if not is_narrative(s) and not is_heading_like(s)
        ]
        # A statement that only says the heading again ("运行是跨入运营的必经之路" under "运行是运营的
        # 必经之路") adds nothing: the next one says why.
        statements = [(u, s) for u, s in statements if similarity(s, label) < 0.5] or statements[1:2]
        if self.intent == "compare":
            others = [side for side in self.sides() if side not in label]
            contrast = [(u, s) for u, s in statements if any(s.startswith(o) for o in others)]
            statements = contrast + statements
        wanted = self._each_wanted()
        if wanted:
            # (asked what each part has, "各适合干啥": the statement that says it, "- 适合：高频、轻量的提醒……")
            statements = [(u, s) for u, s in statements if any(t in s for t in wanted)] or statements
        if re.search(r"[：:].{4,}", label) and self.intent != "compare":
            # "用户运营：专注用户生命周期管理": the heading states the point itself — and, asked what each
            # part has ("运营岗位有哪几个，每个负责什么"), its first statement says it ("目标：让用户……").
            if self.per_item is not None and statements:
                u, s = statements[0]
                text = _whole_sentence(_first_sentence(s), u.text, ITEM_CHARS)
                return Line(f"{label.rstrip('。')}。{text}", u.hit, True, _label(label))
            return Line(label, units[0].hit if units else self.hits[0], True, _label(label))
        if statements:
            u, s = statements[0]
            # A heading that is a claim ("运行是工作量的要求") ends as a sentence; a name
            # ("用户获取效率") introduces its text.
            glue = "。" if re.search(r"是|而|，", label) or len(label) > 10 else "："
            # (a bullet's mark is no part of what it says after the part's name: "App Push：- 成本：……")
            text = _MARKER.sub("", _whole_sentence(_first_sentence(s), u.text, ITEM_CHARS)).strip()
            if glue == "：":
                text = _STEP_WORD.sub("", text)  # "定目标：首先，明确……" → "定目标：明确……" (the list orders them)
                said = re.match(r"([^：:]{1,6})[：:]\s*", text)
                if said and any(t in said.group(1) for t in wanted):
                    # "App Push 适合：高频……", not "App Push：适合：高频……" (a label on a label)
                    space = " " if label[-1:].isascii() else ""
                    return Line(f"{label}{space}{said.group(1)}：{text[said.end() :]}", u.hit, True, _label(label))
            return Line(
                f"{label.rstrip('。')}{glue}{text}",
                u.hit,
                True,
                _label(label),
            )
        hit = units[0].hit if units else self.hits[0]
        return Line(label, hit, True, _label(label))

    def _item_line(self, group: list[Unit]) -> Line:
        """One list item: a pseudo-heading with the statement under it, or the item's first sentence."""
        head = group[0]
        subs = [_MARKER.sub("", u.text).strip() for u in group[1:]]
        if subs and _NUMBERED.match(head.text) and all(_DASHED.match(u.text) for u in group[1:]):
            # A numbered item and its sub-points: one line that says them all ("设计消耗场景：积分抵现：……；
            # 积分商城：……；积分抽奖：……"), "行为类：" running on into the points it announces.
            label = head.text.strip().rstrip("。；;")  # (its number kept, as the items after it keep theirs)
            said = ""
            for sub in subs:
                said += sub if said.endswith(("：", ":")) or not said else f"；{sub}"
                said = said.rstrip("。；;")
            glue = "" if label.endswith(("：", ":")) else "："
            return Line(f"{label}{glue}{said}。", head.hit, True, _label(head.text))
        if is_heading_like(head.text) and len(group) > 1:
            return self._point(head.text, group[1:])
        # (whole when short: "1. 羊毛党风险：批量注册小号刷奖励。应对方法是设置领奖门槛……" — its first sentence
        # names the risk, the second says what to do)
        text = head.text if len(head.text) <= WHOLE_ITEM_CHARS else _first_sentence(head.text)
        return Line(text, head.hit, True, _label(head.text))

    def _list_counting_asked(self, units: list[Unit]) -> list[Unit] | None:
        """Of a section announcing two lists or more, the one list whose announcement counts the kind asked ("团购套餐
        一般分哪几类？": "一家店一般要有三类套餐：", not then "设计一个套餐可以按五步走：" too — trn58), up to the next
        announcement; None when not one does."""
        asked = _ASKED_KIND.search(self.heard)
        if asked is None:
            return None
        kind = _SAME_KIND.get(asked.group(1), asked.group(1))
        announced = [j for j in range(len(units)) if _announces_next(units, j)]
        if len(announced) < 2:
            return None
        counting = [
            j
            for j in announced
            if any(_SAME_KIND.get(m.group(1), m.group(1)) == kind for m in _COUNTED_KIND.finditer(units[j].text))
        ]
        if len(counting) != 1:
            return None
        j = counting[0]
        return units[j : next((k for k in announced if k > j), len(units))]

    def _asked_list(self, units: list[Unit]) -> list[Unit]:
        """A section's units from the announcement of a later list on, when that announcement names what the
        question asks for and nothing before it does ("商店页上哪些素材最影响用户下不下载？": "影响转化的素材按重要性
        排序：" after the formulas of "五、商店页转化" — the formulas were the answer); else all of them."""
        counted = self._list_counting_asked(units)
        if counted is not None:
            return counted
        kind = _ASKED_NOUN.search(self.heard)
        noun = (tokenize(kind.group(1)) or [""])[0] if kind else ""
        if len(noun) < 2:
            return units
        words = (noun, *synonyms_of(noun))
        listed = False
        for j, u in enumerate(units):
            if is_item(u.text):
                listed = True
            elif (
                listed
                and _announces_next(units, j)
                and any(w in u.text for w in words)
                # (and nothing before it, the first list too: "商店页转化要看哪些指标" is the formulas')
                and not any(w in v.text for v in units[:j] for w in words)
            ):
                return units[j:]
        return units

    @staticmethod
    def _items(units: list[Unit]) -> list[list[Unit]]:
        """Groups of units that form a list: an item and, for a pseudo-heading ("（1）提升用户留存"),
        the paragraphs under it."""
        groups: list[list[Unit]] = []
        for j, u in enumerate(units):
            # (a numbered item that ends on the words it gives, "……比如“您是想退货还是换货？”", or asks
            # as a checklist does, is an item all the same: only a story's line is not)
            marked = bool(_MARKER.match(u.text)) and not (_DIALOGUE.search(u.text) or _STORY.search(u.text))
            if is_narrative(u.text) and not marked:
                continue
            if is_item(u.text) or (is_heading_like(u.text) and len(u.text) >= 3):
                if groups and not _MARKER.match(u.text) and all(_MARKER.match(g[0].text) for g in groups):
                    later = next((v for v in units[j + 1 :] if _MARKER.match(v.text)), None)
                    if later is not None and _opening_number(later.text) == _opening_number(groups[-1][0].text) + 1 > 1:
                        continue  # ("提醒：……" between "3）" and "4）": a note inside a list that goes on — trn50)
                    break  # "注意：……" after "- ……" items: a paragraph of its own, not one more item
                numbered = bool(groups) and _NUMBERED.match(groups[0][0].text) and _NUMBERED.match(groups[-1][0].text)
                if numbered and _DASHED.match(u.text) and all(_DASHED.match(v.text) for v in groups[-1][1:]):
                    # "- ……" under "2. 设计获取规则" is its sub-point (the article's nesting, lost in the
                    # text): a five-step list was read as fourteen items and cut at the third
                    groups[-1].append(u)
                    continue
                groups.append([u])
            elif len(groups) == 1 and _announces_next(units, j):
                # "预算一般由四部分组成：" then its items: the list starts here; the one "活动 ROI 的计算公式
                # 是：……" above it was a statement of its own, not the list's first item.
                groups = []
            elif groups and is_heading_like(groups[-1][0].text) and len(groups[-1]) == 1:
                short = [g for g in groups[:-1] if is_heading_like(g[0].text)]
                more = any(is_item(v.text) or is_heading_like(v.text) for v in units[j + 1 :])
                if short and all(len(g) == 1 for g in short) and not more:
                    break  # short items with no text under them: the paragraph after the last is not its text
                groups[-1].append(u)
        return groups

    def _best_of_section(self, section: Section, limit: int = 3) -> list[Line]:
        """A section of prose: its sentences that answer best (by the same scores as any
        sentence), in reading order; its opening sentences when none of it was retrieved."""
        whole = _statements(section)
        if whole and sum(len(ln.text) for ln in whole) <= self.budget and len(whole) <= 6:
            return self._with_lists(whole)  # a short section is its own answer, as the article reads
        if whole and _ASKING_HEADING.search(_bare_heading(section.heading)):
            # A heading that asks ("一、电商运营是做什么的", "店铺流量突然下跌怎么办？") is answered by the
            # paragraph under it, as the article reads, not by its sentences that share most words.
            opening: list[Line] = []
            used = 0
            for u in section.units:
                if used >= 80:
                    break  # (a paragraph that said enough; a one-line lead-in reads on)
                for sentence in split_sentences(u.text):
                    text = _statement(sentence)
                    if is_narrative(text) or is_heading_like(sentence):
                        continue
                    if opening and used + len(text) > self.budget:
                        break
                    opening.append(Line(text, u.hit))
                    used += len(text)
            return self._with_lists(opening)
        chunks = {u.hit.chunk_id for u in section.units}
        scored = [(score, ln) for score, ln in self._scored_with() if ln.hit is not None and ln.hit.chunk_id in chunks]
        if not scored:
            return self._best_of_units(section.units, limit)
        best = scored[0][0]
        picked: list[Line] = []
        used = 0
        for score, ln in scored:
            if len(picked) >= limit or used >= self.budget or score < 0.5 * best:
                break
            for x in (*_antecedent(ln), ln):
                if all(x.text != p.text for p in picked):
                    picked.append(x)
                    used += len(x.text)
        order = [s for u in section.units for s in split_sentences(u.text)]
        if self.intent not in LIST_INTENTS and whole and all(whole[0].text != p.text for p in picked):
            # Under a heading that is the question ("运营是高危职业…" for "为什么说运营是高危职业"),
            # the section's first statement is its answer, whatever words it uses.
            picked = [whole[0], *picked[: limit - 1]]
        if self.intent not in LIST_INTENTS:
            return self._with_lists(sorted(picked, key=lambda ln: _index(order, ln.text)))
        # A list question: the best sentence first (the inline list), then the rest as the article reads.
        rest = sorted(picked[1:], key=lambda ln: _index(order, ln.text))
        return self._with_lists(picked[:1] + rest)

    def _with_lists(self, lines: list[Line]) -> list[Line]:
        """A sentence announcing a list brings the list (once)."""
        out: list[Line] = []
        for ln in lines:
            if any(ln.text == o.text for o in out):
                continue
            items = self._rest_of_list(ln) if _LIST_INTRO.search(ln.text.rstrip("。")) else []
            out += [_announcing(ln), *items] if items else [ln]
        return out

    def _best_of_units(self, units: list[Unit], limit: int) -> list[Line]:
        out: list[Line] = []
        used = 0
        for u in units:
            for s in split_sentences(u.text):
                if is_narrative(s) or is_heading_like(s) or self._restates(s):
                    continue
                if used + len(s) > self.budget and out:
                    return out
                out.append(Line(_unquote(s), u.hit))
                used += len(s)
                if len(out) >= limit:
                    return out
        return out

    # -- compare -----------------------------------------------------------------------------

    def sides(self) -> list[str]:
        return self._sides_and_aspect()[0]

    def _sides_and_aspect(self) -> tuple[list[str], str]:
        """ "供销社和傍晚商店的日销售额趋势有什么不同" → (["供销社", "傍晚商店"], "日销售额趋势"):
        the aspect is what the comparison is about; without one, each side's definition answers."""
        sides, aspect = self._side_pair
        return list(sides), aspect

    @functools.cached_property
    def _side_pair(self) -> tuple[list[str], str]:
        # (read once a question: a comparison asks for its sides section by section)
        # (an English question may name its sides in Chinese: "What's the difference between 运营 and 运行?"
        # opened with the article's closing line — it was read as a Chinese question with no sides)
        english = _ENGLISH_SIDES.search(self.question) if is_english(self.question) else None
        if english:  # "the difference between 'yunxing' (running) and 'yunying' (operations)"
            a, b = (english.group(1), english.group(2)) if english.group(1) else (english.group(3), english.group(4))
            sides = [x.strip(" '\"“”‘’") if has_cjk(x) else self._english_side(x) for x in (a, b)]
            return (sides, "") if all(sides) and sides[0] != sides[1] else ([], "")
        # (in plain words: "会员等级和付费会员是不是一回事" has the sides of "……有什么区别")
        question = plain_words(self.question)
        listed = _listed_sides(question)
        if listed:
            return listed, ""
        sides, aspect = _chinese_sides(question)
        return (sides, aspect) if sides else _than_sides(question)

    def _english_side(self, side: str) -> str:
        """An English side as the playbook names it: its glossary Chinese, else its own letters when the articles
        say them ("ASO and ASA" gave one side: neither is glossed, and the article says both), else ""."""
        chinese = to_chinese(side)
        if chinese:
            return chinese
        bare = re.sub(r"^(?:an?|the)\s+", "", side.strip(" '\"“”‘’"), flags=re.I)
        words = tokenize(bare)
        if not words or not all(self.retrieval.keyword.df.get(w, 0) for w in words):
            return ""
        # (by the short name its passage gives it, "ASA（Apple Search Ads）", which the headings use: "ASO and Apple
        # Search Ads" missed "二、ASO 和 ASA 有什么区别")
        short = re.compile(rf"\b([A-Z][A-Za-z]{{1,5}})\s*[（(]\s*{re.escape(bare)}\s*[)）]", re.I)
        named = next((m.group(1) for h in self.hits if (m := short.search(h.text))), "")
        return named or bare

    def _compare(self) -> list[Line]:
        sides, aspect = self._sides_and_aspect()
        if not sides:
            return []
        lines: list[Line] = []
        used: set[str] = set()
        scored = self._scored()
        definitions = [] if aspect else self._side_definitions(sides, used)
        items = self._labelled_items(sides)
        if all(items):  # each side is an item of the same list ("1. 正儿八经的新媒体" + its paragraph)
            definitions = items
        for k, side in enumerate(sides):
            others = [o for o in sides if o != side]
            best = definitions[k] if definitions else None
            # (sides that share a word, 免费流量 and 付费流量, are told apart by the rest of their name
            # only where the whole name is: the 免费 of "免费触达" is no 免费流量)
            shared = any(set(tokenize(side)) & set(tokenize(o)) for o in others)
            if best is None:
                # The best-ranked sentence about this side and not the other one — with an aspect
                # ("日销售额趋势"), one from a paragraph that speaks of the aspect.
                candidates = [
                    ln
                    for ln in scored
                    if ln.text not in used
                    and (self._names_all(ln.text, side) if shared else self._mentions(ln.text, side))
                    and not any(self._mentions(ln.text, o) for o in others)
                    and not is_narrative(ln.text)
                    and not _META.search(ln.text)
                ]
                if aspect:
                    candidates.sort(key=lambda ln: not self._in_aspect_paragraph(ln, aspect))
                if candidates:
                    # (a clause cut at "；" as its whole sentence: "……会被用户骂；而且运营做的是生死。")
                    top = candidates[0]
                    text = _whole_sentence(top.text, top.hit.text) if top.hit is not None else top.text
                    best = Line(text, top.hit, True, side)
            if best:
                used.add(best.text)  # (the sentence itself, not only with its heading: _defining skips it)
                if best.hit is not None and best.text.endswith(("；", ";")):
                    # "……做的太假会被用户骂；而且运营做的是生死。": read on, unless what follows is the
                    # other side's ("……围着博主转；社群是去中心化的……").
                    whole = _whole_sentence(best.text, best.hit.text)
                    rest = whole[len(best.text) :]
                    # (nor when it turns to the next thing: "……有“道”有“术”；还有一类人，就是自媒体……")
                    if not any(self._mentions(rest, o) for o in others) and not _NEXT_THING.match(rest):
                        best = replace(best, text=whole)
                best = _side_claim(best, side)
                first = len(lines)
                lines.append(best)
                used.add(best.text)
                more = None if aspect else self._defining(side, used, headings=False)
                if more is not None and not more.text.startswith(best.text[:8]):
                    lines.append(Line(more.text, more.hit, True))  # a second thing the playbook says of it
                    used.add(more.text)
                for at in range(first, len(lines)):
                    # "所谓运作，是高级运营人才……。不像运行只做'点'……运作做的是'面'。": the sentence after a
                    # side's definition that sets it against the other side goes on with it (alone it
                    # would open with "不像……" and no subject).
                    after = _contrast_after(lines[at], sides)
                    if after and after not in used and not _STATES_DIFFERENCE.search(after):
                        lines[at] = replace(lines[at], text=f"{lines[at].text}{after}")
                        used.add(after)
        paragraph = self._one_paragraph(lines)
        if paragraph:
            lines, used = paragraph, used | {ln.text for ln in paragraph}
        # Then what contrasts them: sentences naming both sides or a contrast.
        extra = [
            ln
            for ln in scored
            if not any(ln.text in u for u in used)
            and not is_narrative(ln.text)
            and not _META.search(ln.text)
            and not ln.text.startswith(("“", '"', "「"))
            and not ln.text.endswith(("”", '"', "」", "！"))  # a character's line, an exclamation
            and any(self._mentions(ln.text, s) for s in sides)
            and (all(self._mentions(ln.text, s) for s in sides) or _SETS_AGAINST.search(ln.text))
            # (not a difference of one side from a third thing: "它和信息流广告最大的区别在于……" of 种草,
            # asked against 直播运营)
            and not (_STATES_DIFFERENCE.search(ln.text) and not _names_sides(ln, sides))
            # (with an aspect asked — "压力比……大" — what contrasts them in that respect, not in any)
            and (not aspect or self._in_aspect_paragraph(ln, aspect))
        ]
        for ln in extra[:3]:
            lines.append(Line(ln.text, ln.hit))
        # A sentence that says what the difference is ("它和编辑最大的区别在于：编辑对内容质量负责，
        # 内容运营对内容带来的结果负责。") is the answer; what each side is supports it.
        said = next(
            (
                i
                for i, ln in enumerate(lines)
                if not ln.item
                and _STATES_DIFFERENCE.search(ln.text)
                # (both by name: not "活动运营" by its 运营; "它" by the sentence it points back to)
                and _names_sides(ln, sides)
            ),
            None,
        )
        if said is not None:
            line = lines.pop(said)
            # (its antecedent first, when it points back: "它和编辑最大的区别在于" needs what 它 is)
            before = [Line(a.text, a.hit) for a in _antecedent(line)]
            if line.hit is not None:
                # "区别在于：商品运营管……；电商运营管……。": the statement goes on to the other side.
                line = replace(line, text=_whole_sentence(line.text, line.hit.text))
            after = _contrast_after(line, sides)
            if after:
                # "……所以公域负责“拉新”，私域负责“复购和口碑”，两者不是二选一，而是接力。": it goes on.
                line = replace(line, text=line.text + after)
            # Then what each side is; other contrasting lines ("不同公司对内容运营的定义不一样。") add nothing.
            lines = [ln for ln in lines if ln.item and all(_MARKER.sub("", ln.text).strip() != b.text for b in before)]
            # (a side named whole: "达人交初稿后……不要把笔记改成广告腔" is no line on 信息流广告)
            lines = [ln for ln in lines if not ln.label or ln.label in ln.text]
            if len(lines) == 1:
                lines = []  # one side's line alone, after both were told apart, is half a pair: padding
            return [*before, line, *lines]  # (the sentence that says the difference answers, alone too)
        return lines if len(lines) >= 2 else []

    @staticmethod
    def _one_paragraph(lines: list[Line]) -> list[Line]:
        """Every side's line from one short paragraph ("……微信要让产品自己说话……所以微信一开始就把运营
        重心放在了产品本身上。……不像一些其他做社交通讯的产品，……就把资源全砸在了市场上……"): that is the
        author's own comparison — read whole and in order, not a sentence per side. [] otherwise."""
        hit = lines[0].hit if lines else None
        if len(lines) < 2 or hit is None or any(ln.hit is None or ln.hit.chunk_id != hit.chunk_id for ln in lines):
            return []
        for para in hit.text.split("\n"):
            if len(para) <= ONE_PARAGRAPH_CHARS and all(ln.text in para for ln in lines):
                return [Line(s, hit) for s in split_sentences(para.strip()) if not is_narrative(s)]
        return []

    def _labelled_items(self, sides: list[str]) -> list[Line | None]:
        """Each side as a numbered item of one list in one article: "1. 正儿八经的新媒体" followed by its
        paragraph, "2. 电商/C端产品公司的市场策划，一般就是GTM。…" — the side is the item's label (the
        words before its first comma or stop), matched by shared character pairs, since a question
        words it its own way ("电商公司的市场岗"). The line is the label and what the item says."""
        for article_id in self._articles():
            found: list[tuple[float, Line] | None] = [None] * len(sides)
            for section in outline(self.retrieval.keyword, article_id):
                units = section.units
                for i, u in enumerate(units):
                    m = _MARKER.match(u.text)
                    if not m:
                        continue
                    rest = u.text[m.end() :].strip()
                    label = re.split(r"[，。：:；,]", rest, maxsplit=1)[0].strip()
                    if not 2 <= len(label) <= 24:
                        continue
                    body = rest[len(label) :].lstrip("，。：:；, ")
                    if not body and i + 1 < len(units) and not _MARKER.match(units[i + 1].text):
                        body = units[i + 1].text  # (the label alone on its line, the paragraph after it)
                    body = _lead(body, 160)
                    if not body:
                        continue
                    for k, side in enumerate(sides):
                        # how much of the side the label says ("电商公司" in "电商/C端产品公司的市场策划")
                        # ("带货的场控" is "带货型场控": the 的 does not count)
                        mine = bigrams(side.replace("的", ""))
                        said = bigrams(label.replace("的", ""))
                        score = len(mine & said) / len(mine) + (0.5 if side in label else 0.0)
                        held = found[k]
                        if score >= 0.6 and (held is None or score > held[0]):
                            found[k] = (score, Line(f"{label}：{body}", u.hit, True, side))
            lines = [f[1] for f in found if f is not None]
            if len(lines) == len(sides) and len({ln.text for ln in lines}) == len(sides):
                return list(lines)
        return [None] * len(sides)

    def _in_aspect_paragraph(self, line: Line, aspect: str) -> bool:
        if line.hit is None:
            return False
        terms = [t for t in tokenize(aspect) if len(t) >= 2] or [aspect]
        return any(line.text in para and any(t in para for t in terms) for para in line.hit.text.split("\n"))

    def _side_definitions(self, sides: list[str], used: set[str]) -> list[Line | None]:
        """What each side is — from one article that defines them all when there is one (its
        parallel headings read as a comparison), else each from wherever it is defined."""
        articles = list(dict.fromkeys(a for side in sides for a in self._side_articles(side)))
        both = self.retrieval.keyword.search([t for side in sides for t in tokenize(side)], 5)
        articles += [a for a in (self.retrieval.keyword.docs[i]["article_id"] for i, _ in both) if a not in articles]
        for article_id in articles:
            found = [self._defining_in(article_id, side, used) for side in sides]
            if all(found):
                return found
        out: list[Line | None] = []
        for side in sides:
            d = self._defining(side, used)
            out.append(d)
            if d is not None:
                used.add(d.text)
        return out

    @staticmethod
    def _mentions(text: str, side: str) -> bool:
        return side in text or any(t in text for t in tokenize(side) if len(t) >= 2)

    @staticmethod
    def _names_all(text: str, side: str) -> bool:
        """The side by its name or all its words."""
        words = [t for t in tokenize(side) if len(t) >= 2]
        return side in text or bool(words) and all(t in text for t in words)

    def _defining(self, subject: str, used: set[str], headings: bool = True) -> Line | None:
        """The sentence that says what `subject` is: "运行：一定是…", "所谓运作，是…", "X是…", or a
        heading "5. 流量运营：精准获取高质量用户" — in the retrieved articles, then in those where
        keyword search finds the subject itself (a comparison's second side is often elsewhere)."""
        for article_id in self._side_articles(subject):
            found = self._defining_in(article_id, subject, used, headings)
            if found is not None:
                return found
        return None

    def _defining_in(self, article_id: str, subject: str, used: set[str], headings: bool = True) -> Line | None:
        """The first definition of `subject` in the article that is not in `used`."""
        return next(self._definitions_in(article_id, subject, used, headings), None)

    def _definitions_in(self, article_id: str, subject: str, used: set[str], headings: bool = True) -> Iterator[Line]:
        """The definitions of `subject` in the article, in reading order: headings and sentences
        that start with it, then ones stated mid-sentence ("……理解了一下，运营就是……"). `used` is
        read as they are produced: a caller adding each one to it never gets it twice."""
        yield from self._defining_pass(article_id, subject, used, headings, False)
        yield from self._defining_pass(article_id, subject, used, False, True)

    def _defining_pass(
        self, article_id: str, subject: str, used: set[str], headings: bool, inner_clause: bool
    ) -> Iterator[Line]:
        pattern = re.compile(
            rf"^(?:所谓的?|其实)?(?:{_NUMBERING.pattern}[：:])?{re.escape(subject)}(?:人员|岗位?)?(?:（[^）]*）)?"
            rf"(?:[：:，,]|就是|是|指|即|一定是|做的是|负责|[。；]$)"
        )
        explicit = re.compile(rf"[，,：:]{re.escape(subject)}(?:就是|是指|指的是)")
        # ("还有一个常被忽略的指标叫“有效发言率”，即……": the name given, then what it is)
        named = re.compile(
            rf"(?:叫|叫做|称为|称作)[“\"「]?{re.escape(subject)}[”\"」]?[，,]\s*(?:即|也就是|就是|是指|指)"
        )
        for s in outline(self.retrieval.keyword, article_id):
            label = _bare_heading(s.heading)
            if headings and s.units and pattern.search(label) and not any(label in u for u in used):
                statement = _first_sentence(s.units[0].text, 120)
                if _ASKING_HEADING.search(label):
                    # "一、电商运营是做什么的": a heading that asks; its first sentence answers it.
                    text = statement if not is_heading_like(statement) else label
                else:
                    text = label if is_heading_like(statement) else f"{label.rstrip('。')}。{statement}"
                text += _work_labels(s)
                metric = next((u for u in s.units[1:] if _METRIC_ITEM.match(u.text)), None)
                if metric is not None:  # a role's section: what it is measured by, too
                    text += _first_sentence(_MARKER.sub("", metric.text).strip(), 80)
                yield Line(text, s.units[0].hit, True, subject)
            for u in s.units:
                for sentence in split_sentences(_MARKER.sub("", u.text)):
                    sentence = _unquote(sentence)
                    inner = explicit.search(sentence) if inner_clause else None
                    if inner and not pattern.search(sentence) and _DEFINES.search(sentence[: inner.start()]):
                        # "我最近深入理解了一下，运营就是……": the definition, without who says it.
                        sentence = sentence[inner.start() + 1 :].rstrip('”"」')
                    elif inner_clause:
                        continue
                    text = _first_sentence(sentence, 160)
                    says = pattern.search(sentence) or (not inner_clause and named.search(sentence))
                    if says and text not in used and not is_narrative(sentence):
                        yield Line(text, u.hit, True, subject)

    def _side_articles(self, subject: str) -> list[str]:
        found = self.retrieval.keyword.search(tokenize(subject), 3)
        more = [self.retrieval.keyword.docs[i]["article_id"] for i, _ in found]
        return list(dict.fromkeys([*self._articles(), *more]))

    # -- lists announced in a sentence ---------------------------------------------------------

    def _announced_list(self) -> list[Line]:
        """ "核心工作包括：" followed by items: the list whole."""
        scored = self._scored_with()
        best = scored[0][0] if scored else 0.0
        near = [ln for score, ln in scored[:6] if score >= 0.4 * best]
        # (a list far below what answers best is another topic's: RFM's for "UV价值怎么算")
        # The passage retrieval ranks first announcing a list ("我们的标准动作分五步：") answers a
        # question asking for steps, though its lines share no word with how it was asked.
        counted = _COUNTED_HOW if self.intent == "steps" else _COUNTED_ITEMS if self.intent == "list" else None
        top: list[Line] = []
        if counted is not None and self.hits:
            best_chunks = {self.hits[0].chunk_id}
            if len(self.hits) > 1 and _CASE_HEADING.search(self.hits[0].section or ""):
                # A case found first tells how the steps went, the next passage may say them ("新加的企微
                # 好友头一个礼拜该干啥？": "九、案例：……" says "按上面的五步 SOP", "四、……" gives it).
                best_chunks.add(self.hits[1].chunk_id)
            top = [ln for _, ln in scored if ln.hit and ln.hit.chunk_id in best_chunks and counted.search(ln.text)]
        # (the best passage's own list first: "选达人要看三点：" before another section's "把达人分成四个层级：")
        first = [ln for ln in near if ln.hit and self.hits and ln.hit.chunk_id == self.hits[0].chunk_id]
        candidates = [*first, *(ln for ln in top if all(ln is not x for x in first))]
        for line in [*candidates, *(ln for ln in near if all(ln is not x for x in candidates))]:
            if line.hit is not None and _LIST_INTRO.search(line.text.rstrip("。")):
                items = self._rest_of_list(line)
                # (a list in another passage than the best must share more than the article's
                # subject: "把达人分成四个层级：" is no answer to "怎么识别刷量的达人号")
                strict = all(line is not x for x in candidates)
                if len(items) >= 2 and self._about_question(line, items, strict):
                    named = self._labelled_by_noun(items, f"{line.hit.title} {line.hit.section} {line.text}")
                    if named and self.intent != "list":
                        # ("门店那边咋加粉": "门店导购：……" of the four ways in, not the four)
                        return [replace(named[0], item=False, text=_MARKER.sub("", named[0].text).strip())]
                    return [_announcing(_with_lead(line)), *items]
        return []

    def _best_passage_list(self) -> Section | None:
        """The best passage is a list (two marked items or more, from the section's start) under a
        heading that says what was asked in other words ("八、常见误区" for "做私域容易踩哪些坑？"):
        that section answers. The heading must share a term or its synonym with the question beyond
        the article's subject (every section of a 私域 article is about 私域), and name what the
        question asks for ("哪些渠道" is not answered by "用户分层的四个标签", though both say 用户). A
        later passage of the best one's article answers so too when the question names what it asks
        for; a question for the mistakes takes the list under a heading that says them."""
        kind = _ASKED_NOUN.search(self.heard)  # "踩哪些坑", "哪些风险", "哪些渠道": the heading must say that
        noun = (tokenize(kind.group(1)) or [""])[0] if kind else ""
        pitfalls = bool(_PITFALLS.search(self.heard))
        words = tokenize(_content(self.heard))
        first = self.hits[0]
        for rank, hit in enumerate(self.hits):
            # A passage after the best one answers only from the best one's article and when the
            # question names what it asks for ("做积分体系常见的坑有哪些？": the article's opening came
            # first, its "八、常见错误" second).
            if rank and (hit.article_id != first.article_id or not (noun or pitfalls)):
                continue
            section = self._section_of(hit)
            if section is None or not section.units or not _MARKER.match(section.units[0].text):
                continue
            if sum(1 for g in self._items(section.units) if _MARKER.match(g[0].text)) < 2:
                continue
            heading = _bare_heading(section.heading)
            if pitfalls:
                # ("……常见的坑有哪些？" names no noun after 哪些, and jieba reads "有哪些坑要注意" as 坑要 /
                # 注意: the mistakes are asked for, and the heading must say them)
                if _PITFALLS.search(heading):
                    return section
                continue
            if noun and not any(w in heading for w in (noun, *synonyms_of(noun))):
                continue
            subject = set(tokenize(hit.title))
            # (one character says little, unless the vocabulary knows its other words: 坑 → 误区)
            asked = [t for t in words if t not in subject and (len(t) >= 2 or synonyms_of(t))]
            if any(w in heading for t in asked for w in (t, *synonyms_of(t)) if w not in subject):
                return section
        return None

    def _key_metrics_of(self, term: str, used: set[str]) -> Line | None:
        kw = self.retrieval.keyword
        where = [kw.docs[i]["article_id"] for i, _ in kw.search([*tokenize(term), "关键指标"], 20)]
        articles = dict.fromkeys([*self._side_articles(term), *where])
        found = (d for a in articles for d in self._definitions_in(a, term, used))
        said = next((d for d in found if _KEY_METRICS.search(d.text)), None)
        return Line(said.text, said.hit) if said is not None else None

    def _about_question(self, intro: Line, items: list[Line], strict: bool = False) -> bool:
        """A list is about the question when its announcement shares a word with it, or its items
        share two ("六大运营岗位" is no answer to "用户生命周期有哪几个阶段")."""
        asked = {t for t in tokenize(_content(self.heard)) if len(t) >= 2}
        said = " ".join(i.text for i in items)
        # A term of the trade the question names ("用户运营") is what the list must be about: the
        # metrics of 用户分层 are no answer to "用户运营看哪些关键指标", though they share 用户 and 看.
        where = f"{intro.hit.title} {intro.hit.section} {intro.text} {said}" if intro.hit else ""
        if not self._says_named(where):
            return False
        heading = intro.hit.section.rsplit(" > ", 1)[-1] if intro.hit else ""
        if _PITFALLS.search(self.heard) and not _PITFALLS.search(f"{heading} {intro.text}"):
            return False  # "做积分体系常见的坑有哪些？" is not answered by "常见的积分获取行为分四类："
        shared = asked & set(tokenize(f"{heading} {intro.text}"))
        # (a formula is asked of one measure: a list sharing only the article's subject gives the others — "裂变的
        # K值怎么算" got "其他要一起看的指标：" and four other formulas)
        if (strict or asks_formula(self.heard)) and intro.hit is not None:
            subject = set(tokenize(intro.hit.title))  # what every passage of the article shares
            shared = {t for t in shared if t not in subject} or (shared if len(shared) >= 2 else set())
        return bool(shared) or len(asked & set(tokenize(said))) >= 2

    # -- single sentences ----------------------------------------------------------------------

    def _about_article(self, sentence: str) -> bool:
        """The writer introducing the article ("这篇把……整理一下"): no answer, except to a question for
        a list when it names the article's parts in a row ("……，包括 RFM 模型、会员体系、流失预警")."""
        return bool(_ABOUT_ARTICLE.search(sentence)) and not (self.intent == "list" and _INLINE_LIST.search(sentence))

    def _restates(self, sentence: str) -> bool:
        """A sentence that only says the question again ("为什么说运营是高危职业？")."""
        grams = bigrams(sentence)
        return len(grams) <= len(self.qgrams) * 1.6 and len(grams & self.qgrams) / max(len(grams), 1) > 0.6

    def _scored(self) -> list[Line]:
        return [ln for _, ln in self._scored_with()]

    def _scored_with(self) -> list[tuple[float, Line]]:
        """Passage sentences by IDF-weighted coverage of the question's terms, a prior for the
        passage's rank, and penalties for what does not answer (narrative, headings, restatements)."""
        return list(self._ranked)  # (a copy: callers may reorder theirs)

    @functools.cached_property
    def _claimed(self) -> tuple[list[str], list[str]] | None:
        """A question asking whether more is better ("KOC是不是越多越好？"): the words of its claim
        ("越多", "越好") and of what it is claimed of ("koc"); None for other questions."""
        claim = [t for t in self.weights if t.startswith("越")]
        subject = [t for t in content_terms(list(self.weights)) if t not in claim and t not in self.retrieval.synonyms]
        return (claim, subject) if claim and subject else None

    @functools.cached_property
    def _ranked(self) -> list[tuple[float, Line]]:
        # Scored once per answer: the sentence picker, the list finders and the best-first step
        # all read it, and the question and hits do not change during one composition.
        scored: list[tuple[float, int, int, Line]] = []
        claimed = self._claimed
        for rank, (hit, sentences, meaning) in enumerate(self._passages):
            in_case = self._told_in_case(hit)
            for order, sentence in enumerate(sentences):
                sentence = _statement(sentence)
                if is_heading_like(sentence) or self._restates(sentence):
                    continue
                toks = set(tokenize(sentence))
                overlap = sum(w for t, w in self.weights.items() if t in toks)
                # The claim alone is not about what was asked: "1. 推得越多越好。" (Push's) for "KOC是不是
                # 越多越好？" (its words and its meaning share the claim only).
                unclaimed = claimed is not None and not any(t in toks or t in hit.title.lower() for t in claimed[1])
                if unclaimed and claimed is not None:
                    overlap -= sum(self.weights[t] for t in claimed[0] if t in toks)
                score = overlap / math.sqrt(max(len(toks), 4)) + 0.5 / (rank + 1)
                if meaning is not None:
                    score += SEMANTIC_WEIGHT * max(float(meaning[order]) - SEMANTIC_FLOOR, 0.0)
                if unclaimed:
                    score *= 0.3  # (as little an answer as a story's line)
                if is_narrative(sentence) or self._about_article(sentence):
                    score *= 0.3
                if in_case:
                    score *= CASE_LINE  # (what one case did is context to a question not asking of it)
                if self.intent == "definition" and re.search(r"是|指|就是|即|：|负责|目的|本质|实质", sentence):
                    score *= 1.2
                if self.intent == "example" and _EXAMPLE.search(sentence):
                    score *= 1.5
                if self.intent == "metric" and _MEASURED.search(sentence):
                    score *= 1.4  # "活动运营的关键指标：…", "主要看 DAU 和活动参与率"
                if self.intent == "why" and _CAUSE.search(sentence):
                    score *= 1.3  # "深层原因：流量来源与课程定位错配"
                if self.asks_quantity and _QUANTITY.search(_MARKER.sub("", sentence)):
                    score *= 1.4
                if self.intent == "list" and overlap and _INLINE_LIST.search(sentence):
                    score *= 1.3  # an inline list ("海外运营也分海外市场、海外新媒体、…")
                # A bullet of the passage stays a bullet of the answer, named by its label (what a
                # follow-up's "第二个" refers to).
                bullet = bool(_BULLET.match(sentence))
                scored.append((score, rank, order, Line(sentence, hit, bullet, _label(sentence) if bullet else "")))
        scored.sort(key=lambda x: -x[0])
        return [(x[0], x[3]) for x in scored]

    def _told_in_case(self, hit: Hit) -> bool:
        """Is the passage one case's story ("八、一个小案例：母婴品牌的会员群") and the question not asking of a case
        or an example ("群里老有人发广告 怎么管啊" was answered by what that case did second, then third — nh57)? Not
        when the case is the passage the retrieval found best: then it is what the playbook has to say ("运营、产品、
        供应链几个部门老配合不好" is answered by a case's "需建立……铁三角机制")."""
        heading = hit.section.rsplit(" > ", 1)[-1]
        if not _CASE_STORY.search(heading) or self.intent == "example" or _OWN_CASE.search(self.heard):
            return False
        if self.retrieval.hits and hit.chunk_id == self.retrieval.hits[0].chunk_id:
            return False
        named = re.split(r"[：:]", heading, maxsplit=1)[-1]
        # (nor one naming what the case is of: "零食店客单价咋从35涨到68" asks of "案例：一家零食店……")
        return not any(t in named for t in content_terms(list(self.weights)) if len(t) >= 2)

    @functools.cached_property
    def _passages(self) -> list[tuple[Hit, list[str], Any]]:
        """Each passage with its sentences and their cosines with the question (None without stored
        vectors), read once per answer for the sentence ranking and `_standout`."""
        out: list[tuple[Hit, list[str], Any]] = []
        for hit in self.hits:
            sentences = passage_sentences(hit.text)
            out.append((hit, sentences, self._meaning(hit, sentences)))
        return out

    def _meaning(self, hit: Hit, sentences: list[str]) -> Any:
        """Cosine of each sentence with the question, from the vectors stored at ingest (None
        without them: term overlap alone then ranks the sentences)."""
        return sentence_cosines(hit.sentence_vectors, sentences, self.retrieval.query_vector)

    def _sentences(self) -> list[Line]:
        scored = self._scored_with()
        best = scored[0][0] if scored else 0.0
        groups: list[list[Line]] = []  # a chosen sentence, and the list it announces
        used = 0
        limit = 3 if self.intent == "definition" else 5
        taken: set[tuple[str, str]] = set()
        for score, ln in scored:
            if used >= self.budget or len(groups) >= limit or score < 0.5 * best:
                break
            key = (_chunk(ln), ln.text)
            if key in taken:
                continue
            first = groups[0][-1].hit if groups else None
            if first and ln.hit and ln.hit.article_id != first.article_id and score < OTHER_ARTICLE_CUT * best:
                continue  # another article's line must come closer to the best to be said too
            group = [*[a for a in _antecedent(ln) if (_chunk(a), a.text) not in taken], ln]
            items = self._rest_of_list(ln) if _LIST_INTRO.search(ln.text.rstrip("。")) and ln.hit else []
            if items and not self._about_question(ln, items):
                continue  # a list about something else is not picked, nor its announcement
            named = [i for i in items if i.label and len(i.label) >= 2 and self._names(i.label)]
            asks_list = self.intent in LIST_INTENTS or _COUNTED.search(self.heard)  # ("三个层次是什么")
            by_noun = False
            if not named and ln.hit is not None and self.intent != "compare":
                named = self._labelled_by_noun(items, f"{ln.hit.title} {ln.hit.section} {ln.text}")
                by_noun = bool(named)
            if items and len(named) == 1 and not asks_list:
                if by_noun:
                    # The item a noun of the question names is the answer, alone: "活动客服那边要提前备点啥？" got
                    # "（3）舆情和客服：……" followed by the day's first thing, a step of the plan and two risks (a page
                    # check)
                    groups = [[replace(named[0], item=False, text=_MARKER.sub("", named[0].text).strip())]]
                    break
                # "粉丝多少算腰部达人？" names one item of the list: that item answers, not the list.
                # (the list's other items are not picked one by one, before it or after)
                groups = _without_items(groups, [i for i in items if i is not named[0]])
                taken |= {(_chunk(i), i.text) for i in items}
                plain = _MARKER.sub("", named[0].text).strip()
                if not any(plain[:20] in g.text for gr in groups for g in gr):  # (unless picked already)
                    groups.append([replace(named[0], item=False, text=plain)])
                    used += len(plain)
                continue
            if items:
                # The list whole and in order: an item an earlier pick took moves into it.
                group = [_announcing(ln), *items]
                groups = _without_items(groups, items)
            else:
                group = [g for g in group if (_chunk(g), g.text) not in taken]
            taken |= {(_chunk(g), g.text) for g in group}
            groups.append(group)
            used += sum(len(g.text) for g in group)
        groups = self._whole_lists(groups)
        # An item picked by its first sentence is said whole when short: "- 羊毛党风险：批量注册小号刷奖励。"
        # left out its "应对方法是设置领奖门槛……" for "活动最怕被羊毛党薅，咋防啊".
        groups = [[self._whole_item(ln, WHOLE_ITEM_CHARS) if ln.item else ln for ln in g] for g in groups]
        if self.intent == "why":
            # A picked sentence that states the case ("……正价课转化率仅1.2%"): the next sentence
            # of its passage that gives the cause is the answer to "why".
            for group in groups:
                after = self._following(group[-1], set(taken), 120)[:1]
                if after and _CAUSE.search(after[0].text):
                    group += after
                    taken.add((_chunk(after[0]), after[0].text))
        for group in groups:
            # A picked sentence whose next one says what it takes in ("……召回策略也是……的一部分。"
            # then "这可能包括个性化的触达方式、特殊权益或新功能介绍等。"): the points are in that one.
            last = group[-1]
            takes_in = _next_sentence(last) if not last.item and last.hit is not None else None
            if (
                takes_in
                and _INCLUDES.match(takes_in)
                and not _LIST_INTRO.search(takes_in.rstrip("。"))  # ("具体包括以下三种方式：" without its list)
                and (key := (_chunk(last), takes_in)) not in taken
            ):
                group.append(Line(takes_in, last.hit))
                taken.add(key)
        if groups and len(groups[0]) == 1 and len(groups[0][0].text) < 50:
            # A lone short sentence sets the scene ("小C需要将店铺销售额从100万提升到500万。"):
            # what follows it in the passage is the answer. (A point of a list written without markers,
            # "召回：通过短信或推送唤醒沉睡用户。", sets no scene: only its own paragraph and the next points go on
            # with it — it ran on into "不同公司的运营岗位设置会根据业务类型调整……".)
            lone = groups[0][0]
            groups[0] += self._following(lone, taken, paragraph=_LABEL.match(_MARKER.sub("", lone.text)) is not None)
        # Best passage first, and each passage's sentences in reading order — a case's lines after
        # the rules, unless a case was asked for ("三个月后客单价涨到 68 元……" led "店铺这个月卖得比上个月
        # 差，从哪下手查？" before the sales formula: a result out of its story).
        rank = {h.chunk_id: i for i, h in enumerate(self.hits)}

        def case(g: list[Line]) -> bool:
            hit = g[0].hit
            return self.intent != "example" and hit is not None and bool(_CASE_HEADING.search(hit.section or ""))

        groups.sort(key=lambda g: (case(g), rank.get(_chunk(g[0]), 99), _pos(g[0])))
        # One passage's picks in its own order, though picked by different rules ("做法分三步：" with the
        # items that follow it, and "1. 定义流失" picked on its own, read 1, 2, 3).
        merged: list[list[Line]] = []
        for group in groups:
            chunk = group[0].hit.chunk_id if group[0].hit else None
            if merged and chunk is not None and (held := merged[-1][0].hit) is not None and held.chunk_id == chunk:
                both = [*merged[-1], *group]
                # (a line reworded for the answer, "以下这五个能力项：", has no place to sort by)
                merged[-1] = sorted(both, key=_pos) if all(_pos(ln) != _NOWHERE for ln in both) else both
            else:
                merged.append(group)
        groups = merged
        for k, group in enumerate(groups):
            thesis = self._thesis(group[0].hit) if group[0].hit is not None else None
            if thesis is not None:
                if not any(thesis.text.rstrip("。") in ln.text for g in groups for ln in g):
                    group.insert(0, thesis)
                groups.insert(0, groups.pop(k))  # (the article's own answer, first)
                break
        if self.intent == "metric" and self.retrieval.terms:
            # The line that names the subject's key metrics answers first ("活动运营的关键指标：…"
            # in the 活动运营 section), whichever passage ranked higher.
            subject = self.retrieval.terms[0]
            groups.sort(
                key=lambda g: (
                    not (
                        _KEY_METRICS.search(g[0].text)
                        and g[0].hit is not None
                        and subject in f"{g[0].hit.section} {g[0].text}"
                    )
                )
            )
        groups = _after_its_list(groups)
        top = (
            next((ln for _, ln in scored if _QUANTITY.search(_MARKER.sub("", ln.text))), None)
            if self.asks_quantity
            else None
        )
        if top is not None:
            # The best sentence that gives a time or an amount leads (not the one before it in its passage).
            for k, g in enumerate(groups):
                at = next((i for i, ln in enumerate(g) if ln.text == top.text and _same_chunk(ln, top)), None)
                if at is not None:
                    if not _LIST_INTRO.search(g[0].text.rstrip("。")):  # (a list given whole keeps its order)
                        g.insert(0, replace(g.pop(at), item=False, text=_MARKER.sub("", top.text).strip()))
                    groups.insert(0, groups.pop(k))
                    break
        return [_in_context(ln) for g in groups for ln in g]

    def _whole_lists(self, groups: list[list[Line]]) -> list[list[Line]]:
        """Items of one list picked one by one (more than half of it, not all) make the list whole, with
        the sentence announcing it: "朋友圈一天发几条合适？" picked three of the four days of "下面是我们每周
        的固定节奏：" for the 朋友圈 they name. A list too long for the budget stays as picked."""
        singles = [g[0] for g in groups if len(g) == 1 and g[0].item and g[0].hit is not None]
        for chunk in dict.fromkeys(_chunk(ln) for ln in singles):
            picked = [ln for ln in singles if _chunk(ln) == chunk]
            if len(picked) < 2:
                continue
            hit = picked[0].hit
            assert hit is not None
            sentences = passage_sentences(hit.text)
            first = min((i for i, x in enumerate(sentences) if any(_point_of(p) in x for p in picked)), default=None)
            intro = next(
                (x for x in reversed(sentences[:first] if first else []) if _LIST_INTRO.search(x.rstrip("。"))),
                None,
            )
            if intro is None or is_narrative(intro):
                continue
            items = self._rest_of_list(Line(intro, hit))
            texts = [_point_of(i) for i in items]
            if len(items) <= len(picked) or not all(any(_point_of(p) in t for t in texts) for p in picked):
                continue
            if 2 * len(picked) <= len(items):
                continue  # (two of four may be two lines that say the question's words, not the list)
            if any(len(i.label) >= 2 and self._names(i.label) for i in items):
                continue  # (one item asked of by name answers alone: "直播的成交转化率多少算正常？")
            if sum(len(i.text) for i in items) > self.budget:
                continue
            groups = _without_items(groups, picked)
            groups.append([_announcing(Line(intro, hit)), *items])
        return groups

    def _asked_in_passage(self) -> list[Line]:
        """What one of the best passages says right after asking the question itself (its words, four characters or
        more, within the question's: "多少算正常？" in "NPS多少算正常？"), when the passage is about what else the
        question names; else []."""
        heard = re.sub(r"[\s/？?。！!，,]+", "", self.heard)
        for hit in self.hits[:3]:
            for sentence in (x for para in hit.text.split("\n") for x in split_sentences(para)):
                own = re.sub(r"[\s/？?。！!，,]+", "", _MARKER.sub("", sentence))
                # (its words, or a benchmark both ask for: "NPS多少分算好？", "NPS正常水平是多少？")
                alike = ASKS_BENCHMARK.search(own) is not None and ASKS_BENCHMARK.search(heard) is not None
                if not _RHETORICAL.search(sentence) or len(own) < 4 or (own not in heard and not alike) or own == heard:
                    continue
                left = ASKS_BENCHMARK.sub(" ", heard) if alike else heard.replace(own, " ")
                rest = [t for t in tokenize(left) if len(t) >= 2 and t not in MANNER_WORDS and t not in QUESTION_WORDS]
                about = re.sub(r"[\s/]+", "", f"{hit.title}{hit.section}{hit.text}").lower()
                if not rest or not all(t.lower() in about for t in rest):
                    continue
                after = self._following(Line(sentence, hit), set(), 400, paragraph=True)
                intro = next((k for k, ln in enumerate(after) if not ln.item and _LIST_INTRO.search(ln.text)), None)
                items = self._rest_of_list(after[intro]) if intro is not None else []
                if intro is not None and len(items) >= len(after) - intro - 1:
                    after = [*after[: intro + 1], *items]  # (the list whole: its last item may be in the next chunk)
                if after and after[0].hit is not None and f"{sentence}{after[0].text}" in after[0].hit.text:
                    # (said with the question it answers: "多少算正常？可以参考下面的区间：")
                    after[0] = replace(after[0], text=f"{sentence}{after[0].text}")
                if after:
                    return after
        return []

    @functools.cached_property
    def _asked_terms(self) -> tuple[list[str], str]:
        """The question's content terms that the articles say (lower case), and the rarest of them ("" for fewer
        than two)."""
        kw = self.retrieval.keyword
        # (how two things stand is what is asked, not a word to be said: "北极星指标跟KPI有啥关系")
        terms = [t.lower() for t in content_terms(self.retrieval.terms) if kw.df.get(t, 0) and t not in _RELATION_WORDS]
        return terms, max(terms, key=kw.idf) if len(terms) >= 2 else ""

    def _cause_first(self, lines: list[Line]) -> list[Line]:
        """A why asked of what the first line does not say, answered by a later line of its article that says it with
        its cause: that line leads, and of the rest only what says it too stays ("为啥收入不行" after "北极星指标有啥
        标准" got the six criteria again, "所以，收入本身通常不是一个好的北极星指标，因为它是滞后指标……" last)."""
        terms, _ = self._asked_terms
        unsaid = [t for t in terms if not _says(lines[:1], t)]
        if not unsaid or not any(ln.item for ln in lines):
            return lines  # (prose says why in its own order: "……所以，重点看JD。" closes what explains it)
        home = lines[0].hit.article_id if lines[0].hit else None
        k = next(
            (
                i
                for i, ln in enumerate(lines)
                if i
                and ln.hit is not None
                and home in (None, ln.hit.article_id)
                and _CAUSE.search(ln.text)
                and all(_says([ln], t) for t in unsaid)
            ),
            0,
        )
        if not k:
            return lines
        rest = [ln for i, ln in enumerate(lines) if i != k and all(_says([ln], t) for t in unsaid)]
        return [_as_lead(lines[k]), *rest]

    def _says_all_asked(self, lines: list[Line]) -> list[Line]:
        """The first sentence of the top 3 passages that says every content term of the question (two or more, each
        said somewhere in the articles), with what its paragraph goes on to say or the list it announces, when
        `lines` and their headings never say the rarest of those terms; else []."""
        terms, rarest = self._asked_terms
        if not rarest or _says(lines, rarest) or _COUNTED.search(self.heard) or _ASKED_KIND.search(self.heard):
            return []  # (a list asked for by count or kind is the list: "搭一套积分体系要分哪几步？", not "……是一套……")
        if self.intent == "steps" and sum(ln.item for ln in lines) >= 3:
            return []  # (steps asked for are the steps, whatever scene is set: "活动刚结束 老大让我写复盘 从哪下手")
        if any(ln.hit is not None and _titled(ln.hit.title, rarest) for ln in lines):
            return []  # (what their article is about, in its title's words: "电商运营每天看哪些数", 电商店铺运营手册)
        for hit in self.hits[:3]:
            if _titled(hit.title, rarest):
                continue  # (what the article is about, its steps or case say without naming it: "裂变" of "裂变活动……")
            for sentence in (x for para in hit.text.split("\n") for x in split_sentences(para)):
                said = all(t in sentence.lower() for t in terms)
                if not said or _RHETORICAL.search(sentence) or is_narrative(sentence) or is_heading_like(sentence):
                    continue
                line = Line(_MARKER.sub("", sentence).strip(), hit)
                if _LIST_INTRO.search(line.text.rstrip("。")):
                    return [line, *self._rest_of_list(line)]
                return [line, *self._following(line, set(), 120, paragraph=True)]
        # (or, for how two things stand, one paragraph, from its first sentence saying the rarest: "北极星指标跟KPI有啥
        # 关系" is "为什么需要北极星指标？因为团队一大，每个部门都有自己的 KPI：……北极星指标的作用，就是让所有部门在
        # 同一个方向上用力" — nh58; not for others: "活动搞完了复盘用啥方法比较好" is GRAI's section, not a paragraph
        # announcing its four steps cut after two)
        if not any(w in self.heard for w in _RELATION_WORDS):
            return []
        # (not for an example asked: "有没有靠提高客单价把销售额做上去的例子？" is the 零食店's case, not a paragraph of
        # another article's case saying 提高客单价; nor for why, which `_why_of_named` leads with the sentence saying
        # it)
        if self.intent == "example" or self.intent == "why" or _WHY.search(self.heard):
            return []
        for hit in self.hits[:3]:
            if _titled(hit.title, rarest) or _CASE_HEADING.search(hit.section):
                continue  # (nor one case's story)
            for para in hit.text.split("\n"):
                if not all(t in para.lower() for t in terms) or is_narrative(para):
                    continue
                first = next(
                    (x for x in split_sentences(para) if rarest in x.lower() and not _RHETORICAL.search(x)), None
                )
                if first is not None and not is_heading_like(first):
                    line = Line(_MARKER.sub("", first).strip(), hit)
                    return [line, *self._following(line, set(), 120, paragraph=True)]
        return []

    def _thesis(self, hit: Hit) -> Line | None:
        """The answer's passage sits under a heading that states a thesis about what was asked
        ("认知误区拆解：运营不是“救火队长”，而是“架构师”" for "运营是不是就是哪儿出问题就去补哪儿的救火队员？"):
        the heading is the article's own answer, so it leads."""
        heading = _MARKER.sub("", hit.section.rsplit(" > ", 1)[-1]).strip()
        claim = re.split(r"[：:]", heading, maxsplit=1)[-1].strip()
        if not _THESIS.search(claim) or len(claim) < 6:
            return None
        shared = bigrams(claim) & bigrams(self.question)
        if len({b for b in shared if _WORDY.search(b[0]) and _WORDY.search(b[-1])}) < 3:
            return None
        return Line(claim.rstrip("。") + "。", hit)

    def _following(
        self, line: Line, taken: set[tuple[str, str]], chars: int = 160, paragraph: bool = False
    ) -> list[Line]:
        """What `line`'s passage goes on to say after it, up to `chars` characters; with `paragraph`,
        only in its own paragraph and the labelled ones that follow it."""
        if line.hit is None:
            return []
        # The passage's sentences, and its list items whole (one point each, on its own line: "3. 分层
        # 挽留：……；一般用户发……" is not two sentences of prose).
        units: list[tuple[str, list[str], int]] = []
        for k, para in enumerate(line.hit.text.split("\n")):
            parts = split_sentences(para)
            whole = _MARKER.match(para) and len(parts) > 1 and line.text not in para
            units += [(para.strip(), parts, k)] if whole else [(s, [s], k) for s in parts]
        # (a picked sentence may be one without its speaker's lead-in: `_statement`)
        at = next((i for i, (s, _, _) in enumerate(units) if line.text in s), None)
        if at is None or units[at][0].rstrip().endswith(("”", "」")):
            return []  # (after a speech ends, the story goes on: "初夏已经完全折服……")
        out: list[Line] = []
        used = 0
        # (a sentence within an item is of that item: "健康的业务要求 LTV 大于 CAC……" of 变现 was followed by the next
        # item, 推荐 and its K 因子 — nh57, nh58)
        in_item = bool(_MARKER.match(line.text) or _MARKER.match(line.hit.text.split("\n")[units[at][2]].strip()))
        for s, parts, k in units[at + 1 :]:
            field = _LABEL.match(_MARKER.sub("", s)) or s.rstrip().endswith(("：", ":"))
            if used >= chars or (paragraph and k != units[at][2] and not field):
                break  # (another paragraph goes on only as the next field of a record: "目标：……" "工作：" "……")
            if _MARKER.match(s) and in_item:
                break  # after an item, the next item is another point, not what this one goes on to say
            said = any((line.hit.chunk_id, p) in taken for p in parts)
            if said or is_narrative(s) or is_heading_like(s) or self._about_article(s):
                continue
            out.append(Line(s, line.hit, bool(_BULLET.match(s))))
            taken |= {(line.hit.chunk_id, p) for p in parts} | {(line.hit.chunk_id, s)}
            used += len(s)
        return out

    def _rest_of_list(self, intro: Line) -> list[Line]:
        """The items that follow a sentence announcing them, in its section or, when the sentence
        ends a section ("我分为三个层次：" then "## 运营的三个层级"), at the start of the next."""
        assert intro.hit is not None
        sections = outline(self.retrieval.keyword, intro.hit.article_id)
        # The intro's own section first: another section may say the same sentence ("分为以下几类：").
        chunk = intro.hit.chunk_id
        order = sorted(range(len(sections)), key=lambda k: all(u.hit.chunk_id != chunk for u in sections[k].units))
        for k in order:
            s = sections[k]
            idx = next((i for i, u in enumerate(s.units) if intro.text in u.text), None)
            if idx is None:
                continue
            children = self._children(sections, s)
            if idx == len(s.units) - 1 and len(children) >= 2:
                # "以下是……六大运营岗位：" closing a section whose sub-sections are the six.
                return [self._point(c.heading, c.units) for c in children[:LIST_MAX]]
            after = s.units[idx + 1 :] or (sections[k + 1].units if k + 1 < len(sections) else [])
            groups = self._items(after)
            if groups and _MARKER.match(groups[0][0].text):
                opens = next(j for j, u in enumerate(after) if u is groups[0][0])
                if any(u.text.rstrip().endswith(("：", ":")) for u in after[:opens]):
                    # Another sentence announces these items ("最核心的是 K 值（病毒系数）：", its formula, then
                    # "其他要一起看的指标：" and the four): they are its list, not this one's
                    return []
            if len(groups) < 2:
                # Items that are questions ("是否有“对照组数据”？"): the run of short ones.
                asked = list(itertools.takewhile(lambda u: len(u.text) <= 40 and _RHETORICAL.search(u.text), after))
                groups = [[u] for u in asked] if len(asked) >= 2 else groups
            if len(groups) < 2:
                # Unmarked items: the run of paragraphs ending in "；" and the one that closes it.
                run: list[list[Unit]] = []
                for u in after:
                    run.append([u])
                    if not u.text.rstrip().endswith(("；", ";")):
                        break
                groups = run if len(run) >= 2 else groups
            lines = [self._item_line(group) for group in groups[:LIST_MAX]]
            if 2 <= len(groups) <= LIST_MAX and all(_MARKER.match(g[0].text) for g in groups):
                # "注意：……" / "经验：……" right after the items closes the list: said after it, not as one more item.
                at = next((j for j, u in enumerate(after) if u is groups[-1][-1]), None)
                note = after[at + 1] if at is not None and at + 1 < len(after) else None
                if note is not None and _LABEL.match(note.text) and not _MARKER.match(note.text):
                    lines.append(Line(_first_sentence(note.text), note.hit))
                elif note is not None and (closing := _closing(note)) is not None:
                    # As a section's answer ends, when it speaks of the list ("这五步的目标是……") or of
                    # what its section is about ("复盘的关键是……" under "复盘看哪些数据"); not a turn to
                    # the next thing ("八年经验下来，……" after the abilities an interview looks for).
                    about = [t for t in tokenize(_bare_heading(s.heading)) if len(t) >= 2]
                    if _ANAPHOR.match(closing.text) or any(t in closing.text for t in about):
                        lines.append(closing)
            return lines
        return []


# A sentence that says what the one before takes in: "这可能包括……", "具体包括……", "其中包括……".
_INCLUDES = re.compile(r"^(?:这|其|它们?|其中|具体)?(?:可能|主要|通常|一般|具体)?(?:包括|包含|涵盖)")
_THEY_AT = r"[^，。“”]{0,3}(?:他们|她们)"  # ("往往他们会很快脱颖而出": who they are is the sentence before)
_ANAPHOR = re.compile(
    rf"^(?:三者|两者|二者|前者|后者|这些|这个|这种|这样|这就|这也|这|它们?|其|此|以上|上述|[^，。]{{0,4}}其中|{_THEY_AT})"
)
_THEY = re.compile(f"^{_THEY_AT}")


def _next_sentence(line: Line) -> str | None:
    """The sentence after `line` in its paragraph, if any."""
    if line.hit is None:
        return None
    # (its end: a line may join two sentences — the last sentence whole first, as two formulas end alike:
    # "……÷ 期初 ARR × 100%" is GRR's and NRR's)
    last = split_sentences(_MARKER.sub("", line.text).strip())
    for end in dict.fromkeys([_unquote(last[-1]).rstrip("。") if last else "", line.text.rstrip("。")[-12:]]):
        for para in line.hit.text.split("\n"):
            sentences = [_unquote(s) for s in split_sentences(_MARKER.sub("", para))]
            at = next((i for i, s in enumerate(sentences) if end and end in s), None)
            if at is not None:
                return sentences[at + 1] if at + 1 < len(sentences) else None
    return None


def _contrast_after(line: Line, sides: list[str]) -> str | None:
    """The sentence after `line` when it names every side and sets them against each other, the pair
    "前者……；后者……" that does (each side by its place in the sentence before), or one that goes on of the
    side the line tells ("GRR……= ……。它不算增购，最高 100%": the difference from NRR is that sentence)."""
    after = _next_sentence(line)
    if not after or is_narrative(after):
        return None
    if all(s in after for s in sides) and CONTRAST.search(after):
        return after
    if line.item and after.startswith("它") and not after.startswith("它们") and not any(s in after for s in sides):
        return after
    # (前者/后者 are the sides only when the sentence before names both, itself or by 它)
    then = _next_sentence(Line(after, line.hit)) if _names_sides(line, sides) and after.startswith("前者") else None
    return after + then if then and then.startswith("后者") and not is_narrative(then) else None


def _names_sides(line: Line, sides: list[str]) -> bool:
    """Every side named in the line, by name or, for a line opening with 它, in the sentence 它 points to."""
    before = "".join(a.text for a in _antecedent(line)) if line.text.startswith("它") else ""
    return all(s in line.text or s in before for s in sides)


def _without_items(groups: list[list[Line]], items: list[Line]) -> list[list[Line]]:
    """The picked groups without the lines that are these list items (picked one by one earlier)."""
    texts = [_MARKER.sub("", i.text).strip()[:20] for i in items]
    groups = [[g for g in gr if not any(t and t in g.text for t in texts)] for gr in groups]
    return [gr for gr in groups if gr]


def _titled(title: str, term: str) -> bool:
    """Does the title say the term, or each word of it ("电商店铺运营手册" says 电商运营: 电商, 运营)?"""
    low = title.lower()
    parts = [w for w in tokenize(term) if w != term]
    return term in low or (bool(parts) and all(w in low for w in parts))


def _says(lines: list[Line], term: str) -> bool:
    """Do the lines, or their headings, say the (lower-case) term?"""
    return any(term in f"{ln.text} {ln.hit.section if ln.hit else ''}".lower() for ln in lines)


def _as_lead(line: Line) -> Line:
    """A line moved up to answer first: a plain sentence, its list marker dropped."""
    return replace(line, item=False, text=_MARKER.sub("", line.text).strip())


def _opens_example(line: Line) -> bool:
    """Does the line open an example ("举个例子：……"), in its words or in its passage's (its lead-in cut)?"""
    if _OPENS_EXAMPLE.match(line.text):
        return True
    paragraphs = (p.strip() for p in (line.hit.text.split("\n") if line.hit else []))
    return any((m := _OPENS_EXAMPLE.match(p)) and p[m.end() :].strip().startswith(line.text[:12]) for p in paragraphs)


def _said_once(lines: list[Line]) -> list[Line]:
    """A line that a later line of the same passage says in full gives its place to that line ("要求 1
    小时内响应……" first, then "1、一级客诉（严重）：……要求 1 小时内响应……" in the list below: a trainer read the
    same sentence twice)."""
    out: list[Line | None] = list(lines)
    for i, ln in enumerate(lines):
        if ln.hit is None or len(ln.text) < 10 or out[i] is not ln:
            continue
        said = _MARKER.sub("", ln.text).strip()
        # (of one section: two chunks overlap, and a trainer's "机器人独立解决率 = ……" came once whole, once cut)
        later = next(
            (
                j
                for j in range(i + 1, len(lines))
                if _same_section(lines[j], ln) and said in lines[j].text and ln.text != lines[j].text
            ),
            None,
        )
        if later is not None:
            out[i], out[later] = lines[later], None
    kept: list[Line] = []
    for x in out:
        if x is None:
            continue
        if (
            x.hit is not None
            and len(x.text) >= 10
            and any(_same_section(y, x) and _MARKER.sub("", x.text).strip() in y.text for y in kept)
        ):
            continue  # (said whole already: the cut one after it)
        kept.append(x)
    return kept


def _same_section(a: Line, b: Line) -> bool:
    return (
        a.hit is not None
        and b.hit is not None
        and (a.hit.article_id, a.hit.section) == (b.hit.article_id, b.hit.section)
    )


def _without_holes(lines: list[Line]) -> list[Line]:
    """Two lines read out of one paragraph with one sentence between them get that sentence back:
    "一句话：资源有限，用户价值不均。如果对所有人发一样的券……" skipped "我们店铺的数据是，20% 的老客
    贡献了 65% 的销售额。", and the paragraph read as a collage of its own sentences."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        opening = _paragraph_opening(ln, {x.text for x in lines})
        if opening is not None and opening.item:
            # "应对方法是……法务审核。" of the list item "4. 合规风险：……。应对方法是……": the item, whole
            if all(x.text != opening.text for x in out):
                out.append(opening)
            continue
        if opening is not None:
            # "处理要公开，……" without the sentence it follows in its short paragraph ("违规处理要有梯度：第一次
            # 提醒，第二次警告，第三次移出群聊。"): the rule it is about was left out
            out.append(opening)
        elif prev is not None and ln.hit is not None and not (ln.item or prev.item) and _same_chunk(prev, ln):
            for para in ln.hit.text.split("\n"):
                sentences = split_sentences(para)
                if prev.text in sentences and ln.text in sentences:
                    i = sentences.index(prev.text)
                    hole = sentences[i + 1] if sentences.index(ln.text) == i + 2 else ""
                    # (not one said already: the clause that leads "私域流量是啥" came again between the two
                    # lines of its paragraph)
                    if hole and not is_narrative(hole) and all(x.text != hole for x in out):
                        out.append(Line(hole, ln.hit))
                    break
        out.append(ln)
    return out


SHORT_PARAGRAPH = 120  # a paragraph this short is read whole when its second sentence is picked


def _paragraph_opening(line: Line, picked: set[str]) -> Line | None:
    """The first sentence of the short two-sentence paragraph whose second sentence `line` is, when it
    was not picked itself."""
    found = _in_paragraph(line) if not line.item else None
    if found is None or found[1] != 1 or len(found[0]) != 2:
        return None
    first = found[0][0]
    para = "".join(found[0])
    if len(para) > SHORT_PARAGRAPH:
        return None
    # (not an article's talk about itself, "今天和大家聊聊……", nor words a picked line says already)
    said = any(first[:12] in x or x[:12] in first for x in picked)
    if _MARKER.match(first):
        # (a list item's second sentence: the item whole, as an item — its first sentence alone
        # read "4. 合规风险：……" as a line of prose glued to the next)
        return None if said else Line(para, line.hit, item=True, label=_marked_label(first))
    if not said and not _META.search(first) and not is_narrative(first) and not is_heading_like(first):
        return Line(first, line.hit)
    return None


# A numbered item's number and how it is written ("1." and "（1）" number different lists).
_NUMBERED = re.compile(r"^\s*(?:(\d{1,2})(?=[.、．)）]\s*\S)|[（(](\d{1,2})[)）])")


def _opening_number(text: str) -> int:
    """The number a text opens with as a list item ("3）统一口径：……" → 3), 0 for none."""
    m = _NUMBERED.match(text)
    return int(m.group(1) or m.group(2)) if m else 0


def _numbered(text: str) -> tuple[int, str] | None:
    m = _NUMBERED.match(text)
    if m is None:
        return None
    return (int(m.group(1)), "dot") if m.group(1) else (int(m.group(2)), "paren")


def _without_gaps(lines: list[Line]) -> list[Line]:
    """Items 1 and 3 of one list, read in a row, get item 2 back: "选题一般从哪找" gave the 热点 and
    用户 sources and skipped 常青, shown as "1. …" then "3. …" (a list is given whole, not as the items
    that share the question's words)."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        a, b = (_numbered(prev.text) if prev else None), _numbered(ln.text)
        gap = bool(a and b and a[1] == b[1] and 2 <= b[0] - a[0] <= 3)
        if prev is not None and ln.hit is not None and a and b and gap and _same_chunk(prev, ln):
            paragraphs = [p.strip() for p in ln.hit.text.split("\n") if p.strip()]
            between = [p for p in paragraphs if (n := _numbered(p)) and n[1] == a[1] and a[0] < n[0] < b[0]]
            if len(between) == b[0] - a[0] - 1:
                out += [Line(_first_sentence(p, 2 * ITEM_CHARS), ln.hit, item=ln.item) for p in between]
        out.append(ln)
    return out


# How much of a sentence's rest a line cut at "；" may take back (a whole inline list, not a page).
REST_OF_SENTENCE = 160


def _to_sentence_end(lines: list[Line], sides: list[str] | None = None) -> list[Line]:
    """A line that stops at a "；" inside its sentence goes on to the sentence's end: "免费流量和付费
    流量的区别：免费流量……更稳定；" said one side of the comparison and left out "付费流量花钱就有……"
    — unless what follows is shown already, turns to the next thing ("……有“道”有“术”；还有一类人，
    就是自媒体……"), or would be a page of its own. (A compared side's own line, labelled with one of
    `sides`, was read on or not by `_compare`, which knows where the other side starts; a list item
    "工作方式：客服是被动响应……；客户成功是主动介入……。" is read on here like any line.)"""
    shown = {ln.text for ln in lines}
    out: list[Line] = []
    for ln in lines:
        side = ln.item and ln.label in (sides or [])
        found = _in_paragraph(ln) if ln.text.endswith(("；", ";")) and not side else None
        if found is not None:
            units, at = found
            rest: list[str] = []
            for unit in units[at + 1 :]:
                if unit in shown or (not rest and _NEXT_THING.match(unit)):
                    rest = []
                    break
                rest.append(unit)
                if not unit.endswith(("；", ";")):
                    break
            if rest and len("".join(rest)) <= REST_OF_SENTENCE:
                ln = replace(ln, text=ln.text + "".join(rest))
        out.append(ln)
    return out


def _enumerated(text: str) -> list[str]:
    """The names a sentence lists in a row ("拉新、留存、促活跃（促转化），这是……" → 拉新, 留存, 促活跃)."""
    clause = next((c for c in re.split(r"[，,：:。；;]", text) if "、" in c), "")
    names = [re.sub(r"[（(][^）)]*[）)]", "", n).strip() for n in clause.split("、")]
    names = [re.sub(r"^(?:你看|比如|包括|就是|有)", "", n) for n in names]
    return [n for n in names if 2 <= len(n) <= 8] if len(names) >= 2 else []


def _in_paragraph(line: Line) -> tuple[list[str], int] | None:
    """The sentences of the first paragraph of `line`'s passage that says it as one sentence, and
    its place among them; None when no paragraph does."""
    if line.hit is None:
        return None
    for para in line.hit.text.split("\n"):
        sentences = split_sentences(para)
        if line.text in sentences:
            return sentences, sentences.index(line.text)
    return None


# Words that tie a sentence to the one before it in its article ("然后，按第三节的标准挑达人……").
_LINK_WORD = re.compile(r"^(?:然后|接着|其次|另外|此外|同时|而且|并且|再者|还有|最后|所以说)[，,、]\s*")
# The order word a step's text opens with in the article ("首先，", "其次，"): after the step's name
# in a list it says nothing.
_STEP_WORD = re.compile(r"^(?:首先|其次|然后|接着|再次|最后|第[一二三四五六七八九十]步?)[，,、]\s*")


def _unlinked(lines: list[Line]) -> list[Line]:
    """A line that opens the answer, or follows a line of another passage, has no sentence before
    it to go on from: "然后，" or "而且，" there dangles ("找达人种草一般咋挑人？" → "然后，按第三节的
    标准挑达人……"). The word goes; what the sentence says stays."""
    out: list[Line] = []
    for ln in lines:
        follows = bool(out) and out[-1].hit is not None and _same_chunk(out[-1], ln)
        bare = _LINK_WORD.sub("", ln.text) if ln.hit is not None and not follows else ln.text
        out.append(replace(ln, text=bare) if bare != ln.text and _WORDY.search(bare) else ln)
    return out


def _chunk(line: Line) -> str:
    return line.hit.chunk_id if line.hit else ""


def _same_chunk(a: Line, b: Line) -> bool:
    return (a.hit.chunk_id if a.hit else None) == (b.hit.chunk_id if b.hit else None)


def _antecedent(line: Line) -> list[Line]:
    """A sentence that points back ("三者缺一个，……", "这直接反映了……") needs the sentence it
    points to: the one before it in its paragraph, or the last of the paragraph before, if any
    (a line break inside a paragraph, "……的工作。<br/>它和编辑……", is a paragraph of its own)."""
    if line.hit is None or not _ANAPHOR.match(line.text):
        return []
    previous: list[str] = []
    for para in line.hit.text.split("\n"):
        sentences = split_sentences(para)
        if line.text in sentences:
            i = sentences.index(line.text)
            if i > 0:
                before = sentences[i - 1]
                if _THEY.match(line.text) and _ANAPHOR.match(before):
                    return []  # ("他们传播经验" before "他们只靠内容说话": still not who they are)
                return [Line(before, line.hit)]
            last = previous[-1] if previous else ""
            # (only for 它/它们: "这些岗位" after a list points at all of it, not at its last line)
            ok = line.text.startswith("它") and bool(last) and not (is_heading_like(last) or is_item(last))
            ok = ok and not is_narrative(last) and not _LIST_INTRO.search(last.rstrip("。"))
            return [Line(last, line.hit)] if ok else []
        previous = sentences or previous
    return []


_GENERIC_LABEL = re.compile(
    r"^(?:目标|关键指标|核心指标|指标|案例|工作内容|核心工作|职责|方法|做法|重点)$"
)  # ("X的注意" is no Chinese)


def _in_context(line: Line) -> Line:
    """A point read out of its list ("关键指标：功能使用率、……") says whose it is:
    "产品运营的关键指标：……" (the name from the section heading)."""
    m = _LABEL.match(_MARKER.sub("", line.text).strip())
    if line.hit is None or not m or not _GENERIC_LABEL.match(m.group(1).strip()):
        return line
    owner = _label(line.hit.section.rsplit(" > ", 1)[-1])
    if not owner or owner in line.text or len(owner) > 10:
        return line
    return replace(line, text=f"{owner}的{_MARKER.sub('', line.text).strip()}")


_CONNECTORS = frozenset(("和", "与", "跟", "同", "及", "以及", "对比", "相比", "vs", "VS"))
_NOMINAL = re.compile(r"^(?:n|vn|nz|nr|ns|nt|eng|j|k|l|i)")  # a noun, a term, a set phrase
_MODIFIER = re.compile(r"^(?:v|a|b|m|q|t|s|f|uj)")  # a word that can qualify a noun: "新", "运行", "的"
_THAN = ("比", "相比", "比较")
_NOT_SIDE = frozenset(("是", "有", "都", "也", "就", "能", "会", "要", *_THAN))


_ENDS_SIDE = frozenset({"有", "的", "之间", "区别", "相比", "比", "比较", "对比", "是不是", "是否", "哪个", "分别"})


def _noun_phrase(words: list[tuple[str, str]]) -> str:
    """The noun phrase the words start with: nouns and the words that qualify them ("运行经理",
    "toB公司的市场岗", "正儿八经的新媒体"); a verb after a noun is the sentence going on ("运营经理
    做出来能差多少")."""
    out: list[tuple[str, str]] = []
    noun = False
    for i, (w, f) in enumerate(words):
        if w in _NOT_SIDE or not re.search(r"\w", w):
            break
        after = words[i + 1][0] if i + 1 < len(words) else ""
        if noun and f.startswith("v") and len(w) >= 2 and (not after or after in _CONNECTORS or after in _ENDS_SIDE):
            # (a verb that names the work, last in the phrase: "机器审核和人工审核" — 审核 read as a verb left the sides
            # 审核 and 人工)
            out.append((w, f))
            break
        if _NOMINAL.match(f):
            noun = True
        elif not _MODIFIER.match(f) or (noun and f.startswith("v")):
            break
        out.append((w, f))
    while out and (out[-1][0] == "的" or out[-1][1] == "f"):
        out.pop()  # "平台类产品里": not the place word
    return "".join(w for w, _ in out)


def _listed_sides(question: str) -> list[str]:
    """Three or more sides named in a row ("新媒体运营、用户运营、内容运营啥的，都有啥区别啊？"), each a term of
    the trade: the comparison is of all of them (the words around "和" found none, or two)."""
    m = re.search(rf"[{CJK}A-Za-z]+(?:、[{CJK}A-Za-z]+){{2,}}", question)
    if m is None:
        return []
    sides = []
    for part in m.group(0).split("、"):
        term = next((t for t in TERMS_LONGEST_FIRST if len(t) >= 2 and t in part), "")
        if not term:
            return []
        sides.append(term)
    return sides if len(set(sides)) == len(sides) else []


def _chinese_sides(question: str) -> tuple[list[str], str]:
    """The two sides of a comparison and what it is about, read from the words around its first
    connector ("和", "跟", "与"…) in the clause that holds it: "同样搞一个活动，运行经理和运营经理做出来
    能差多少？" → ["运行经理", "运营经理"]; "运营的周报……，和运行的周报有何不同？" → (["运营", "运行"],
    "周报"); "供销社和傍晚商店的日销售额趋势" → (["供销社", "傍晚商店"], "日销售额趋势")."""
    core = re.sub(r"^(?:请问|请说说|说说|讲讲)", "", question.strip())
    core = re.sub(r"分别.*$", "", core)  # "X和Y分别负责什么": each side's definition answers
    words = tag(core)
    at = next((i for i, (w, _) in enumerate(words) if w in _CONNECTORS), None)
    # (jieba reads "iOS和安卓商店" as iOS / 和安卓 (a name) / 商店: the connector is split off again — of a
    # noun only, not "同时" or "及时")
    glued = (
        next((i for i, (w, f) in enumerate(words) if i and len(w) > 1 and w[0] in "和跟与" and f.startswith("n")), None)
        if at is None
        else None
    )
    if glued is not None:
        w, _ = words[glued]
        words = [*words[:glued], (w[0], "c"), (w[1:], "n"), *words[glued + 1 :]]
        at = glued
    if at is None:
        return [], ""
    before = words[:at]
    clause = max((i + 1 for i, (w, _) in enumerate(before) if not re.search(r"\w", w)), default=0)
    if clause == at and clause > 0:
        # "运营的周报应该写什么，和运行的周报": the first side opens the clause before.
        start = max((i + 1 for i, (w, _) in enumerate(before[:-1]) if not re.search(r"\w", w)), default=0)
        first = _noun_phrase(before[start:])
    else:
        # the phrase that ends at the connector: the longest tail of the clause that is one
        tails = ("".join(w for w, _ in before[i:]) for i in range(clause, at))
        first = next((t for i, t in zip(range(clause, at), tails, strict=True) if _noun_phrase(before[i:]) == t), "")
    after = words[at + 1 :]
    while after and after[0][1].startswith(("p", "r")) and after[0][0] not in _NOT_SIDE:
        after = after[1:]  # "跟在国内做", "跟那些……"
    upto = next((i for i, (w, _) in enumerate(after) if w in _THAN or not re.search(r"\w", w)), len(after))
    said = "".join(w for w, _ in after[:upto])
    # "跟那些一上线就砸钱铺市场的社交产品比": the side is all that comes before 比
    second = said if upto < len(after) and after[upto][0] in _THAN else _noun_phrase(after)
    if len(said) <= 8 and not any(w in _NOT_SIDE or f[:1] in "rdypcu" for w, f in after[:upto]):
        # the clause ends with the side, whatever jieba tags its words ("品牌场控" → 品牌/场/控)
        tail = after[:upto]
        second = "".join(w for w, _ in (tail[:-1] if tail and tail[-1][1] == "f" else tail))
    first, second = first.strip("的"), second.strip("的")
    # ("社群和粉丝群区别在哪": the difference asked for is no part of the side — it was "粉丝群区别")
    second = re.sub(r"的?(?:区别|差别|差异|不同)(?:在哪[里儿]?|是啥|是什么)?$", "", second) or second
    # (nor the verb that puts money on it: "种草跟投信息流广告" compares 信息流广告, "投信息流广告" is said nowhere)
    first, second = (re.sub(r"^(?:投(?![放入诉])|搞)(?=[\u4e00-\u9fffA-Za-z]{3,})", "", x) for x in (first, second))
    if not first or not second or first == second:
        return [], ""
    aspect = ""
    a, _, tail_a = first.rpartition("的")
    b, _, tail_b = second.rpartition("的")
    if a and b and tail_a == tail_b:
        first, second, aspect = a, b, tail_a  # "用户运营的活动和市场GTM的活动" → about 活动
    elif b and tail_b and not a and second != said:
        second, aspect = b, tail_b  # "供销社和傍晚商店的日销售额趋势"
    if aspect in INTENT_WORDS["compare"]:
        aspect = ""  # ("……和活动运营的区别是什么": 区别 is what is asked, not what of them)
    said_in = re.search(r"在([^，,。？?在]{2,8}?)(?:上|方面)", question)
    if not aspect and said_in:
        aspect = said_in.group(1)  # "客户成功跟客服在考核指标上有什么区别？" → about 考核指标
    # A third side in a "、" list: "运作和运营、运行", "运营、运行和运作".
    third, ahead = "", False
    if upto < len(after) and after[upto][0] == "、":
        rest = after[upto + 1 :]
        end = next((i for i, (w, _) in enumerate(rest) if not re.search(r"\w", w)), len(rest))
        third = _noun_phrase(rest[:end]).rsplit("的", 1)[0] if end else ""
    elif clause > 1 and before[clause - 1][0] == "、":
        start = max((i + 1 for i, (w, _) in enumerate(before[: clause - 1]) if not re.search(r"\w", w)), default=0)
        third, ahead = _noun_phrase(before[start : clause - 1]), True
    sides = [first[-12:], second[:12]]
    if third and third not in sides and len(third) <= 12 and not aspect:
        sides = [third, *sides] if ahead else [*sides, third]
    return sides, aspect


_ASKED_NOUN = re.compile(r"(?:哪些|哪几[个种类条点项]?|什么)(\w{1,4})")


def _side_claim(line: Line, side: str) -> Line:
    """A side's line under a heading that says something of that side ("运营是高危职业，一着不慎，满盘
    皆输" over "做不出成绩会被老板骂……"): the heading is the claim, the line what backs it."""
    if line.hit is None:
        return line
    heading = _bare_heading(line.hit.section.rsplit(" > ", 1)[-1])
    if not re.match(rf"{re.escape(side)}(?:是|就是|更|比|要|得|需要|重)", heading) or heading in line.text:
        return line
    if _ASKING_HEADING.search(heading) or not re.search(r"是|，", heading[len(side) :]):
        return line
    return replace(line, text=f"{heading.rstrip('。')}。{line.text}")


def _than_sides(question: str) -> tuple[list[str], str]:
    """ "听说干运营压力比干运行大多了，两边差在哪" → (["运营", "运行"], "压力"): the terms of the trade
    either side of 比 (the last one before it, the first one after it) and what is compared (the
    words between the first side and 比), when the question has no "和"/"跟"."""
    m = re.search(r"(?<![对相好无])比(?![较如例赛重方喻作])", question)
    if not m:
        return [], ""
    before, after = question[: m.start()], question[m.end() :]
    terms = [t for t in TERMS_LONGEST_FIRST if len(t) >= 2]
    ends = [(before.rfind(t) + len(t), len(t), t) for t in terms if t in before]
    starts = [(after.find(t), -len(t), t) for t in terms if t in after[:8]]
    if not ends or not starts:
        return [], ""
    (end, _, first), second = max(ends), min(starts)[2]
    start, aspect = end - len(first), before[end:].strip("的 ")
    for e, _, t in sorted(ends, reverse=True):  # "社群"+"运营" is one side; "新媒体运营的转化率": side + aspect
        if e == start:
            first, start = t + first, e - len(t)
        elif e == start - 1 and before[e] == "的" and not aspect:
            first, aspect, start = t, first, e - len(t)
    if first == second:
        return [], ""
    return [first, second], aspect if re.fullmatch(f"[{CJK}]{{2,6}}", aspect) else ""


def _names_both(heading: str, sides: list[str]) -> bool:
    """Does the heading compare the two sides, naming each (in full or by its short form)?"""
    return len(sides) == 2 and bool(_COMPARES.search(heading)) and all(_says_side(heading, x) for x in sides)


def _side_name(side: str) -> str:
    """A pattern for a side's name, in full or, for a two-character short form, the name it shortens ("机审":
    机器审核; "客服": 客户服务)."""
    if len(side) == 2 and has_cjk(side):
        return f"{re.escape(side[0])}(?:[{CJK}]{re.escape(side[1])}[{CJK}]?|{re.escape(side[1])})"
    return re.escape(side)


def _says_side(heading: str, side: str) -> bool:
    """Does the heading name the side, in full or as its two-character short form names it ("客服" in
    "客户成功和客户服务有什么区别": 客户服务; a trainer's "客户成功跟客服有啥不一样" missed that section)?"""
    if side.lower() in heading.lower():  # ("push和短信有啥区别" names the heading's Push)
        return True
    return (
        len(side) == 2
        and has_cjk(side)
        and re.search(f"{re.escape(side[0])}[{CJK}]{re.escape(side[1])}", heading) is not None
    )


def _index(order: list[str], text: str) -> int:
    return order.index(text) if text in order else len(order)


def _narrower(heading: str, subject: str) -> bool:
    """A heading about one aspect of the subject ("活动运营的四大风险" for "活动运营是做什么的")
    does not say what the subject is."""
    head = _bare_heading(heading)
    rest = head.split(subject, 1)[1] if subject in head else ""
    return bool(re.match(rf"^的[{CJK}]{{2,}}", rest))


def _statements(section: Section) -> list[Line]:
    """A section's statements in reading order: no narrative, no line that is only a heading."""
    return [
        Line(_statement(x), u.hit)
        for u in section.units
        for x in split_sentences(u.text)
        if not is_narrative(_statement(x)) and not is_heading_like(x)
    ]


def _lead(text: str, chars: int) -> str:
    """The paragraph's first sentences, as many as fit in `chars` (at least one)."""
    out = ""
    for s in split_sentences(text):
        if out and len(out) + len(s) > chars:
            break
        out += s
    return out


def _heading_lead(section: Section, hit: Hit | None) -> Line:
    """A section's heading as the line that opens its list: "产品运营：优化产品与用户的匹配度。",
    "销售岗位体现：" (cited to where the list starts)."""
    label = _bare_heading(section.heading).rstrip("。：:")
    if re.search("[：:]", label):
        return Line(label + "。", hit)  # "产品运营：优化产品与用户的匹配度。" states something: cited
    return Line(label + "：", None)  # "社群运营的五个常见误区：" only names the list that follows


def _closing(unit: Unit) -> Line | None:
    """The paragraph right after a list, in its section, as the line that closes the list ("做到
    这四步，社群才算搭起来。"): its first sentence, unless it is a story, a heading or announces
    something else."""
    closing = _first_sentence(unit.text, 160)
    if not closing or is_narrative(closing) or is_heading_like(closing) or re.search(r"[：:]$", closing):
        return None
    if re.match(r"(?:举个例子|举例来说|比如|例如)[：:，,]", closing):
        return None  # (an example after the list is no line that closes it: "举个例子：某在线课程 App……")
    return Line(closing, unit.hit)


# The most of its paragraph a list's announcement takes with it (a sentence or two, not a page).
LEAD_CHARS = 60


def _with_lead(line: Line) -> Line:
    """A list's announcement with what its paragraph says before it, when that is short: "下播后 24
    小时内必须复盘。我们主要看这五个指标：" — "我们主要看这五个指标：" alone says neither when nor what."""
    found = _in_paragraph(line)
    before = found[0][: found[1]] if found is not None else []
    said = "".join(before)
    if before and len(said) <= LEAD_CHARS and not any(is_narrative(x) for x in before):
        return replace(line, text=said + line.text)
    return line


def _point_of(line: Line) -> str:
    """A list item's statement, without its marker (how it reads inside its passage, in part)."""
    return _MARKER.sub("", line.text).strip()[:20]


def _announcing(line: Line) -> Line:
    """The sentence that announces a list, ending in "：" as the list follows it."""
    text = line.text.rstrip("。，, ")
    return replace(line, text=text if text.endswith(("：", ":")) else text + "：")


_NOWHERE = 10_000  # the position of a line not found verbatim in its passage: after the others


def _opening(lines: list[Line]) -> Line:
    """The answer's first paragraph: its first line and the lines of the same passage after it
    ("种草笔记要挂链接吗？" then "不一定。……"), as one line."""
    k = 1
    while k < len(lines) and not lines[k].item and not lines[0].item and _same_chunk(lines[k], lines[0]):
        k += 1
    return replace(lines[0], text="".join(ln.text for ln in lines[:k]))


def _item_number(line: Line) -> int:
    """The number a list item opens with ("6. 输出报告和行动项" → 6), 0 for any other line."""
    return _opening_number(line.text) if line.item and line.hit is not None else 0


def _follows(line: Line, other: Line) -> bool:
    """Is `line` the item right after `other` in one section's numbered list?"""
    n = _item_number(line)
    held, own = other.hit, line.hit
    return (
        n >= 2 and _item_number(other) == n - 1 and held is not None and own is not None and held.section == own.section
    )


def _after_its_list(groups: list[list[Line]]) -> list[list[Line]]:
    """A numbered item in a passage of its own follows the item before it ("6. 输出报告和行动项" led "1. 明确调研
    目标" … "5. 整理与分析" when the list ran on into the next passage, and that passage ranked first), in its
    group as among the groups."""
    out = list(groups)
    k = 0
    while k < len(out):
        before = next((j for j in range(k + 1, len(out)) if any(_follows(out[k][0], ln) for ln in out[j])), None)
        if before is not None:
            out.insert(before, out.pop(k))  # (right after the group holding the item before it)
            continue
        k += 1
    return [_in_list_order(g) for g in out]


def _in_list_order(group: list[Line]) -> list[Line]:
    lines = list(group)
    for _ in range(len(lines)):
        at = next(
            ((i, j) for i, line in enumerate(lines) for j in range(i + 1, len(lines)) if _follows(line, lines[j])),
            None,
        )
        if at is None:
            break
        i, j = at
        line = lines.pop(i)
        end = j  # (j - 1 after the pop, and past the lines under it)
        while end < len(lines) and not lines[end].item:
            end += 1
        lines.insert(end, line)
    return lines


def _pos(line: Line) -> int:
    if line.hit is None:
        return 0
    found = line.hit.text.find(line.text)
    return found if found >= 0 else _NOWHERE

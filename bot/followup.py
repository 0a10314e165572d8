"""Follow-up questions ("那运作呢？", "第三个呢？", "它的关键指标呢？") rewritten into questions that
stand alone, by rules: instant, predictable, and never gluing two questions together."""

from __future__ import annotations

import re

from bot.text import CJK, has_cjk, normalise
from bot.vocab import GLOSSARY, SYNONYMS, TERMS_LONGEST_FIRST, chinese_terms, glossary_pattern

# What came of what was told: "后来……", "改完之后……".
_AFTERWARDS = re.compile(r"后来|(?:改|做|调|换)完(?:之后|以后|后)|改版后|调整后")
_FOLLOW_START = re.compile(
    # (or what came of what was told: "改完之后复购率变成多少了？" after a case got another article's 32%, trn52)
    rf"^(那么?|那个|还有(?!一?些)|另外|再说说|再讲讲|接着说|然后呢|那如果|如果是|和|跟|与|{_AFTERWARDS.pattern}|"
    r"what about|how about|and |and what|what of|same for)",
    re.IGNORECASE,
)
# These open follow-ups only in short questions without a subject of their own:
# "具体怎么做？" is one, "为什么运营要做用户分层？" is not.
# "这个月" / "这些天" / "那个时候" say when, and point at nothing said before.
_WHEN = r"(?!月|星期|礼拜|周|季度|年|阶段|时候|时间|时段|节点|点|天|日子|期间)"
_EACH_KIND = r"(?:每一?个?|各个?)(?:阶段|步骤|步|环节|层级|层|类型|类|种)"
_WHICH_MOST = r"哪(?:一)?[个种项条类](?=最|更|比较)"
_WEAK_START = re.compile(
    rf"^(具体|详细|展开|举个?例子?|比如说?|为什么|为啥|为何|怎么说|此话怎讲|怎么做|有什么例子|能举例|它|他们|这个{_WHEN}|这些{_WHEN}|这种|上面|刚才"
    rf"|{_WHICH_MOST}"  # ("哪个最重要？": of the ones just listed)
    rf"|{_EACH_KIND})"  # ("每个阶段看啥指标": of the last subject's)
)
_FOLLOW_WORDS = re.compile(
    # (上面/前面 of what was said, not the front of a thing: "详情页前面几屏放啥内容好" was glued to the last question)
    rf"(它|他们|她们|这个{_WHEN}|这些{_WHEN}|那个{_WHEN}|那些{_WHEN}|刚才|(?<![{CJK}])(?:上面|前面)|(?:上面|前面)(?=说|讲|提|聊|问)"
    r"|\bit\b|\bthey\b|\bthose\b"
    r"|\bwhich (?:one|of them|of these|of those)\b)",  # ("Which one has the shortest shelf life?")
    re.I,
)
_THAT = re.compile(r"那么?(?![个些样时]|种(?!草))")  # "那X……" (not 那个/那些: they point back)
_STRIP = re.compile(
    # (not the 那 of 那个/那些: "那个案例最后复盘结论是啥？" lost it and became "……案例个案例最后复盘结论是啥？")
    # (not the 还有 of 还有些: "还有些老客好久没来买了……" became "些老客……")
    r"^(" + _THAT.pattern + r"|还有(?!一?些)|另外|再说说|再讲讲|那如果|如果是|what about|how about|and)\s*"
    r"|[呢吗啊呀吧？?。！!\s]+$",
    re.I,
)


# (a count names a list too: "运营的三个层次是什么？" lists them, and "那运作呢？" after it is the third one,
# not "运作的三个层次是什么？")
_KINDS = re.compile(
    r"哪几|哪些|几类|几种|几个|分为|分成|包括|(?<![\d.])[二三四五六七八九十两2-9]\s*(?:个|种|类|大|条|项|层|步)"
)

# A closing clause that asks how to tell it, not what ("AARRR模型是啥，通俗点讲讲"): it matched the
# headings of other sections (RARRA's) and made the question a "general" one.
_HOW_TO_TELL = re.compile(
    r"[，,]\s*(?:(?:请|麻烦)?你?(?:能不能|能|可以)?(?:给我)?(?:通俗|简单|详细|仔细|展开|大概|简要|用大白话)(?:一)?[点些地]?"
    r"(?:讲讲|说说|讲一讲|说一说|讲一下|说一下|解释一下|介绍一下|聊聊|讲|说)|说人话)[吗呗呀啊吧呢]*[？?。!！]*$"
)


# An opening clause that says who asks, not what ("我们是做母婴的，老板让我……该从哪下手？"): the
# playbook's answer does not depend on the trade, and its word (母婴), said by no passage on the
# question, refused it.
_WHO_ASKS = re.compile(
    r"^(?:我|我们|咱们|我司|我们公司|公司|我们家)(?:是|是一家|是个|是家)?(?:做|搞|卖)[^，,。？?！!]{1,12}的"
    r"(?:公司|品牌|店铺|团队)?[，,。！!]\s*"
)


def without_who_asks(question: str) -> str:
    """The question without an opening clause that says whose business it is ("我们是做母婴的，")."""
    rest = _WHO_ASKS.sub("", question, count=1).strip()
    return rest if re.search(rf"[{CJK}A-Za-z]{{4,}}", rest) else question


def without_how_to_tell(question: str) -> str:
    """The question without a closing request for how to tell it ("，通俗点讲讲", "，说人话")."""
    rest = _HOW_TO_TELL.sub("", question).strip()
    return rest if re.search(rf"[{CJK}A-Za-z]{{2,}}", rest) else question


# A clause that argues rather than asks ("社群跟粉丝群 不都是一堆人在一个群里吗 有啥区别", "为啥审核要机审加人审，
# 不能全靠机器吗？"): its words diluted the comparison (one difference of three was given) and the heading.
_ASIDE = re.compile(
    r"[\s，,]+(?:不都是|不都|不就是|不就|不也是|不也|难道|不能|不是)[^，,。？?！!\s]{2,16}吗[？?！!]?(?=[\s，,]|$)"
)


def without_aside(question: str) -> str:
    """The question without a clause that argues ("不都是一堆人在一个群里吗"), when the rest still asks."""
    rest = _ASIDE.sub("", question).strip(" ，,")
    return rest if rest != question.strip() and _ASKS.search(rest) and len(rest) >= 4 else question


# What a new hire puts around the question that no passage says: who they heard it from ("产品运营那边说的NPS是个啥"),
# their own scene in a clause of its own ("我们就俩人 日更还是周更"), hedges ("其实有点像销售"). Each word was a
# term the passages lacked, and the question was refused; without them it was answered.
_HEARSAY = re.compile(r"^(?:听说|据说|都说|常说|人家说|大家说|[^\s，,。？?！!]{1,8}?(?:那边|那里|这边)(?:说|讲|提)的)")
_OWN_SCENE = re.compile(r"^(?:我|我们|咱们|咱|我这|我们这)[^\s，,。？?！!]{1,12}[\s，,]+")
_HEDGE = re.compile(rf"其实|有点儿?|(?<=[{CJK}])老是|(?<=[{CJK}])总是|(?:老|总)(?=说)")
# "除了这个" says only that more is asked; "非做私域不可" is "要做私域" (both refused "除了这个 还有啥理由非做私域
# 不可", nh52)
_BESIDES = re.compile(r"^(?:除了(?:这个|这些|这点|这一点|上面说的|刚才说的)(?:以外|之外)?|除此之外)[\s，,]*")
_MUST = re.compile(r"非([^\s，,。？?！!]{1,10}?)不可")
# A topic set up before the question ("评价那块呢 来了差评咋整"): what it is about, then what it asks (nh54: refused for
# its 那块呢, then glued to the last question).
_TOPIC_FIRST = re.compile(r"^([^\s，,。？?！!]{2,12}?)(?:那块|这块|那一块|这一块|那边|这边|方面)?呢[\s，,]+(?=\S)")


def without_filler(question: str) -> str:
    """The question without who it was heard from, the asker's own scene and hedges, when what is left still asks
    (the question itself otherwise)."""
    rest = _HEARSAY.sub("", question.strip(), count=1)
    scene = _OWN_SCENE.match(rest)
    if scene is not None and not _ASKS.search(scene.group(0)):
        rest = rest[scene.end() :]
    rest = _MUST.sub(r"要\1", _BESIDES.sub("", _HEDGE.sub("", rest))).strip(" ，,")
    rest = _TOPIC_FIRST.sub(r"\1，", rest, count=1)
    asks = _ASKS.search(rest) is not None and len(re.findall(rf"[{CJK}A-Za-z]", rest)) >= 4
    return rest if asks else question.strip()


# A 它 right after the thing the question opens with names that thing again ("K因子它怎么算"): it points at nothing said
# before (it became "K因子北极星指标跟它怎么算？"). Not after a word that relates it ("北极星指标跟它啥关系").
_NOT_A_THING = r"，,。？?！!\s跟和与同对把让给用被比在从向将说看做问啥么呢吗为那这就还也都又才再"
_APPOSED_IT = re.compile(rf"^([^，,。？?！!\s]{{1,9}}[^{_NOT_A_THING}])它(?!们)")


def plain_question(question: str) -> str:
    """What a message asks, without who asks, how to tell it, an aside that argues, or a 它 that names its own
    subject again."""
    question = _APPOSED_IT.sub(r"\1", question)
    return without_who_asks(without_how_to_tell(without_aside(question)))


def asks_kinds(question: str) -> bool:
    """A question whose answer is a list of kinds ("种草达人分哪几类？"): a follow-up may name one."""
    return bool(_KINDS.search(question))


def is_follow_up(question: str) -> bool:
    q = question.strip()
    parts = [p for p in re.split(r"(?<=[？?])", q) if p.strip()]
    if len(parts) > 1 and not is_follow_up(parts[0]):
        # "UV价值是个啥？为啥说新人要特别关注它？": it is what the message's first question names, not
        # the last question (it was shown as "为啥说新人要特别关注每天早上打开后台，……？").
        return False
    # (the same with a space for the question mark, when the first part asks: "UV价值是啥 为啥说新人要盯它" became
    # "UV价值是啥 为啥说新人要盯转化率低的话？")
    spaced = q.split(maxsplit=1)
    if len(parts) == 1 and len(spaced) > 1 and _ASKS.search(spaced[0]) and not is_follow_up(spaced[0]):
        return False
    core = re.sub(r"[？?。！!\s]", "", q)
    if _FOLLOW_START.match(q) or core.endswith("呢") or len(core) <= 4:
        return True
    if re.match(r"它们?", core) or re.search(r"(?:跟|和|与|同)它们?", core):
        # ("北极星指标跟它啥关系" names one side; 它, the other, is what was asked of last: it went unread)
        return True  # ("它跟公域比有啥好处" names 公域, and 它 is still what was asked of last: it was refused)
    if not has_cjk(q) and (_EN_POINTING.search(q) or _EN_EXAMPLE.fullmatch(q) or _EN_WHICH.match(q)):
        # (an English question points back though it names a thing: "What mistakes do teams usually make with
        # it?" after a question on 私域 got the 社群 mistakes; "Is there a real case?" was refused)
        return True
    # A quoted phrase is the question's own subject ("“高屋建瓴”这个成语怎么造句？": 这个 points at it).
    # (an English question names its subject in the glossary's words: "Is private domain traffic worth
    # it for a small brand?" asks of 私域流量, its "it" points at nothing said before)
    terms = terms_in(core) or (not has_cjk(q) and chinese_terms(q))
    no_subject = not terms and not re.search(r"[“「\"‘'][^”」\"’']{2,}[”」\"’']", q)
    return no_subject and (
        bool(_WEAK_START.match(core))
        and len(core) <= 12
        and not _asks_why_of_its_own(core)
        or bool(_FOLLOW_WORDS.search(_own_people(_APPOSITIVE.sub("", q))))
        or bool(_ASKS_EXAMPLE.fullmatch(core.rstrip("呗嘛啊呀吧")))  # ("有没有真实例子": of what was asked)
    )


def _asks_why_of_its_own(core: str) -> bool:
    """ "为什么要每半小时上福利款" says what it asks why of (it was glued to the last question: "……我作为
    运营要为什么要每半小时上福利款？"); "为什么这么做", "为什么要懂数据" lean on what was said."""
    m = re.match(r"^(?:为什么|为啥|为何)(?:要|得|会|说|是)?(.*)$", core)
    rest = m.group(1) if m else ""
    return len(re.findall(rf"[{CJK}]", rest)) >= 6 and not re.search(r"这|那|它|其", rest)


# What makes a part of a message a question of its own: it asks something.
_ASKS = re.compile(
    r"什么|啥|怎么|怎样|如何|哪|多少|多久|多快|几|为什么|为啥|为何|咋|吗|呢|是否|有没有|能不能|要不要|还是"
)
MAX_PARTS = 3


# A comparison naming both sides and asking nothing more ("免费的跟付费的比呢", "那A和B比起来呢").
_BOTH_SIDES = re.compile(
    rf"^(?:那么?)?(?P<a>[{CJK}A-Za-z0-9]{{1,10}}?)(?:跟|和|与|同)(?P<b>[{CJK}A-Za-z0-9]{{1,10}}?)"
    r"(?:比|相比|比起来|对比|比较)(?:一下)?(?:呢|的话|怎么样|咋样|如何)?$"
)
_AGAINST = re.compile(
    rf"^(?:那|那么)?(?:跟|和|与|同)[{CJK}A-Za-z0-9]{{1,12}}(?:有?(?:什么|啥)?(?:区别|不同|差别|关系|联系)|比|(?:是不是)?一回事)"
)


def asked_parts(question: str) -> list[str]:
    """ "直播运营负责什么？复盘看哪些数据？" → its two questions; a message asking one thing (or with a
    part that asks nothing: "……？另外，在回答最后加上……。") → [question]."""
    parts = [p.strip() for p in re.split(r"(?<=[？?])", question) if p.strip()]
    # (a space for the question mark, when each side asks: "复盘看哪几个数 分享率咋算" got 分享率 alone; not
    # "私域朋友圈一周发啥 有没有节奏表", whose second part asks whether the first's has one, nor a scene "小团队没啥钱")
    spaced = question.split()
    if (
        len(parts) == 1
        and has_cjk(question)
        and all(_ASKS.search(re.sub("没(?:啥|什么)", "", p)) for p in spaced)
        and not any(re.match(r"有没有|是不是|能不能|要不要|可不可以", p) for p in spaced[1:])
    ):
        parts = spaced
    against = re.fullmatch(r"([^，,]+)[，,]\s*([^，,]+)", question.strip())
    if len(parts) == 1 and against and _ASKS.search(against.group(1)) and _AGAINST.match(against.group(2)):
        # (and a comma before a part that sets the subject against another: "北极星指标是啥，跟KPI有啥关系" was
        # answered whole with the six criteria, which never say KPI, and refused — nh58)
        parts = [against.group(1), against.group(2)]
    if not 2 <= len(parts) <= MAX_PARTS:
        return [question]
    if not all(_ASKS.search(p) and len(re.findall(rf"[{CJK}A-Za-z0-9]", p)) >= 4 for p in parts):
        return [question]
    # "私域是啥？跟公域有啥区别": the later part sets the first one's subject against another; it asks a
    # question of its own, with that subject ("私域跟公域有啥区别"), not one glued to the definition.
    subject = next(iter(terms_in(parts[0])), "")
    if len(parts) == 2 and subject and _AGAINST.match(parts[1]) and subject not in parts[1]:
        return [parts[0], f"{subject}{parts[1]}"]
    # A part that points back ("哪个运营岗位会看它？", "那短视频呢") is one question with the part before;
    # one that only adds a question of its own ("另外预算和ROI怎么算比较合理") is not.
    if any(is_follow_up(ADDED.sub("", p)) or _PRONOUN.search(p) for p in parts[1:]):
        return [question]
    # (and one that names nothing, asking only how much or how it is judged: "入群率是咋算的 多少算正常" asks both of
    # 入群率 — "多少算正常" alone got every metric of the section, nh54)
    if any(len(re.findall(f"[{CJK}A-Za-z]", _ASKS_ONLY.sub("", p))) < 2 for p in parts[1:]):
        return [question]
    return parts


# The words that only ask, how much or how it is judged ("多少算正常", "一般几天合适").
_ASKS_ONLY = re.compile(
    r"多少|多久|多长|几|算|正常|合适|合理|健康|比较|好|一般|大概|通常|咋|怎么|如何|啥|什么|呢|啊|呀|吗|嘛|为啥|为什么|是|的|[？?。！!，,\s]"
)


def terms_in(text: str) -> list[str]:
    """Vocabulary terms in order of appearance, longest match first."""
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    low = normalise(text)
    for term in TERMS_LONGEST_FIRST:
        start = low.find(normalise(term))
        if start >= 0 and not taken & set(range(start, start + len(term))):
            found.append((start, term))
            taken |= set(range(start, start + len(term)))
    return [t for _, t in sorted(found)]


_QWORD = re.compile(
    r"(?:主要|一般|到底|具体|应该|分别)?(?:是个(?:啥|什么)|是什么|什么是|做什么|干什么|干嘛|负责什么|有哪些|有什么|哪些|怎么办|怎么做|怎么|如何|怎样|为什么|为何|为啥|是不是|吗|呢"
    r"|(?:干|做|管)些?(?:啥|什么)|是啥|有啥|啥意思|啥|咋"
    r"|(?:从|在|去)?(?:哪里|哪儿|哪)(?:来|找|看|下手|入手)?)"  # (where from: "京东店铺的流量从哪来？")
)
_ORDINALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# "第三个", "最后一个", and the ends of a ladder named by height: "最高那一层" (the last of a list
# of levels, which playbooks give from the bottom up), "最基础的那个" (the first).
_TOP = r"最(?:高|顶|上|高级)"
_BOTTOM = r"最(?:基础|底|低|下|初级)"
# ("第一次", "第二天", "第三方", "第一名" are no place in a list)
ORDINAL = re.compile(
    r"第\s*([一二两三四五六七八九十]|\d{1,2})\s*(?:个|点|种|条|步|类|项|层|级|招|(?![次天年月周回轮批代时手眼线方名人季期印]))"
    r"|最后(?:那|这)?一?(?:个|点|种|条|步)"  # ("最后那步要防的几类风险" was refused)
    rf"|(?:{_TOP}|{_BOTTOM})(?:的|那)?(?:那|这)?一?(?:个|层|级|种|类)"
)
# The noun after an ordinal ("第二个岗位"): it names the list, the item replaces both.
_ITEM_NOUN = re.compile(
    r"^(?:岗位|层次|层级|角色|步骤|阶段|类型|方面|方法|指标|误区|环节|职责|能力|区别|原因|特点|标准|策略)"
)
_COMPARES = re.compile(r"区别|差别|差异|不同|不一样|对比|比较|差在哪")
_LEVELS = ("运营", "运行", "运作")  # the trade's three levels: a follow-up on one asks of a role or level
# Two subjects asked of together: how they go together (not what sets them apart: an example is of one).
_TOGETHER = re.compile(r"配合|结合|关系|联系|搭配|一起|串起来")
_GENERIC = frozenset({*_LEVELS, "用户", "产品"})  # subjects every list shares
# ("参考值多少算好" is a question as it is; "那P0要多快响应？" became "……多快响应是什么？")
ASKS_HOW_MUCH = re.compile(r"多少|多久|多快|多大|多高|多长|几")
# Who asks, said as the subject ("我这种刚来的该从哪层干起"): a scene the last subject is asked in, not a
# subject of its own in the last one's place (it became "我这种刚来的该的三个层次从哪层干起？").
_ASKER = re.compile(r"^(?:像)?(?:我|我们|咱们|咱)")
# (how often too: "私域朋友圈一周发啥" is about 私域朋友圈 — "一天最多发几条" after it became "私域朋友圈一周发，
# 一天……")
_ADVERB = re.compile(
    r"平时|平常|日常|通常|一般|主要|到底|具体|每天|天天|一天|一周|每周|每月|每个月|都在|都要|都干|都做|应该"
)
# What a clause opens with when it asks what must or can be done ("要做多少单", "得投多少钱"): no subject.
_MODAL = re.compile(r"要|得|该|需要|应该|应当|能|可以|想|准备|打算")
# "另外，……" / "还有……" opening a later part of one message: another question, not a follow-up.
ADDED = re.compile(r"^(?:另外|还有|此外|再就是|顺便问一?下|顺便)[，,、\s]*")
_PRONOUN = re.compile(
    rf"它们|它|他们|她们|这个{_WHEN}|这些{_WHEN}|这种|那个{_WHEN}|那些{_WHEN}|上面说的|刚才说的|前面说的"
)
# A question that asks already, in words 是什么 after it would garble ("DAU能当北极星指标不",
# "从哪查起", "要不要做").
# (when, in what case: "那什么情况要转人工" after a comparison became "……什么情况要转人工是什么？")
_ASKS_ALREADY = re.compile(
    r"哪|吗|么$|是否|有没有|能不能|要不要|会不会|可不可以|[能会要可该行算][^，,。]*[不没]$"
    # (what kind of thing: "看到什么信号就该准备换了" became "……换了，怎么办？" — trn53)
    rf"|什么(?:时候|时间|情况|场景|条件|阶段|样的|程度|[{CJK}]{{1,3}}(?:就|才|要|该|算))|啥(?:时候|情况|场景)"
)


def _names_a_thing(words: str) -> bool:
    """Do the words open with a thing's name (CSAT, 积分, 变现), not with who asks or a verb ("我这种刚来的",
    "要跑")?"""
    from bot.keyword import tag  # (jieba's tagger, loaded only when a follow-up needs it)

    first = next(((w, f) for w, f in tag(words) if w.strip()), ("", ""))
    return not _ASKER.match(words) and len(first[0]) >= 2 and first[1][:1] not in set("rdpcum")


# Which of the last question's things ("新注册用户适合哪种？" after "先审后发和先发后审").
_WHICH_OF = re.compile(r"哪(?:一)?[种个样类层步级]|哪个阶段|选哪|用哪")
# A subject that is a happening ("流量突然掉了", "转化率下降"), not a thing one asks the meaning of.
_SITUATION = re.compile(
    # (and how it stands: "要是完读率很低呢" became "要是完读率很低是什么？" — nh58)
    r"了$|下降|下滑|上涨|变少|变多|不涨|不动|没人|跑了|(?:很|太|特别|偏|比较|有点|非常)(?:低|高|少|差|慢)$"
)
# A case put ("要是完读率很低呢"): what to do in it is asked, of what follows.
_CASE_PUT = re.compile(r"^(?:要是|如果|假如|万一)(?=.)")
# A clause that says what happened, at its end ("在线人数往下掉", "在线人多但成交少").
_HAPPENING = re.compile(r"(?:了|掉|下降|下滑|上涨|变少|变多|不涨|不动|没人|跑了|[^多]少|低|差|慢)$")
# Two things a question sets side by side by name ("会员等级跟付费会员"): its own subject.
_OWN_PAIR = re.compile(rf"[{CJK}A-Za-z]{{2,}}(?:和|跟|与|同)[{CJK}A-Za-z]{{2,}}")


# What follows an item of a list named by its own word or letter ("激活那个", "A那步", "留存那一环").
ITEM_POINTER = r"(?:那|这)(?:个|一?[步环层类种项段关块])"
# A later clause opened by 那 "then" with its subject left out ("内容社区没有消费金额 那还能用吗").
_THEN_CLAUSE = re.compile(r"(?<=[\s，,])那么?(?=还|也|就|能|可以|会|要|该|是不是)")

# A clause that opens by pointing at what was named before it ("这三个字母分别指啥", "这种算运营吗").
# (or 这 / 它 alone: "老板想投达人种草 这到底是个啥" is about 达人种草 — "这" was its subject, and 它 two turns on
# pointed at it)
_POINTS_BACK = re.compile(r"(?:这|那)(?:个|种|些|俩|[一二三四五六七八九十两几]+[个种类项条点])|(?:这|那|它)$")


# A step done, asked what comes after it ("加完好友之后呢", "建完群以后"): a done action (完/好/了), then 之后/以后.
_NEXT_STEP = re.compile(rf"([{CJK}]{{1,6}}[完好了][{CJK}]{{0,4}}?)(?:之后|以后|过后)")
_WHEN_ALONE = re.compile(r"(?:后来|然后|之后|最后|现在|当时|当初|那时候?|一般|平时|通常|具体|到底|究竟)+")


def _topic(question: str) -> str:
    """What a question is about: its first vocabulary term ("数据运营主要做什么？" → "数据运营"),
    else the words before its question word ("双11服务器扛不住了怎么办？" → "双11服务器扛不住了")."""
    if not has_cjk(question):
        # An English question's subject in the playbook's words ("What is a North Star Metric…" →
        # 北极星指标): a Chinese follow-up was glued to the whole English sentence.
        return next(iter(chinese_terms(question)), "")
    m = _QWORD.search(question)
    # (or before how much it asks: "积分消耗率多少算健康" is about 积分消耗率 — "太低了说明啥？" after it
    # became "积分消耗率多少算健康太低了说明啥？")
    much = re.search(r"(?:一般|大概|大约)?(?:分为?|分成)?(?:多少|多久|多大|多高|多长|(?<![那这哪])几)", question)
    if much and much.start() > 0 and (m is None or much.start() < m.start()):
        m = much
    core = (question[: m.start()] if m and m.start() > 0 else question).strip(" ？?。！!，,的")
    # "内容运营平时都干些啥？" is about 内容运营: how often or how much is not part of the subject.
    core = _ADVERB.split(core, maxsplit=1)[0].strip(" ，,的") or core
    # (asking for more is no part of it: "流量运营展开说说" is about 流量运营)
    core = re.sub(r"(?:具体|详细|再)?(?:展开)?(?:说说|讲讲|说一下|讲一下|聊聊|介绍一下)$", "", core) or core
    # (nor how it turns to it: "那运作又是啥" is about 运作 — "那运作又，有例子吗？" was asked after it)
    # (not the 那 of 那个: "后来呢" after "那个精华品牌第一轮花了40万 为啥搜索量没动" became "个精华品牌……，后来呢？",
    # nh53)
    core = re.sub(r"^(?:那么?(?![个些])|还有|另外)|(?:又|还|到底|究竟)$", "", core) or core
    # (nor what it must do: "预热期要干啥？" is about 预热期 — "它主要看啥数据" became "预热期要主要看啥数据？")
    core = re.sub(r"(?:需要|应该|应当|得|要|该)$", "", core) or core
    # (nor a verb its question word needs: "用户运营靠啥吃饭" is about 用户运营, "工单处理流程是咋样的" about
    # 工单处理流程, "质检要看哪些指标" about 质检 — "它一般看啥数据" became "用户运营靠一般看啥数据？")
    core = re.sub(r"(?:(?:需要|应该|应当|得|要|该)(?:准备|备|看|做|搞)|靠|是|有)$", "", core) or core
    # (nor how it is divided: "运营分哪三个层级" is about 运营 — "举个例子呗" after it became "运营分，有例子吗？")
    core = re.sub(r"(?<=[^\s，,]{2})(?:分为?|分成)$", "", core) or core
    # (nor whether there is one: "有没有舆情处理的案例" is about 舆情处理的案例)
    core = re.sub(r"^(?:有没有|有无)", "", core) or core
    # (nor which one of a list it is: "激活那个展开说说" is about 激活 — "北极星指标跟激活那个啥关系" was asked
    # after it)
    core = re.sub(rf"(?<=[^\s，,]{{2}}){ITEM_POINTER}$", "", core) or core
    clauses = core.split()
    if len(clauses) > 1:
        # A new hire sets the scene in clauses a space apart ("我们店老客不少 老板让我给用户分分层 听说有个RFM
        # 这三个字母分别指啥"): the last one is what is asked of, or the one before when it points back (这三个字母);
        # the whole scene was taken for the subject ("按它能分出几类人" became "按我们店老客不少……分别指能分出几类人")
        last = clauses[-2] if _POINTS_BACK.match(clauses[-1]) else clauses[-1]
        if _WHEN_ALONE.fullmatch(last):
            # (a clause that says only when, its subject in the one before: "母婴品牌那个会员群 后来咋救回来的" is about
            # the group — "那它的数据后来变成啥样了" became "后来的数据后来变成啥样了？" and was refused, nh50)
            last = clauses[-2]
        last = re.sub(r"^(?:听说|据说|都说)?(?:有个|有种|有一个|有一种)", "", last) or last
        core = last
    terms = terms_in(question)
    said = terms_in(core)
    if re.search(r"[，,；;]", core) and said:
        # A scene, then the subject ("用户太多了管不过来，听说有个RFM，咋分？"): the last term named.
        return said[-1]
    return core if len(core) <= 16 or not terms else terms[0]


# What asks for more of an item without naming anything ("第三步具体说说", "第二个是啥").
_TELL_MORE = re.compile(
    r"(?:的)?(?:具体|详细|展开|再)?(?:说说|讲讲|说一下|讲一下|聊聊|介绍一下)?(?:是什么|是啥|指什么)?"
)


def adds_nothing(rewritten: str, question: str) -> bool:
    """Did rewriting only drop the follow-up's opening word ("那预算咋算？ROI 是怎么算来着" → "预算咋算？
    ROI 是怎么算来着？"): its own question, asked as it stands (and split into its parts)?"""
    return _STRIP.sub("", rewritten.strip()).strip() == _STRIP.sub("", question.strip()).strip()


def only_ordinal(question: str) -> bool:
    """Is the question nothing but a place in a list ("那第二个呢？", "最后一个呢", "那第三步具体说说")?"""
    core = (_STRIP.sub("", question.strip()).strip() or question.strip()).rstrip("？?。呢 ")
    m = ORDINAL.match(core)
    # ("第三个误区是什么？" names a kind of list: the last topic's list of 误区 may be meant)
    return bool(m) and bool(_TELL_MORE.fullmatch(core[m.end() :] if m else ""))


def list_of_ordinal(question: str) -> str:
    """The list a question counts in when it names it: "社群运营的第二个误区是什么？" → "社群运营的误区有哪些？",
    "活动策划的第三步是什么" → "活动策划有哪些步骤？"; "" for "那第二个呢" (the last answer's list)."""
    m = ORDINAL.search(question)
    if m is None or not m.group(1):
        return ""
    before = re.sub(r"^(?:那么?|请问|所以)", "", question[: m.start()].strip()).strip(" ，,")
    before = re.sub(r"(?:的|里面|里头|里|中|当中)$", "", before)
    noun = _ITEM_NOUN.match(question[m.end() :].strip())
    if len(re.findall(rf"[{CJK}A-Za-z0-9]", before)) < 2 or re.search(r"[，,；;。？?]", before):
        return ""  # (no list named, or a scene before it)
    if "步" in m.group(0) or (noun and noun.group(0) == "步骤"):
        return f"{before}有哪些步骤？"
    if noun:
        # ("六大岗位里第二个岗位" counts in 六大岗位, not in "六大岗位的岗位")
        return f"{before}有哪些？" if before.endswith(noun.group(0)) else f"{before}的{noun.group(0)}有哪些？"
    return f"{before}包括哪些？"


_EN_ORDINALS = {"first": "一", "second": "二", "third": "三", "fourth": "四", "fifth": "五", "sixth": "六"}
# An English follow-up that names nothing but a place in the last answer's list ("What about the
# second one?", "And the last step?", "Tell me more about the third"); it repeated the last answer.
_EN_ORDINAL = re.compile(
    r"(?:what about|how about|and|what is|what's|tell me more about|more on|explain)?\s*the\s+"
    r"(first|second|third|fourth|fifth|sixth|last)"
    r"(?:\s+(?:one|step|stage|point|item|level|layer|role|phase|part|tier|kind|type|mistake))?"
    r"(?:\s+(?:one\s+)?(?:then|again|please))?[\s?？.!]*",
    re.I,
)


# A place in the last answer's list among an English question's own words ("How do I measure the last stage?").
_EN_PLACE = re.compile(
    r"\bthe\s+(first|second|third|fourth|fifth|sixth|last)\s+"
    r"(one|step|stage|point|item|level|layer|role|phase|part|tier|kind|type|mistake)\b",
    re.I,
)


def names_english_place(question: str) -> bool:
    """Does an English question name a place in a list among its words ("the last stage")?"""
    return not has_cjk(question) and _EN_PLACE.search(question) is not None


def english_place(question: str, count: int) -> tuple[re.Match[str], int] | None:
    """The place an English question asks of in a list of `count` items, as its words say it and its 0-based
    index, when the question names no subject of its own (else it counts in its own list); None otherwise."""
    m = _EN_PLACE.search(question) if not has_cjk(question) and not _english_subject(question) else None
    if m is None:
        return None
    word = m.group(1).lower()
    n = count - 1 if word == "last" else list(_EN_ORDINALS).index(word)
    return (m, n) if 0 <= n < count else None


def as_ordinal(question: str) -> str:
    """An English follow-up naming only a place in a list, in the words the rules read ("What about
    the second one?" → "那第二个呢？"); any other question unchanged."""
    m = _EN_ORDINAL.fullmatch(question.strip())
    if m is None:
        return question
    place = m.group(1).lower()
    return "那最后一个呢？" if place == "last" else f"那第{_EN_ORDINALS[place]}个呢？"


def counted_on(question: str, history: list[str]) -> str:
    """ "那第三个呢？" after "社群运营的第二个误区是什么？" (and the follow-ups counting on from it) as
    the question that names its list: "社群运营的第三个误区是什么？"; "" when no earlier turn named it."""
    said = ORDINAL.search(question)
    if said is None or not said.group(1) or not only_ordinal(question):
        return ""
    for earlier in reversed(history):
        if list_of_ordinal(earlier):
            place = ORDINAL.search(earlier)
            assert place is not None
            return f"{earlier[: place.start()]}{said.group(0)}{earlier[place.end() :]}"
        if not only_ordinal(earlier):
            break
    return ""


def ordinal(question: str, count: int) -> int | None:
    """The 0-based item a follow-up names ("第三个", "最后一个"), if any and in range."""
    m = ORDINAL.search(question)
    if not m or count == 0:
        return None
    if m.group(0).startswith("最后") or re.match(_TOP, m.group(0)):
        return count - 1
    if re.match(_BOTTOM, m.group(0)):
        return 0
    raw = m.group(1)
    n = int(raw) if raw.isdigit() else _ORDINALS[raw]
    return n - 1 if 1 <= n <= count else None


def _parallel(said: str, previous: str) -> str | None:
    """The one word of `previous` that `said` stands in parallel to: as long, sharing its first or last
    character, the rest of the same kind (digits for digits: "60天" and "90天"; "事中" and "事前"), or None."""
    n = len(said)
    if not 2 <= n <= 3 or said in previous or _QWORD.search(said) or _PRONOUN.search(said):
        return None

    def kind(text: str) -> str:
        return "digits" if text.isdigit() else "cjk" if re.fullmatch(f"[{CJK}]+", text) else "other"

    def stands_for(word: str) -> bool:
        if word[0] == said[0] and word[1:] != said[1:]:
            return kind(word[1:]) == kind(said[1:]) != "other"
        if word[-1] == said[-1] and word[:-1] != said[:-1]:
            return kind(word[:-1]) == kind(said[:-1]) != "other"
        return False

    found = {previous[i : i + n] for i in range(len(previous) - n + 1) if stands_for(previous[i : i + n])}
    return found.pop() if len(found) == 1 else None


def standalone_question(
    question: str,
    history: list[str],
    points: list[str] | None = None,
    keep_subject: bool = False,
    leaning: bool = False,
    by_noun: bool = True,
) -> str:
    """Rewrite a follow-up ("那运作呢？") into a question that stands alone, using the previous
    questions ("运营和运行有什么区别？" → "运作和运营、运行有什么区别？") and, for "那第三个呢？", the
    points of the previous answer (with `keep_subject`, an item keeps the subject of the question
    that listed it: "大促的预热期……"). Rules, no LLM: instant and predictable; a question that is not a
    follow-up is returned unchanged (with `leaning`, a question of no subject of its own is read as one:
    "参考值多少算好？" — of the last one's first noun when its subject is a clause, unless not `by_noun`), and two
    questions are never glued together."""
    previous = ""
    said_of = ""  # the last subject an English question named (the last one may name none)
    first_said = ""  # and the first: what the conversation is about
    things: list[str] = []  # what the earlier questions were about that 它 may point at (no people)
    for earlier in history:  # resolve the history in order: each may itself be a follow-up
        if earlier.strip():
            previous = standalone_question(earlier, [previous] if previous else [])
            said_of = _english_subject(previous) or said_of
            first_said = first_said or said_of
            things += [t for t in re.split(r"[，,]", _topic(previous)) if t.strip() and not _PEOPLE.search(t)]
    names_item = bool(points) and ORDINAL.search(question) is not None
    # (leaning: never from one language into another: "加了企微好友之后前几天要干啥" after an English
    # question is no part of it)
    leans = leaning and not terms_in(question) and has_cjk(previous) == has_cjk(question)
    # (nor an English question: it names its subject in the glossary's words, and one the glossary does not
    # know is not the last one's — "How do I apply for a Xiaohongshu blue-V business account?" was glued to
    # "do we have to put a product link in the post?" and answered with that FAQ)
    leans = leans and has_cjk(question)
    # (nor onto a place in a list it cannot see: "群刚建起来头几天咋整" after "第二种展开说说" became
    # "第二种展开说说群刚建起来头几天咋整？")
    leans = leans and not ORDINAL.search(previous)
    # An English question asking of an aspect alone ("Which metric should I watch most closely, and why?") in an
    # English conversation about something: of that (it got the north star's definition)
    aspect_only = not has_cjk(question) and not has_cjk(previous) and _asks_an_aspect(question)
    if not previous or not (is_follow_up(question) or names_item or leans or aspect_only):
        return question.strip()
    core = _STRIP.sub("", question.strip()).strip() or question.strip()
    told = (
        re.sub(r"^(?:讲讲|说说|聊聊|介绍一下|再说说|再讲讲)", "", _topic(previous)) if _AFTERWARDS.match(core) else ""
    )
    if told and told not in core and not _pointing(core):
        # What came of what was told ("改完之后复购率变成多少了？" after "讲讲生鲜App新人券改版的那个案例"): of that —
        # alone it got another article's case and its 32% (trn52)
        return f"{told}，{question.strip().rstrip('？?。')}？"
    done = _NEXT_STEP.fullmatch(core)
    of_what = next((t for t in terms_in(previous) if t not in _GENERIC), "") if done else ""
    if done and of_what and of_what not in core:
        # "加完好友之后呢" after "私域的粉丝一般从哪加": what is done next, of the last subject ("私域加完好友之后
        # 怎么做？") — it became the last question with the step for its subject ("加完好友之后的粉丝一般从哪加", nh56)
        return f"{of_what}{done.group(1)}之后怎么做？"
    if re.fullmatch(r"(?:反过来|倒过来|反之)(?:说|的话|呢)*", core):
        # "那反过来呢" after "要是只顾公司那头的价值会咋样": the last question turned round, said with it (it became
        # "反过来的价值会咋样" and was refused, nh53)
        return f"{previous.strip().rstrip('？?。！!')}，反过来呢？"
    if _names_its_own(question.strip(), previous):
        # "那个教育机构砸了500万广告 为啥转化才1.2%" after "生鲜电商超卖那个案例最后咋解决的": that 教育机构, one the
        # last question did not name — it became "生鲜电商超卖那个案例最后教育机构砸了……" (nh52)
        return question.strip()
    if by_noun and leans and not (is_follow_up(question) or names_item) and not _noun_phrase(_topic(previous)):
        # A question that says what it asks of, only not where ("排期的时候测试留几天" after "活动规则写多复杂比较好"):
        # of the last question's thing, its first noun — the whole last question glued on was shown ("活动规则写多复
        # 杂比较好，排期的时候测试留几天？") and found the rules' lines, not the 2 days of testing (nh51). (A subject
        # that is a noun phrase is kept whole: "工单处理流程，回访要在多久内做？")
        lead = _lead_noun(previous)
        if lead and lead not in core:
            return f"{lead}{core.rstrip('？?。')}？"
    both = _BOTH_SIDES.match(question.strip(" ？?。！!"))
    if both is not None:
        # "免费的跟付费的比呢" after "店铺流量一般都从哪来": the two it names compared, each 的 standing for the last
        # subject's kind (免费流量, 付费流量) — it was glued to the last question ("……比一般都从哪来")
        topic = _topic(previous)
        kind = topic[-2:] if re.search(rf"[{CJK}]{{2}}$", topic) else ""
        a, b = (re.sub(r"的$", kind, x) for x in (both.group("a"), both.group("b")))
        return f"{a}和{b}有什么区别？"
    picked = ordinal(core, len(points or []))
    if points and picked is not None:
        # "那第三个层次呢？" / "第二个岗位具体负责什么？" after a list: that item, asked about on its own.
        m = ORDINAL.search(core)
        assert m is not None
        rest = _ITEM_NOUN.sub("", core[m.end() :]).strip(" ，,的")
        rest = re.sub(r"^(?:是|指)?(?:什么|啥)?$", "", rest)
        item = points[picked]
        if item.endswith(("？", "?")):
            # The item is itself a question ("我们有资格写吗？"): asked as it stands, or quoted.
            return f"“{item.rstrip('？?')}”{rest.rstrip('？?。')}？" if rest else item
        subject = next((t for t in terms_in(previous) if t not in _GENERIC and t not in item), "")
        # (the whole of what was listed, when the question said it before asking for the list: "SaaS客户
        # 生命周期分哪几个阶段" lists the stages of 客户生命周期, not of SaaS — "SaaS的上线期" was found
        # in the article's why-SaaS section)
        listed = re.match(rf"^([{CJK}A-Za-z]{{2,12}}?)的?(?:分为?|有|包括|包含)?(?:哪几|哪些|几)", previous.strip())
        if listed and subject and subject in listed.group(1) and item not in listed.group(1):
            subject = listed.group(1)
        if keep_subject and subject:
            item = f"{subject}的{item}"
        return f"{item}{rest.rstrip('？?。')}？" if rest else f"{item}是什么？"
    if picked is None and only_ordinal(question):
        # "那第二个呢？" / "那第三步具体说说" after an answer that is no list (a refusal, or a shorter list):
        # it points into nothing, and a subject "第二个" glued to the last question ("第二个哪些关键指标？",
        # "新加的好友第三步具体说说是什么？") would be read as what was meant.
        return question.strip()
    new_terms, old_terms = terms_in(core), terms_in(previous)
    english = not has_cjk(core) and not re.fullmatch(r"[A-Z0-9]{2,6}", core)  # "GTM" is a term, not English
    one_new = len(new_terms) == 1 and new_terms[0] not in old_terms and len(core) <= len(new_terms[0]) + 4
    if points and asks_kinds(previous) and one_new:
        # "那 KOC 呢？" after "种草达人分哪几类？" listed "KOC（素人）": that item, not the list question
        # again with KOC for its subject ("KOC达人分哪几类？"). (After "怎么拉新？", "那留存呢？" asks the
        # same of 留存.)
        named = [p for p in points if re.sub(r"^\d+\s*|[（(].*$", "", p).strip().startswith(new_terms[0])]
        if len(named) == 1:
            subject = next((t for t in old_terms if t not in _GENERIC and t not in named[0]), "")
            return f"{subject}的{new_terms[0]}是什么？" if keep_subject and subject else f"{new_terms[0]}是什么？"
    if points and asks_kinds(previous) and not new_terms:
        # "那销售型的呢？" after "社群有哪几种类型？" listed "销售型社群": the item its words begin (no
        # vocabulary term names it; "社群有哪几种类型销售型的？" was what it became).
        said = re.sub(r"的$", "", core.rstrip("？?。！!呢吧呀啊"))
        labels = [re.sub(r"^\d+\s*|[（(：:].*$", "", p).strip() for p in points]
        named = [x for x in labels if len(said) >= 2 and x.startswith(said)]
        if len(named) == 1 and not _QWORD.search(said):
            return f"{named[0]}是什么？"
    compared = _COMPARES.search(previous)
    asked_of = core.rstrip("？?。！!呢吧呀啊")
    clauses = [c for c in re.split(r"[\s，,]+", previous.strip(" ？?。！!")) if c]
    if (
        question.rstrip("？?。 ！!").endswith("呢")
        and not new_terms
        and _HAPPENING.search(asked_of)
        and len(clauses) >= 2
        and _HAPPENING.search(clauses[0])
        and (_ASKS.search(clauses[-1]) or _QWORD.search(clauses[-1]))
    ):
        # "那在线人多但成交少呢" after "直播时在线人数往下掉 运营该干嘛": this happening in that one's place, in the
        # same scene ("直播时"); it became "直播时在线人数往下掉 在线人多但成交少该干嘛" (nh52)
        scene = re.match(r"^[^\s，,]{1,8}?(?:时|的时候|期间)", clauses[0])
        said = f"{scene.group(0) if scene else ''}{asked_of}"
        return f"{said}{previous.strip()[len(clauses[0]) :].rstrip('？?。！!')}？"
    aspect = re.sub(r"(?:上|方面|这块|这方面|这一块)$", "", asked_of)
    if (
        compared
        and not new_terms
        and question.rstrip("？?。 ！!").endswith("呢")
        and 2 <= len(aspect) <= 8
        and not _QWORD.search(aspect)
        and not _PRONOUN.search(aspect)
    ):
        sides = _sides(previous)
        if re.search(r"和|跟|与|同", sides):
            if aspect == asked_of and not _RESPECT.search(aspect):
                # "那站内信呢？" after "Push和短信有啥区别？": a thing, not a respect, joins the comparison
                # (it became "Push和短信在站内信上有什么区别？" and was refused)
                return f"{aspect}和{re.sub(r'和|跟|与|同', '、', sides, count=1)}有什么区别？"
            # "那考核指标上呢？" after "客户成功跟客服有啥不一样": the same two compared in that respect (it
            # became "考核指标上有啥不一样", both sides lost)
            return f"{sides}在{aspect}上有什么区别？"
    parallel = _parallel(core, previous) if question.rstrip("？?。 ！!").endswith("呢") else None
    if parallel is not None and new_terms and parallel not in old_terms:
        # (a term of the vocabulary stands in for a term only, not for part of one: "那运作呢？" after
        # "新媒体运营做什么？" asks 运作's, not 新媒体运作's; "那事中呢？" takes 事前's place)
        parallel = None
    if parallel is not None:
        # "那事中呢？" after "裂变风控事前要做啥": 事中 in the place of 事前 ("事中做啥" lost 裂变风控);
        # "那60天呢？" after "到期前90天要干啥", "那下午呢？" after "Push上午几点发比较好"
        return previous.replace(parallel, core, 1)
    if one_new and old_terms:
        if re.fullmatch(rf"{re.escape(new_terms[0])}(?:又|到底|究竟)?(?:是啥|是什么|是个啥|指什么|是干嘛的)", core):
            # "那运作又是啥" after "运营和运行到底差在哪啊" asks what 运作 is (it became "运作和运行到底差在哪啊")
            return f"{new_terms[0]}是什么？"
        pair = None
        if len(old_terms) > 1:
            pair = re.search(rf"{re.escape(old_terms[0])}(和|跟|与|同){re.escape(old_terms[1])}", previous)
        if pair and _COMPARES.search(previous):
            # "那运作呢？" after "运营和运行有什么区别？": the new subject joins the comparison, which
            # keeps both it was asked against ("运作和运营、运行有什么区别？").
            return previous.replace(pair.group(0), f"{new_terms[0]}和{old_terms[0]}、{old_terms[1]}", 1)
        if new_terms[0] in _LEVELS and not old_terms[0].endswith(tuple(_LEVELS)):
            # "那运作呢？" after "怎么召回流失用户？": a level of the trade in the place of a tactic
            # ("怎么运作流失用户？") asks nothing; what it is, is what was meant.
            return f"{new_terms[0]}是什么？"
        if re.fullmatch(rf"{re.escape(new_terms[0])}的(?:是啥|是什么|是哪个|呢)?", core):
            # "那抖音的是啥" after "北极星指标咋选啊": 抖音's 北极星指标 (it became "抖音咋选啊")
            return f"{new_terms[0]}的{old_terms[0]}是什么？"
        owner = re.search(rf"([{CJK}A-Za-z0-9]{{2,8}})的{re.escape(old_terms[0])}", previous)
        if owner and owner.group(1) not in old_terms and _QWORD.search(previous) and not _QWORD.search(core):
            # "那小红书呢？" after "抖音的北极星指标是啥？": the 北极星指标 of 小红书 (the owner, no term of
            # the vocabulary, is what changed), not "抖音的小红书是啥？"
            return previous.replace(
                owner.group(0), f"{core if core.startswith(new_terms[0]) else new_terms[0]}的{old_terms[0]}", 1
            )
        # "那运作呢？": same question about another subject — substitute the first subject, as the
        # new hire wrote it ("那大促节奏呢" asks of 大促节奏, not of 大促).
        core = _CASE_PUT.sub("", core) if _SITUATION.search(core) else core
        phrase = core if core.startswith(new_terms[0]) and not _QWORD.search(core) else new_terms[0]
        if phrase == core and _SITUATION.search(core):
            # "那转化率下降呢" after "客单价咋往上提": a happening asks what to do about it, not
            # "转化率下降咋往上提".
            return f"{core}，{_asking_clause(previous) or '怎么办'}？"
        return previous.replace(old_terms[0], phrase, 1)
    topic = _topic(previous)
    if _ASKS_EXAMPLE.fullmatch(core.rstrip("？?。！!呢吧呗嘛啊呀")) and topic:
        # "举个例子" after "活动搞完了领导让我写复盘，咋写？": an example of what was asked about, by its
        # term when it has one ("活动搞完了领导让我写复盘举个例子是什么？" was what it became; "比如呢？"
        # after "私域怎么做分层触达？" became "比如怎么做分层触达？"). After a scene set in clauses
        # before the one that asks ("上周刚做完一个拉新活动，老板让我复盘，复盘咋写？"), what that clause
        # asks of is the subject (复盘, not the scene's 拉新).
        clauses = [c for c in re.split(r"[，,；;]", previous.strip(" ？?。！!")) if c.strip()]
        if compared and len(clauses) > 1:
            # "举个例子呗" after "运行和运营又有啥区别，听着差不多": an example of the difference asked about,
            # not of the remark after it ("听着差不多有例子吗？")
            sides = next((_sides(c) for c in clauses if _COMPARES.search(c)), "")
            if re.search(r"和|跟|与|同", sides):
                return f"{sides}的区别有例子吗？"
        asked = _topic(clauses[-1]).strip() if len(clauses) > 1 else ""
        if asked and 2 <= len(asked) <= 8 and not _QWORD.search(asked):
            return f"{asked}有例子吗？"
        subjects = [t for t in old_terms if t not in _GENERIC]
        if len(subjects) >= 2 and _TOGETHER.search(previous):
            # "举个例子" after "北极星指标跟AARRR咋配合用": an example of the two together, not of the last
            # one named ("AARRR有例子吗？" got RARRA's line on AARRR)
            return f"{subjects[0]}和{subjects[1]}有例子吗？"
        subject = subjects[0] if subjects else ""
        return f"{subject}有例子吗？" if subject else f"{topic.rstrip('，,')}，有例子吗？"
    # The previous question's predicate carries over to a new subject when it is a generic one
    # ("……做什么？" → "GTM做什么？"), not when it belongs to its old subject ("股票怎么买？").
    generic = bool(topic) and bool(_QWORD.fullmatch(previous.split(topic, 1)[-1].strip(" ？?。！!")))
    if (
        question.rstrip("？?。 ").endswith("呢")
        and not (new_terms and old_terms)
        and (generic or not new_terms)
        and not _QWORD.search(core)
        and not _PRONOUN.search(core)
        and len(core) <= 10
        and topic
        and topic in previous
        and topic != previous.strip(" ？?。！!")  # (a question of no predicate: nothing to carry over)
        and not _SITUATION.search(core)  # ("那粉丝不涨呢" asks what to do, not "粉丝不涨做什么？")
    ):
        # "那GTM呢？" (a subject the vocabulary does not know): the previous question about it.
        head, of, owned = topic.partition("的")
        # (a name for what is owned — "GTM" after "B端公司的市场策划做什么？" — takes the whole)
        same = normalise(owned) in {normalise(w) for g in SYNONYMS if normalise(core) in map(normalise, g) for w in g}
        if of and head and owned and "的" not in core and not same:
            # "那知乎呢？" after "B站视频的互动率怎么算？": the 互动率 of 知乎, not "知乎怎么算？"
            return previous.replace(topic, f"{core}的{owned}", 1)
        lead = topic[: len(core)]
        if len(topic) > len(core) + 1 and len(set(lead) & set(core)) * 2 >= len(set(core)):
            # "那先发后审呢？" after "先审后发适合啥场景？" stands for 先审后发 alone: 适合 stays (it became
            # "先发后审啥场景？")
            return previous.replace(lead, core, 1)
        return previous.replace(topic, core, 1)
    if english:
        # ("Is there a real case?" after "How do I decide what to send to which users?", which names no subject,
        # asks of the one named before it: it was glued to the last question in brackets)
        span = _english_subject(previous) or said_of
        pointing = _EN_POINTING.search(core)
        if (_DUMMY_IT.match(core) or _COSTS_IT.search(core)) and not aspect_only:
            return f"{core}?"  # ("Is it legal under China's PIPL to tag customers…": no thing said before)
        if span and pointing:
            # "What mistakes do teams usually make with it?" → "… with private domain?"
            it = pointing.lastindex or 1  # (the group that matched: "…with it" or "Does it …")
            if pointing.group(it).lower() in ("them", "they"):
                # (the things said before, not the first thing: "ok what should go in the brief for them" after "we
                # got a small budget for xiaohongshu influencers, …" became "… for budget?" — nh57)
                span = _english_subject(previous, plural=True) or span
            return f"{core[: pointing.start(it)]}{span}{core[pointing.end(it) :]}?"
        if span and _EN_EXAMPLE.fullmatch(core):
            return f"{core.rstrip('? ')} of {span}?"  # ("Is there a real case of private domain?")
        if first_said and aspect_only:
            # (of what the conversation is about: "(WeCom)", the last thing named, still got the north star)
            return f"{core.rstrip('? ')} ({first_said})?"
        own = [t for t in chinese_terms(core) if t not in chinese_terms(previous) and t not in previous]
        # (or names it in letters the last one did not: "and what LTV/CAC ratio is healthy?" after the K factor)
        letters = [w for w in re.findall(r"\b[A-Z]{2,6}\b", core) if w.lower() not in previous.lower()]
        if len(own) >= 2 or letters:
            # "And if my article gets lots of reads but no new followers?" says what it asks of itself (阅读量,
            # 粉丝): glued to the last question it got that question's answer again
            return f"{core}?"
        between = re.search(r"\bbetween\s+(.+?)\s+and\s+(.+?)\s*[?.!]*$", previous, re.I)
        if between and re.match(r"which (?:one|of (?:them|the two))\b", core, re.I):
            # "which one should a new account start with?" after "whats the difference between PGC and UGC": one of
            # the two (it was glued to the last question in brackets and got that answer again)
            return f"{core}, {between.group(1)} or {between.group(2)}?"
        return f"{core} ({span or previous})"
    listed = _LISTED.search(previous)
    if listed and re.match(_WHICH_MOST, core):
        # "哪个最重要？" after "客服要看哪些指标？": which of those ("客服要看的指标里哪个最重要？")
        whose = re.sub(r"(?:一般|主要)?(?:有|分为|分成|分|包括|都)$", "", previous[: listed.start()].strip())
        return f"{whose}的{listed.group(1)}里{core.rstrip('？?。')}？"
    if topic and re.match(_EACH_KIND, core):
        # "每个阶段看啥指标" after "AARRR是个啥": AARRR's stages; after "社群搭建分几步？", its steps (not
        # "社群搭建分几步各个步骤要做啥？")
        whole = re.sub(r"(?:一般|主要)?(?:分为|分成|分|有|包括)?(?:几|哪几|哪些)[^，,]*$", "", topic).strip(" ，,的")
        return f"{whole or topic}的{core.rstrip('？?。')}？"
    pointing = _pointing(core)
    if pointing is not None:  # "它的关键指标呢？" → "数据运营的关键指标"
        said = pointing.group(0)
        side = _side(previous, said)
        opening = next(iter(terms_in(topic)), "")
        if not side and opening and topic.startswith(opening) and not _noun_phrase(topic):
            # (a clause's subject, the term it opens with: "它看的CPI是啥" after "流量运营追求的是啥目标" asks of
            # 流量运营 — it became "流量运营追求看的CPI是啥？", and "那它又细分哪些方向" "海外运营工资真比国内高
            # 又细分……", nh52)
            topic = opening
        topic = side or topic
        org = _ORGANISATION.search(previous) if said in ("他们", "她们") and not side else None
        if org is not None:
            # (they are the brand or team the last question named: "他们复盘说哪步最要紧 为啥" after "那个面霜牌子
            # 用包裹卡 半年整了多少粉" — it became "半年整了复盘说……", its last clause, and was refused, nh54)
            topic = org.group(0)
        last = topic.split("，")[-1]
        # (a name in letters is a thing 它 may be: "它一般拿来干嘛" after "KOC是啥" asks of KOC, the tier)
        # (这个 too, when what follows says what it does, not what it is: "没有消费金额 这个还能用吗" after
        # "RFM里那个重要唤回用户 是啥样的人" asks of RFM — it became "……RFM里那个重要唤回用户还能用？", nh51)
        does = re.match(r"还|也|能|可以|会|就|管用|有用", core[pointing.end() :])
        thing = said in ("它", "它们") or said == "这个" and does is not None
        # (the thing people are said to be in: "RFM里那个重要唤回用户" — RFM; not 种草 of "种草达人")
        named = [*terms_in(last), *re.findall(r"[A-Z][A-Za-z0-9]{1,9}", last)]
        owners = things or [t for t in named if re.search(rf"{re.escape(t)}(?:里|中|当中)", last)]
        if thing and _PEOPLE.search(last) and not last.isascii() and owners:
            # 它 is a thing, not people: "内容社区没有消费金额 它还能用吗" after "RFM，重要唤回用户该咋对待？"
            # asks of RFM ("……RFM，重要唤回用户还能用？" got the 重要唤回用户 line again)
            topic = owners[-1]
            # (by its name when it says one: "按RFM能分出" is about RFM)
            named = terms_in(topic) or re.findall(r"[A-Z][A-Za-z0-9]{1,9}", topic)
            topic = named[-1] if named else topic
        noun = re.match(rf"[{CJK}]{{2}}", core[pointing.end() :])
        if noun and topic.endswith(noun.group(0)):
            # "那个案例最后复盘结论是啥？" after "有没有舆情处理的案例？": the 案例 is the one said
            said += noun.group(0)
        core = core[: pointing.start()] + topic + core[pointing.start() + len(said) :]
    elif _COMPARES.search(core) and _OWN_PAIR.search(core):
        pass  # "那会员等级跟付费会员有啥区别" names both sides: the last topic is none of them
    # (a happening that asks of itself is asked of the last subject: "那看到什么信号就该准备换了？" after "一条爆款素材
    # 一般能用多久？" — it became "看到什么信号就该准备换了，怎么办？" and was refused, trn53)
    elif (
        not new_terms
        and topic
        and topic not in core
        and not (_SITUATION.search(core) and not _ASKS_ALREADY.search(core))
    ):
        # "具体怎么做？" / "为什么？" has no subject of its own: it is about the previous topic.
        # (or why it was said so: "为啥这么说" after "内容运营早期该靠PGC还是UGC" was refused as asked, nh52)
        why = re.fullmatch(r"(?:为什么|为何|为啥)(?:这么说|这样说|这么讲|呢)?|怎么说|此话怎讲", core) is not None
        if why and _YES_NO.search(previous):
            # "为什么？" after "CPI是不是越低越好？" asks the reason of that verdict (it became "CPI是什么？"):
            # the playbook's answer to the question is its verdict and what it rests on
            return previous.strip()
        qword = _QWORD.search(previous) or ASKS_HOW_MUCH.search(previous)  # ("brief里卖点写几个合适")
        after = previous[qword.end() :] if qword else ""
        if why and re.search("为什么|为啥|为何", previous):
            return previous.strip()  # ("为啥？" after "运营为什么要懂数据" asks it again)
        if why and re.search(f"[{CJK}]", re.sub(r"[呢吗啊呀吧嘛的了]", "", after)):
            # "为啥？" after "私域加粉送点啥福利好" asks why of the answer to that question, not of its
            # words before 啥 ("为什么私域加粉送点？")
            return f"{previous.strip().rstrip('？?。')}，为什么？"
        mine = "" if why else _own_subject(core)
        then = None
        if any(topic[:n] in core for n in range(len(topic), 2, -1)):
            mine = ""  # (it says the last subject itself: "那电商的北极星一般是啥？" after 北极星指标)
        head, of, owned = topic.partition("的")
        if (
            mine
            and of
            and head
            and owned
            and owned not in core
            and _THAT.match(question.strip())
            and not _ASKER.match(mine)
            # (a verb, not a thing: "那要做多少单才算破零" after "新开的店一单都没有 咋起步啊" became "要做的店一单都没
            # 多少单才算破零？" and was refused — nh57)
            and not _MODAL.match(mine)
        ):
            # "那工具类产品一般看啥" after "抖音的北极星是啥": the 北极星 of 工具类产品 (it became "抖音的北极星工具类
            # 产品一般看啥？" and got 抖音's again); without 那 it is said of the last one ("参考值多少算好")
            core = f"{mine}的{owned}{core[core.index(mine) + len(mine) :]}"
        elif mine and mine in topic:
            # (one of the last question's things, asked of on its own: "那付费会员呢 主要看啥" after "会员等级跟
            # 付费会员到底有啥区别" — it became "会员等级跟付费会员，付费会员呢 主要看啥？")
            core = re.sub(rf"^{re.escape(mine)}[\s，,]*呢?[\s，,]*", mine, core)
        elif mine and _THAT.match(question.strip()) and not _WHICH_OF.search(core) and _names_a_thing(mine):
            pass  # (then its own subject, asked of on its own: "那CSAT怎么算？" after NPS became "NPS，CSAT怎么算？")
        elif mine:
            # (a subject of its own after the last one's, said as the scene: "先审后发和先发后审，新注册用户适合
            # 哪种？" — glued, "……先发后审新注册用户适合哪种" read as one word run)
            core = f"{topic}，{core}"
        elif then := _THEN_CLAUSE.search(core):
            # (a clause of its own opened by 那 "then", its subject left out: "内容社区没有消费金额 那还能用吗" asks
            # it of RFM in that place — not "RFM内容社区没有消费金额 那还能用？")
            core = f"{core[: then.start()]}{topic}{core[then.end() :]}"
        else:
            core = f"为什么{topic}" if why else f"{topic}{core}"
        said = ""
        if not (why or mine or then):
            said = next((topic[:n] for n in range(len(topic), 2, -1) if topic[:n] in core[len(topic) :]), "")
        if said:
            # ("那电商的北极星一般是啥？" after an English question on the 北极星指标 says it: its own words)
            core = core[len(topic) :].replace(said, topic, 1)
        elif not (why or mine or then) and of and len(owned) >= 3 and owned in core[len(topic) :]:
            # (it says what the last subject is, its noun after 的: "那收入能当北极星吗" after "好的北极星有啥标准" is a
            # question of its own — it became "好的北极星收入能当北极星？" and got the heading of the six criteria),
            # asked as it was (its 吗 says it asks yes or no)
            return re.sub(rf"^{_THAT.pattern}", "", question.strip())
    # (a choice asks already: "日更好还是周更好" → "公众号标题日更好还是周更好？", not "……是什么？")
    asks = _QWORD.search(core) or ASKS_HOW_MUCH.search(core) or _ASKS_ALREADY.search(core) or _OWN_CHOICE.search(core)
    # (or yes or no, its 吗 stripped above: "内容社区没有消费金额 它还能用吗" became "……还能用是什么？")
    yes_no = re.search(r"吗[？?。！!\s]*$", question) is not None
    if not asks and not yes_no:
        # "数据运营的关键指标" → a question (是什么); a happening asks what the last question asked of
        # one ("流量突然掉了" after "……销售额掉了，从哪查起" → "流量突然掉了，从哪查起？"), else 怎么办.
        situation = _SITUATION.search(core) is not None
        degree = re.fullmatch(r"(?:太|很|特别|过|偏)[高低多少大小快慢长短]了?", core)
        if situation and degree and topic and topic not in core and not re.search(r"[，,]", topic):
            # "太高了呢？" after "积分消耗率多少算健康": 积分消耗率 is what is too high ("太高了，怎么办？" named
            # nothing)
            core = f"{topic}{core}"
        if situation:
            core = _CASE_PUT.sub("", core)
        core = f"{core}，{_asking_clause(previous) or '怎么办'}" if situation else f"{core}是什么"
    if yes_no and not asks and not core.rstrip("？?。").endswith("吗"):
        # (asked as yes or no still: "那DAU能当北极星吗" became "DAU能当北极星？", and the answer was not read as one)
        core = core.rstrip("？?。") + "吗"
    return core.rstrip("？?。") + "？"


# A list a question asks for, by its noun ("客服要看哪些指标？" → 指标).
_LISTED = re.compile(rf"(?:哪些|哪几[个种类项条]?|有什么)([{CJK}]{{2,6}}?)(?:呢|啊|呀)?[？?。！!]*$")
# A respect two things are compared in ("那工资呢？", "那考核指标呢？"), not a third thing ("那站内信呢？").
_RESPECT = re.compile(
    r"指标|成本|工资|薪资|薪水|待遇|收入|价格|费用|预算|效果|难度|门槛|目标|职责|工作|方式|方法|周期|考核|要求|能力"
    r"|时间|人群|用户|场景|渠道|风格|频率|前景|压力|发展|晋升|技能|内容|玩法|节奏|数据|打法|思路|重点|作用|价值|优势|劣势"
    # ("那审核时长呢？" after "iOS和安卓商店有啥区别？" asks of both in that respect; it became a third side)
    r"|时长|时效|速度|数量|规则|流程|标准|比例|占比|条件|限制|规模|质量"
)
# A question that asks yes or no ("CPI是不是越低越好？", "粉丝越多越好吗？").
_YES_NO = re.compile(r"是不是|是否|吗[？?。！!\s]*$|[能会要可该行算好对](?:不|没)[能会要可该行算好对]")


def asks_yes_no(question: str) -> bool:
    """Does the question ask yes or no ("那还能用吗", "是不是越低越好")?"""
    return _YES_NO.search(question) is not None


# A question that names both things it asks to choose between ("日更好还是周更好？").
_OWN_CHOICE = re.compile(rf"[{CJK}A-Za-z\d]{{2,}}还是[{CJK}A-Za-z\d]{{2,}}")
# A follow-up that asks for an example and names nothing ("举个例子", "比如呢", "有例子吗").
_ASKS_EXAMPLE = re.compile(
    # ("有没有真实例子" after "客单价咋往上拉" was read as a question of its own, and refused)
    # ("有没有写好的例子参考下" after "活动刚结束 老大让我写复盘 从哪下手" was refused)
    r"(?:能|可以)?(?:再)?(?:举个?例子?|举一个例子|比如说?|例如"
    # ("有没有类似的真实案例" after three turns on a 宝妈 group was refused)
    r"|有(?:没有)?(?:什么|啥)?(?:类似|相关|相似|同类)?的?(?:真实|实际|具体|写好|现成|成功|完整)?的?(?:例子|案例|范例)"
    r"(?:吗|可以)?(?:参考|看看|学习)?(?:一?下)?)"
)


# People, whom 它 does not point at (他们 does): "重要唤回用户", "有人在群里发广告".
_PEOPLE_WORDS = "用户|客户|老客|新客|顾客|买家|粉丝|达人|主播|成员|博主|群友|同事|老板|人群|KOL|KOC|人"
_PEOPLE = re.compile(rf"(?:{_PEOPLE_WORDS})s?$|^有人")
# A 这个/那种 that says which of the words before it, not what was said before: "质检那个岗位" (the 质检
# one), "我这种刚来的" (someone like me) — "质检那个岗位的合格率要多少？" became "质检客服团队有岗位……".
# (one that ends the question names nothing before it: "为啥说新人最该看这个" points at the last answer's UV 价值)
_APPOSITIVE = re.compile(
    rf"(?:(?<=[{CJK}A-Za-z]{{2}})|(?<=我))(?:这个|那个|这种|那种|这些|那些)(?![呢吗啊呀吧？?。！!\s]*$)"
)


# An English word pointing at what was said before, after what is done with it ("make with it", "measure
# them"; not "worth it"), or opening a question of it ("Does it …").
_EN_POINTING = re.compile(
    r"\b(?:with|about|for|of|on|into|from|do|does|use|using|measure|track|improve|run|start|build|fix)\s+(it|them)\b"
    # ("OK, how do I actually pick one? What are the steps?" after "What exactly is a north star metric?")
    r"|\b(?:pick|choose|select|define|set up|find)\s+(one|it|them)\b"
    r"|^(?:is|does|can|should|will|do|are)\s+(it|they)\b"
    r"|^(?:why|how|when)\s+(?:is|does|do|are|can|should)\s+(it|they)\b",  # ("Why is it worth doing?")
    re.I,
)
# An English follow-up asking for an example of what was asked ("Is there a real case?", "Any examples?").
_EN_EXAMPLE = re.compile(
    # ("Can you walk me through an example?" was refused)
    r"(?:(?:can|could) you\s+)?(?:is there|are there|any|do you have|give(?: me)?|got|walk me through|show me)\s+"
    r"(?:a |an |any |some |one )?"
    r"(?:real(?:-world)? |actual |concrete |good )?(?:example|case study|case)s?\s*\??",
    re.I,
)
# "it" that stands for what follows ("Is it legal … to tag customers", "Is it OK if …"), not for a thing.
_DUMMY_IT = re.compile(r"^(?:is|was|would|will)\s+it\s+(?:[\w'’-]+\s+){1,6}?(?:to|if|that|when|for me to)\b", re.I)
# (and what it costs or takes to do a thing: "how much does it cost to hire a top Douyin streamer?" became "how much
# does review cost to hire……", the last question's subject put for its 'it')
_COSTS_IT = re.compile(r"\b(?:does|do|did|will|would|can)\s+it\s+(?:cost|take)\s+(?:\w+\s+){0,3}?to\b", re.I)
_EN_WHICH = re.compile(r"which (?:stage|step|part|level|channel|metric)s?\b", re.I)  # (of the list just given)


_ASPECTS = frozenset(
    # (and 为什么, how it asks: "Why is private domain worth doing?" is of 私域)
    {*_GENERIC, *"内容 数据 活动 误区 指标 区别 阶段 步骤 方法 角色 目标 优先 为什么".split()}  # noqa: SIM905 - a word list reads better as one string
)


def _asks_an_aspect(question: str) -> bool:
    """Does an English question name an aspect (a metric, mistakes, steps) and nothing it is of?"""
    terms = chinese_terms(question)
    return any(t in _ASPECTS and t not in _GENERIC and t != "为什么" for t in terms) and not _english_subject(question)


def _english_subject(question: str, plural: bool = False) -> str:
    """An English question's first glossary phrase as it says it ("What is private domain operations…" →
    "private domain"), "" when it has none or is Chinese; with `plural`, its first plural one (what "them" points
    at)."""
    if has_cjk(question):
        return ""
    # (not a word every question shares or one naming an aspect: "Is there a real case?" after "What mistakes
    # do teams usually make with private domain?" asks of 私域, not of mistakes)
    low = question.lower()
    found = [
        (m.start(), -len(m.group(0)), m.group(0))
        for e in GLOSSARY
        if GLOSSARY[e] not in _ASPECTS
        and len(GLOSSARY[e]) >= 2  # (nor a verb: "pick" is 选 — "an example of pick" was asked, and refused)
        for m in re.finditer(glossary_pattern(e), low)
    ]
    # (an aspect's word is a role's name before "ops": "whats the goal of activity ops and how is it measured" asks
    # of 活动运营 — nh54 got "(product manager)", the last question's subject, glued to it)
    found += [
        (m.start(), -len(m.group(0)), m.group(0))
        for e in GLOSSARY
        if GLOSSARY[e] in _ASPECTS and len(GLOSSARY[e]) >= 2
        for m in re.finditer(glossary_pattern(e) + r"[\s-]+(?:ops|operations?)\b", low)
    ]
    if plural:
        found = [f for f in found if re.search(r"[^s]s$", f[2])]
    if not found:
        return ""
    start, length, _ = min(found)
    return question[start : start - length]


def _own_subject(core: str) -> str:
    """The words a question without a term of the vocabulary says before what it asks ("新注册用户适合哪种"
    → 新注册用户适合, "工具类产品一般看啥" → 工具类产品), "" when it opens with that ("具体怎么做", "一般看啥")."""
    m = _QWORD.search(core) or ASKS_HOW_MUCH.search(core)
    before = core[: m.start()] if m else ""
    before = _ADVERB.split(before, maxsplit=1)[0].strip(" ，,的")
    if _pointing(before) is not None or ORDINAL.search(before):
        return ""
    if re.match(r"太|很|特别|过于?|偏|比较|非常|最|越", before) or "了" in before:
        return ""  # (how it is, not a subject: "太低了说明啥？" after "积分消耗率多少算健康")
    return before if len(re.findall(rf"[{CJK}A-Za-z]", before)) >= 2 else ""


def _names_its_own(question: str, previous: str) -> bool:
    """Does the question open by pointing at a thing of its own ("那个教育机构……"), one the last question did not name,
    and ask something of it?"""
    m = re.match(rf"(?:那个|这个|那家|这家|那位|这位)(?=[{CJK}])", question)
    if m is None or _WHEN_ALONE.match(question, m.end()):
        return False
    noun = _lead_noun(question[m.end() :])
    return bool(noun) and noun not in previous and _ASKS.search(question, m.end() + len(noun)) is not None


def _noun_phrase(words: str) -> bool:
    """Do the words name a thing — a term, or words ending in a noun ("工单处理流程", "一场直播"), not a clause
    ("活动规则写多复杂比较好")?"""
    from bot.keyword import tag

    words = words.strip()
    terms = terms_in(words)
    if terms and words.endswith(terms[-1]) or len(words) <= 4:  # (short, it is a name: "直播复盘")
        return True
    last = next(((w, f) for w, f in reversed(tag(words)) if w.strip()), ("", ""))
    return last[1][:1] == "n" or last[1] == "vn"


def _lead_noun(question: str) -> str:
    """The noun a question opens with ("活动规则写多复杂比较好" → 活动, "会员快掉级了……" → 会员), or ""."""
    from bot.keyword import tag  # (jieba's tagger, loaded only when a follow-up needs it)

    first = next(((w, f) for w, f in tag(question.strip()) if w.strip()), ("", ""))
    noun = len(first[0]) >= 2 and (first[1][:1] == "n" or first[1] == "vn")
    return first[0] if noun and not _ASKER.match(first[0]) else ""


# A brand, a company or a team a question names ("那个面霜牌子", "那家店"): whom 他们 stands for.
_ORGANISATION = re.compile(
    rf"(?:那个|那家|这个|这家)?[{CJK}A-Za-z]{{0,6}}?(?:牌子|品牌|公司|团队|机构|店铺|商家|平台|厂家)"
)


def _pointing(core: str) -> re.Match[str] | None:
    """The first word of `core` that points at what was said before ("它", "那个"), or None — not 他们 after
    people the question names itself ("还有些老客好久没来买了 咋提前发现他们要流失": the 老客)."""
    return next(
        (
            m
            for m in _PRONOUN.finditer(core)
            if not _APPOSITIVE.match(core, m.start())
            and not (m.group(0) in ("他们", "她们") and _SOME_PEOPLE.search(core[: m.start()]))
        ),
        None,
    )


def _own_people(question: str) -> str:
    """The question without a 他们 that stands for people it names itself ("还有些老客……咋提前发现他们要流失")."""
    return re.sub(r"[他她]们", lambda m: "" if _SOME_PEOPLE.search(question[: m.start()]) else m.group(0), question)


_SOME_PEOPLE = re.compile(_PEOPLE_WORDS)


def _side(previous: str, pronoun: str) -> str:
    """What "它" means after a comparison: its first side ("那它至少要跑多久？" after "AB测试跟灰度发布有啥
    区别？" asks of AB测试 — it became "AB测试跟灰度发布至少要跑多久？"); "" otherwise, and for a plural."""
    if not _COMPARES.search(previous) or pronoun.endswith(("们", "些")):
        return ""
    sides = re.split(r"和|跟|与|同", _sides(previous), maxsplit=1)
    first = re.sub(r"^(?:那么?|请问)", "", sides[0]).strip(" ，,")
    return first if len(sides) == 2 and 2 <= len(first) <= 12 else ""


def _sides(question: str) -> str:
    """What a comparison sets side by side, as it says them ("运行和运营又有啥区别" → "运行和运营")."""
    compared = _COMPARES.search(question)
    head = question[: compared.start()] if compared else ""
    return re.sub(r"(?:有啥|有什么|有|的|之间|到底|究竟|在|又|\s)+$", "", head)


def _asking_clause(question: str) -> str:
    """The clause of a question that asks, when it stands apart from what it asks of
    ("店铺这个月销售额掉了，从哪查起" → "从哪查起"), else ""."""
    clauses = [c for c in re.split(r"[，,]", question.strip().rstrip("？?。！! ")) if c.strip()]
    if len(clauses) < 2 or not _ASKS.search(clauses[-1]) or terms_in(clauses[-1]) or len(clauses[-1]) > 8:
        return ""
    return clauses[-1].strip()

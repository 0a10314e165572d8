"""Operations vocabulary: a jieba user dictionary, query synonyms and an English glossary.

Kept as data in one place: trainers extend it when the corpus grows new jargon.
"""

from __future__ import annotations

import functools
import re

# Terms jieba must keep whole (otherwise 运营 and 运行 collapse into 运/营/行 pieces in some
# contexts, and "私域" or "GTM" vanish).
TERMS: tuple[str, ...] = (
    "运营",
    "运行",
    "运作",
    "运筹帷幄",
    "拉新",
    "促活",
    "留存",
    "召回",
    "唤醒",
    "回流",
    "获客",
    "转化",
    "复购",
    "私域",
    "私域流量",
    "加粉",
    "加粉率",
    "删除率",
    "包裹卡",
    "达人",
    "博主",
    "小红书",
    # Platforms jieba does not know: "抖音视频几点发" was read as 抖 / 音视 / 视频 and refused.
    "抖音",
    "拼多多",
    "天猫",
    "公众号",
    "视频号",
    "小程序",
    "种草",
    "商单",
    "刷量",
    "信息流",
    "公域",
    "GTM",
    "KOL",
    "KOC",
    "DAU",
    "MAU",
    "ARPU",
    "LTV",
    "CAC",
    "ROI",
    "GMV",
    "AARRR",
    "北极星指标",
    "PDCA",
    "退款率",
    "访客数",
    "付费流量",
    "免费流量",
    "蓄水期",
    "预热期",
    "爆发期",
    "返场期",
    "SEO",
    "SaaS",
    "CRM",
    "CDP",
    "AB测试",
    "A/B测试",
    "新媒体",
    "新媒体运营",
    "内容运营",
    "用户运营",
    "活动运营",
    "电商运营",
    "产品运营",
    "数据运营",
    "流量运营",
    "市场运营",
    "海外运营",
    "社区运营",
    "商品运营",
    "直播运营",
    "平台运营",
    "品类运营",
    "渠道运营",
    "创作者运营",
    "产品经理",
    "运营经理",
    "用户分层",
    "生命周期",
    "用户生命周期",
    "增长飞轮",
    "限流",
    "熔断",
    "限流熔断",
    "降级",
    "扩容",
    "动态扩容",
    "压测",
    "全链路压测",
    "服务器",
    "宕机",
    "大促",
    "双11",
    "双十一",  # (jieba cut it 双十 / 一: "双十一要提前多久开始准备" was refused)
    "风控",
    "事前",
    "事中",  # (jieba cut "风控事中要" as 风控事 / 中要: "裂变风控事中要做啥" was refused)
    "事后",
    "618",
    "埋点",
    "数据中台",
    "红人投放",
    "品牌曝光",
    "周报",
    "日活",
    "月活",
    "客单价",
    "满减",  # (jieba cut "满减券" 满 / 减券: "满减券的门槛怎么定" found no line saying 满减 — trn52)
    "获客成本",
    "留存率",
    "转化率",
    "复购率",
    "流失率",
    "活跃度",
    "漏斗",
    "裂变",
    "社群",
    "种子用户",
    "刚建",  # ("群刚建起来头几天咋整" was cut 群刚 / 建 …)
    "头几天",
    "机审",  # ("为啥审核要机审加人审" was cut 要机 / 审加: no heading of 机审+人审 matched)
    "人审",
    "沉睡用户",
    "流失用户",
    "口碑",
    "KPI",
    "业务价值",
    "工作量",
    "选题",
    "打开率",
    "完读率",
    "分享率",
    "涨粉率",
    "PGC",
    "UGC",
)

# Groups of words a new hire uses interchangeably; a query term pulls in its group (for BM25).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("召回", "唤醒", "回流", "挽回", "流失用户", "沉睡用户"),
    ("拉新", "获客", "引流", "新用户"),
    # ("群越来越冷清了", "群老是冷冷清清的咋办": not active)
    ("促活", "活跃", "激活", "活跃度", "冷清", "冷冷清清", "死气沉沉"),
    ("发言", "说话"),  # ("群里没人说话")
    ("留存", "留存率", "留住"),
    ("转化", "转化率", "付费"),
    ("限流", "熔断", "限流熔断", "降级", "扩容", "宕机", "崩溃", "扛不住", "服务器"),
    ("双11", "双十一", "大促", "618", "流量洪峰"),
    ("方法", "步法", "办法", "方法论"),  # ("复盘用啥方法" and "活动复盘：GRAI 四步法")
    ("KOL", "红人", "达人", "博主", "关键意见领袖"),
    ("GTM", "新品上市", "市场策划"),
    ("指标", "KPI", "数据", "关键指标", "数"),  # ("看哪些数": what a new hire says for metrics)
    ("岗位", "角色", "职位", "职责", "工作内容", "干嘛", "做什么"),
    ("区别", "不同", "差异", "分清"),
    ("误区", "坑", "踩坑", "雷区", "错误"),
    ("企业微信", "企微"),
    ("加粉", "加好友", "加微信"),
    # ("新号前一个月怎么起号？", "群刚建起来头几天咋整": the playbook says 冷启动)
    ("冷启动", "起号", "刚建", "头几天"),
    # (a page session: "店里访客突然少了一大截 从哪查起" got the sales formula, not "店铺流量突然下跌怎么办？")
    ("下跌", "下降", "下滑", "减少", "掉", "少"),
    ("店铺", "店里"),
    ("访客", "访客数", "流量"),
    ("投放", "投完", "投了"),  # ("投完怎么看有没有效果": a 投放 done)
    ("面试", "能力", "技能"),
    # (a page session, nh46: "新加的好友头一个礼拜要干啥" was refused — the playbook says "新好友添加后的 7 天")
    ("一周", "礼拜", "星期", "7 天", "七天"),
    ("新加", "新好友", "新增好友"),
    # ("好几个紧急情况一起来 先处理哪个": the playbook says 优先级)
    ("优先", "优先级", "先处理", "先做", "先搞"),
    # (trn52: "素材点击率低到多少就该关掉" — the playbook says "CTR 低于 1% 的，直接关停")
    ("点击率", "CTR"),
    ("关停", "关掉", "停掉", "停投"),
)

# Longest first: a scan that takes the first match finds "用户运营" before "运营".
TERMS_LONGEST_FIRST: tuple[str, ...] = tuple(sorted(TERMS, key=len, reverse=True))

# English words → Chinese terms, so an English question also finds its passages by keyword.
GLOSSARY: dict[str, str] = {
    "operations": "运营",
    "operation": "运营",
    "ops": "运营",
    "operate": "运营",
    "running": "运行",
    "orchestration": "运作",
    "strategy": "运作",
    "user": "用户",
    "users": "用户",
    "content": "内容",
    "new media": "新媒体",
    "social media": "新媒体",
    "marketing": "市场",
    "market": "市场",
    "influencer": "达人",
    "influencers": "达人",
    "kol": "达人",  # (the playbook's word: "小红书达人怎么选")
    "kols": "达人",
    "xiaohongshu": "小红书",
    "rednote": "小红书",
    "little red book": "小红书",
    "seeding": "种草",
    "e-commerce": "电商",
    "ecommerce": "电商",
    "product": "产品",
    "product manager": "产品经理",
    "overseas": "海外",
    "position": "岗位",
    "positions": "岗位",
    "core": "核心",
    "steps": "步骤",
    "levels": "层次",
    "global": "海外",
    "campaign": "活动",  # (first: what an English lead glosses 活动 by — "活动 = event" read oddly, nh49)
    "event": "活动",
    "activity": "活动",  # ("activity ops" is 活动运营: nh54 got "(product manager)" glued to it)
    "activities": "活动",
    "events": "活动",
    "data": "数据",
    "metrics": "指标",
    "metric": "指标",
    "traffic": "流量",
    "recall": "召回",
    "win back": "召回",
    "churned": "流失",
    "churn": "流失",
    "retention": "留存",
    "retain": "留存",
    "acquisition": "拉新",
    "acquire": "拉新",
    "activation": "促活",
    "active": "活跃",
    # (but how active: "a healthy daily activity rate for a group chat" is 活跃率; after "active", which glosses 活跃)
    "activity rate": "活跃率",
    "daily activity": "活跃",
    "conversion": "转化",
    "rate limiting": "限流",
    "rate limit": "限流",
    "circuit breaker": "熔断",
    "server": "服务器",
    "servers": "服务器",
    "crash": "宕机",
    "outage": "宕机",
    "scale": "扩容",
    # ("How many steps are there in a user interview?" read 面试, a job's)
    "user interview": "访谈",
    "user interviews": "访谈",
    "survey": "问卷",
    "surveys": "问卷",
    "questionnaire": "问卷",
    "interview": "面试",
    "skills": "能力",
    "difference": "区别",
    "differences": "区别",
    "role": "角色",
    "roles": "角色",
    "weekly report": "周报",
    "lifecycle": "生命周期",
    "community": "社群",
    # ("What is the difference between a community and a fan group?" had one side: "fan group" said nothing)
    "fan group": "粉丝群",
    "fan groups": "粉丝群",
    "fans": "粉丝",
    "fan": "粉丝",
    "wechat group": "社群",
    "wechat groups": "社群",
    "word of mouth": "口碑",
    "singles day": "双11",
    "fraud": "风控",  # ("How do we stop fraud in referral campaigns?" got AARRR's 推荐 stage)
    "risk control": "风控",
    # ("What's the difference between machine review and human review in content moderation?" was refused)
    "machine review": "机审",
    "human review": "人审",
    "manual review": "人审",
    "content moderation": "内容审核",
    "moderation": "审核",
    "promotion": "大促",
    # (a session: "How do we handle a traffic spike on Singles Day?" got the 大促 calendar, not the
    # 流量洪峰 emergency steps; "traffic peaks during a big sale" the four kinds of store traffic)
    "traffic spike": "流量洪峰",
    "traffic spikes": "流量洪峰",
    "traffic peak": "流量洪峰",
    "traffic peaks": "流量洪峰",
    "traffic surge": "流量洪峰",
    "peak traffic": "流量洪峰",
    "big sale": "大促",
    "sales event": "大促",
    "shopping festival": "大促",
    # (a session: "users who stopped using the app" said nothing of 流失)
    "stopped using": "流失",
    "lapsed": "流失",
    "inactive users": "沉睡用户",
    "dormant users": "沉睡用户",
    "emergency": "应急",
    "growth": "增长",
    "k factor": "K 因子",  # ("What is the K factor in growth?" got the 增长误区 list)
    "k-factor": "K 因子",
    "viral coefficient": "病毒系数",
    "referral": "推荐",
    "referrals": "推荐",
    "revenue": "收入",
    "retrospective": "复盘",
    # ("How should I run a post-campaign review?" was refused: review said nothing the playbook says)
    "post-campaign review": "活动复盘",
    "campaign review": "活动复盘",
    "review meeting": "复盘会",
    "retro": "复盘",
    "review": "复盘",  # (the verb of a stream's or a campaign's numbers: "which metrics do we review after a stream")
    "reviews": "评价",  # (a shop's: "差评", "晒图好评")
    "customer reviews": "评价",
    "post-mortem": "复盘",
    "postmortem": "复盘",
    "north star": "北极星指标",
    "budget": "预算",
    "choose": "选",  # ("How do I choose a north star metric?" → "怎么选北极星指标")
    "pick": "选",
    "risk": "风险",
    "risks": "风险",
    "private domain": "私域",
    "private traffic": "私域流量",
    "wecom": "企业微信",
    "enterprise wechat": "企业微信",
    "wechat work": "企业微信",
    "goal": "目标",
    "goals": "目标",
    "mistakes": "误区",
    "pitfalls": "误区",
    "segmentation": "分层",
    "segments": "分层",
    # (a trainer's "What is a healthy points redemption rate?" was refused: the article says 积分消耗率)
    "points": "积分",
    "loyalty points": "积分",
    "reward points": "积分",
    "redemption rate": "消耗率",
    "redemption": "兑换",
    "redeem": "兑换",
    "membership": "会员",
    # (a trainer's "What's the difference between paid membership and tiered membership?")
    "paid membership": "付费会员",
    # (trn49: "What is a healthy renewal rate for an annual membership?" got the 会员体系 definition)
    "renewal rate": "续费率",
    "renewal": "续费",
    "annual membership": "年卡",
    "paid members": "付费会员",
    "tiered membership": "等级会员",
    "membership tiers": "会员等级",
    # (nh50: "how do members earn growth points" was refused; "member tiers" read as 层级 got the 达人 tiers)
    "member tiers": "会员等级",
    "member tier": "会员等级",
    "membership levels": "会员等级",
    "member levels": "会员等级",
    "growth points": "成长值",
    "growth value": "成长值",
    "members": "会员",
    "topic": "选题",
    "topics": "选题",
    "headline": "标题",
    "headlines": "标题",
    "distribution": "分发",
    "distribute": "分发",
    "open rate": "打开率",
    "read-through rate": "完读率",
    "completion rate": "完读率",
    "share rate": "分享率",
    "follower growth": "涨粉",
    # (a page session: "Which numbers should I track for a WeChat article?" was refused, "…lots of reads but
    # no new followers?" got the metrics; "how much budget should go to each tier?" the campaign budget)
    "wechat official account": "公众号",  # (first: the English a gloss of 公众号 shows)
    "official account": "公众号",
    "wechat article": "公众号",
    "wechat articles": "公众号",
    "numbers": "指标",
    "reads": "阅读量",
    "followers": "粉丝",
    "new followers": "涨粉",
    "tier": "层级",
    "tiers": "层级",
    "product link": "商品链接",
    "livestream": "直播",
    "livestreams": "直播",
    "live stream": "直播",
    "live streaming": "直播",
    "streamer": "主播",
    # (a page session: "how should I order the products during a stream?" and "which metrics do we review after a
    # stream…?" were refused — 排品 and 直播后 said in the playbook's words)
    "stream": "直播",
    "streams": "直播",
    "after a stream": "直播后",
    "after the stream": "直播后",
    "after a livestream": "直播后",
    "order the products": "排品",
    "order products": "排品",
    "product order": "排品",
    "product sequencing": "排品",
    "host": "主播",
    "average order value": "客单价",
    "aov": "客单价",
    "basket size": "客单价",
    "conversion rate": "转化率",
    "repurchase": "复购",
    "repeat purchase": "复购",
    "repurchase rate": "复购率",
    "refund rate": "退款率",
    "visitors": "访客数",
    "online store": "店铺",
    "store": "店铺",
    "shop": "店铺",
    "paid traffic": "付费流量",
    "free traffic": "免费流量",
    "search traffic": "搜索流量",
    # (a page session: "How should we split content on WeChat Moments?" was refused; "Which stage should I fix
    # first?" after AARRR named no stage; a trainer's "negative public opinion" and "customer service metrics")
    "moments": "朋友圈",
    "wechat moments": "朋友圈",
    "stage": "阶段",
    "stages": "阶段",
    "public opinion": "舆情",
    "fix first": "优先",
    "priority": "优先级",  # (a trainer: "优先 = fix first" glossed a ticket's 优先级)
    "prioritize": "优先",
    "customer service": "客服",
    "ticket": "工单",
    "tickets": "工单",
    # (a page session: "How can I tell if an account has fake followers?" got the last answer's lines again)
    # (a heading that asks why is the answer to an English why: "Why is private domain worth doing?" got "三、私域
    # 用户从哪里来", not "二、为什么要做私域")
    "why": "为什么",
    "fake followers": "刷量号",
    "fake accounts": "刷量号",
    "fake account": "刷量号",
    "bought followers": "刷量号",
    # The words themselves, as a new hire types them without a Chinese keyboard.
    "yunying": "运营",
    "yunxing": "运行",
    "yunzuo": "运作",
}


def glossary_words(english: str) -> list[str]:
    """A glossary entry's words, a space and a hyphen parting them alike ("post-campaign review")."""
    return re.split(r"[\s-]+", english)


@functools.cache  # (every question matches the whole glossary: build each pattern once)
def glossary_pattern(english: str) -> str:
    """A glossary entry as a whole-word pattern where a space and a hyphen are the same
    ("private-domain operations" is "private domain")."""
    return r"\b" + r"[\s-]+".join(re.escape(w) for w in glossary_words(english)) + r"\b"


def to_chinese(phrase: str) -> str:
    """An English noun phrase in the playbook's Chinese, word by word: "new media operations" →
    "新媒体运营", "'yunxing' (running)" → "运行" (each Chinese term once); "" when none is known."""
    return "".join(chinese_terms(phrase))


def chinese_terms(phrase: str) -> list[str]:
    """The glossary's Chinese for the English words of `phrase`, in order, each once and none
    inside one already taken ("North Star Metric" → ["北极星指标"], not 北极星指标 + 指标)."""
    low = phrase.lower()
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    for english in sorted(GLOSSARY, key=len, reverse=True):
        for m in re.finditer(glossary_pattern(english), low):
            span = set(range(m.start(), m.end()))
            if not span & taken:
                found.append((m.start(), GLOSSARY[english]))
                taken |= span
    out: list[str] = []
    for _, zh in sorted(found):
        if not any(zh in o for o in out):
            out.append(zh)
    return out

"""Classify an authority's message into a `Kind`, with evidence, confidence, dates and reference.

Transparent weighted rules: each named rule is a phrase family from FOI practice (UK, Scotland,
Australia, New Zealand, EU) that adds weight to one kind; header and structure signals come from
foibot.core.signals. Kinds that put the requester on a clock (stay-alive, fee, clarification)
take precedence over the rest, because missing them can kill a request. Statements of refusal
and the like count only when asserted, not inside "if you do not..., we will have to refuse".
Pure: `classify()` never raises and reads nothing but the Mail.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from foibot.core import extract
from foibot.core.documents import attachment_signals
from foibot.core.keyfinder import KeyFinder
from foibot.core.lowercase import compile_lower
from foibot.core.model import REQUESTER_MUST_REPLY, Classification, Kind, Mail
from foibot.core.rules import AR, IA, IO, OT, RULES, A, C, D, E, F, Mode, N, R, Rule, S, X
from foibot.core.signals import header_signals
from foibot.core.text import forwarded_message

# Only the start of a long message decides; later pages are annexes and boilerplate.
_MAX_TEXT = 8_000
_DECIDES = 2.5  # weight at which a kind is clearly present
_NOTICEABLE = 1.5  # weight below which the message is "other"


_NOT_HELD = next(rule for rule in RULES if rule.name == "not_held")
_KEY_FINDER = KeyFinder(key for rule in RULES for key in rule.keys)

# Hedges around a phrase for Mode.ASSERTED / Mode.CONDITIONAL: the sentence before it and a few
# words after ("... withdrawn if we do not hear from you").
_CONDITIONAL = compile_lower(
    r"\b(?:if|unless|sollten?|(?<!\d\s)may(?!\s+\d)|might|should\s+(?:you|we|i|it|this|there)|(?:have|has)\s+to|whether|otherwise|in\s+the\s+event|failing"
    r"|without\s+(?:a|your|any)\s+(?:reply|response|answer)|absence\s+of|(?:would|could)\s+(?:be|have)|would\s+need\s+to"
    r"|\bor\s+(?:i'?ll|we'?ll|i\s+will|we\s+will)|likely\s+(?:that\s+)?(?:we|i)\s+would|possibly|(?:it\s+is|it's|may\s+be|quite|entirely)\s+possible|intends?\s+to|proposes?\s+to"
    r"|before\s+(?:i|we)\s+(?:make|issue|send|decide|refuse|formally|reach)|rather\s+than|instead\s+of)\b",
)
# Narrower than _CONDITIONAL: an ask only envisaged, as acknowledgements describe the process.
# The requester's answer thanked for: "thank you for confirming / getting back to us / your reply".
_ANSWER_THANKED = (
    r"thank(?:s|\s+you)\s+for\s+(?:confirming|getting\s+back|letting\s+us\s+know"
    r"|your\s+(?:reply|response|confirmation))"
)
_HYPOTHETICAL = compile_lower(
    r"\b(?:(?<!\d\s)may(?!\s+\d)|might|(?:if|should|when|unless)\s+(?:[\w,]+\s+){0,4}?(?:we|i)\s+(?:do\s+)?(?:need|require"
    r"|have\s+to|have\s+(?:any\s+)?(?:questions|queries))"
    r"|if\s+you\s+have\s+(?:any\s+)?(?:questions|queries)"
    r"|if\s+(?:your|the|a)\s+(?:request|application)\s+(?:is|was|seems)|where\s+(?:necessary|needed|required)"
    # an optional extra: "if there is a particular aspect we did not cover, it would help if you could say"
    r"|if\s+there\s+(?:is|are)\s+(?:a|any)\s+(?:particular\s+|specific\s+)?(?:aspect|part|point|element|question|area)"
    r"|in\s+(?:some|certain)\s+cases|there\s+(?:may|could)\s+be"
    r"|(?:we|i)\s+(?:wrote|e-?mailed|contacted|asked|previously\s+asked)\s+(?:to\s+)?you\s+on"
    r"|on\s+\d{1,2}\s+\w+(?:\s+\d{4})?,?\s+(?:we|i)\s+(?:wrote|e-?mailed|contacted|asked|previously\s+asked)\b"
    r"|(?:we|i)\s+(?:had\s+)?(?:previously\s+|already\s+)?asked\s+you\s+to"
    r"|(?:our|my|its|their)\s+(?:letter|e-?mail|message)\s+(?:of|dated)\b|\bour\s+(?:earlier|previous|last)\s+(?:e-?mail|letter|message)"
    r"|(?<!has\s)(?<!have\s)\basked\s+you\s+to\b|if\s+you\s+(?:need|require|have\s+any)"
    # ... not an indirect question: "let us know if you would like us to keep it open"
    r"|(?<!know\s)(?<!confirm\s)(?<!advise\s)(?<!check\s)(?<!ask\s)if\s+you\s+would\s+like"
    r"|(?:if|when|once|should)\s+you\s+(?:receive|get|hear\s+(?:back\s+)?from)"
    r"|if\s+you\s+do\s+(?:still\s+)?(?:wish|want)\s+to\s+(?:proceed|continue|go\s+ahead)|if\s+(?:we|i)\s+do(?=\s*[,;])|\bif\s+so\b"
    r"|in\s+(?:that|which)\s+case|if\s+you\s+(?:do|decide\s+to\s+(?:continue|proceed|go\s+ahead))(?=\s*,)"
    # the requester's answer, or an earlier ask, recounted: "thank you for confirming that you still want it"
    rf"|{_ANSWER_THANKED}|for\s+confirming|(?:message|letter|e-?mail|reminder)s?\s+(?:asking|to\s+ask)\b)\b",
)
# After the phrase, only a condition makes an ask hypothetical ("... clarify, if we need to"): a
# purpose clause ("to refine your request so that it may fall within the limit") does not.
_HYPOTHETICAL_AFTER = compile_lower(
    r"\b(?:(?:if|should|when|where)\s+(?:we|i)\s+(?:need|require|have\s+(?:any\s+)?(?:questions|queries))"
    r"|(?:if|where|when)\s+(?:necessary|needed|required|appropriate)|in\s+(?:some|certain)\s+cases)\b",
)
# Before a phrase, a promise of something still to come (for Mode.DONE).
_PROMISED = compile_lower(
    r"\b(?:will|shall|aim\s+to|expect\s+to|intend\s+to|hope\s+to|plan\s+to|once|when|until|after"
    r"|should\s+(?:therefore\s+|then\s+)?(?:receive|get|have|hear))\b",
)
# A threat that only follows a hypothetical ("If we do, ... if we do not hear back we may close it").
_THREAT_HYPOTHETICAL = compile_lower(
    r"\s*(?:if\s+(?:we|i)\s+do\s*[,;]|if\s+so\b|in\s+that\s+case\b|should\s+that\s+happen\b"
    r"|(?:if|when|once)\s+you\s+(?:receive|get|hear\s+(?:back\s+)?from))"
)
# What a withdrawal threat's own sentence says is awaited ("if we have not received your clarification").
_THREAT_AWAITS = (
    (
        C,
        re.compile(
            r"\bclarif|\b(?:further|more|additional|requested)\s+(?:information|details?)|postal\s+address|\bdescri|\bspecif"
            r"|präzisier"
            r"|\bproof\s+of\b|\bidentification\b|\b(?:the|these|those|your)\s+(?:documents|consent)\b"
        ),
    ),
    (F, re.compile(r"\bpay|\bfees?\b|\bcharges?\b|\bdeposit")),
    (S, re.compile(r"\bstill\b")),
)
_AFTER_WINDOW = 40
# A closing quote after a sentence's stop ('...how many?" We cannot...') would hide the boundary.
_QUOTE_AFTER_STOP = re.compile(r"""([.?!])["'\u201d\u2019]+(?=\s)""")
_BOUNDARIES = (". ", "? ", "! ", "; ", ": ")
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv|tr)\s*:\s*)+", re.IGNORECASE)
# FOI handling in a message: tells an automated FOI acknowledgement from a generic autoresponder.
_FOI_HANDLING = re.compile(
    r"\b(?:freedom\s+of\s+information|FOI|FOIA|FOISA|official\s+information|access\s+to\s+(?:official\s+)?documents"
    r"|access\s+to\s+information|information\s+access|ATIP|LGOIMA|OIA"
    r"|environmental\s+information|EIR|GIPA|information\s+request|regulation\s+\(EC\)|working\s+days)\b",
    re.IGNORECASE,
)
# A reference to an FOI regime or request: a header-flagged autoresponder without one is a
# general-enquiries reply, however it words its service standard ("within 10 working days").
_FOI_REFERENCE = re.compile(
    r"\b(?:freedom\s+of\s+information|FOI|FOIA|FOISA|official\s+information|access\s+to\s+(?:official\s+)?documents"
    r"|access\s+to\s+information|information\s+access|ATIP|LGOIMA|OIA|environmental\s+information|EIR|GIPA"
    r"|(?:information|access|records?)\s+request|regulation\s+\(EC\))\b",
    re.IGNORECASE,
)
# An extension letter promises a later full response; a final refusal does not.
_LATER_RESPONSE = re.compile(
    r"\b(?:aim|expect|intend|hope|plan)\s+to\s+(?:let\s+you\s+have|send\s+you|provide\s+you\s+with|give\s+you|issue)\s+"
    r"(?:a|our|the)\s+(?:full|final|substantive)\s+(?:response|reply|decision)"
    r"|\b(?:now|therefore)\s+(?:aim|expect|intend|hope|plan)\s+to\s+(?:respond|reply)\b"
    r"|\b(?:expect|aim|hope|intend)\s+to\s+be\s+(?:in\s+a\s+position|able)\s+to\s+(?:respond|reply)\b"
    r"|\bdecision\s+(?:on\s+your\s+(?:request|application)\s+)?will\s+(?:now\s+)?(?:issue|be\s+(?:issued|made|sent))\b"
    r"|\byou\s+(?:can|should|may)\s+(?:now\s+)?expect\s+(?:a|our|the)\s+(?:decision|response|reply)\b",
    re.IGNORECASE,
)
# Personal data withheld (UK s.40, Scottish s.38, EIR reg. 13, US Exemption 6): usually a redaction.
_PERSONAL_DATA = re.compile(
    r"\b(?:section|s\.)\s*(?:40|38)\s*\(|\bregulation\s+13\b|\bexemption\s+6\b|\bpersonal\s+(?:data|information)\b",
    re.IGNORECASE,
)
# Enumerated lines: a multi-part request answered part by part.
_ENUMERATED = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|q\d{1,2}\b|question\s+\d{1,2}\b)", re.IGNORECASE | re.M
)

# A quoted earlier message that the parser left in: a separator line after the sender's sign-off.
_SIGN_OFF = re.compile(
    r"^\s*(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|regards|many\s+thanks"
    r"|ngā\s+mihi|nāku\s+noa)\b.{0,20}$",
    re.IGNORECASE | re.M,
)
_SEPARATOR = re.compile(r"^\s*(?:[-_=*]{8,}|-+\s*original\s+message\s*-+)\s*$", re.IGNORECASE | re.M)

# A row of a table of figures ("2022/23     167     63"): the answer laid out.
# Each match runs to its line's end, so a line counts once.
_TABLE_ROW = re.compile(r"\S(?:[ \t]{2,}|[ \t]*[|\t][ \t]*|[ \t]*\.{3,}[ \t]*)[£$€]?\d[^\n]*")
# A line answering with a figure ("2. Notices served: 31", "Mott MacDonald Ltd - £388,915"), as a
# part-by-part answer lays it out (a dash needs a sum of money: "2019 - 2023" is a range).
_ANSWER_LINE = re.compile(r"^[ \t]*[^\s:][^\n:]{3,80}:[ \t]*[£$€]?\d[\d,.]*%?[ \t]*$", re.M)
_DASH_SUMS = tuple(f"{dash} {currency}" for dash in "-\u2013" for currency in "£$€")  # a cheap pre-check
_SUM_AT_LINE_END = re.compile(r"[-\u2013][ \t]+[£$€]\d[\d,.]*[ \t]*$", re.M)
_MIN_TABLE_ROWS = 3


def _names_what_it_costs(text: str, dash: int) -> bool:
    """Whether the line holding a " - £388,915" starts with a name for it ("Mott MacDonald Ltd")."""
    label = text[text.rfind("\n", 0, dash) + 1 : dash]
    return label[-1:] in (" ", "\t") and 4 <= len(label.strip()) <= 81 and ":" not in label


def _table_rows(text: str) -> int:
    rows = len(_ANSWER_LINE.findall(text)) if ":" in text else 0
    if any(dash in text for dash in _DASH_SUMS):
        rows += sum(1 for m in _SUM_AT_LINE_END.finditer(text) if _names_what_it_costs(text, m.start()))
    # Every table row holds a double space, a tab, a "|" or dotted leaders: most letters have none.
    if "  " not in text and "\t" not in text and "|" not in text and "..." not in text:
        return rows
    return rows + len(_TABLE_ROW.findall(text))


# Which law a message counts its periods under, when the caller does not know the request's.
_SCOTTISH_LAW = compile_lower(r"\bfoisa\b|\(scotland\)\s+(?:act|regulations)|\beir\s*\(s\)|\beisr\b")
_SCOTTISH_WORDS = ("foisa", "(scotland)", "eir", "eisr")  # one is in every match
_US_LAW = compile_lower(
    r"\b5\s*u\.?s\.?c\b|\bpublic\s+(?:information|records)\s+(?:act|request|law)\b|\bgovernment\s+code\b"
    r"|\bopen\s+records\s+act\b|\b\d{1,2}\s*c\.f\.r\.?\s*(?:§\s*)?\d"
    r"|\bfreedom\s+of\s+information\s+act\s+\(foia\),?\s+5\b",
)
_OTHER_LAWS = (
    (
        ("lgoima", "official information act"),
        compile_lower(r"\blgoima\b|\bofficial\s+information\s+act\b"),
        "nz_oia",
    ),
    (("act 1982", "gipa"), compile_lower(r"\bfreedom\s+of\s+information\s+act\s+1982\b"), "au_foi1982"),
    (("act 2014",), compile_lower(r"\bfreedom\s+of\s+information\s+act\s+2014\b"), "ie_foi2014"),
    (("1049/2001",), compile_lower(r"\b1049/2001\b"), "eu_1049"),
    (
        ("ifg", "informationsfreiheitsgesetz"),
        compile_lower(r"\bifg\b|\binformationsfreiheitsgesetz"),
        "de_ifg",
    ),
)
_US_WORDS = (
    "u.s.c",
    "usc",
    "u.s.c.",
    "public information",
    "public records",
    "government code",
    "open records act",
    "(foia)",
    "c.f.r",
)
# A short note over a forwarded or resent message.
_COVER_NOTE = re.compile(
    r"\b(?:re-?send\w*|forward\w*|(?:e-?mail|message|letter|response|reply)\s+below|see\s+below|trail\s+below"
    r"|(?:copied|pasted)\s+(?:it\s+|this\s+|them\s+)?below)\b",
    re.IGNORECASE,
)
_MAX_COVER_NOTE = 400
# ... that passes on someone else's answer ("Please see below the response from the service").
_RESPONSE_BELOW = re.compile(
    r"\b(?:see|find)\s+below\s+(?:the|a)\s+(?:response|reply|answer)"
    r"|\b(?:response|reply|answer)\s+(?:from\s+[^.\n]{0,60}?\s+)?(?:is\s+)?(?:below|forwarded\s+below)"
    r"|\bbelow\s+is\s+(?:the|a)\s+(?:response|reply|answer)"
    r"|\bsee\s+below\s+from\b",
    re.IGNORECASE,
)

_FINAL = (X, N, R)
# The message says the requester need do nothing: a subject line or a report of their answer
# ("I've let the team know you still want it") asks nothing.
_NOTHING_NEEDED = compile_lower(
    r"\b(?:there\s+is\s+|there's\s+)?nothing\s+(?:further|more|else)\s+(?:you\s+need\s+to\s+(?:do|send)|(?:is\s+)?(?:needed|required)\s+"
    r"from\s+you)|\byou\s+(?:do\s+not|don't)\s+need\s+to\s+(?:do|take)\s+any(?:thing(?!\s+else)|\s+(?:further\s+)?action)"
)
_IF_CLAUSE = compile_lower(r"\b(?:if|unless|once|when|should)\b")
# The requester's clarification has arrived: "thank you for clarifying", "your clarified request".
_CLARIFIED = compile_lower(
    r"\bthank(?:s|\s+you)\s+for\s+(?:clarifying|your\s+(?:recent\s+|helpful\s+)?clarification)\b"
    r"|\bclarified\s+request\b|\b(?:we|i)\s+(?:have\s+)?(?:now\s+)?received\s+your\s+clarification\b"
    r"|\b(?:on\s+receiving|following)\s+your\s+clarification\b"
)
# The requester's answer acknowledged: "thank you for confirming ...", so a "RE: do you still want it?"
# subject is the question they answered.
_ANSWER_RECOUNTED = compile_lower(rf"\b{_ANSWER_THANKED}")
# Clarification rules that only name it (a subject line, a cited section, "your request was too broad"):
# after the clarification has arrived they recount, they ask nothing.
_CLARIFY_NAMED = frozenset({"clarify_subject", "clarify_consult_law", "clarify_unclear"})
# A request already closed: "if you still want this information, make a new request" asks nothing.
_ALREADY_CLOSED = compile_lower(
    r"\b(?:request|case)\s+(?:has\s+(?:now\s+)?been|is\s+now|was)\s+(?:closed|withdrawn)\b"
    r"|\bwe\s+have\s+(?:now\s+|therefore\s+)?(?:closed|withdrawn)\s+(?:your|the|this)\s+(?:request|case)\b"
    r"|\brecorded\s+(?:your|the|this)\s+request\s+as\s+withdrawn\b"
)
_NEW_REQUEST_INVITED = compile_lower(
    r"\b(?:submit|send|make)\s+(?:us\s+)?(?:a|another)\s+(?:new|fresh|further)\s+request\b"
)
_IF_YOU = compile_lower(r"\bif\s+you(?:'re|\s+are|\s+do)?\s+$")
# Detail asked for earlier and still awaited (not "thank you for your clarification of 3 May").
_CLARIFICATION_PENDING = compile_lower(
    r"\bclarification\s+(?:is\s+)?(?:still\s+)?(?:required|needed|requested|outstanding)"
    r"|\b(?:your|the|any|some)\s+clarification\b(?!\s+(?:of|dated|received|on)\b)|\bto\s+clarify\b"
    r"|\b(?:asking|asked)\s+you\s+to\s+(?:confirm|clarify|specify|tell\s+us|let\s+us\s+(?:know|have)|provide|narrow|choose"
    r"|indicate|explain|identify|send|supply|give\s+us)\b(?!\s+(?:(?:whether|if|that)\s+)?you\s+(?:still|wish|want|would\s+(?:still\s+)?like))"
    # ... not "do you still need the information?"
    r"|(?<!\byou\s)\bstill\s+need\s+(?:you\s+to|your|some|the|more|further)\b"
    r"|\b(?:information|details?)\s+(?:is\s+|are\s+)?(?:still\s+)?(?:needed|required|outstanding)\b"
    r"|\buntil\s+(?:we|i)\s+(?:know|have|receive|hear)\s+(?:which|what|exactly|more|further|the\s+(?:details|information))\b"
    r"|\basking\s+(?:you\s+)?for\s+(?:some\s+)?(?:further|more|additional)\s+(?:details|information|clarification)\b"
    r"|\bwithout\s+(?:that|this|the|those|these)\s+(?:information|details|clarification)\b|\bclarification\s*$"
)
# A direct question to the requester ("which depot did you mean?"); not an offer of help or a
# restated question of the request ("how many fire engines ...?" has no "you").
_QUESTION = re.compile(r"[^.?!]{1,800}\?")
_ASKS_YOU = compile_lower(
    r"\b(?:could|can|would|will|do|did|are|have|were)\s+you\b|\b(?:which|what|when)\b[^?]*\byou\b"
    r"|\bwhether\s+you\b|\byou\s+(?:mean|want|need|require|prefer|intend)\b|\b(?:acceptable|suitable)\s+(?:to|for)\s+you\b"
)
_NOT_AN_ASK = compile_lower(
    r"\bany\s+(?:other\s+|further\s+|more\s+)?(?:questions|queries)\b|\banything\s+else\b|\bsatisfied\b|\bunhappy\b"
    r"|\b(?:help|assist)\s+you\b|\byou\s+(?:help|assist)\b|\bfeedback\b|\bsurvey\b|\bhow\s+did\s+we\b|\bcomplain|\bif\s+so\b"
    r"|\bdid\s+you\s+know\b|\byour\s+experience\b|\bspare\s+(?:a|\w+)\s+minutes?\b"
)
_ABOUT_CONTINUING = compile_lower(
    r"\bstill\b|\bcontinu|\bproceed|\bgo\s+ahead\b|\bkeep\s+(?:going|it|the|your|this)\b|\bcarry\s+on\b|\bopen\b|\bclose\b"
)
# Rules that put a question to the requester (clarify_unclear only finds fault with the request).
_DIRECT_ASKS = frozenset(
    {
        "clarify_ask",
        "clarify_provide",
        "clarify_documents",
        "clarify_offer",
        "clarify_invite",
        "clarify_subject",
        "withdrawal_threat",
    }
)
# ... and those that ask for something, or may only recount an ask ("on 24 September we wrote to
# you under regulation 9, as the request was too broad").
_ASKS = _DIRECT_ASKS | {"clarify_blocked", "clarify_consult", "clarify_consult_law"}
# "If you do wish us to continue, it would help if you could tell us which parts ...": detail asked
# for only on the condition of going on.
_IF_CONTINUING = compile_lower(
    r"\s*if\s+you\s+(?:do\s+|still\s+)*(?:wish|want|would\s+like|decide)\s+(?:us\s+)?to\s+(?:continue|proceed|go\s+ahead"
    r"|pursue|carry\s+on)\b"
)
# ... or whose object is going on: "it would help us if you could let us know whether you still want it".
_ASKS_ABOUT_CONTINUING = compile_lower(
    r"\b(?:whether|if)\s+you\s+(?:still\b|would\s+still\b|(?:wish|want|would\s+like)\s+(?:us\s+|me\s+)?to\s+(?:continue|proceed"
    r"|go\s+ahead|carry\s+on|pursue)\b)"
)
_STAY_ALIVE_RULES = frozenset(
    {"still_wanted", "wish_to_continue", "still_wanted_subject", "keep_or_close", "no_reply_yet"}
)
# Internal-review signals that only name the procedure (an EU confirmatory application is a review).
_REVIEW_NAMED = frozenset({"review_confirmatory", "review_ack_subject"})
_IA_RULES = frozenset(rule.name for rule in RULES if rule.kind is IA)
_DUE_DATE_KINDS = frozenset({A, E, IA, OT, S, C, F})
_DATED_KINDS = _DUE_DATE_KINDS | REQUESTER_MUST_REPLY


def _hedge_window(text: str, start: int, end: int) -> tuple[str, str]:
    """The sentence up to the phrase, and a few words after it (within the sentence).

    A ", so" starts a new clause: "decisions on whether to ... are made elsewhere, so we do not hold
    it" is asserted.
    """
    so = text.rfind(", so ", 0, start)
    left = max(*(text.rfind(b, 0, start) for b in _BOUNDARIES), so + 4 if so >= 0 else -1)
    after = text[end : end + _AFTER_WINDOW]
    right = min((i for i in (after.find(b) for b in _BOUNDARIES) if i != -1), default=len(after))
    return text[left + 1 : start], after[:right]


def _hedged(mode: Mode, text: str, start: int, end: int) -> bool:
    """Whether the phrase at text[start:end] is hedged as `mode` understands hedges."""
    before, after = _hedge_window(text, start, end)
    if mode is Mode.NOT_HYPOTHETICAL:
        # "if we need you to clarify": a hypothetical hedge may run into the phrase itself.
        return bool(_HYPOTHETICAL.search(before + text[start:end]) or _HYPOTHETICAL_AFTER.search(after))
    # Searched apart: "i have [concluded that ...] to withhold" is no "have to".
    if _CONDITIONAL.search(before) or _CONDITIONAL.search(after):
        return True
    return mode is Mode.DONE and bool(_PROMISED.search(_sentence_before(text, start)))


def _sentence_before(text: str, start: int) -> str:
    return text[max(text.rfind(b, 0, start) for b in _BOUNDARIES) + 1 : start]


def _spans(rule: Rule, text: str, keys_at: dict[str, list[int]] | None = None) -> Iterator[tuple[int, int]]:
    """Where in `text` a match of `rule` can be, in order: nowhere without a key, else the key's sentences.

    `keys_at` is `_KEY_FINDER.positions(text)` when the caller has it. Lazy, as a rule stops at its
    first qualifying match: later sentences are never looked for.
    """
    if not rule.keys:
        yield 0, len(text)
        return
    keys_at = _KEY_FINDER.positions(text) if keys_at is None else keys_at
    occurrences = [keys_at[key] for key in rule.keys if key in keys_at]
    if not occurrences:
        return
    if not rule.within_sentence:
        yield 0, len(text)
        return
    end = -1
    for at in occurrences[0] if len(occurrences) == 1 else heapq.merge(*occurrences):
        if at < end:
            continue  # this key's sentence was read already
        end = text.find(".", at)
        end = len(text) if end == -1 else end + 1
        yield text.rfind(".", 0, at) + 1, end


def _finditer(rule: Rule, text: str, spans: Iterator[tuple[int, int]]) -> Iterator[re.Match[str]]:
    # Each span ends at a "." or the end of the text, which no match of a within-sentence rule
    # crosses: matching inside the spans finds exactly what matching the whole text would.
    for start, end in spans:
        yield from rule.pattern.finditer(text, start, end)


def _match(
    rule: Rule, text: str, spans: Iterator[tuple[int, int]], *, limit: int = 1
) -> tuple[str, int] | None:
    """The first qualifying phrase for `rule` and how many qualifying matches there are, up to `limit`.

    Classification needs only the first; counting is for weighing a part-by-part answer.
    """
    if rule.mode is Mode.ANY:
        matches = _finditer(rule, text, spans)
        m = next(matches, None)
        if m is None:
            return None
        return m.group(0), 1 + sum(1 for _, _ in zip(range(limit - 1), matches, strict=False))
    first: str | None = None
    count = 0
    for m in _finditer(rule, text, spans):
        if _hedged(rule.mode, text, m.start(), m.end()) == (rule.mode is Mode.CONDITIONAL):
            count += 1
            first = first or m.group(0)
            if count == limit:
                break
    return (first, count) if first is not None else None


@dataclass
class _Scores:
    weight: defaultdict[Kind, float]
    evidence: defaultdict[Kind, list[str]]
    fired: set[str]
    text: str  # what the rules read: the message's own words, lower-cased
    threat: str = ""  # the sentence of a withdrawal threat, if any
    subject: str = ""  # lower-cased, without "Re:"
    still_as_condition: bool = False  # "if you still want it, please send the detail": no question
    # "if you do wish us to continue, please tell us which parts"; "... let us know whether you still want it"
    ask_if_continuing: bool = False
    to_colleague: bool = False  # forwarded to someone the greeting names, not the requester

    def add(self, kind: Kind, weight: float, evidence: str) -> None:
        self.weight[kind] += weight
        self.evidence[kind].append(evidence)


def _score(mail: Mail, text: str, subject: str) -> _Scores:
    scores = _Scores(defaultdict(float), defaultdict(list), set(), text, subject=subject)
    for signal in (*header_signals(mail), *attachment_signals(mail)):
        scores.add(signal.kind, signal.weight, signal.evidence)
    keys_at = {text: _KEY_FINDER.positions(text), subject: _KEY_FINDER.positions(subject)}
    for rule in RULES:
        target = subject if rule.on_subject else text
        positions = keys_at[target]
        if rule.keys and positions.keys().isdisjoint(rule.keys):
            continue  # no key, no match: spares building the generators below for most rules
        found = _match(rule, target, _spans(rule, target, positions))
        if found is None:
            continue
        phrase = found[0]
        scores.fired.add(rule.name)
        if rule.name == "withdrawal_threat":
            scores.threat = _sentence_around(target, phrase)
            continue
        if rule.name == "still_wanted":
            at = target.find(phrase)
            scores.still_as_condition = bool(_IF_YOU.search(target, max(0, at - 14), at))
        elif rule.name == "clarify_ask" and not rule.on_subject:
            at = target.find(phrase)
            scores.ask_if_continuing = bool(
                _IF_CONTINUING.match(_sentence_before(target, at))
                or _ASKS_ABOUT_CONTINUING.search(target, at, at + len(phrase) + _AFTER_WINDOW)
            )
        scores.add(
            rule.kind,
            rule.weight,
            f"rule:{rule.name} {'subject' if rule.on_subject else 'phrase'}: {phrase!r}",
        )
    return scores


def _sentence_around(text: str, phrase: str) -> str:
    start = text.find(phrase)
    left = max(text.rfind(b, 0, start) for b in _BOUNDARIES)
    ends = [i for i in (text.find(b, start) for b in _BOUNDARIES) if i != -1]
    return text[left + 1 : min(ends, default=len(text))]


def _route_threat(scores: _Scores) -> None:
    """A withdrawal threat adds urgency to what the message asks for; alone, it is a stay-alive check.

    "If we have not received your clarification by ... we will treat it as withdrawn" is a
    clarification request, "... if payment is not received" a fee notice.
    """
    if not scores.threat or _THREAT_HYPOTHETICAL.match(scores.threat):
        return  # "If we do [need to ask], ... we may close it": the process described, no threat
    awaited = next((kind for kind, words in _THREAT_AWAITS if words.search(scores.threat)), None)
    if awaited is None and _still_is_condition(scores):
        awaited = C
    if awaited is None:
        asks = {kind: scores.weight[kind] for kind in (S, C, F)}
        if max(asks.values()) >= _NOTICEABLE:
            awaited = max(asks, key=lambda k: asks[k])
        else:  # a question or reminder asking for detail, or the bare "still there?" check
            awaited = C if _clarification_pending(scores) or _asks_for_detail(scores) else S
    scores.add(awaited, 2.5, f"rule:withdrawal_threat phrase: {scores.threat.strip()[:80]!r}")


def _subject_question_answered(scores: _Scores) -> bool:
    """ "RE: Do you still want a response?" over "thank you for confirming ..." or "we have closed it"."""
    if "still_wanted_subject" not in scores.fired or (_STAY_ALIVE_RULES & scores.fired) != {
        "still_wanted_subject"
    }:
        return False
    return bool(_ANSWER_RECOUNTED.search(scores.text) or _ALREADY_CLOSED.search(scores.text))


def _clarification_recounted(scores: _Scores) -> bool:
    """ "Thank you for clarifying ... section 1(3) restarts the clock": the ask is answered."""
    clarify_rules = {name for name in scores.fired if name.startswith("clarify_")}
    return bool(clarify_rules) and clarify_rules <= _CLARIFY_NAMED and bool(_CLARIFIED.search(scores.text))


def _asks_for_detail(scores: _Scores) -> bool:
    """Whether the text puts a question to the requester that is not about going on ("which years?")."""
    question = _question_to_requester(scores.text)
    return question is not None and not _ABOUT_CONTINUING.search(question)


def _clarification_pending(scores: _Scores) -> bool:
    """Whether the message chases detail it asked for ("we wrote asking you to confirm which areas")."""
    return bool(_CLARIFICATION_PENDING.search(scores.text) or _CLARIFICATION_PENDING.search(scores.subject))


def _still_is_condition(scores: _Scores) -> bool:
    """ "If you still want us to go ahead, please send the detail by ...": the detail is the ask."""
    asks_detail = bool(
        {"clarify_ask", "clarify_provide", "clarify_documents", "clarify_offer"} & scores.fired
    )
    return scores.still_as_condition and (asks_detail or _clarification_pending(scores))


def _decide(scores: _Scores, text: str, raw_text: str) -> Kind:
    # "We have closed it; if you still want it, send a new request (saying which routes you mean)".
    already_closed = (scores.still_as_condition or _new_request_invited(scores.text)) and bool(
        _ALREADY_CLOSED.search(scores.text)
    )
    if (
        _nothing_needed(scores.text)
        or already_closed
        or _clarification_recounted(scores)
        or _subject_question_answered(scores)
    ):
        _drop_asks(scores)
    _route_threat(scores)
    w = scores.weight
    if w[D] >= 3.0:
        return D
    foi_weight = max(w[k] for k in (A, C, S, E, R, N, X, F, IA, IO))
    closure = "office_closed" in scores.fired and foi_weight < _DECIDES
    automatic_text = (
        "out_of_office" in scores.fired
        or "generic_autoresponder" in scores.fired
        or "retired_mailbox" in scores.fired
        or closure
        or (bool({"contact_centre", "service_hours"} & scores.fired) and not _FOI_HANDLING.search(text))
    )
    if w[AR] >= 3.0 and (automatic_text or foi_weight < _DECIDES or not _about_foi(scores, text)):
        return AR
    header_auto = any(e.startswith("header:") for e in scores.evidence[AR])
    if (
        header_auto
        and not _FOI_REFERENCE.search(text)
        and not ({"clarify_ask", "still_wanted"} & scores.fired)
    ):
        return AR
    # The requester's clock first: a missed stay-alive, fee or clarification kills the request.
    # Asked to clarify is a clarification request even when it also asks "if you still want it".
    stay_alive_asked = bool({"still_wanted", "wish_to_continue", "still_wanted_subject"} & scores.fired)
    clarity_rules = {"clarify_ask", "clarify_unclear", "clarify_invite"} & scores.fired
    if scores.ask_if_continuing:
        clarity_rules.discard("clarify_ask")
    asks_clarity = bool(clarity_rules)
    still_asked = not _still_is_condition(scores) and (
        ("still_wanted" in scores.fired and not asks_clarity)
        or (stay_alive_asked and "no_reply_yet" in scores.fired)
    )
    if still_asked or "keep_or_close" in scores.fired:
        return S
    if w[F] >= 3.0 and w[F] >= w[C]:
        return F
    asserted_refusal = w[X] - (1.0 if "refusal_subject" in scores.fired else 0.0)
    # "You said the request was too broad", recounted in a review outcome, asks nothing.
    only_unclear = "clarify_unclear" in scores.fired and not (_ASKS & scores.fired)
    # "We wrote to you under regulation 9 ... we have therefore decided to refuse": no question left.
    refused_after_asking = "refused" in scores.fired and not (_DIRECT_ASKS & scores.fired)
    if (
        w[C] >= _DECIDES
        and (w[C] >= asserted_refusal or "withdrawal_threat" in scores.fired)
        and not (only_unclear and w[IO] >= 3.5)
        and not refused_after_asking
    ):
        return C
    if w[F] >= 3.0:
        return F
    if w[S] >= _DECIDES:
        return S
    if w[IO] >= 3.5:
        return IO
    # "We have to extend the time limit for your confirmatory application": an extension.
    review_only_named = not ((scores.fired - _REVIEW_NAMED) & _IA_RULES)
    if w[IA] >= _DECIDES and not (review_only_named and w[E] >= _DECIDES and w[E] >= w[IA]):
        return IA
    final = max(_FINAL, key=lambda k: w[k])
    # "This letter serves as a refusal notice" while the public interest is weighed: an extension.
    later = _LATER_RESPONSE.search(text) or w[E] >= 2 * w[final]  # "when a qualified exemption applies"
    if w[E] >= _DECIDES and later and "disclosed" not in scores.fired:
        return E
    if w[final] >= _DECIDES:
        return _settle_final(scores, raw_text)
    if w[E] >= _DECIDES:
        return E
    if w[OT] >= _DECIDES:
        return OT
    best = max((E, A, R, N, X, F, C, S, IA, IO), key=lambda k: w[k])  # "late, expect to reply by": E
    if w[best] >= _NOTICEABLE:
        return best
    # "Please see my question in the subject line": a question there counts too.
    question = _question_to_requester(scores.text) or (
        _question_to_requester(scores.subject) if "subject" in scores.text else None
    )
    if question and not scores.to_colleague:
        # Nothing else said, and the requester is asked something in words no rule knows.
        asked = S if _ABOUT_CONTINUING.search(question) else C
        scores.add(asked, _NOTICEABLE, f"structure: a question to the requester: {question.strip()[:80]!r}")
        return asked
    return AR if w[AR] >= _NOTICEABLE else OT


def _new_request_invited(text: str) -> bool:
    # The substrings first: the search is slow, and most messages hold none of them.
    return ("new request" in text or "fresh request" in text or "further request" in text) and bool(
        _NEW_REQUEST_INVITED.search(text)
    )


def _about_foi(scores: _Scores, text: str) -> bool:
    """Whether the text deals with an FOI request: no autoresponder threatens to close one."""
    return "withdrawal_threat" in scores.fired or bool(_FOI_HANDLING.search(text))


def _nothing_needed(text: str) -> bool:
    """Whether the (lower-cased) text says, unconditionally, that the requester need do nothing.

    "If the published tables have what you need, there is nothing more you need to do" does not.
    """
    if "nothing" not in text and "need" not in text:
        return False  # every match holds one: most messages skip the pattern
    for match in _NOTHING_NEEDED.finditer(text):
        before, _ = _hedge_window(text, match.start(), match.end())
        if not _IF_CLAUSE.search(before):
            return True
    return False


def _drop_asks(scores: _Scores) -> None:
    """Forget what seemed to ask the requester for a reply: the message says nothing is needed."""
    for kind in (S, C):
        scores.weight[kind] = 0.0
        scores.evidence[kind].clear()
    scores.threat = ""
    scores.fired -= _STAY_ALIVE_RULES | _ASKS


def _question_to_requester(text: str) -> str | None:
    """The first question the (lower-cased) text puts to the requester, if any."""
    # A newsletter's questions are rhetorical; "nothing further is needed from you" asks nothing.
    if "?" not in text or "unsubscribe" in text or _nothing_needed(text):
        return None
    for question in _QUESTION.findall(text):
        if _ASKS_YOU.search(question) and not _NOT_AN_ASK.search(question):
            return str(question)
    return None


def _settle_final(scores: _Scores, raw_text: str) -> Kind:
    """Refusal, not held or response: a partial disclosure or a part-by-part answer is a response."""
    w = scores.weight
    # Sending an answer while withholding only personal data (names, s.40) is a partial disclosure.
    sent_with_redactions = "transmittal" in scores.fired and bool(_PERSONAL_DATA.search(raw_text))
    answered = bool({"disclosed", "held_confirmed"} & scores.fired) or sent_with_redactions
    if w[N] >= _DECIDES and _every_part_not_held(scores, raw_text):
        return N  # "Our answers are below. Q1 ... we do not hold this. Q2 ... as above, not held."
    # Not held clearly outweighing what was sent ("the report does not exist; the policy is attached").
    partly_disclosed = answered and (w[X] > 0 or 0 < w[N] <= w[R] + 1.0)
    if partly_disclosed and w[R] >= 2.0 and w[X] < 5.5:
        scores.evidence[R].extend(scores.evidence[X] + scores.evidence[N])
        return R
    # Refused because the document does not exist: that is "not held", not a refusal on an exemption.
    no_such_document = "not_exist" in scores.fired and not ({"exempt", "refusal_grounds"} & scores.fired)
    if no_such_document or (w[N] >= _DECIDES and w[N] >= w[X]):
        parts = len(_ENUMERATED.findall(raw_text))
        if parts < 3:
            return N
        # Counting stops where the answer is plain: half the parts or more not held.
        found = _match(_NOT_HELD, scores.text, _spans(_NOT_HELD, scores.text), limit=(parts + 1) // 2)
        not_held = found[1] if found else 0
        if not_held > 0 and not_held * 2 < parts:  # numbered letter paragraphs are no parts
            scores.add(R, 0.0, f"structure: {parts} numbered parts, {not_held} not held")
            return R  # one part not held, the others answered
        return N
    if w[X] >= _DECIDES and w[X] >= w[R]:
        return X
    return max(_FINAL, key=lambda k: w[k])


def _every_part_not_held(scores: _Scores, raw_text: str) -> bool:
    parts = len(_ENUMERATED.findall(raw_text))
    if parts < 2:
        return False
    found = _match(_NOT_HELD, scores.text, _spans(_NOT_HELD, scores.text), limit=parts)
    return found is not None and found[1] >= parts


def _confidence(scores: _Scores, kind: Kind) -> float:
    """From the deciding weight and its margin over the strongest other kind."""
    top = scores.weight.get(kind, 0.0) or max(scores.weight.values(), default=0.0)
    if top <= 0:
        return 0.3  # nothing matched: "other" by default
    runner_up = max((v for k, v in scores.weight.items() if k is not kind and v != top), default=0.0)
    margin = max(0.0, top - runner_up)
    return round(min(0.99, 0.45 + 0.08 * min(top, 5.0) + 0.05 * min(margin, 3.0)), 2)


def _reply_by(text: str, split: list[str], subject: str, day: dt.date, regime: str | None) -> dt.date | None:
    # "Please confirm by the date shown in the subject line": the subject is the last place to look.
    return extract.find_reply_by(text, day, regime=regime, split=split) or extract.find_reply_by(
        subject, day, regime=regime
    )


def _calendar_hint(text: str, subject: str) -> str | None:
    """A regime whose calendar the message's own law implies (Scottish or US), if any.

    `text` and `subject` are lower-cased; substring tests spare most messages the patterns.
    """
    if any(word in text or word in subject for word in _SCOTTISH_WORDS) and (
        _SCOTTISH_LAW.search(text) or _SCOTTISH_LAW.search(subject)
    ):
        return "scot_foisa"
    if any(word in text or word in subject for word in _US_WORDS) and (
        _US_LAW.search(text) or _US_LAW.search(subject)
    ):
        return "us_foia"
    for words, law, regime in _OTHER_LAWS:
        if any(word in text or word in subject for word in words) and (
            law.search(text) or law.search(subject)
        ):
            return regime
    return None


# "Hi Jas," opening a message: an informal greeting by first name.
_FIRST_NAME_GREETING = re.compile(r"\s*(?:hi|hello|hey)\s+([a-z][a-z'-]{1,20})\s*[,!\n]")
_FORWARD_SUBJECT = re.compile(r"\s*fwd?\s*:", re.IGNORECASE)
_REQUESTER_NAMED = ("the requester", "the requestor", "the journalist")
_TO_OR_FROM = re.compile(r"\b(?:to|from|with|tell|ask|contact)\s$")
# UTC offsets (hours) that only the Americas, New Zealand or eastern Australia write in: where the
# message names no law, its Date header's zone is the best guess at whose holidays count.
_ZONE_REGIMES = ((-10.0, -4.0, "us_foia"), (12.0, 13.75, "nz_oia"), (9.5, 11.0, "au_foi1982"))


# Sender domains that only one country's public bodies use: "@scotland.police.uk", "@nhs.scot".
_DOMAIN_REGIMES = (
    ((".scot", "scotland.police.uk", ".scot.nhs.uk"), "scot_foisa"),
    ((".ie",), "ie_foi2014"),
    ((".govt.nz",), "nz_oia"),
    ((".gov.au",), "au_foi1982"),
    ((".europa.eu",), "eu_1049"),
    ((".gov", ".us"), "us_foia"),
)


def _domain_hint(mail: Mail) -> str | None:
    domain = (mail.from_addr or "").rpartition("@")[2].lower().rstrip(".>")
    return next((regime for endings, regime in _DOMAIN_REGIMES if domain.endswith(endings)), None)


def _zone_hint(mail: Mail) -> str | None:
    offset = mail.date.utcoffset() if mail.date_from_header else None
    if offset is None:
        return None
    hours = offset.total_seconds() / 3600
    return next((regime for low, high, regime in _ZONE_REGIMES if low <= hours <= high), None)


def _meant_for_colleague(mail: Mail, text: str, lowered: str) -> bool:
    """ "FW: ... Hi Jas, can you pull the figures?" sent to the requester: a colleague is asked, not them.

    So is a note that speaks of the requester ("the FOI from the journalist", "don't send anything
    to the requester yet"), whoever it greets.
    """
    if any(_speaks_of(lowered, noun) for noun in _REQUESTER_NAMED):
        return True
    greeting = _FIRST_NAME_GREETING.match(text[:80].lower())
    if greeting is None or not mail.to_name or not _FORWARD_SUBJECT.match(mail.subject):
        return False
    return greeting.group(1) not in mail.to_name.lower()


def _speaks_of(lowered: str, noun: str) -> bool:
    """Whether `noun` follows "to", "from", "with", ... ("send nothing to the requester yet")."""
    at = lowered.find(noun)
    while at != -1:
        if _TO_OR_FROM.search(lowered, max(0, at - 8), at):
            return True
        at = lowered.find(noun, at + 1)
    return False


def _plain_apostrophes(text: str) -> str:
    """Typographic apostrophes as typed ones: "don’t" reads as "don't" to every rule."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _own_words(text: str) -> str:
    """`text` without a quoted earlier message below the sender's sign-off."""
    sign_off = _SIGN_OFF.search(text)
    if sign_off is None:
        return text
    separator = _SEPARATOR.search(text, sign_off.end())
    return text[: separator.start()] if separator else text


def classify(mail: Mail, *, regime: str | None = None) -> Classification:
    """What `mail` is, why, how sure we are, and the dates / reference / fee it carries.

    `regime` (the request's law) picks the holiday calendar for periods; without one, a Scottish
    or US message says which calendar it counts in, and anything else is counted in the UK's.
    """
    result = _classify_own_words(mail, regime)
    note = mail.new_text[: _MAX_COVER_NOTE + 1]
    subject_only = all(" subject: " in evidence for evidence in result.evidence)
    # "Please find our response below" over a whole answer is no cover note: the answer is here.
    answered_here = result.kind in _FINAL and len(mail.new_text) > _MAX_COVER_NOTE
    passes_on = result.kind is OT or subject_only or (_RESPONSE_BELOW.search(note) and not answered_here)
    # A note that itself asks the requester something decides, whatever it forwards.
    if _COVER_NOTE.search(note) and passes_on and result.kind not in REQUESTER_MUST_REPLY:
        # "The email below was not delivered, so I am resending it": the forwarded message decides.
        forwarded = forwarded_message(mail.body)
        if forwarded:
            inner = _classify_own_words(replace(mail, new_text=forwarded), regime)
            if inner.kind is not OT:
                return replace(inner, evidence=("structure: a forwarded message", *inner.evidence))
    return result


def _classify_own_words(mail: Mail, regime: str | None) -> Classification:
    whole = _plain_apostrophes((mail.new_text.strip() or mail.body)[:_MAX_TEXT])
    raw_text = _own_words(whole)
    text = _QUOTE_AFTER_STOP.sub(
        r"\1", " ".join(raw_text.split()).replace("ref. ", "ref ").replace("Ref. ", "Ref ")
    )
    subject = _plain_apostrophes(_SUBJECT_PREFIX.sub("", mail.subject))
    lowered, lowered_subject = extract.without_day_dots(text.lower()), subject.lower()
    scores = _score(mail, lowered, lowered_subject)
    scores.to_colleague = _meant_for_colleague(mail, raw_text, lowered)
    regime = regime or _calendar_hint(lowered, lowered_subject) or _domain_hint(mail) or _zone_hint(mail)
    rows = _table_rows(raw_text)
    if rows >= _MIN_TABLE_ROWS:
        scores.add(R, 1.5, f"structure: a table of {rows} rows")
    kind = _decide(scores, text, raw_text)
    evidence = tuple(scores.evidence.get(kind, [])) or ("no rule matched",)
    day = mail.date.date()
    # Cut once: the date finders read the sentences lower-cased, the fee finder as written.
    plain = list(extract.sentences(raw_text)) if kind in _DATED_KINDS else []
    split = [sentence.lower() for sentence in plain]
    reply_by = _reply_by(raw_text, split, subject, day, regime) if kind in REQUESTER_MUST_REPLY else None
    if reply_by is None and kind in REQUESTER_MUST_REPLY and len(whole) > len(raw_text):
        # A portal's notes under a rule after the sign-off ("if we have not received ... within two months").
        reply_by = extract.find_reply_by(whole[len(raw_text) :], day, regime=regime)
    due_date = (
        extract.find_due_date(raw_text, day, regime=regime, split=split, acknowledging=kind in (A, IA))
        if kind in _DUE_DATE_KINDS
        else None
    )
    reference = extract.find_reference(subject, raw_text)
    fee = extract.find_fee(raw_text, split=plain) if kind is F else None
    return Classification(
        kind=kind,
        confidence=_confidence(scores, kind),
        evidence=evidence,
        reply_by=reply_by,
        due_date=due_date,
        reference=reference,
        fee_amount=fee,
    )

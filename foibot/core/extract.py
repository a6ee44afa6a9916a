"""Pull the dates, reference number and fee out of an authority's message text.

Pure functions over text: `find_reply_by` (when the requester must answer to keep the request alive),
`find_due_date` (when the authority says it will respond), `find_reference` (the authority's case
reference) and `find_fee` (an amount as written). Dates are read UK-style (day first); a date
without a year is the next such date on or after the message date; periods ("within 14 days",
"within 20 working days of the date of this letter") are resolved from the message date with the
time engine (foibot.core.deadlines).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from foibot.core.calendars import calendar_for
from foibot.core.deadlines import add_period
from foibot.core.lowercase import compile_lower, lower_keeping_offsets
from foibot.core.regimes import REGIMES

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "mär": 3, "mae": 3, "mai": 5, "okt": 10, "dez": 12,  # German (IFG mail)
}  # fmt: skip
_MONTH = (
    r"(jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|m(?:ä|ae)rz|apr(?:il)?|ma[iy]|jun[ei]?|jul[yi]?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes|s)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+(?:the\s+)?)?"
_DAY_MONTH = compile_lower(
    _WEEKDAY + r"\b(\d{1,2})(?:st|nd|rd|th|\.)?(?:\s+of)?[\s-]+" + _MONTH + r"(?:,?[\s-]+(\d{4}))?\b",
)
_MONTH_DAY = compile_lower(_WEEKDAY + r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
# "Friday 21st": a weekday and a day of the month, the month left to the reader.
_WEEKDAY_ORDINAL = compile_lower(
    r"\b(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"\.?,?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b"
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# "Fri 31/1": a weekday vouches for a day/month written without a year.
_WEEKDAY_DAY_MONTH = compile_lower(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(\d{1,2})/(\d{1,2})\b(?!/\d)"
)
# "I'll close it off Friday": a weekday alone is the next one to come (no day number follows).
_BARE_WEEKDAY = compile_lower(
    r"\b(?:by|before|until|till|off|this)\s+(mon|tues|wednes|thurs|fri|satur|sun)day\b(?!,?\s+(?:the\s+)?\d)"
)
# German days are written "15. März": the dot ends no sentence.
_GERMAN_MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
                  "oktober", "november", "dezember")  # fmt: skip
_DAY_DOT_NEEDLES = tuple(f". {month}" for month in _GERMAN_MONTHS)
_DAY_DOT = re.compile(rf"\b(\d{{1,2}})\.(?=\s(?:{'|'.join(_GERMAN_MONTHS)})\b)")
# "by the end of the month": the message month's last day.
# "By the end of next week": that week's Friday.
_END_OF_WEEK = compile_lower(r"\b(?:the\s+)?end\s+of\s+(this|the|next|the\s+following)\s+week\b")
_END_OF_THIS_MONTH = compile_lower(r"\bend\s+of\s+(?:the|this)\s+month\b")
# "by the end of September": the month's last day.
_END_OF_MONTH = compile_lower(r"\bend\s+of\s+(?:the\s+month\s+of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT = re.compile(r"\d")

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "twenty-one": 21, "twenty one": 21, "twenty-eight": 28, "thirty": 30,
    "forty": 40, "sixty": 60, "a": 1,
    # German (IFG letters), read only by _GERMAN_PERIOD: "innerhalb von zwei Wochen"
    "einem": 1, "einer": 1, "eines": 1, "zwei": 2, "drei": 3, "vier": 4, "sechs": 6, "zehn": 10,
}  # fmt: skip
_GERMAN_NUMBER_WORDS = ("einem", "einer", "eines", "zwei", "drei", "vier", "sechs", "zehn")
_NUMBER = (
    r"(\d{1,3}|"
    + "|".join(sorted(set(_NUMBER_WORDS) - set(_GERMAN_NUMBER_WORDS), key=len, reverse=True))
    + r")(?:\s*\(\d{1,3}\))?"
)
_UNIT = (
    r"\s+(working\s+days?|business\s+days?|work\s*days?|calendar\s+days?|days?|weeks?"
    r"|(?:calendar\s+)?months?)"
)
_PERIOD = compile_lower(
    r"\b(?:within|you\s+have|in\s+the\s+next|in)\s+"
    r"(?:the\s+next\s+|(?:a|the)\s+(?:statutory\s+)?(?:period|timescale|time\s*limit)\s+of\s+|the\s+)?"
    + _NUMBER
    + _UNIT
    + r"\b",
)
# German, apart so that English text pays nothing for it: "innerhalb von zwei Wochen".
_GERMAN_PERIOD = compile_lower(
    r"\binnerhalb\s+(?:von\s+)?(\d{1,3}|" + "|".join(_GERMAN_NUMBER_WORDS) + r")\s+"
    r"(wochen?|(?:werk|arbeits)?tag(?:en|e)?|monat(?:en|s)?)\b"
)
# "Requests left awaiting your response for 28 days are closed": a last resort in a clock sentence.
_PERIOD_FOR = compile_lower(r"\b(?:for|after)\s+(?:more\s+than\s+)?" + _NUMBER + _UNIT + r"\b")
_BARE_PERIOD = compile_lower(r"\b" + _NUMBER + _UNIT + r"\b")
# "... closed automatically 14 days after this notification": a period counted from the message.
_PERIOD_AFTER = compile_lower(
    _NUMBER
    + _UNIT
    + r"\s+(?:after|from|of)\s+(?:the\s+date\s+of\s+)?this\s+(?:notification|notice|e-?mail|letter|message)\b"
)

# A sentence ends at . ! ? followed by space, or at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b\d\.)(?<!\b\d\d\.)\s+(?=[A-Z(\"'“‘•*-])|\n\s*\n")

# The requester is put on a clock: they must answer, confirm or supply something by a date.
_REQUESTER_CLOCK = compile_lower(
    # German: "Sollten wir bis ... nichts von Ihnen hören", "Bitte teilen Sie mir ... bis zum 6. Juni mit"
    r"\bsollten\s+wir\b|\bsollte\s+ich\b|\bum\s+mitteilung\b|\bbitte\s+teilen\s+sie\b"
    r"|\b(?:if\s+(?:i|we|the\s+[\w-]+(?:\s+[\w-]+)?)(?:'ve)?\s+(?:do\s+not|does\s+not|don'?t|doesn'?t|have\s+not|has\s+not|not"
    r"|haven'?t|hasn'?t)\s+(?:receive|hear|had)|should\s+(?:i|we)\s+not\s+(?:receive|hear)"
    r"|(?:do\s+not|don'?t)\s+hear\s+(?:back\s+)?from\s+you|if\s+you\s+(?:do\s+not|don'?t|fail\s+to)\b"
    r"|close\s+(?:it|this|that|the\s+(?:request|case|file)|your\s+(?:request|case|file))\b"
    r"|if\s+(?:i|we)\s+(?:hear|receive|get)\s+nothing\b|unless\s+(?:we|i)\s+(?:hear|receive)"
    r"|(?:please|kindly)\s+(?:arrange|make)\s+(?:the\s+|a\s+|your\s+)?payment|(?:fee|charge|payment|deposit)\s+must\s+be\s+"
    r"(?:paid|received|made)|if\s+not\s+heard|will\s+close\s+automatically|unless\s+you\s+(?:respond|reply|confirm|contact)"
    r"|get\s+back\s+to\s+(?:me|us)|(?:keep|hold)\s+(?:(?:your|the|this)\s+(?:request|case)|foi\s+\S+|it)\s+open\s+(?:until|for)"
    r"|awaiting\s+(?:a\s+)?(?:response|reply)\s+from\s+the\s+applicant"
    r"|(?:receive|get|have)\s+no\s+(?:reply|response|answer)\b"
    r"|need\s+to\s+hear\s+(?:back\s+)?from\s+you|in\s+the\s+absence\s+of\s+(?:a|any|your)\s+(?:reply|response)"
    r"|(?:grateful|help|appreciate\s+it)\s+if\s+you\s+(?:could|would)\s+(?:reply|respond|confirm|let\s+us\s+know|inform\s+us|contact"
    r"|revert|get\s+back|come\s+back)|appreciate\s+(?:your|a)\s+(?:reply|response|answer)"
    r"|grateful\s+to\s+(?:hear\s+from\s+you|receive\s+your\s+(?:reply|response|answer|confirmation))"
    r"|(?:ask|request)\s+that\s+you\s+(?:confirm|reply|respond|let\s+us\s+know)"
    r"|(?:let|tell)\s+(?:me|us)\s+know|(?:please|kindly)\s+make\s+(?:the\s+|a\s+|your\s+)?payment"
    r"|awaiting\s+(?:action|a\s+response|a\s+reply)\s+from\s+(?:you|the\s+requester)|closed\s+automatically"
    r"|(?:please|kindly)\s+(?:reply|respond|confirm|provide|send|contact|clarify|advise|revise|amend|narrow|refine"
    r"|forward|pay|remit|submit|return)"
    r"|if\s+(?:(?:the|your)\s+)?(?:payment|fee|deposit|charge|agreement|reply|response|clarification)\s+(?:is|has)\s+not\s+"
    r"(?:been\s+)?(?:received|paid|made)"
    r"|you\s+(?:must|need\s+to|should|are\s+required\s+to|will\s+need\s+to)\b"
    r"|(?:your|a)\s+(?:reply|response|confirmation|clarification|answer|decision)\s+(?:to\s+this\s+\w+\s+)?by"
    r"|if\s+you\s+(?:could|can|would)\s+(?:please\s+)?(?:reply|respond|confirm|let\s+(?:me|us)\s+know|get\s+back|come\s+back)"
    r"|\bask\s+you\s+to\s+(?:give|provide|send|reply|respond|confirm|let\s+us\s+know)\b"
    r"|consultation\s+period|withdrawn|no\s+(?:reply|response)\s+(?:is\s+)?(?:received\s+)?(?:by|within)|still\s+(?:require|wish|want|seek|need)|treat(?:ed)?\s+\w+\s+request\s+as\s+withdrawn"
    r"|payment\s+(?:must|should)\s+(?:reach|be\s+(?:received|made))|you\s+have\s+\S+\s+(?:working\s+|calendar\s+)?(?:days|weeks|months)\b"
    r"|keep\s+(?:my|your|the|this)\s+(?:request|application|case)\s+open|grateful\s+for\s+(?:your|a)\s+(?:reply|response"
    r"|answer|confirmation)"
    r"|unless\s+(?:the\s+|this\s+|your\s+)?(?:fee|charge|payment|deposit)\s+is\s+(?:paid|received)"
    r"|notify\b|agree\s+to\s+pay|pay(?:ment)?\s+(?:of\s+)?the\s+(?:fee|charge)|within\s+\S+\s+days\s+of\s+receiving"
    r"|you\s+have\s+until\b|appreciate\s+(?:it\s+)?if\s+you\s+(?:could|would)\s+(?:send|provide|reply|respond|confirm|let)"
    r"|if\s+(?:i|we)\s+(?:have\s+)?(?:heard|received)\s+nothing\b|(?:request|case)\s+will\s+be\s+closed\b"
    r"|let\s+(?:me|us)\s+have\b|(?:could|can)\s+hear\s+back\s+from\s+you\b|\bum\s+(?:\w+\s+)?mitteilung\b"
    r"|hear\s+(?:back\s+)?from\s+you\s+(?:by|before|no\s+later)\b|(?:ask|wait)\s+for\s+your\s+(?:answer|reply|response|clarification)\b"
    r"|in\s+case\s+(?:we|i)\s+(?:do\s+not|don'?t)\s+(?:receive|hear)"
    r"|(?:could|can|would)\s+you\s+(?:please\s+)?(?:reply|respond|confirm|advise|let\s+(?:me|us)\s+know)\b)",
)
# "Response needed by 5 May" - or the authority's "we aim to let you have a full response by 2 December".
_RESPONSE_BY = compile_lower(
    r"\b(?:respond|reply|response|action|clarification|confirmation)\s+(?:(?:is\s+)?(?:required|needed)\s+)?by\b"
)
# Wording that only ever puts the requester on the clock (never an authority's promise).
_REQUESTER_ONLY = compile_lower(
    r"\b(?:if\s+(?:i|we|the\s+[\w-]+(?:\s+[\w-]+)?)(?:'ve)?\s+(?:do\s+not|does\s+not|don'?t|doesn'?t|have\s+not|has\s+not|not"
    r"|haven'?t|hasn'?t)\s+(?:receive|hear|had)|should\s+(?:i|we)\s+not\s+(?:receive|hear)"
    r"|(?:do\s+not|don'?t)\s+hear\s+(?:back\s+)?from\s+you|if\s+you\s+do\s+not|unless\s+(?:we|i)\s+(?:receive|hear)"
    r"|close\s+(?:it|this|that|the\s+(?:request|case|file)|your\s+(?:request|case|file))\b"
    r"|(?:let|tell)\s+(?:me|us)\s+know|(?:please|kindly)\s+(?:reply|respond|confirm)|still\s+(?:require|wish|want|seek|need)"
    r"|(?:need|have|require|receive)\s+your\s+(?:reply|response|confirmation|clarification|answer|decision)\s+by"
    r"|if\s+you\s+(?:could|can|would)\s+(?:please\s+)?(?:reply|respond|confirm|let\s+(?:me|us)\s+know|get\s+back)"
    r"|if\s+(?:i|we)\s+(?:hear|receive|get)\s+nothing\b"
    r"|in\s+case\s+(?:we|i)\s+(?:do\s+not|don'?t)\s+(?:receive|hear)"
    r"|failing\s+(?:a|your)\s+(?:reply|response)|in\s+the\s+absence\s+of\s+(?:a|any|your)\s+(?:reply|response)|withdrawn|no\s+(?:reply|response)\s+(?:is\s+)?(?:received\s+)?(?:by|within))",
)
# The authority promises when it will respond.
_AUTHORITY_PROMISE = compile_lower(
    r"\b(?:(?:we|i)\s+(?:now\s+|therefore\s+|still\s+|then\s+)?(?:will|shall|aim|expect|intend|plan|hope|anticipate|would\s+hope)\b"
    r"|(?:we|i)'ll\b"
    r"|will\s+be\s+(?:handled|dealt\s+with|answered|decided)\s+within\b"
    r"|(?:will|shall)\s+(?:aim|endeavour|try|respond|reply|provide|send|write|issue|let\s+you)\b"
    r"|you\s+(?:will|should|can\s+expect\s+to)\s+(?:receive|have|get|hear\s+(?:back|from\s+(?:us|me|him|her|them|the\s+[\w-]+)))\b"
    r"|(?:we|i)(?:'m|'re|\s+am|\s+are)\s+(?:hoping|aiming|planning|expecting|intending)\s+to\b|\bwir\s+werden\b"
    r"|expect\s+(?:a|our)\s+(?:decision|response|reply)|(?:response|decision|reply)\s+(?:will|(?:is\s+(?:now\s+)?)?due|should)|(?<!\byou\s)\bmust\s+(?:respond|reply)|(?:should|will)\s+(?:reach|be\s+with)\s+you\b"
    r"|\b(?:has|have)\s+(?:\d+|twenty|ten|forty)\s+(?:\w+\s+)?days\b[^.]{0,60}\bto\s+(?:respond|reply)\b"
    r"|due\s+date|time\s+limit|deadline|(?:changed|extended|revised|moved)\s+(?:to|until)|(?:has|have)\s+been\s+extended"
    r"|\bis\s+now\s+due\b|processing\s+period\s+(?:ends|expires)|(?:target|expected|estimated)\s+(?:response\s+|reply\s+|completion\s+)?date"
    r"|estimated\s+date\s+of\s+completion|extends?\s+(?:our|the)\s+time\s+(?:to\s+respond|for\s+(?:our\s+)?(?:response|responding))"
    r"|(?:is|are)\s+required\s+to\s+(?:respond|reply)|extending\s+the\s+time\s+(?:for\s+(?:our\s+)?(?:response|responding)\s+)?from\s+\S+\s+to\b"
    r"|no\s+later\s+than|on\s+or\s+before|extended\s+until|new\s+(?:date|target)"
    r"|(?:response|decision|reply)\b[^.]{0,30}?\b(?:should|will)\s+be\s+(?:made|sent|issued|provided|given)"
    r"|expect\s+to\s+(?:do\s+so|respond|reply|send|provide|be\s+able|issue|complete)"
    r"|\b(?:aims?|expects?|intends?|plans?|hopes?)\s+to\s+(?:complete|respond|reply|provide|send|issue|finish|conclude"
    r"|carry\s+out|let\s+you\s+have)"
    r"|(?:he|she|they)(?:'ll|\s+will)\s+(?:respond|reply|get\s+back|send|aim)"
    r"|\bhoping\s+to\s+(?:get|send|have|respond|reply)\b"
    r"|requires?\s+(?:an?\s+|the\s+)?(?:agency|authority|department|public\s+body|us)\s+to\s+(?:make\s+a\s+determination"
    r"|respond|reply))",
)
_UNABLE = compile_lower(
    r"\b(?:not\s+(?:be\s+)?able|unable|won'?t\s+be\s+able|cannot|can'?t|not\s+going\s+to)\b"
)
# Within a promise, a date marked as the new/revised one wins over the original deadline.
_NEW_DATE = compile_lower(r"\b(?:new|revised|extended|changed|now\s+(?:be\s+)?due|now\s+expect|further)\b")
_PAST_CONTEXT = compile_lower(
    r"\b(?:(?:received|sent|made|submitted|registered|requested|wrote(?:\s+to\s+you)?|e-?mailed(?:\s+you)?|contacted\s+you"
    r"|corresponded|spoke|received\s+by\s+[^.]{0,30}?)\s+on|dated|since|(?:letter|e-?mail|correspondence|request)\s+of)\s*$",
)
_PAST_CONTEXT_REACH = 80  # characters; the longest phrase above is ~20
# "... by 5 May. If we have not heard from you by then, ...": the date is in an earlier sentence.
_THAT_DATE = compile_lower(
    r"\b(?:by|before|on|after|until)\s+(?:that|this|the\s+same)\s+(?:date|day)\b|\bby\s+then\b"
)
# "The invoice is valid for 60 days. If we have not received payment within that time ...".
_THAT_PERIOD = compile_lower(r"\bwithin\s+(?:that|this|the\s+same)\s+(?:time|period)\b")
# A deadline is written "by / before / until / no later than <date>".
_DEADLINE_BEFORE = compile_lower(r"\b(?:by|before|until|than|on)\s*:?\s*$")
# ... and a promise "by / before / no later than <date>" ("on" may be the day it was logged).
_PROMISED_BY = compile_lower(r"\b(?:by|before|until|than)\s*:?\s*$")
# "3 months beginning with the day on which this notice is given": day 0 is day 1 of the period.
_BEGINNING_WITH = compile_lower(r"\bbeginning\s+(?:with|on)\b")
# A period counted from the day the authority received the request ("within 20 working days of receipt").
_FROM_RECEIPT = compile_lower(
    r"\s*(?:of|from|following|after)\s+(?:the\s+(?:date|day)\s+(?:of\s+)?)?(?:receipt|receiving|(?:when|that)\s+(?:we|i)\s+received"
    r"|(?:we|i)\s+received)"
)
# A period and the words before the date it runs from: "40 working days after [receipt on] 1 July".
_COUNTED_FROM = compile_lower(
    r"\b"
    + _NUMBER
    + _UNIT
    + r"\s+(?:after|from|following)\s+(?:the\s+)?(?:(?:date\s+of\s+)?receipt\s+|date\s+)?(?:on\s+|of\s+)?"
    + r"(?:\w+day,?\s+)?"
    + r"(?=\d|"
    + _MONTH
    + r")"
)
# "its response of 8 May": the date of an answer, not of the request's receipt.
_ANSWER_OF = compile_lower(r"\b(?:response|reply|decision|refusal|answer|notice)\s+(?:of|dated)\s+$")
# A period counted from the message itself: "within 40 working days of the date of this letter".
_FROM_THIS = compile_lower(r"\s*(?:of|from|after)\s+(?:the\s+(?:date\s+of\s+)?)?(?:this|today|today's)\b")
# ... said in so many words: "received in this office on 9 April" beats "dated 8 April".
_RECEIVED_ON = compile_lower(r"\b(?:received|receipt|came\s+in|arrived)\b[^.]{0,40}$")
# The date the authority says it received the request ("received on 6 October", "your request of 2 May").
_RECEIVED_BEFORE = compile_lower(
    r"\b(?:received|receipt|came\s+in|arrived|(?:request|application|requirement|letter|e-?mail)\s+(?:of|dated)|dated)\b"
    r"[^.]{0,90}$",
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar date found in text, with where it sits."""

    date: dt.date
    start: int
    end: int


def _year_for(month: int, day: int, message_day: dt.date) -> dt.date | None:
    """A day and month without a year: the such date nearest the message date, a later one on a tie.

    "By 10 January" in a December letter is next January; "we wrote on 4 April" in a late-April
    letter is this April, not next year's.
    """
    candidates = []
    for year in (message_day.year - 1, message_day.year, message_day.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: (abs((d - message_day).days), d < message_day), default=None)


def _month_end(year: int | None, month: int, message_day: dt.date) -> dt.date:
    """The last day of `month` (the next one on or after the message day when no year is given)."""
    pick = year if year is not None else message_day.year
    last = dt.date(pick, month, calendar.monthrange(pick, month)[1])
    if year is None and last < message_day:
        last = dt.date(pick + 1, month, calendar.monthrange(pick + 1, month)[1])
    return last


def _next_weekday_date(weekday: int, day: int, message_day: dt.date) -> dt.date | None:
    """The first date on or after the message day that falls on `day` of a month and on `weekday`."""
    year, month = message_day.year, message_day.month
    for _ in range(12):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate >= message_day and candidate.weekday() == weekday:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _make_date(year: int | None, month: int, day: int, message_day: dt.date) -> dt.date | None:
    if year is None:
        return _year_for(month, day, message_day)
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def without_day_dots(lowered: str) -> str:
    """ "bis zum 15. mai keine rückmeldung" as one sentence: a German day's dot ends none."""
    if not any(needle in lowered for needle in _DAY_DOT_NEEDLES):
        return lowered
    return _DAY_DOT.sub(r"\1", lowered)


def find_dates(text: str, message_day: dt.date) -> list[DateMention]:
    """Every date written in `text`, in order of appearance (day-first for numeric dates)."""
    return _dates_in(lower_keeping_offsets(text), message_day)


def _dates_in(text: str, message_day: dt.date) -> list[DateMention]:
    """`find_dates` on lower-cased text."""
    if not _DIGIT.search(text) and "end of" not in text:
        return []  # every other date form has a digit: most sentences are rejected at C speed
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(date: dt.date | None, start: int, end: int) -> None:
        if date is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMention(date, start, end))

    for m in _ISO.finditer(text):
        add(_make_date(int(m[1]), int(m[2]), int(m[3]), message_day), m.start(), m.end())
    for m in _DAY_MONTH.finditer(text):
        year = int(m[3]) if m[3] else None
        add(_make_date(year, _MONTHS[m[2][:3]], int(m[1]), message_day), m.start(), m.end())
    for m in _MONTH_DAY.finditer(text):
        year = int(m[3]) if m[3] else None
        add(_make_date(year, _MONTHS[m[1][:3]], int(m[2]), message_day), m.start(), m.end())
    for m in _END_OF_WEEK.finditer(text):
        friday = message_day + dt.timedelta(days=(4 - message_day.weekday()) % 7)
        add(friday + dt.timedelta(weeks=1 if m[1] in ("next", "the following") else 0), m.start(), m.end())
    for m in _END_OF_THIS_MONTH.finditer(text):
        add(_month_end(message_day.year, message_day.month, message_day), m.start(), m.end())
    for m in _END_OF_MONTH.finditer(text):
        add(_month_end(int(m[2]) if m[2] else None, _MONTHS[m[1][:3]], message_day), m.start(), m.end())
    for m in _WEEKDAY_DAY_MONTH.finditer(text):
        if 1 <= int(m[2]) <= 12:
            add(_make_date(None, int(m[2]), int(m[1]), message_day), m.start(), m.end())
    for m in _WEEKDAY_ORDINAL.finditer(text):
        add(_next_weekday_date(_WEEKDAYS.index(m[1][:3]), int(m[2]), message_day), m.start(), m.end())
    for m in _NUMERIC.finditer(text):
        day, month = int(m[1]), int(m[2])
        if month > 12:  # only a month-first writer produces 05/31/2024
            day, month = month, day
        add(_make_date(int(m[3]), month, day, message_day), m.start(), m.end())
    found.sort(key=lambda d: d.start)
    return found


def sentences(text: str) -> Iterator[str]:
    """`text` cut into sentences, whitespace collapsed."""
    for raw in _SENTENCE_END.split(text):
        flat = " ".join(raw.split())
        if flat:
            yield flat


def lower_sentences(text: str) -> list[str]:
    """`text` cut into sentences, whitespace collapsed and lower-cased: what the date finders read.

    `find_reply_by` and `find_due_date` accept this list to share the work on one message.
    """
    return [sentence.lower() for sentence in sentences(text)]


def _future_dates(sentence: str, message_day: dt.date) -> list[DateMention]:
    """Dates on or after the message day that are not marked as past ("received on ...").

    `sentence` comes from `sentences()` (whitespace collapsed), so a past-context phrase ending
    at a date is far shorter than _PAST_CONTEXT_REACH: only that much before the date is read.
    """
    return [
        d
        for d in _dates_in(sentence, message_day)
        if d.date >= message_day
        and not _PAST_CONTEXT.search(sentence, max(0, d.start - _PAST_CONTEXT_REACH), d.start)
    ]


def _last_dated(earlier: list[str], message_day: dt.date) -> list[DateMention]:
    """The future dates of the latest of `earlier` sentences that has any."""
    for sentence in reversed(earlier):
        dates = _future_dates(sentence, message_day)
        if dates:
            return dates
    return []


def _last_period(earlier: list[str]) -> tuple[int, str] | None:
    """The period the latest of `earlier` sentences states ("valid for 60 days"), if any."""
    for sentence in reversed(earlier):
        period = _PERIOD.search(sentence) or _PERIOD_FOR.search(sentence)
        if period:
            return _period_amount(period[1]), _period_unit(period[2])
    return None


def _period_unit(word: str) -> str:
    word = word.lower()
    if word.startswith(("work", "business", "werktag", "arbeitstag")):
        return "working_days"
    if "week" in word or word.startswith("woche"):
        return "weeks"
    if "month" in word or word.startswith("monat"):  # "months", "calendar month", "Monaten"
        return "months"
    return "calendar_days"


def _period_amount(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def resolve_period(
    start: dt.date, amount: int, unit: str, regime: str | None = None, *, beginning_with: bool = False
) -> dt.date:
    """`start` plus a period, counted by the time engine (working days in the regime's calendar)."""
    return add_period(
        start, amount, unit, calendar_for(_calendar_name(regime)), beginning_with=beginning_with
    )


def _calendar_name(regime: str | None) -> str:
    """The regime's holiday calendar; UK when the regime is unknown or not given."""
    known = REGIMES.get(regime) if regime else None
    return known.calendar if known is not None else "uk"


def _on_the_clock(sentence: str) -> bool:
    """Whether `sentence` (lower-cased) puts the requester on a clock."""
    if _REQUESTER_CLOCK.search(sentence):
        return True
    return bool(_RESPONSE_BY.search(sentence)) and not _AUTHORITY_PROMISE.search(sentence)


def find_reply_by(
    text: str, message_day: dt.date, *, regime: str | None = None, split: list[str] | None = None
) -> dt.date | None:
    """The date by which the requester must reply, from an explicit date or a period.

    `split` is `lower_sentences(text)` when the caller already has it.
    """
    earlier: list[str] = []  # dated lazily: only "by that date" needs them
    fallback: dt.date | None = None
    for sentence in lower_sentences(text) if split is None else split:
        # Without a date, a period or "by then" a sentence gives nothing: checked before the clock.
        # ("14 days after this notification" has a digit; a period in words after one is rare.)
        undated = (
            not _DIGIT.search(sentence)
            and not _PERIOD.search(sentence)
            and "end of" not in sentence
            and "innerhalb" not in sentence
            # "we will hold your request open for two months"
            and not (" open for " in sentence and _PERIOD_FOR.search(sentence))
            and not ("day" in sentence and _BARE_WEEKDAY.search(sentence))
        )
        refers_back = undated and bool(_THAT_DATE.search(sentence) or _THAT_PERIOD.search(sentence))
        if (undated and not refers_back) or not _on_the_clock(sentence):
            earlier.append(sentence)
            continue
        # The message's own date ("three months beginning with the date of this notice (11 May)")
        # is where a period starts, never the deadline.
        dates = [d for d in _future_dates(sentence, message_day) if d.date > message_day]
        # "Open for 20 working days; if we have not heard from you by then": that period's end.
        if (
            not dates
            and _THAT_DATE.search(sentence)
            and not (_PERIOD.search(sentence) or _PERIOD_FOR.search(sentence))
            and (before := _last_dated(earlier, message_day))
        ):
            return before[-1].date
        if not dates and _THAT_PERIOD.search(sentence) and (stated := _last_period(earlier)):
            amount, unit = stated
            return resolve_period(message_day, amount, unit, regime)
        if dates:
            marked = [d for d in dates if _DEADLINE_BEFORE.search(sentence[: d.start])]
            return (marked or dates)[0].date
        if weekday := _BARE_WEEKDAY.search(sentence):
            ahead = (_WEEKDAYS.index(weekday[1][:3]) - message_day.weekday() - 1) % 7 + 1
            return message_day + dt.timedelta(days=ahead)
        period = (
            _PERIOD.search(sentence)
            or _PERIOD_AFTER.search(sentence)
            or ("innerhalb" in sentence and _GERMAN_PERIOD.search(sentence))
            or None
        )
        if period:
            amount, unit = _period_amount(period[1]), _period_unit(period[2])
            beginning_with = bool(_BEGINNING_WITH.search(sentence, period.end()))
            return resolve_period(message_day, amount, unit, regime, beginning_with=beginning_with)
        # "Cases awaiting you for more than 45 days are closed": only if no later sentence gives a date.
        if fallback is None and (lasting := _PERIOD_FOR.search(sentence)):
            amount, unit = _period_amount(lasting[1]), _period_unit(lasting[2])
            fallback = resolve_period(message_day, amount, unit, regime)
        earlier.append(sentence)
    return fallback


def find_due_date(
    text: str,
    message_day: dt.date,
    *,
    regime: str | None = None,
    split: list[str] | None = None,
    acknowledging: bool = False,
) -> dt.date | None:
    """The date by which the authority says it will respond (a new/extended date wins).

    Failing a date, a promised period ("we aim to respond within 20 working days of receipt") is
    counted from the receipt date the message states, else from the message date. When the message
    `acknowledging` a request says only "within 20 working days", that counts from the stated receipt
    too. `split` is `lower_sentences(text)` when the caller already has it.
    """
    best: dt.date | None = None
    promised: tuple[re.Match[str], str] | None = None
    for sentence in lower_sentences(text) if split is None else split:
        undated = not _DIGIT.search(sentence) and "end of" not in sentence
        if undated and (promised is not None or not _PERIOD.search(sentence)):
            continue  # no date, and no period still wanted: cheaper to see than a promise
        # "If we do not hear from you by 5 May we will close it" is the requester's clock, not a promise.
        if not _AUTHORITY_PROMISE.search(sentence) or _REQUESTER_ONLY.search(sentence):
            continue
        found = _future_dates(sentence, message_day)
        dates = [d.date for d in found]
        if not dates and (counted := _counted_from_date(sentence, message_day, regime)):
            dates = [counted]  # the period runs from a past date the sentence states
        if not dates:
            # "We will not be able to respond within the 20 working days": the period missed, not promised.
            if promised is None and not _UNABLE.search(sentence):
                promised = _promised_period(sentence)
            continue
        if _NEW_DATE.search(sentence):
            return dates[-1]
        if best is None:  # "by 5 June (allowing for the bank holidays on 8 and 29 May)": the one after "by"
            marked = [d.date for d in found if _PROMISED_BY.search(sentence[: d.start])]
            best = (marked or dates)[-1]
    if best is not None or promised is None:
        return best
    period, sentence = promised
    amount, unit = _period_amount(period[1]), _period_unit(period[2])
    if _FROM_RECEIPT.match(sentence, period.end()):
        return resolve_period(_stated_receipt(text, message_day) or message_day, amount, unit, regime)
    from_message = resolve_period(message_day, amount, unit, regime)
    own_start = _FROM_THIS.match(sentence, period.end())
    receipt = _stated_receipt(text, message_day) if acknowledging and not own_start else None
    if receipt is None:
        return from_message
    # The clock runs from receipt (FOIA s.10(1)), so a period with no start of its own does too,
    # unless that end is already past: then the period is a fresh one ("once you reply, within 20 days").
    from_receipt = resolve_period(receipt, amount, unit, regime)
    return from_receipt if from_receipt >= message_day else from_message


def _counted_from_date(sentence: str, message_day: dt.date, regime: str | None) -> dt.date | None:
    """ "no later than 40 working days after 1 July 2024": a period counted from a stated date."""
    counted = _COUNTED_FROM.search(sentence)
    if counted is None:
        return None
    start = next((d.date for d in _dates_in(sentence, message_day) if d.start <= counted.end() < d.end), None)
    if start is None:
        return None
    return resolve_period(start, _period_amount(counted[1]), _period_unit(counted[2]), regime)


def _promised_period(sentence: str) -> tuple[re.Match[str], str] | None:
    """ "within 20 working days", or "40 working days from receipt" (a deadline restated)."""
    period = _PERIOD.search(sentence)
    if period is not None and period[0].startswith("within"):
        return period, sentence
    for bare in _BARE_PERIOD.finditer(sentence):
        if _FROM_RECEIPT.match(sentence, bare.end()):
            return bare, sentence
    return None


def _stated_receipt(text: str, message_day: dt.date) -> dt.date | None:
    """The day the message says the request was received, if it says so."""
    text = text.lower()
    dated: dt.date | None = None  # "your request dated 8 April": only if no receipt date is stated
    for mention in _dates_in(text, message_day):
        before = text[max(0, mention.start - 110) : mention.start]
        if mention.date > message_day or _ANSWER_OF.search(before):
            continue
        if _RECEIVED_ON.search(before):
            return mention.date
        if dated is None and _RECEIVED_BEFORE.search(before):
            dated = mention.date
    return dated


# --- reference ------------------------------------------------------------------------------

# An id: a code with digits, e.g. FOI2024/02147, FOI/13985, IM-FOI-2013-0613, LEX 65102,
# GESTDEM 2022/1566, FA 22/07/01186, 2336-1617, 14967833. Letters are upper case: "dated 14" is no id.
# Leading segments stay ("01/FOI/25/004187", "WVT/FOI/24/0912"); mixed case needs an inner capital
# ("GestDem", "FoI") so that "Dated 14" is no id.
_LETTERS = r"(?:[A-Z]{2,10}|[A-Z][a-z]*[A-Z][A-Za-z]{0,8})"
_CODE = r"(?:[A-Z0-9]{1,10}[/-])*(?:" + _LETTERS + r"(?:-[A-Z]+)*[ /-]?|[A-Z]-?)\d[\d/-]*\d(?:-[A-Z]{1,3}\b)?"
_ID = r"(?P<id>" + _CODE + r"|\d[\d/-]*\d)(?![\w/])"
_REF_LABELED = re.compile(
    r"(?i:\b(?:ref(?:erence)?|case|request)\.?\s*(?:no\.?|number|num|id)?\s*(?:is\s+)?[:.#]?\s*)" + _ID
)
# A code that is a reference by its shape alone (upper-case letters then digits).
_REF_SHAPED = re.compile(r"\b(?P<id>" + _CODE + r")(?![\w/])")
# In a subject, a bare number after a dash or colon: "Freedom of Information request - 190319018".
_REF_AFTER_DASH = re.compile(r"(?:^|\s[-–—:]\s*)(?P<id>\d{5,}|\d{4}[/-]\d{2,})(?![\w/])")
# A bare year ("FOIA 2000", "EIR 2004") or a short number ("COVID 19") is not a case reference.
_NOT_A_REF = re.compile(r"^(?:[A-Z-]+[ /-]?)?(?:(?:19|20)\d\d|\d{1,2})$")
# "Your ref: ..." is the requester's own reference; "your reference is ..." is the authority's.
_YOUR_REF = re.compile(r"your\s+ref(?!erence\s+(?:number\s+)?is\b)", re.IGNORECASE)


def _clean_ref(raw: str) -> str | None:
    ref = " ".join(raw.replace(":", " ").split()).strip("-/ ")
    if not any(c.isdigit() for c in ref) or _NOT_A_REF.match(ref):
        return None
    return ref


def _reference_in(text: str) -> str | None:
    for pattern in (_REF_LABELED, _REF_SHAPED, _REF_AFTER_DASH):
        for m in pattern.finditer(text):
            if _YOUR_REF.search(text[max(0, m.start() - 12) : m.start("id")]):
                continue
            ref = _clean_ref(m["id"])
            if ref:
                return ref
    return None


def find_reference(subject: str, text: str, *, top_lines: int = 25) -> str | None:
    """The authority's reference: from the subject first, then from the top of the message."""
    found = _reference_in(subject)
    if found:
        return found
    top = "\n".join(text.splitlines()[:top_lines])
    for m in _REF_LABELED.finditer(top):
        if _YOUR_REF.search(top[max(0, m.start() - 12) : m.start("id")]):
            continue
        ref = _clean_ref(m["id"])
        if ref:
            return ref
    return None


# --- fee ------------------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?:[£$€]|\b(?:AUD|NZD|USD|EUR|GBP|A\$|NZ\$)\s?)\s?\d[\d,]*(?:\.\d{2})?|\b\d[\d,]*(?:\.\d{2})?\s?(?:euros?|EUR)\b"
)
_FEE_CONTEXT = re.compile(
    r"\b(?:liable\s+to\s+pay|(?:fee|charge)s?\s+(?:payable|due|of|is|will\s+be)|pay\s+(?:a|the)\s+(?:fee|charge)"
    r"|assessment\s+of\s+(?:the\s+)?charges?|deposit|total|fees?\s+notice|amount)\b",
    re.IGNORECASE,
)


def find_fee(text: str, *, split: list[str] | None = None) -> str | None:
    """The fee or charge asked for, as written (e.g. "£25.00", "$30.00").

    `split` is `list(sentences(text))` when the caller already has it.
    """
    fallback: str | None = None
    for sentence in sentences(text) if split is None else split:
        if not _DIGIT.search(sentence):
            continue  # no amount without a digit: cheaper to see than the amount pattern
        amounts = [m.group(0) for m in _AMOUNT.finditer(sentence)]
        if not amounts:
            continue
        if _FEE_CONTEXT.search(sentence):
            return amounts[-1].strip()
        fallback = fallback or amounts[0].strip()
    return fallback

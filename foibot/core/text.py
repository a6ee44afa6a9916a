"""Mail body text: HTML -> text, and splitting the sender's new words from everything else.

`split_reply` cuts a reply body into three pieces: the sender's `new` words, `quoted` earlier
messages (">" lines, "On ... wrote:", Outlook header blocks, "Original Message", the request
pasted back after "You asked:"), and `boilerplate` footers (complaint and review rights,
regulator addresses, confidentiality disclaimers, print-the-environment notes, social-media
links). Classification reads only `new`, so words like "review" or "refusal notice" inside
boilerplate or quoted text cannot drive it. All patterns are general shapes of public-authority
mail, compiled once; every pass is linear in the text length.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_TEXT_CHARS = 1_000_000  # decoded text beyond this is cut (email-tech.md §6)
_MAX_HTML_CHARS = 2_000_000  # inscriptis is ~1 ms/KB: bound the worst case


@dataclass(frozen=True, slots=True)
class SplitText:
    """A body cut into the sender's new words, quoted earlier text and boilerplate footers."""

    new: str
    quoted: str
    boilerplate: str


def html_to_text(html: str) -> str:
    """Readable text from an HTML body (inscriptis: keeps table layout, drops style/script)."""
    from inscriptis import get_text  # imported lazily: most mail has a text/plain part

    html = html[:_MAX_HTML_CHARS]
    # Outlook conditional comments and MSO XML islands are noise; inscriptis drops comments.
    return str(get_text(html))


# ---------------------------------------------------------------------------------------------
# Quoted earlier messages
# ---------------------------------------------------------------------------------------------

# A line that starts an earlier message: everything from it to the end is quoted.
_REPLY_HEADER_LINE = re.compile(
    r"""^[ \t]*(?:
        -{2,}\s*(?:original\s+(?:message|request|e-?mail)|forwarded\s+message|your\s+(?:message|request|application|e-?mail)
            |ursprüngliche\s+nachricht|message\s+d'origine)\s*-{2,}
      | _{10,}\s*$
      | begin\s+forwarded\s+message\s*:
    )""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
# "On Mon, 3 Jun 2024 at 10:00, Jo Bloggs <jo@x.org> wrote:" - may wrap over two lines.
_ON_WROTE = re.compile(
    r"^[ \t]*(?:on|am|le|el|op|il)\s[^\n]{0,200}?(?:\n[^\n]{0,200}?)?"
    r"\b(?:wrote|schrieb|a\s+écrit|escribió|schreef|ha\s+scritto)\s*:[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Outlook/Exchange header block: "From: ..." followed within a few lines by Sent/Date and To/Subject.
_OUTLOOK_FROM = re.compile(r"^[ \t]*\*?(?:from|von|de|van)\s*:\*?[ \t]+\S", re.IGNORECASE | re.MULTILINE)
_OUTLOOK_NEXT = re.compile(
    r"^[ \t]*\*?(?:sent|date|gesendet|datum|envoyé|to|an|à|subject|betreff|objet|cc)\s*:\*?",
    re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>")

# A line that introduces the requester's own words pasted back into the reply: ends with ":", in the
# same sentence ("...refine your request. For example, you might consider:" introduces no request).
_REQUEST_INTRO = re.compile(
    r"""(?:
        \byou\s+(?:\w+\s+){0,2}?(?:asked|ask|requested|request|wrote|said|stated|sought|seek|seeking)\b
      | \byou\s+(?:\w+\s+){0,2}?(?:wanted|want|wished|wish|queried|enquired|raised)\b
      | \byour\s+(?:original\s+|initial\s+|information\s+|foi\s+|oia\s+)?
        (?:request|e-?mail|question|questions|letter|enquiry|query)\b
      | ^[ \t]*request(?:ed)?(?:\s+(?:text|details|description|wording))?(?=\s*:)
      | \bseek(?:ing)?\s+access\s+to\b | \bin\s+the\s+following\s+terms\b
    )(?:[^\n:.?!]|[.?!](?!\s)){0,120}:[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# ... unless the line announces the authority's answer ("My response to your request is below:").
_ANSWER_INTRO = re.compile(
    r"\b(?:response|reply|answer|decision|outcome|detailed|below|enclosed|attached|find|provide\w*"
    r"|supply|release|disclos\w*|our|tell\s+(?:us|me)|let\s+(?:us|me)\s+know|confirm|clarify|specify|grateful"
    r"|(?:could|can|would)\s+you|you\s+(?:might|may|could)|for\s+example|exemptions?|exceptions?|considering"
    r"|estimat\w*|need\s+to\s+know|whether\s+you|added\s+to|posted\s+(?:on|to))\b",
    re.IGNORECASE,
)
# Disclosure-log shape: a "Request" heading, the request, then a "Response" heading.
_REQUEST_HEADING = re.compile(
    r"^[ \t]*(?:foi\s+|information\s+|your\s+)?request"
    # "Request FOI/123:", "Request details" (not "Your request reads:", which pastes it inline)
    r"(?:\s+(?:description|details|text|no\.?\s*[\w/-]*|[\w/-]*\d[\w/-]*))?[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)
_RESPONSE_HEADING = re.compile(
    r"^[ \t]*(?:our\s+|foi\s+)?(?:response|answer|reply|decision|outcome|released?\s+date|request\s+date)\b"
    r"[^\n]{0,40}$",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(r"^[ \t]*<?(?:https?://|www\.)\S+[ \t]*$", re.IGNORECASE)
_OPEN_QUOTE = re.compile(r"""^[ \t]*["“'‘«„]""")
_CLOSE_QUOTE = re.compile(r"""["”'’»“][ \t.]*$""")

# A paragraph in the authority's own voice: ends a pasted request that had no quote marks.
_AUTHORITY_VOICE = re.compile(
    r"""^[ \t]*(?:(?:\(?(?:[a-z]|\d{1,2})[.)]|q\d{1,2}[.:]?)[ \t]+)?  # a number: "1. This information is..."
    (?:
        this\s+is\s+to\b | this\s+(?:letter|email|e-mail)\b
      | we\s+(?:am|are|have|had|can|cannot|can't|could|will|would|do|did|does|hold|write|regret)\b
      | we\s+(?:confirm|note|need|require|must|wish|should|received|consider|considered)\b
      | [^\n]*\bwe\s+need\s+your\s+(?:help|answer|reply|views?|input)\b
      | (?:we|i)\s+(?:apologise|apologize|enclose|attach|regret|confirm|note|write)\b
      | i\s+(?:have|can|cannot|must|will)\b
      | i\s+am\s+(?:writing\s+to\s+(?:inform|confirm|advise|let|tell)|sorry|unable|able|pleased|afraid)\b
      | (?:our|my)\s+(?:response|reply|decision|search|searches|records|reference|apologies|office)\b
      | your\s+request\s+(?:is|was|has|will|for|falls|would|as|cannot|can)\b
      | (?:unfortunately|however|accordingly|therefore|consequently|regrettably|furthermore|additionally)\b
      | please\s+(?:find|note|be\s+advised|accept|contact|see|quote|let\s+us)\b
      | in\s+(?:response|reply|answer)\b | (?:response|answer|reply|decision|outcome)\b
      | thank\s+you\b | thanks\b | having\b | after\s+(?:receiving|careful|considering|searching|reviewing)\b
      | following\s+(?:a|our|your|the|(?:\w+\s+)?(?:enquiries|searches|checks|consultation))\b
      | the\s+time\s+(?:frame|limit|for)\b
      | (?:section|regulation)\s+\d+[\w()]*\s+of\s+the\s+[^\n]{0,80}\b(?:act|regulations)\s+(?:\d{4}\s+)?
        (?:places|requires|gives|provides|says|states|sets)\b
      | (?:yours|kind\s+regards|regards|best\s+wishes|many\s+thanks|dear)\b
      | (?:the|this)\s+(?:information|department|council|ministry|agency|authority|office|commission|act)
        \s+(?:is|was|has|does|do|holds|will|can|cannot|are|were)\b
      | [^\n]*\byour\s+(?:request|application)\b
      | [^\n]*\bneither\s+confirm\s+nor\s+deny\b
      | (?:since|as|when)\s+you\s+(?:wrote|asked|made|sent)\b
      | (?:our|my)\s+(?:[\w-]+\s+)?(?:team|service|department|unit|colleagues?)
        \s+(?:has|have|is|are|will|can|did|do|does)\b
      | (?:could|can|would)\s+you\s+(?:please\s+)?(?:let\s+(?:us|me)\s+know|confirm|clarify)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_PASTED_REQUEST_LINES = 120
# A numbered line: "(a) ...", "2. ...", "Q3 ...".
_LIST_NUMBER = re.compile(r"^[ \t]*(?:\(([a-z]|\d{1,2})\)|([a-z]|\d{1,2})[.)]|q(\d{1,2})\b)", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------
# Boilerplate footers
# ---------------------------------------------------------------------------------------------

_BOILERPLATE_SIGNALS = re.compile(
    r"""
      # complaint / review rights
        \b(?:if|are|should|where)\s+you\s+(?:are\s+|remain\s+|feel\s+|still\s+|were\s+|be\s+)?(?:\w+\s+)?(?:dissatisfied|unhappy|not\s+(?:happy|satisfied|content)|disagree)\b
      | \bare\s+you\s+(?:unhappy|dissatisfied|not\s+(?:happy|satisfied))\b
      | \byou\s+(?:may|can|could|have\s+the\s+right\s+to|are\s+entitled\s+to|are\s+able\s+to)
        \s+(?:\w+\s+){0,6}?        (?:ask|request|apply|seek|lodge|make|require|complain|appeal)\w*\b
        [^.]{0,160}\b(?:review|complain\w*|appeal|commissioner|ombudsman|confirmatory)\b
      | \b(?:right|rights)\s+(?:to|of)\s+(?:complain|complaint|appeal|review|request\s+a\s+review)\b
      | \b(?:complaint|review|appeal)\s+rights\b
      | \b(?:lodg\w+|making|make)\s+(?:a\s+)?(?:formal\s+)?complaint\b
      | \bcomplaints?\s+(?:should|must|can|may)\s+be\b
      | \b(?:respond\s+to|acknowledge|consider)\s+your\s+complaint\b
      # citing the Commissioner's guidance or a decision notice is no footer
      | \binformation\s+commissioner\b(?!'?s?\s+(?:guidance|decision))
      | \bico\.org\.uk\b | \bwycliffe\s+house\b | \bwilmslow\b
      | \bombudsman\b | \boaic\.gov\.au\b | \bitspublicknowledge\.info\b
      | \bwithin\s+(?:\w+\s+)?(?:\(\d+\)\s+)?(?:working\s+|calendar\s+)?days\b
        # ... not the authority's own clock ("within 20 days of receipt, so you should receive ...")
        (?!\s+(?:of|from|following)\s+(?:the\s+(?:date\s+of\s+)?)?(?:receipt|receiving)
          |,?\s+so\s+(?:that\s+)?you\s+(?:should|will|can\s+expect\s+to)\s+(?:receive|get|have))
        [^.]{0,60}\b(?:review|complain\w*|appeal|confirmatory)\b
      # confidentiality disclaimers
      | \bth(?:is|e)\s+(?:e-?mail|message|communication|transmission)\b
        [^.]{0,80}\b(?:confidential|privileged|intended\s+(?:solely|only))\b
      | \b(?:received|receive)\s+this\s+(?:e-?mail|message|communication)\s+(?:in\s+error|by\s+mistake)\b
      | \bintended\s+(?:solely|only)\s+for\s+the\s+(?:use\s+of\s+the\s+)?(?:intended\s+)?
        (?:recipient|addressee|individual)\b
      | \bviews\s+(?:or|and)\s+opinions\s+expressed\b
      | \b(?:communication|e-?mail|computer)\s+systems?\s+(?:are|is|may\s+be)\s+monitored\b
      | \b(?:scanned|checked)\s+for\s+(?:viruses|malware|malicious)\b
      | \baccepts?\s+no\s+(?:responsibility|liability)\b
      | \bsecurity\s+of\s+this\s+e-?mail\b
      # environment and social media
      | \bconsider\s+(?:the|our)\s+environment\b | \b(?:do\s+not|don't|before\s+(?:you\s+)?)print(?:ing)?\b
      | ^[ \t]*disclaimer\b
      | \b(?:find|follow|like|connect\s+with)\s+us\s+(?:at|on)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Every alternative of _BOILERPLATE_SIGNALS contains one of these (a cheap pre-filter).
_BOILERPLATE_KEYWORDS = (
    "satisf", "happy", "content", "disagree", "review", "complain", "appeal", "commissioner",
    "ombudsman", "ico.org", "wycliffe", "wilmslow", "oaic", "itspublicknowledge", "confirmatory",
    "confidential", "privileged", "intended", "error", "mistake", "opinions", "monitored", "virus",
    "malware", "malicious", "accept", "security of", "environment", "print", "us on", "us at",
    "disclaimer",
)  # fmt: skip
# Short lines that belong to a footer: headings, addresses, social links, link lists.
_FOOTER_LINE = re.compile(
    r"""^[ \t]*(?:
        (?:facebook|twitter|x|linkedin|instagram|youtube|tiktok|web(?:site)?|phone|tel|telephone|fax|email|e-mail)\s*:
      | (?:references|visible\s+links|hidden\s+links)\s*$
      | \d+\.\s+https?://\S+\s*$
      | (?:complaints?|internal\s+review|the\s+information\s+commissioner|your\s+rights?.*)\s*$
      | (?:review|appeal|complaint)\s+rights\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A paragraph that asks the requester something ends a footer, however short: no footer asks.
_ASKS_THE_REQUESTER = re.compile(
    r"\?|\bplease\s+(?:let\s+(?:us|me)\s+know|tell\s+(?:us|me)|confirm|reply|respond|clarify|provide)"
    r"|\b(?:would|need)\s+(?:like\s+)?to\s+know\b",
    re.IGNORECASE,
)
# "... which has already been considered by the Ombudsman": the regulator's past work, no footer.
_REGULATOR_RECOUNTED = re.compile(
    r"\b(?:considered|investigated|decided|determined|reviewed|looked\s+at)\s+by\s+the\s+[^.\n]{0,60}$",
    re.IGNORECASE,
)
_SHORT_PARAGRAPH = 200  # a footer absorbs short paragraphs (headings, postal addresses)
_LONG_PARAGRAPH = 400  # a long paragraph needs two signals to count as boilerplate
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.?!:][\"'”’)]?(?=\s)|\n(?=[ \t]*\S)")


def split_reply(text: str, *, known_request: str | None = None) -> SplitText:
    """Split a reply body into the sender's new words, quoted earlier text and boilerplate.

    `known_request`, when the caller knows the request this replies to, lets lines pasted
    back from it verbatim be removed even where no introducing phrase marks them.
    Never returns an empty `new` for a non-empty body: if everything looks quoted or
    boilerplate, the unquoted text (or the whole text) is kept rather than nothing.
    """
    text = _normalise(text)
    head, tail = _cut_at_earlier_message(text)
    quoted_parts = [tail] if tail else []

    lines = head.split("\n")
    kept, removed = _drop_quoted_lines(lines, known_request)
    if removed:
        quoted_parts.insert(0, "\n".join(removed))
    unquoted = "\n".join(kept)

    unquoted, signature = _cut_at_signature(unquoted)
    new, boilerplate = _drop_boilerplate(unquoted)
    boilerplate = f"{boilerplate}\n\n{signature}" if signature else boilerplate
    new = new.strip()
    if not new:
        new = unquoted.strip() or text.strip()
    return SplitText(new=new, quoted="\n".join(quoted_parts).strip(), boilerplate=boilerplate.strip())


# The signature delimiter "-- " (RFC 3676 4.3; mailers often drop the space).
_SIGNATURE_DELIMITER = re.compile(r"^--[ \t]?$", re.MULTILINE)
_MIN_TEXT_BEFORE_SIGNATURE = 40


def _cut_at_signature(text: str) -> tuple[str, str]:
    """Text before a signature delimiter, and the signature (office-hours notes are no auto-reply)."""
    delimiter = _SIGNATURE_DELIMITER.search(text)
    if delimiter is None or len(text[: delimiter.start()].strip()) < _MIN_TEXT_BEFORE_SIGNATURE:
        return text, ""
    return text[: delimiter.start()], text[delimiter.end() :].strip()


# Header lines of a forwarded or quoted message ("From: ...", "-----Original Message-----").
_EARLIER_HEADER_LINE = re.compile(
    r"^[ \t>]*(?:-{2,}[ \t]*(?:forwarded|original)\s+message[ \t]*-{2,}"
    r"|\*?(?:from|sent|date|to|cc|subject)\*?[ \t]*:.*)$",
    re.IGNORECASE,
)


def forwarded_message(text: str) -> str:
    """The new words of the first earlier message under `text` (a forward or resend), or ""."""
    _, tail = _cut_at_earlier_message(text)
    lines = [line.lstrip("> ") if line.lstrip().startswith(">") else line for line in tail.split("\n")]
    first = 0
    while first < len(lines) and (not lines[first].strip() or _EARLIER_HEADER_LINE.match(lines[first])):
        first += 1
    rest = "\n".join(lines[first:])
    return split_reply(rest).new if rest.strip() else ""


def _normalise(text: str) -> str:
    text = text[:MAX_TEXT_CHARS]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def _cut_at_earlier_message(text: str) -> tuple[str, str]:
    """(head, tail): the tail starts at the first marker of an earlier message."""
    cut = len(text)
    for pattern in (_REPLY_HEADER_LINE, _ON_WROTE):
        match = pattern.search(text, 0, cut)
        if match:
            cut = min(cut, match.start())
    for match in _OUTLOOK_FROM.finditer(text, 0, cut):
        if _is_outlook_block(text, match.start()):
            cut = match.start()
            break
    if cut == 0 or not text[:cut].strip():
        # The message *is* the earlier message (a forward with no comment): keep it as new.
        return text, ""
    return text[:cut], text[cut:]


def _is_outlook_block(text: str, start: int) -> bool:
    following = text[start : start + 1500].split("\n")[1:6]
    return sum(1 for line in following if _OUTLOOK_NEXT.match(line)) >= 2


def _drop_quoted_lines(lines: list[str], known_request: str | None) -> tuple[list[str], list[str]]:
    """Remove '>' lines, the request pasted back after an introducing phrase, known request lines."""
    request_lines = _request_line_set(known_request) if known_request else frozenset()
    kept: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QUOTED_LINE.match(line) or (request_lines and _norm_line(line) in request_lines):
            removed.append(line)
            i += 1
            continue
        kept.append(line)
        i += 1
        end = _pasted_request_end(lines, i, _with_sentence_before(line, lines[i - 2] if i >= 2 else ""))
        if end > i:
            removed.extend(lines[i:end])
            kept.append("")  # keep the paragraph break the pasted block stood for
            i = end
    return kept, removed


def _with_sentence_before(line: str, previous: str) -> str:
    """`line` with the start of its sentence from the previous line ("I note you seek / access to:")."""
    if not previous.strip() or previous.rstrip()[-1:] in ".?!:":
        return line
    start = max((m.end() for m in _SENTENCE_END.finditer(previous)), default=0)
    return f"{previous[start:].strip()} {line}"


def _pasted_request_end(lines: list[str], start: int, intro: str) -> int:
    """Index just past the request pasted back after `intro`, or `start` if there is none."""
    stripped = intro.rstrip()
    if not stripped.endswith(":") and (len(stripped) > 60 or "equest" not in stripped):
        return start  # cheap pre-filter: every intro ends with ":", every heading is a short "Request"
    heading = _REQUEST_HEADING.match(intro)
    if heading:
        limit = min(len(lines), start + _MAX_PASTED_REQUEST_LINES)
        for j in range(start, limit):
            # A heading stands on its own line: not "... the 20 working days for our / response will run".
            if _RESPONSE_HEADING.match(lines[j]) and not lines[j - 1].strip():
                return j
    introduced = bool(_REQUEST_INTRO.search(intro)) and not _ANSWER_INTRO.search(intro)
    if not introduced and not heading:
        return start
    first = start
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines):
        return start
    if _LINK_LINE.match(lines[first]) or _QUOTED_LINE.match(lines[first]):
        # "...covers questions 1 and 2 of your request:" and a link to where it is; or a request
        # quoted with ">", which ends where the quoting does (see _drop_quoted_lines).
        return start
    limit = min(len(lines), first + _MAX_PASTED_REQUEST_LINES)
    if not introduced and not _OPEN_QUOTE.match(lines[first]):
        return start  # a bare "Your request" heading over unquoted lines: too weak a sign on its own
    if _OPEN_QUOTE.match(lines[first]):
        # Quote marks delimit it: remove through the line that closes the quotation.
        for j in range(first, limit):
            stripped = lines[j].rstrip()
            if _CLOSE_QUOTE.search(stripped) and (j > first or len(stripped.strip()) > 1):
                return j + 1
        return start
    # No quote marks: remove paragraphs until one is in the authority's own voice, or until the
    # request's numbering starts again ("(a) ... (b) ..." asked, then "(a) The providers are ...").
    numbers_seen: set[str] = set()
    for j in range(first, limit):
        previous = lines[j - 1].rstrip() if j > first else ""
        paragraph_start = lines[j].strip() and (j == first or not previous or previous[-1] in ".?!:")
        if paragraph_start and (_AUTHORITY_VOICE.match(lines[j]) or _RESPONSE_HEADING.match(lines[j])):
            return j if j > first else start
        number = _LIST_NUMBER.match(lines[j])
        if number and paragraph_start:
            label = next(group for group in number.groups() if group).lower()
            if label in numbers_seen:
                return j
            numbers_seen.add(label)
    return start  # never found the authority's voice again: keep everything, to be safe


def _norm_line(line: str) -> str:
    return " ".join(line.lower().split()).strip("\"“”'‘’ ")


def _request_line_set(request: str) -> frozenset[str]:
    return frozenset(n for line in request.splitlines() if len(n := _norm_line(line)) >= 20)


def _drop_boilerplate(text: str) -> tuple[str, str]:
    """Remove footers: boilerplate starts a footer that also absorbs the short paragraphs after it.

    Within the paragraph where boilerplate starts, the sentences before its first signal are
    kept: authorities often run "We have completed the review. If you remain dissatisfied ..."
    together in one paragraph, or send mail with no blank lines at all.
    """
    kept: list[str] = []
    dropped: list[str] = []
    in_footer = False
    lowered = text.lower()
    keywords = [keyword for keyword in _BOILERPLATE_KEYWORDS if keyword in lowered]
    for paragraph in _PARAGRAPH_BREAK.split(text):
        if not paragraph.strip():
            continue
        start = _boilerplate_start(paragraph, keywords)
        if start is not None:
            in_footer = True
            if paragraph[:start].strip():
                kept.append(paragraph[:start])
            dropped.append(paragraph[start:])
        elif (
            in_footer
            and not _ASKS_THE_REQUESTER.search(paragraph)
            and (len(paragraph.strip()) <= _SHORT_PARAGRAPH or _all_footer_lines(paragraph))
        ):
            dropped.append(paragraph)
        else:
            in_footer = False
            kept.append(paragraph)
    return "\n\n".join(kept), "\n\n".join(dropped)


def _boilerplate_start(paragraph: str, keywords: Sequence[str]) -> int | None:
    """Offset where boilerplate starts in this paragraph (a sentence start), or None."""
    if _all_footer_lines(paragraph):
        return 0
    lowered = paragraph.lower()
    if not any(keyword in lowered for keyword in keywords):
        return None  # substring tests are far cheaper than the full pattern
    hits = list(
        itertools.islice(
            (
                hit
                for hit in _BOILERPLATE_SIGNALS.finditer(paragraph)
                if not _recounts_regulator(paragraph, hit)
            ),
            2,
        )
    )
    needed = 1 if len(paragraph) <= _LONG_PARAGRAPH else 2
    if len(hits) < needed:
        return None
    first = hits[0].start()
    sentence = max(_SENTENCE_END.finditer(paragraph, 0, first), key=lambda m: m.end(), default=None)
    return 0 if sentence is None else sentence.end()


def _recounts_regulator(paragraph: str, hit: re.Match[str]) -> bool:
    return hit.group(0).lower() == "ombudsman" and bool(
        _REGULATOR_RECOUNTED.search(paragraph, max(0, hit.start() - 90), hit.start())
    )


def _all_footer_lines(paragraph: str) -> bool:
    lines = [line for line in paragraph.split("\n") if line.strip()]
    return bool(lines) and all(_FOOTER_LINE.match(line) for line in lines)

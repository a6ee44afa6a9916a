"""The classifier's rules: named phrase families from FOI practice, each adding weight to one kind.

A rule is a compiled pattern over lower-cased text, the `Mode` that says when a match counts
(asserted, only inside a condition, not when merely envisaged, not when only promised), and the
keys one of which every match contains: the classifier reads only the sentences that hold a key
(see foibot.core.classify and tests/core/test_classify_keys.py). Families are UK, Scottish, Irish,
Australian, New Zealand, US and EU wording, written as general phrasings, never as one
authority's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from foibot.core.lowercase import compile_lower
from foibot.core.model import Kind


class Mode(Enum):
    ANY = "any"
    ASSERTED = "asserted"  # ignored inside a conditional sentence ("if ... we may refuse")
    CONDITIONAL = "conditional"  # counts only inside one ("if we do not hear ... withdrawn")
    # An ask, ignored when only envisaged ("if your request is unclear we may contact you").
    NOT_HYPOTHETICAL = "not_hypothetical"
    # Asserted and already done: also ignored when promised ("we will send you the outcome").
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: Kind
    weight: float
    pattern: re.Pattern[str]
    mode: Mode = Mode.ANY
    on_subject: bool = False
    # Lower-case substrings of which every match contains at least one: a cheap pre-check that
    # skips the regex on most messages (classification runs on every incoming mail).
    keys: tuple[str, ...] = ()
    # Set from the pattern (see _can_match_dot): no match crosses a ".", so only the sentences
    # holding a key need reading.
    within_sentence: bool = False


def _rx(*alternatives: str) -> re.Pattern[str]:
    # Rules run on lower-cased text: matching without IGNORECASE is about twice as fast.
    return compile_lower("|".join(f"(?:{a})" for a in alternatives))


A, C, S, E = Kind.ACKNOWLEDGEMENT, Kind.CLARIFICATION_REQUEST, Kind.STAY_ALIVE_CHECK, Kind.EXTENSION
R, N, X, F = Kind.RESPONSE_PROVIDED, Kind.NOT_HELD, Kind.REFUSAL, Kind.FEE_NOTICE
IA, IO, D, AR, OT = (
    Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
    Kind.INTERNAL_REVIEW_OUTCOME,
    Kind.DELIVERY_FAILURE,
    Kind.AUTO_REPLY,
    Kind.OTHER,
)
_DOC = r"(?:request|e-?mail|application|enquiry|message|correspondence|letter)"
_INFO = r"(?:information|data|records?|documents?|details|figures|statistics|minutes|notes|e-?mails|correspondence)"  # noqa: E501

_RULES: tuple[Rule, ...] = (
    # --- acknowledgement -------------------------------------------------------------------
    Rule(
        "ack_receipt",
        A,
        2.0,
        _rx(
            r"\backnowledg\w*\s+(?:the\s+)?receipt\b",
            rf"\backnowledg\w*\s+your\s+{_DOC}",
            r"\bbestätigen?\s+(?:ihnen\s+)?(?:hiermit\s+)?den\s+eingang\b",
        ),
    ),
    Rule(
        "ack_received",
        A,
        1.5,
        _rx(
            rf"\b(?:we|i)\s+(?:have\s+|has\s+)?(?:now\s+)?received\s+your\s+(?:freedom\s+of\s+information\s+|foi\s+|eir\s+"
            rf"|information\s+)?{_DOC}",
            rf"\byour\s+(?:clarified\s+|amended\s+|revised\s+|refined\s+|new\s+)?{_DOC}\s+(?:has\s+been|was|is)\s+(?:safely\s+)?"
            r"(?:received|registered|logged)",
            r"\bhas\s+been\s+received\s+by\b",
            r"\bwhich\s+(?:we|i)\s+(?:have\s+)?received\s+(?:today|yesterday|on)\b",
            r"\bwhich\s+(?:was|has\s+been)\s+(?:received|logged|registered)\s+(?:by\s+[^.]{0,80}?\s+)?(?:today|yesterday|on)\b",
            r"\b(?:target|expected)\s+(?:response|reply)\s+date\b",
            r"\b(?:which|that)\s+(?:we|i)\s+have\s+(?:now\s+)?received\b",
            r"\b(?:logged|registered|recorded)\s+(?:it|this|your\s+(?:\w+\s+)?request)\s+(?:as|under|with|on)\b",
            r"\b(?:i|we)(?:'ll|\s+will)\s+(?:now\s+)?(?:log|register)\s+(?:it|this|your\s+(?:\w+\s+)?request)\s+(?:as|under)\b",
            r"\bwhich\s+(?:we|i)\s+received\s+this\s+(?:morning|afternoon)\b",
            r"\bmade\s+a\s+note\s+of\s+your\s+(?:\w+\s+)?request\b",
        ),
    ),
    Rule("ack_thanks", A, 1.0, _rx(rf"\bthank\s+you\s+for\s+your\s+{_DOC}[^.]{{0,80}}\breceived\s+on\b")),
    Rule(
        "ack_processing",
        A,
        1.5,
        _rx(
            r"\b(?:will\s+(?:now\s+)?be|is\s+(?:now\s+)?being|are\s+(?:currently\s+)?being)\s+"
            r"(?:processed|considered|handled|dealt\s+with|logged)\s+(?:in\s+accordance|under|according)",
            r"\b(?:currently|now)\s+processing\s+your\s+request",
            r"\b(?:we|i)\s+will\s+(?:now\s+)?(?:process|consider|handle|deal\s+with)\s+(?:it|your\s+request|your\s+application"
            r"|the\s+request)\s+(?:under|in\s+accordance|according)",
            r"\b(?:receiving|under)\s+(?:our\s+)?attention\b",
            r"\bwill\s+(?:contact|be\s+in\s+touch\s+with|write\s+to)\s+you\s+(?:again|shortly|when|as\s+soon)",
        ),
    ),
    Rule(
        "ack_will_respond",
        A,
        2.0,
        _rx(
            r"\byou\s+(?:will|should|can|may)\s+(?:therefore\s+|then\s+)?(?:expect\s+to\s+)?(?:receive|expect|have|get)\s+"
            r"(?:a|our|the|an?\s+\w+)\s+(?:response|reply|decision|answer|information)[^.]{0,60}\b(?:within|by|no\s+later"
            r"|on\s+or\s+before)",
            r"\b(?:we|i)\s+(?:will|shall|aim\s+to|must|should)\s+(?:aim\s+to\s+|\w+\s+)?(?:respond|reply|provide\s+(?:you\s+with\s+)?"
            r"(?:a|the|our)\s+(?:response|reply|decision))[^.]{0,60}\b(?:within|by|no\s+later)",
            r"\bwill\s+(?:respond|reply)\s+to\s+(?:your|the)\s+(?:request|application)[^.]{0,40}\b(?:within|by)",
            r"\b(?:we|i|and)\s+(?:will|shall)\s+(?:send|give|provide)\s+you\s+(?:a|our|the)\s+(?:full\s+)?(?:response|reply|decision"
            r"|answer)\b[^.]{0,40}\b(?:within|by|no\s+later|on\s+or\s+before)",
            r"\bwill\s+(?:respond|reply)\s+(?:to\s+you\s+)?(?:promptly\s+and\s+|as\s+soon\s+as\s+possible\s+and\s+)?"
            r"(?:on\s+or\s+before|by|within|no\s+later\s+than)\b",
            r"\b(?:we|i)\s+will\s+(?:aim\s+to\s+)?answer\s+(?:it|this|your\s+request|the\s+request)\s+(?:within|by|no\s+later)\b",
            r"\b(?:a|our)\s+(?:response|decision|reply)\s+will\s+be\s+(?:provided|sent|issued|made)[^.]{0,40}\b(?:within|by)",
            r"\b(?:the|a|our)\s+response\s+is\s+(?:now\s+)?due\s+(?:by|on)\b",
            r"\bexpect\s+a\s+(?:decision|response|reply)\s+from\s+us\b",
            r"\byou\s+(?:can|should|may)\s+expect\s+(?:a|our|the)\s+(?:\w+\s+)?(?:decision|response|reply)\b[^.]{0,40}"
            r"\b(?:within|by|no\s+later)",
            r"\baim\s+to\s+(?:reply|respond)\s+(?:at\s+the\s+latest\s+)?by\b",
            r"\byou\s+(?:will|should)\s+hear\s+(?:back\s+)?from\s+(?:us|me|him|her|them)\s+(?:within|by|no\s+later)\b",
            r"\b(?:(?:we|i)(?:'ll|\s+will|\s+shall)|and)\s+(?:aim\s+to\s+)?get\s+back\s+to\s+you\s+(?:with\s+[^.]{1,40}?\s+)?"
            r"(?:within|by|no\s+later)\b",
            r"\b(?:we|i)\s+(?:expect|hope|plan)\s+to\s+(?:reply|respond)\s+(?:to\s+you\s+)?(?:by|within|no\s+later)\b",
            r"\b(?:we|i)(?:'ll|\s+will|\s+shall)\s+send\s+you\s+(?:a|the|our)\s+(?:\w+\s+)?(?:response|reply|decision|answer)\s+"
            r"(?:by|within|no\s+later|on\s+or\s+before)\b",
            # "we have 20 school days or 60 working days (whichever is sooner) to respond"
            r"\b(?:(?:we|i)\s+have|(?:it|the\s+[\w-]+)\s+has)\s+(?:\d+|twenty|ten|forty)\s+(?:\w+\s+)?days\b[^.]{0,60}\bto\s+"
            r"(?:respond|reply)\b",
        ),
    ),
    Rule("ack_subject", A, 2.0, _rx(r"\backnowledg", r"\beingangsbest"), on_subject=True),
    Rule(
        "clarify_subject",
        C,
        2.5,
        _rx(
            r"\brequest\s+for\s+clarification",
            r"\bclarification\s+(?:required|needed|requested)",
            r"\bplease\s+clarify",
        ),
        on_subject=True,
    ),
    # --- clarification ---------------------------------------------------------------------
    Rule(
        "clarify_ask",
        C,
        3.0,
        _rx(
            r"\b(?:please|could\s+you|can\s+you|would\s+you|kindly|ask\s+you\s+to|asking\s+you\s+to|need\s+you\s+to"
            r"|grateful\s+if\s+you\s+(?:could|would))\s+(?:please\s+)?(?:(?:can|could)\s+you\s+)?"
            r"(?:be\s+(?:willing|able|prepared)\s+to\s+)?(?:clarify|specify|be\s+more\s+specific|limit|restrict|reduce"
            r"|narrow|refine|rephrase|explain\s+(?:what|which|exactly)|give\s+(?:me|us)\s+(?:more\s+)?specific"
            r"|confirm\s*:?\s*(?:[-*\u2022]\s*)?(?:exactly\s+)?(?:what|which|whether\s+you\s+mean"
            r"|whether\s+you\s+are\s+(?:asking|referring|interested)\s+(?:about|to|in)\s*:?\s+(?!continu|proceed|receiv|pursu)"
            r"|whether\s+you\s+are\s+(?:making|submitting|acting|writing)\b"
            r"|the\s+(?:time|date)\s+period))",
            r"\b(?:need|require|seek|request|ask(?:ing)?\s+for)\s+(?:some\s+)?(?:further\s+|more\s+|additional\s+)?"
            r"clarification\b",
            r"\bclarification\s+(?:is\s+)?(?:required|needed|necessary)\b",
            r"(?<!\bus )(?<!\bme )\bto\s+clarify\s+(?:your|the|this|what|which|exactly)\b",
            r"\b(?:further|more|additional)\s+(?:information|details?|particulars)\s+from\s+you\b",
            r"\bwhich\s+(?:\w+\s+){0,3}you\s+(?:mean|are\s+referring\s+to|are\s+asking\s+about|have\s+in\s+mind)\b",
            r"\b(?:need|require|seek|request|ask\s+for)\s+(?:some\s+)?(?:further|more|additional)\s+(?:information|details?"
            r"|particulars)\s+(?:from\s+you|before|to\s+(?:identify|locate|find|process|deal|help))",
            r"\b(?:please|kindly|just)\s+(?:let\s+(?:us|me)\s+know|tell\s+(?:us|me)|confirm|indicate|specify)\s+(?:exactly\s+)?"
            r"(?:which|what)\b",
            r"\blet\s+(?:us|me)\s+know,?\s+(?:whether|if)\s+(?:your|the|this)\s+(?:request|application|question|enquiry)\s+"
            r"(?:(?:only|just)\s+)?(?:refers|relates|covers|concerns|is\s+(?:about|limited)|includes|means)\b",
            r"\b(?:ask|request|require)\s+that\s+you\s+(?:identify|specify|clarify|narrow|provide|indicate|describe"
            r"|reformulate|refine)\b",
            r"\b(?:invite|ask|request)\s+you\s+to\s+(?:provide|specify|clarify|identify|indicate|narrow|refine|describe)\b",
            r"\b(?:not\s+(?:sure|clear)|unsure|unclear)\s+(?:what|which|whether)\s+(?:exactly\s+)?(?:you\s+mean|you\s+are\s+"
            r"(?:asking|looking|referring)|is\s+meant)",
            r"\bwhat\s+(?:exactly\s+)?(?:do\s+you|you)\s+mean\s+by\b",
            r"\bdo\s+you\s+mean\b[^.?]{0,120}\bor\b",
            r"\bdo\s+you\s+mean\s*:",
            r"\bconfirm\s+(?:that\s+|whether\s+)?(?:by\s+[^.?]{1,60}?\s+)?you\s+mean\b[^.?]{0,160}\b(?:or|and\s+not|rather\s+than)\b",
            r"\bwhether\s+you\s+(?:want|need|require|would\s+like)\s+(?!us\b|me\b|to\s+(?:continue|proceed|pursue|carry))"
            r"[^.?]{0,100}\bor\b",
            r"\bdo\s+you\s+(?:want|need)\s+(?:the|it|them|this|these|to\s+include|us\s+to\s+include)\b[^.?]{0,100}\bor\b[^.?]{0,80}\?",
            r"\bwhen\s+you\s+(?:say|said|refer\s+to|mention)\b[^.?]{0,120}\?",
            r"\b(?:it\s+)?would\s+help\s+(?:us\s+)?if\s+you\s+(?:could|would|can)\s+(?:please\s+)?(?:give|tell|let|confirm|provide|send"
            r"|indicate|specify|clarify|explain)",
            r"\bconfirm\s+(?:that\s+)?(?:this|that|our\s+understanding)\s+is\s+(?:correct|right)\b",
            r"\bconfirm\s+(?:that\s+)?you\s+would\s+like\s+the\b",
            r"\bwhether\s+you\s+would\s+be\s+(?:willing|able|prepared)\s+to\s+(?:refine|narrow|limit|clarify|reduce|amend|revise)",
            # "confirm whether you would like us to: (a) ...; or (b) ..." (not "... to continue or close it")
            r"\bwhether\s+you\s+would\s+(?:like|prefer)\s+us\s+to\b(?!\s+(?:continue|proceed|carry|keep|go\s+ahead|pursue|pick|resume|restart|re-?open|reactivate))"
            r"[^.?]{0,300}?\bor\b",
            r"\b(?:information|details?)\s+(?:needed|required)\s+from\s+you\b",
            r"\b(?:we|i)\s+(?:still\s+)?(?:need|require)\s+to\s+know\s+(?:whether|which|what|if|exactly)\b"
            r"(?!\s+you\s+(?:still|would\s+still)\b)"
            r"(?!\s+you(?:'d|\s+would)\s+like\s+(?:us|me)\s+to\s+(?:continue|proceed|carry\s+on|go\s+ahead|keep|pick|resume"
            r"|restart|re-?open|reactivate)\b)",
            r"\bawaiting\s+(?:your\s+)?clarification\b",
            # "it would help us if you could tell us which of the following you are interested in"
            r"\b(?:help|assist)\s+(?:us|me)\s+(?:greatly\s+)?if\s+you\s+(?:could|would|can)\s+(?:please\s+)?"
            r"(?:tell|let|confirm|indicate|specify|clarify|explain|narrow|say)",
            r"\bwhich\s+of\s+(?:the\s+following|these|those|them)\s+(?:\w+\s+){0,2}you\s+(?:are|were|would|want|mean"
            r"|need|require|wish)",
            r"\bbenötigen?\s+(?:wir|ich)\s+(?:von\s+ihnen\s+)?(?:noch\s+)?(?:folgende|weitere|ergänzende|nähere)\s+(?:angaben|informationen)",
            r"\bbitte\s+(?:präzisieren|konkretisieren)\s+sie\b",
            r"\bbitten\s+wir\s+sie\s+(?:um\s+(?:eine\s+)?(?:präzisierung|konkretisierung|klarstellung)|,?\s+ihren\s+antrag\s+zu\s+"
            r"(?:präzisieren|konkretisieren))",
            r"\b(?:date\s+range|time\s*(?:period|frame|scale)|period|years)\s+(?:that\s+)?you\s+(?:have\s+in\s+mind"
            r"|are\s+interested\s+in|would\s+like\s+(?:us\s+)?to\s+cover|require|need|want|mean)",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    Rule(
        "clarify_provide",
        C,
        2.5,
        _rx(
            # not a bare "can you let us know?": what to tell is asked elsewhere (the subject line)
            r"\b(?:would|could|can)\s+you\s+(?:please\s+)?(?:provide|tell\s+(?:me|us)|let\s+(?:me|us)\s+know"
            r"|give|indicate|send)\b(?!\s*\?)",
            r"\b(?:send|provide)\s+(?:us\s+|me\s+)?(?:with\s+)?your\s+(?:full\s+|postal\s+|real\s+)*"
            r"(?:name|postal\s+address|address|proof|identification|id)\b",
            r"\bgive\s+(?:me|us)\s+(?:more\s+|further\s+)?(?:specific\s+)?details\b",
            r"\bgrateful\s+if\s+you\s+(?:could|would)\s+(?:please\s+)?(?:tell|let|provide|give|indicate|send|answer|inform\s+us"
            r"|help\s+(?:us|me)"
            r"|confirm(?!\s+(?:safe\s+)?receipt)(?!\s+(?:whether|if|that)\s+you\s+(?:still\s+)?(?:wish|want|would\s+like|intend)))\b",
            r"\b(?:needs?|requires?)\s+(?:to\s+(?:have|know|receive)\s+)?your\s+(?:full\s+|postal\s+|real\s+)*(?:name|postal\s+address"
            r"|address|proof|identification)\b",
            r"\b(?:reply|respond|come\s+back\s+to\s+us|write\s+back)\s+(?:to\s+(?:this|our)\s+(?:e-?mail|letter|message)\s+)?"
            r"(?:with|giving|providing|stating|confirming)\s+your\s+(?:full\s+|postal\s+|real\s+)*(?:name"
            r"|address)\b",
            r"\b(?:could|can|would)\s+you\s+(?:please\s+)?answer\s+(?:the|their|his|her|our|my|this|these|those|that"
            r"|a\s+few|two|three|some)\s+(?:\w+\s+)?(?:question|quer)",
            r"\b(?:not|(?:unable\s+to|before\s+(?:we|i)\s+can)\s+treat\s+(?:it|this|your\s+\w+)\s+as)\s+a\s+valid\s+request\b",
            r"\bnot\s+(?:a\s+)?valid\s+(?:request\s+)?until\b",
            r"\bsend\s+us\s+(?:a\s+copy\s+of\s+)?(?:(?:one|a)\s+form\s+of\s+)?(?:photographic\s+|photo\s+)?(?:id\b|identification)",
            r"\bonce\s+(?:we|i)\s+know\s+how\s+you\s+would\s+like\s+to\s+proceed\b",
            r"\b(?:confirm|provide|give|send|tell\s+us)\s+your\s+(?:full\s+|real\s+|legal\s+)?name\b",
            r"\bbefore\s+(?:we|i)\s+can\s+accept\s+(?:your|the|this)\s+request\b",
            r"\b(?:need|require)\s+(?:(?:the\s+following|an?|some)\s+(?:further\s+|more\s+|additional\s+)?(?:\w+\s+)?)?from\s+you\b",
            r"\b(?:antrag|anfrage)\s+zu\s+präzisieren\b|\bbitte\s+(?:teilen\s+sie\s+(?:mir|uns)\s+)?ihre\s+präzisierung\b",
            r"\bbitte\s+teilen\s+sie\s+(?:mir|uns)\s+(?:\w+\s+)?ihre\s+(?:vollständige\s+)?(?:post)?anschrift\b",
            r"\bconfirm\s+(?:whether|if|that)\s+(?:this|our|my|the)\s+(?:interpretation|understanding|reading|assumption)\b",
            r"\b(?:we|i)\s+(?:need|require)\s+(?:two|three|some|a\s+few|a\s+couple\s+of)\s+(?:things|details|pieces\s+of\s+information)"
            r"\s+from\s+(?:you|the\s+requester|the\s+applicant)\b",
            r"\b(?:need|required?)\s+to\s+(?:give|provide|supply|confirm)\s+(?:their|your)\s+(?:real\s+|full\s+)?name\b",
            r"\b(?:please|kindly)\s+(?:provide|send|give)\s+(?:us\s+|me\s+)?(?:with\s+)?(?:some\s+)?"
            r"(?:additional|further|more)\s+(?:detail|information|particulars)",
            r"\b(?:we|i)\s+(?:also\s+)?(?:need|require)\s*:?\s*(?:[-*\u2022]\s*)?(?:a\s+copy\s+of\s+)?(?:(?:one|a)\s+form\s+of\s+)?"
            r"(?:your\s+)?(?:photographic\s+|photo\s+)?"
            r"(?:photographic\s+id|photo\s+id|identification|(?:proof|evidence)\s+of\s+(?:your\s+)?identity)",
            r"\bin\s+order\s+(?:for\s+(?:us|me)\s+)?to\s+(?:proceed|process|progress|identify|locate|deal|conduct|carry\s+out"
            r"|search|complete)\b[^.]{0,40}"
            r"\bplease\s+(?:provide|send|tell|confirm|specify|indicate|clarify|give)\b",
            r"\b(?:please|kindly)\s+(?:provide|send|give|supply)\s+(?:us\s+|me\s+)?(?:with\s+)?(?:(?:one|any|each|all)\s+of\s+)?"
            r"the\s+following\s*:",
            r"\b(?:please|kindly)\s+(?:provide|send|supply|tell\s+us|confirm)\s*:",
            r"\b(?:reply|respond|write\s+back|let\s+(?:us|me)\s+have|send\s+(?:us|me))\s+(?:to\s+(?:this|our)\s+(?:e-?mail|letter|message)\s+)?"
            r"(?:with\s+)?(?:your|that|this|those|these)\s+(?:clarification|details?|choice|preference|selection|answers?)\b",
            r"\bas\s+soon\s+as\s+(?:i|we)\s+(?:have|receive|get|hear)\s+(?:your|this|that)\s+(?:answer|reply|response|confirmation"
            r"|clarification|choice)",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    # Papers the request waits for: a certified copy of an ID, someone else's consent, proof of death.
    Rule(
        "clarify_documents",
        C,
        2.5,
        _rx(
            r"\b(?:please|kindly)\s+(?:provide|send|supply)\s+(?:us\s+|me\s+)?(?:with\s+)?(?:a|the)\s+(?:certified\s+)?"
            r"cop(?:y|ies)\s+of\s+(?:one\s+of\s+the\s+following|your\s+(?:passport|driv|birth|photo|id\b|identi))",
            r"\b(?:need|require)\s+(?:his|her|their)\s+(?:signed\s+|written\s+)?(?:authority|consent|authori[sz]ation)\b",
            r"\b(?:please|kindly)\s+(?:provide|send|submit|supply)\s+(?:us\s+(?:with\s+)?)?(?:the\s+requested\s+)?"
            r"(?:proof\s+of|documentation|evidence\s+of|(?:a\s+)?signed\s+(?:consent|authori[sz]ation))\b",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    Rule(
        "clarify_blocked",
        C,
        2.0,
        _rx(
            r"\b(?:not\s+(?:be\s+)?able\s+to|unable\s+to|cannot|can\s*not)\s+(?:further\s+)?(?:start|begin|progress|proceed"
            r"|take\s+(?:this|the|your)\s+(?:matter|request)\s+(?:any\s+)?further|handle|process)\b"
            r"[^.]{0,80}\b(?:until|without|unless|since|because|as)\b",
            rf"\b(?:cannot|can\s*not|unable\s+to|not\s+able\s+to|not\s+possible\s+to)\s+identify\s+"
            rf"(?:the\s+|which\s+|them\b|it\b)?(?:{_INFO})?",
            r"\bbefore\s+(?:we|i)\s+can\s+(?:deal\s+with|process|progress|proceed\s+with|respond\s+to|consider)\s+"
            r"(?:(?:your|the|this)\s+request|it|this)\b[^.]{0,30}\b(?:need|require|please)",
            r"\b(?:time\s*(?:frame|limit|scale)|clock|period)\b[^.]{0,50}\b(?:does|will)\s+not\s+(?:commence|start|begin|run)"
            r"\s+until\b",
            r"\bclock\s+(?:will\s+)?(?:not\s+)?(?:start|restart|begin)",
            r"\b(?:response\s+period|period|time\s*limit|deadline|timescale|days)\s+will\s+(?:then\s+|only\s+)?"
            r"(?:start|restart|re-start|begin|run)\b[^.]{0,40}\b(?:again|from|when|once|if\s+you)\b",
            r"\bwill\s+(?:only\s+)?start\s+(?:running\s+)?(?:only\s+)?(?:when|once|after)\s+(?:you|we\s+receive)",
            r"\bon\s+hold\s+(?:until|pending)\b",
            r"\bwait\s+for\s+your\s+(?:answer|reply|response|decision|clarification)\s+before\b",
            r"\b(?:put|placed)\s+(?:your|the|this)\s+request\s+on\s+hold\b",
            r"\buntil\s+(?:we|i)\s+(?:hear\s+from\s+you|receive\s+(?:this|these|it|them|your\s+\w+))\b[^.]{0,60}\b(?:cannot|can'?t|can\s+not"
            r"|can\s+be\s+progressed|unable)",
            # "the statutory time limit is suspended until we receive your reply" (a fee pauses it too)
            r"\b(?:clock|time\s*limit|timescale|deadline|response\s+period|time\s+for\s+(?:responding|response))\s+"
            r"(?:for\s+(?:handling|dealing\s+with|processing)\s+(?:your|the|this)\s+(?:application|request)\s+)?"
            r"(?:is|has\s+been|will\s+be|remains)\s+(?:now\s+)?(?:suspended|paused|stopped|on\s+hold)\b"
            r"(?![^.]{0,60}\b(?:pay|fee|charge|deposit))[^.]{0,40}\b(?:until|pending|while)\b",
            r"\bnot\s+(?:obliged|required)\s+to\s+(?:comply|respond|deal)[^.]{0,60}\buntil\b",
            r"\bwithout\s+your\s+(?:answer|reply|response|clarification)\b[^.]{0,40}\b(?:cannot|can\s*not|unable\s+to)\b",
            r"\bwill\s+not\s+be\s+processed\s+until\b[^.]{0,40}\b(?:perfected|clarif|receive)",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    Rule(
        "clarify_consult",
        C,
        2.5,
        _rx(
            r"\bconsult(?:ing)?\s+with\s+you\b",
            r"\bconsulting\s+you\b",
            r"\byou\s+to\s+(?:choose|decide|select|pick)\s+(?:how|which|between|one|what)\b",
            r"\b(?:notice\s+of\s+)?intention\s+to\s+refuse\b",
            r"\bpractical\s+refusal\s+reason\b",
            r"\bregulation\s+9\b",
            r"\b(?:assist|help)\s+you\s+(?:in\s+|to\s+|with\s+)?amend(?:ing)?\s+your\s+request",
            r"\bwhich\s+(?:option|of\s+these\s+options|approach)\s+you(?:'d|\s+would)?\s+(?:prefer|want|like)\b",
            r"\b(?:let\s+(?:us|me)\s+know|tell\s+(?:us|me)|confirm|indicate|advise(?:\s+(?:us|me))?)\s+how\s+you\s+(?:would\s+like"
            r"|wish|want|prefer)\s+(?:us\s+)?to\s+proceed\b",
            r"\bif\s+you\s+would\s+like\s+to\s+(?:refine|narrow|amend)\s+(?:your|the)\s+request\b[^.]{0,60}\bplease\s+(?:reply|let\s+us\s+know"
            r"|tell\s+us|respond)",
            r"\bhow\s+(?:else\s+)?you\s+(?:wish|would\s+like|want)\s+to\s+(?:amend|narrow|refine|revise)\s+(?:your\s+request"
            r"|the\s+request|it)\b",
            r"\b(?:proceed|continue|go\s+ahead)\s+(?:on|with)\s+(?:this|that|a|the)\s+(?:narrower|reduced|revised|refined"
            r"|more\s+limited|different)\s+(?:basis|scope|request|search)",
            r"\b(?:proceed|continue|go\s+ahead)\s+(?:on|with)\s+(?:one|any|either|some)\s+of\s+(?:these|those|the\s+above"
            r"|the\s+following|the\s+options)",
            # a consultation before refusing (AU s.24AB, NZ s.18A): the requester can still revise the request
            r"\bbefore\s+(?:i|we)\s+(?:make\s+a\s+(?:final\s+)?decision|decide)\s+(?:whether\s+|on\s+whether\s+)?to\s+refuse",
            # EU Art. 6(3): "we propose a fair solution", "we propose to limit the scope of your application"
            r"\bfair\s+solution\b",
            r"\bpropose\s+to\s+(?:limit|narrow|reduce|restrict)\s+the\s+scope\b",
        ),
    ),
    # A narrower answer offered, or a colleague's question passed on: "would the two reports meet your
    # needs?", "could you help us narrow this down?" (not "you may wish to consider whether ...").
    Rule(
        "clarify_offer",
        C,
        2.5,
        _rx(
            r"\b(?:would|will|does|do)\s+(?:this|that|these|those|the|a|an)\b[^.?]{0,160}\b(?:meet|satisfy|suit)\s+your\s+"
            r"(?:needs|requirements|purposes?)\s*\?",
            r"\bwhether\s+(?:this|that|these|those|the|a|an)\b[^.?]{0,160}\bwould\s+(?:meet|satisfy|suit)\s+your\s+"
            r"(?:needs|requirements|purposes?)\b",
            r"\b(?:could|can|would)\s+you\s+(?:please\s+)?help\s+(?:us|me)\s+(?:to\s+)?(?:narrow|refine|focus|limit|understand"
            r"|identify)\b",
            r"\bwhether\s+you\s+(?:are|would\s+be)\s+(?:happy|content|willing|prepared|able)\s+to\s+(?:refine|narrow|limit"
            r"|reduce|amend|revise)\s+(?:your|the|this)\s+request\b",
            r"\b(?:see|find)\s+below\s+(?:a|the|some|two|three|(?:a\s+)?few)\s+(?:quer(?:y|ies)|questions?)\b",
            # "would 2020 to 2024 be OK for you?", "would you be content to receive 2019/20 onwards only?"
            r"\b(?:would|will)\s+(?:this|that|these|those|the|a|an|\d{4})\b[^.?]{0,120}\bbe\s+(?:ok(?:ay)?|acceptable"
            r"|suitable|sufficient|alright|all\s+right)\s+(?:for|to|with)\s+you\s*\?",
            r"\b(?:would|are)\s+you\s+(?:be\s+)?(?:content|happy|willing|prepared|satisfied)\s+(?:for\s+us\s+)?to\s+"
            r"(?:receive|accept|have|limit|restrict|narrow|reduce)\b",
            r"\b(?:has|have)\s+(?:a|some|two|three|(?:a\s+)?few)\s+(?:quer(?:y|ies)|questions?)\s+(?:for\s+you\s+)?"
            r"(?:about|regarding|on|concerning)\s+your\s+request\b",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    # The same consultations by their sections; a cited "s." is a dot, so this rule reads whole texts
    # (and only those that cite one of the sections).
    Rule(
        "clarify_consult_law",
        C,
        2.5,
        _rx(
            r"\bs(?:ection|\.)?\s*24AB\b",
            r"\bs(?:ection|\.)?\s*18B\b",
            r"\b(?:section|s\.)\s*1\s*\(3\)",
            r"\bs(?:ection|\.)?\s*15\s*\(\s*4\s*\)",
            r"\barticle\s+6\s*\(\s*2\s*\)",
        ),
        Mode.NOT_HYPOTHETICAL,  # not "should it be unclear, we may ask you to clarify under article 6(2)"
    ),
    Rule(
        "clarify_unclear",
        C,
        2.5,
        _rx(
            r"\bdoes\s+not\s+(?:sufficiently|clearly|adequately|reasonably)\s+(?:identify|describe)\b",
            r"\b(?:is|was|seems|appears)\s+(?:too\s+broad|unclear|ambiguous|not\s+clear)\b",
            r"\bdoes\s+not\s+(?:provide|contain|include|give)\s+(?:sufficient|enough)\s+(?:detail|information|particulars)",
            r"\brequest\s+does\s+not\s+(?:meet|satisfy|fulfil|comply\s+with)\s+(?:this|that|the|these)\s+requirements?\b",
            r"\bnot\s+(?:yet\s+)?(?:a\s+)?compliant\s+application\b",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "clarify_invite",
        C,
        2.5,
        _rx(
            r"\b(?:opportunity|chance)\s+to\s+(?:provide|revise|clarify|refine|narrow|reduce|limit|reformulate|amend|choose"
            r"|consult|make\s+(?:the|your|this)\s+application\s+(?:compliant|valid)"
            r"|tell\s+us\s+(?:which|what|whether))\b",
            r"\bwork\s+with\s+you\s+to\s+(?:refine|narrow|reduce|clarify|limit)\b",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    # --- stay-alive check ------------------------------------------------------------------
    Rule(
        "still_wanted",
        S,
        3.0,
        _rx(
            r"\b(?:whether|confirm(?:ing)?(?:\s+(?:that|whether|if))?|let\s+(?:me|us)\s+know\s+(?:whether|if)|advise\s+"
            r"(?:me|us)\s+(?:whether|if))\s+you(?:'d)?\s+(?:still|would\s+still|are\s+still|continue\s+to)\s+"
            r"(?:wish|want|require|need|seek|like|interested|pursue|intend)",
            r"\b(?:do|would|are)\s+you\s+still\s+(?:wish|want|require|need|seek|like|interested|intend)",
            r"\bare\s+you\s+still\s+(?:after|looking\s+for|keen|hoping)\b",
            r"\bare\s+you\s+stil+\s+(?:wanting|after|needing|interested)\b",
            r"\b(?:if|whether)\s+(?:you'?re|your|you\s+are)\s+still\s+(?:after|wanting|needing|interested|looking\s+for|keen)\b"
            r"(?![^.]{0,80}\b(?:fresh|new)\s+request)",
            # Not the officer's "I've got most of it but still need the figures from ...".
            r"(?<!\bbut\s)(?<!\bwe\s)(?<!\bi\s)\bstill\s+need\s+(?:the|this|access|a\s+response|us|to(?!\s+be\b))\b",
            r"\bstill\s+(?:require|want|seek)\s+(?:the|this|access|a\s+response|us|to)\b",
            r"\b(?:whether|confirm(?:ing)?(?:\s+(?:that|whether|if))?)\s+you\s+(?:still\s+)?(?:wish|want)\s+(?:us\s+)?"
            r"to\s+(?:proceed|continue|pursue|carry\s+on)\s+with\s+(?:your\s+|the\s+|this\s+)?(?:request|application)",
            r"\bstill\s+(?:wish|want)\s+(?:us\s+|(?:the\s+)?[\w-]+\s+)?to\s+(?:proceed|continue|pursue|receive|go\s+ahead)",
            r"\b(?:if|whether)\s+you\s+(?:still\s+)?(?:wish|want|would\s+like)\s+(?:us\s+)?to\s+(?:continue|proceed|pursue"
            r"|carry\s+on)\s+(?:with\s+|processing\s+|dealing\s+with\s+)?(?:[\w-]+\s+){0,4}?(?:of\s+)?(?:your|the|this)\s+"
            r"(?:request|application|case)",
            r"\b(?:check|ask|know|see|hear)\s+(?:that\s+|whether\s+|if\s+)?you(?:\s+still|(?:\s+would|'d)\s+still|\s+are\s+still)\s+"
            r"(?:wish|want|require|need|seek|like|interested)",
            r"\b(?:is|are)\s+(?:this|the|your)\s+(?:request|application|enquiry)\s+still\s+(?:live|active|current"
            r"|required|needed|wanted|of\s+interest)",
            r"\b(?:would|do)\s+you\s+(?:like|want|wish)\s+(?:us|me)\s+to\s+(?:keep\s+(?:your|the|this)\s+(?:request|case|file"
            r"|application)\s+open|continue|carry\s+on|proceed|keep\s+working)",
            r"\b(?:souhaitez|voulez)-vous\s+toujours\b",
            r"\b(?:still|remain)\s+(?:of\s+)?interest(?:ed)?\s+(?:to\s+you|in\s+(?:receiving|this|the|your))",
            r"\b(?:is|are)\s+(?:this|these|it|they)\s+still\s+(?:needed|required|wanted|of\s+use|of\s+interest)\b",
            r"\b(?:is|are)\s+(?:this|these|it|they|that)\s+still\s+(?:something|anything|what|information)\s+(?:that\s+)?"
            r"you\s+(?:need|want|require|would\s+like)",
            r"\b(?:information|request|response)\s+is\s+still\s+(?:of\s+use|needed|required|wanted)\b",
            r"\b(?:whether|if)\s+you(?:'d|\s+would)\s+(?:now\s+|still\s+)?like\s+(?:us|me)\s+to\s+(?:pick\s+(?:\w+\s+){0,3}?up|resume|restart"
            r"|recommence|re-?open"
            r"|reactivate)\b",
            r"\b(?:antrag|anfrage)\s+(?:\w+\s+){0,3}(?:weiterhin\s+)?aufrecht(?:zu)?erhalten\b|\bweiterhin\s+aufrecht",
            r"\ban\s+ihrem\s+(?:antrag|anfrage)\s+(?:weiterhin\s+|noch\s+)?festhalten\b",
            r"\bconfirm\s+(?:by\s+[^.]{1,40}?\s+)?(?:that\s+)?you(?:'d|\s+would)\s+like\s+(?:us|me)\s+to\s+(?:continue|proceed"
            r"|carry\s+on)\b",
            r"\b(?:whether|if)\s+you\s+(?:still\s+)?(?:wish|want|intend)\s+to\s+(?:maintain|keep\s+open)\s+(?:your|the|this)\s+"
            r"(?:request|application)\b",
            r"\b(?:whether|if)\s+you\s+(?:still\s+)?(?:wish|want|would\s+like)\s+(?:us|me)\s+to\s+keep\s+(?:your|the|this|it)\s+"
            r"(?:(?:request|case|application|file)\s+)?open\b",
            r"\b(?:weiterhin|noch)\s+festhalten\b",
            r"\b(?:is|are)\s+(?:this|these|it|they|that)\s+(?:something|anything|information)\s+(?:that\s+)?you\s+(?:still|would\s+still)\s+"
            r"(?:need|want|require|like)",
            r"\b(?:if|whether)\s+you\s+(?:still\s+have|have\s+still)\s+(?:an?\s+|any\s+)?interest\b",
            r"\b(?:do|would)\s+you\s+still\s+have\s+(?:an?\s+|any\s+)?interest\b",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    Rule(
        "still_wanted_subject",
        S,
        3.0,
        _rx(
            r"\b(?:do|would|are)\s+you\s+still\s+(?:wish|want|require|need|interested)",
            r"\bstill\s+(?:required|wanted|needed|interested)\s*\?",
            r"\b(?:do|would)\s+you\s+(?:wish|want|like)\s+(?:us\s+)?to\s+(?:continue|proceed|pursue|keep)",
            r"\bconfirm\s+(?:that\s+)?you\s+(?:still\s+)?(?:wish|want)\s+to\s+(?:continue|proceed)",
        ),
        on_subject=True,
    ),
    # A choice between keeping the request open and closing it is a stay-alive check, however the
    # choice is asked ("let us know which option you prefer").
    Rule(
        "keep_or_close",
        S,
        3.0,
        _rx(
            # Not "we will keep the request open until 8 August": a deadline, not a choice.
            r"\b(?:keep|leave|hold)(?<!will\skeep)(?<!will\sleave)(?<!will\shold)\s+"
            r"(?:(?:part|parts|item|items|question|questions|element|elements)\s+[\w,&\s-]{1,20}?\s+(?:of\s+)?)?"
            r"(?:(?:your|the|this)\s+(?:request|case|file|application)\s+)?open\b[^?]{0,300}?"
            r"\bclose\s+(?:your|the|this|it)\b",
            r"\b(?:would\s+like|would\s+prefer|want|wish)\s+(?:(?:the|your|this)\s+(?:request|case|application|file)"
            r"|[\w/-]*\d[\w/-]*)\s+to\s+(?:stay|remain|be\s+kept)\s+open\b[^.]{0,40}?\bplease\b",
            r"\b(?:would\s+like|want|wish)\s+(?:us|me)\s+to\s+keep\s+(?:your|the|this|it)\s+(?:(?:request|case|application|file)\s+)?"
            r"open\b[^.]{0,40}?\bplease\b",
            # "tell us if you want 3019/23 kept open as a separate request"
            r"\b(?:whether|if)\s+you\s+(?:still\s+)?(?:want|wish|would\s+like)\s+(?:(?:your|the|this)\s+(?:request|case|application)"
            r"|it|[\w/-]*\d[\w/-]*)\s+(?:kept|to\s+(?:stay|remain|be\s+kept))\s+open\b",
            # a portal's two buttons: "Yes - continue my request / No - close my request"
            r"\bcontinue\s+(?:with\s+)?my\s+(?:request|case|application)\b[^?]{0,80}?\bclose\s+my\s+(?:request|case|application)\b",
        ),
    ),
    # An earlier ask left unanswered: with a "do you still want it?" question, a chaser is a
    # stay-alive check even when it repeats what it asked (see _decide).
    Rule(
        "no_reply_yet",
        S,
        0.5,
        _rx(
            # Not after "if" ("if we have not heard from you by then" is a threat, not a chaser).
            r"(?<!\bif\s)\b(?:we|i)\s+(?:have|'ve)\s+(?:still\s+)?(?:not|never)\s+(?:yet\s+)?(?:received|had|heard)\b",
            r"(?<!\bif\s)\b(?:we|i)\s+(?:have|'ve)\s+(?:had|received)\s+no\s+(?:reply|response|answer)\b",
            r"(?<!\bif\s)\b(?:i|we)'ve\s+not\s+heard\s+back\b",
            r"\bto\s+date\s+(?:we|i)\s+have\s+not\b",
            r"\bas\s+(?:we|i)\s+have\s+(?:not\s+(?:yet\s+)?(?:received|had|heard)|had\s+no)\b",
            r"(?<!\bif\swe\s)(?<!\bif\si\s)\b(?:haven'?t|have\s+not|hasn'?t|not)\s+had\s+anything\s+back\b",
            r"(?<!\bif\swe\s)(?<!\bif\si\s)\bhaven'?t\s+(?:yet\s+)?(?:heard|had|received)\s+(?:back\s+)?"
            r"(?:from\s+you|a\s+reply|anything)",
            r"\bnot\s+(?:yet\s+)?(?:received|had)\s+(?:a|any)\s+(?:reply|response)\s+(?:to|from\s+you)\b",
            r"\bno\s+record\s+of\s+(?:a|any|your)\s+(?:reply|response)\b",
        ),
    ),
    # Without "still", "whether you wish to proceed" may hinge on a fee or a narrower request: weaker.
    Rule(
        "wish_to_continue",
        S,
        2.0,
        _rx(
            r"\bwhether\s+you(?:'d)?\s+(?:still\s+)?(?:wish|want|would\s+like|like)\s+(?:us\s+|me\s+|(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+)?to\s+"
            r"(?:proceed|continue|pursue|carry\s+on|go\s+ahead)\b",
            r"\bconfirm\s+(?:that\s+)?you\s+(?:still\s+)?(?:wish|want)\s+(?:us\s+)?to\s+(?:proceed|continue|go\s+ahead)\b",
            r"\bcheck\s+(?:that\s+|whether\s+|if\s+)?you(?:'d|\s+would)\s+(?:still\s+)?like\s+(?:us|me)\s+to\s+(?:continue|proceed"
            r"|carry\s+on|go\s+ahead)\b",
        ),
        Mode.NOT_HYPOTHETICAL,
    ),
    # Urgency, not a kind: added to whichever kind the message asks for (see _route_threat).
    Rule(
        "withdrawal_threat",
        S,
        2.5,
        _rx(
            r"\b(?:treat|consider|regard|deem|take|mark)(?:ed)?\s+(?:your|the|this)\s+(?:request|application|case)\s+"
            r"(?:to\s+(?:be|have\s+been)\s+|as\s+(?:having\s+been\s+)?)?(?:withdrawn|closed|lapsed|abandoned)",
            r"\b(?:request|application|case|file|procedure|proceedings)\s+will\s+be\s+(?:administratively\s+|automatically\s+)?"
            r"(?:treated\s+as\s+|considered(?:\s+as)?\s+"
            r"|regarded\s+as\s+"
            r"|(?:deemed|taken)(?:\s+to\s+(?:be|have\s+been))?\s+)?(?:withdrawn|closed|lapsed|abandoned)",
            r"\bassume\s+(?:that\s+)?you\s+(?:no\s+longer|do\s+not|don'?t)\s+(?:further\s+)?(?:wish|want|require|need|pursue)",
            r"\b(?:assume|take\s+it|presume|conclude)\s+(?:that\s+)?you(?:'re|\s+are)\s+no\s+longer\s+(?:interested|wanting|needing)",
            r"\b(?:close|withdraw)\s+(?:your|the|this|our)\s+(?:request|case|file|application|enquiry|record)\b",
            r"\bclose\s+(?:it|this|that)(?:\s+(?:off|down))?\b",
            r"\b(?:treat|consider|regard|deem)\s+it\s+as\s+(?:withdrawn|closed|lapsed|abandoned)\b",
            r"\b(?:request|application|case)\s+will\s+(?:lapse|close)\b",
            r"\bno\s+further\s+action\s+will\s+be\s+taken\b",
            r"\btake\s+no\s+further\s+action\b",
            r"\b(?:antrag|anfrage)\s+(?:als\s+)?erledigt\b|\bsich\s+ihr\s+(?:antrag|anfrage)\s+erledigt",
            r"\bdass\s+sie\s+ihre?n?\s+(?:antrag|anfrage)\s+zurücknehmen\b",
        ),
        Mode.CONDITIONAL,
    ),
    # --- extension -------------------------------------------------------------------------
    Rule(
        "extension",
        E,
        2.5,
        _rx(
            r"\b(?:need|needs|require|requires)\s+(?:to\s+extend|an?\s+extension|(?:more|additional|further|extra)\s+time)",
            r"\b(?:are|am|is|have|has|be|been|being)\s+(?:now\s+|therefore\s+)?extend(?:ed|ing)\s+(?:by\s+)?(?:the\s+)?"
            r"(?:time|deadline|period|date|response|timescale|\d+|one|two|three|four|five|six|a\s+further|an\s+(?:additional|extra))",
            r"\bextend\s+(?:the|this|our)\s+(?:time\s*limit|deadline|period|response\s+time|timescale|\d+|date"
            r"|time\s+for\s+(?:our\s+)?(?:responding|response|replying))",
            r"\b(?:allows?|gives?)\s+(?:us|the\s+\w+)\s+(?:additional|further|extra|more)\s+time\b",
            r"\bextension\s+(?:of|to)\s+(?:the\s+)?(?:time|deadline|period|timescale|response)",
            r"\bextension\s+(?:is|was|has\s+been)\s+(?:necessary|required|needed)",
            r"\ballows?\s+us\s+to\s+(?:exceed|go\s+beyond|extend)\s+the\s+(?:\d+\s+)?(?:working\s+day\s+)?(?:deadline|time\s*limit"
            r"|timescale)",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "new_deadline",
        E,
        2.0,
        _rx(
            r"\bnew\s+(?:time\s*limit|deadline|due\s+date|target\s+date|response\s+date|date\s+for)",
            r"\b(?:due\s+date|deadline|time\s*limit|date\s+that\s+the\s+response\s+is\s+due)[^.]{0,60}"
            r"\b(?:has\s+been|is\s+now|will\s+be)\s+(?:changed|extended|moved|revised)",
            r"\bchange\s+(?:of|to)\s+(?:the\s+)?due\s+date",
            r"\brevised\s+(?:deadline|due\s+date|date|time-?scale)",
        ),
    ),
    # A late reply with a new date: "we have not responded within 20 working days ... we now
    # expect to send you a response by 6 February" (a response sent late outweighs it).
    Rule(
        "overdue",
        E,
        2.5,
        _rx(
            r"\b(?:we|i|and)\s+now\s+(?:expect|aim|hope|intend|anticipate|plan)\s+to\s+(?:be\s+able\s+to\s+)?(?:send|provide|give"
            r"|let\s+you\s+have"
            r"|respond|reply|issue)\b",
            r"\b(?:not|yet\s+to)\s+(?:responded|replied)\s+(?:to\s+your\s+(?:request|application)\s+)?within\s+the\b",
        ),
    ),
    Rule(
        "not_in_time",
        E,
        2.0,
        _rx(
            r"\b(?:not|won't)\s+(?:be\s+|been\s+)?(?:in\s+a\s+position|able)\s+to\s+(?:complete|respond|reply|provide|meet"
            r"|finali[sz]e)"
            r"[^.]{0,100}\bwithin\b",
            r"\bunable\s+to\s+(?:respond|reply|complete|provide\s+(?:you\s+with\s+)?(?:a|the|our)\s+"
            r"(?:substantive\s+|full\s+)?response)[^.]{0,60}(?:within|by|at\s+this\s+time)",
            r"\b(?:additional|further|extra)\s+(?:\d+|\w+)\s+(?:\(\d+\)\s+)?(?:working\s+|calendar\s+)?days\b",
            r"\b(?:going\s+to|will|won'?t\s+be\s+able\s+to\s+meet\s+and\s+will)\s+(?:miss|overrun|go\s+(?:past|over))\s+"
            r"(?:the|our|your)\s+(?:\w+[\s-]+){0,3}?(?:deadline|time\s*limit|due\s+date)",
            r"\b(?:won'?t|will\s+not|not\s+going\s+to|(?:are|is|am)n'?t\s+going\s+to|can'?t|cannot)\s+(?:be\s+able\s+to\s+)?"
            r"(?:meet|make|hit)\s+(?:the|our|your|(?:to)?day's|tomorrow's)\s+(?:[\w']+[\s-]+){0,3}?(?:deadline|due\s+date"
            r"|time\s*limit)",
            r"\b(?:won'?t|will\s+not)\s+be\s+able\s+to\s+(?:get|send|provide|give|issue|answer)\s+(?:the|our|your|a)\s+(?:answer"
            r"|response|reply|information|decision|request)\b[^.]{0,120}?\bby\s+(?:\w+day|the\s+\d|\d)",
            r"\b(?:won'?t|will\s+not|not\s+going\s+to)\s+(?:be\s+able\s+to\s+|manage\s+to\s+)?(?:get|send|provide|give|issue"
            r"|complete|finish|respond|reply|meet|make)\b[^.]{0,150}?\b(?:by|meet|make)\s+(?:the|tomorrow's|today's|our|your)\s+"
            r"(?:\w+[\s-]+){0,3}?(?:deadline|due\s+date|time\s*limit|date\s+(?:we|i)\s+(?:gave|promised|set))",
        ),
        Mode.ASSERTED,  # "if we are unable to respond by then, we will tell you": an acknowledgement
    ),
    Rule(
        "extension_law",
        E,
        1.0,
        _rx(
            r"\bsection\s+10\s*\(3\)",
            r"\bs\.?\s*10\(3\)",
            r"\bs(?:ection|\.)\s*15A\b",
            r"\barticle\s+7\s*\(3\)",
            r"\bregulation\s+7\s*\(1\)",
            r"\bpublic\s+interest\s+test\b",
            r"\bunusual\s+circumstances\b",
        ),
    ),
    Rule(
        "extension_subject",
        E,
        2.0,
        _rx(
            r"\bextension",
            r"\bextend",
            r"\bdue\s+date",
            r"\bdelay(?:ed)?\s+(?:in|to|with)\s+(?:your|our|the)\s+(?:response|reply|request)",
            r"\bdelayed\s+(?:response|reply)|\bresponse\s+delay|[-–:]\s*delay(?:ed)?\s*$",
        ),
        on_subject=True,
    ),
    # --- fee notice ------------------------------------------------------------------------
    Rule(
        "fee_liable",
        F,
        3.0,
        _rx(
            r"\b(?:liable|required|asked|need)\s+to\s+pay\s+(?:a|the|an?\s+\w+)\s+(?:fee|charge)",
            r"\bfees?\s+notice\b",
            r"\b(?:preliminary\s+)?assessment\s+of\s+(?:the\s+)?charges?\b",
            r"(?<!\bwith\s)\b(?:the|a|your)\s+(?:fee|charge)\s+(?:for\s+[^.]{0,40}?\s+)?(?:of|payable\s+is|will\s+be|is)\s+"
            r"(?:therefore\s+)?"
            r"(?:[£$€]|AUD|NZD|EUR)",
            r"\bbefore\s+(?:we|i)\s+(?:can\s+)?(?:proceed|continue|process|release)[^.]{0,60}\b(?:payment|fee|charge)",
            r"\bagree(?:ment)?\s+to\s+pay\b",
            r"\b(?:we|i)\s+(?:will|would)\s+(?:need\s+to\s+)?charge\s+(?:you\s+)?(?:[£$€]|aud|nzd|eur|usd)",
            r"\b(?:estimated|total)\s+(?:total|cost|amount)\s+(?:of|is|will\s+be)\s+(?:[£$€]|aud|nzd|eur|usd)",
            r"\b(?:estimated|total|search|copying|processing)\s+(?:\w+\s+)?(?:fee|charge)s?\s+(?:of|is|will\s+be)\s+"
            r"(?:therefore\s+|thus\s+)?(?:[£$€]|aud|nzd|eur|usd)",
            r"\b(?:require|need)\s+(?:an?\s+)?(?:advance\s+)?(?:payment|deposit)\s+before\b",
            r"(?<!\bno )\b(?:fee|charge|deposit|payment)\s+(?:\(?\w+\)?\s+)?(?:is|are)\s+"
            r"(?:payable|due|required)\b",
            # not "thank you for your payment of $12"
            r"(?<!\byour\s)\bpayment\s+of\s+(?:the\s+)?(?:fee|charge|[£$€])",
            r"\buntil\s+(?:the|this|your|a)\s+(?:fee|charge|payment|deposit)\s+(?:has\s+been|is)\s+(?:paid|received|made)\b",
            r"\bpayment\s+(?:must|should)\s+(?:be\s+(?:received|made)|reach\s+us)\b",
            r"\bdeposit\s+(?:of|payable)\b",
            r"\baccept\s+(?:the\s+)?(?:estimated\s+)?(?:charges?|costs?|fees?)\b",
            r"\b(?:charges?|costs?|fees?)\s+(?:to\s+\w+\s+[^.]{0,60}?)?(?:are|is)\s+estimated\s+(?:to\s+(?:be|exceed)|at)\b",
        ),
        Mode.ASSERTED,
    ),
    Rule("fee_subject", F, 1.5, _rx(r"\bfees?\b", r"\bcharges?\b", r"\bpayment\b"), on_subject=True),
    # --- internal review -------------------------------------------------------------------
    Rule(
        "review_received",
        IA,
        3.0,
        _rx(
            r"\b(?:request|requirement|application)\s+for\s+(?:an?\s+)?(?:internal\s+)?review\b[^.]{0,60}\b(?:received"
            r"|has\s+been\s+(?:received|logged|passed))",
            r"\b(?:received|confirm\s+(?:safe\s+)?receipt\s+of)\s+your\s+(?:request|application|requirement)\s+for\s+(?:an?\s+)?"
            r"(?:internal\s+)?review",
            r"\backnowledg\w*\s+(?:the\s+)?receipt\s+of\s+your\s+(?:administrative\s+)?appeal\b",
            r"\byour\s+(?:administrative\s+)?appeal\s+(?:was|has\s+been)\s+(?:received|logged|assigned|registered)",
            r"\bthank\s+you\s+for\s+your\s+(?:request|application|e-?mail|letter|requirement)\b[^.]{0,40}?"
            r"\b(?:for|requesting|asking\s+for|seeking)\s+(?:an?\s+)?(?:internal\s+)?review",
            r"\binternal\s+review\s+(?:request\s+)?(?:has\s+been|is\s+being|will\s+be)\s+(?:logged|allocated|passed|"
            r"carried\s+out|conducted|undertaken|considered|assigned)",
            r"\b(?:with|regarding|about)\s+your\s+(?:request|application|requirement)\s+for\s+(?:an?\s+)?internal\s+review\b",
            r"\b(?:asked|asking)\s+(?:for\s+)?(?:it|this|the\s+(?:request|decision|response|reply))\s+to\s+be\s+looked\s+at\s+again\b",
            r"\byour\s+(?:e-?mail|letter|request|application|message)\b[^.]{0,50}?\b(?:requesting|asking\s+for|seeking)\s+"
            r"(?:an?\s+)?(?:internal\s+)?review\b",
            r"\b(?:asking|requesting)\s+(?:us|(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)\s+to\s+(?:carry\s+out|conduct|undertake)\s+"
            r"(?:an?\s+)?internal\s+review\b",
            r"\blogged\s+(?:this|it|your\s+\w+)\s+as\s+(?:an?\s+)?internal\s+review\b",
            r"\btreating\s+(?:your|this|the)\s+(?:e-?mail|letter|message)\s+as\s+an?\s+(?:request|requirement|application)\s+"
            r"for\s+(?:an?\s+)?(?:internal\s+)?review\b",
            r"\b(?:internal\s+)?review\s+request\s+(?:has\s+been|was|is\s+being)\s+(?:received|logged|registered|passed|allocated"
            r"|assigned|forwarded)\b",
            r"\b(?:logged|registered|recorded)\s+your\s+(?:(?:request|requirement|application)\s+for\s+(?:an?\s+)?)?"
            r"(?:internal\s+)?review\b",
            r"\b(?:request|requirement|application)\s+for\s+(?:an?\s+)?(?:internal\s+)?review\s+(?:is\s+being|will\s+be)\s+"
            r"(?:dealt\s+with|handled|considered)\b",
            r"\brequest\s+for\s+(?:an?\s+)?internal\s+review\b[^.]{0,40}\b(?:has\s+been|was)\s+(?:forwarded|passed|sent|allocated"
            r"|assigned|logged)",
            r"\bpassed\s+your\s+(?:request|application)\s+(?:on\s+)?to\s+(?:the|our)\s+(?:internal\s+)?review\s+team\b",
            r"\b(?:passed|forwarded|sent)\s+(?:on\s+)?your\s+(?:request|application)\s+for\s+(?:an?\s+)?(?:internal\s+)?review\b",
            r"\b(?:passed|sent|forwarded|allocated|assigned)\s+(?:this|it|your\s+\w+)\s+to\s+(?:our|the|a)\s+(?:reviewing|review)\s+"
            r"(?:officer|panel|manager)",
            r"\backnowledg\w*\s+(?:receipt\s+(?:(?:today|on\s+[^.]{0,30}?)\s+)?of\s+)?your\s+(?:(?:request|requirement|application)\s+"
            r"for\s+(?:an?\s+)?(?:internal\s+)?review|complaint)",
            r"\b(?:acknowledg\w*\s+(?:receipt\s+of\s+)?|received\s+)your\s+(?:request|application|e-?mail|letter)\b"
            r"[^.]{0,50}\bfor\s+(?:an?\s+)?(?:internal\s+)?review\b",
            r"\b(?:we|i)\s+will\s+(?:now\s+)?(?:carry\s+out|conduct|undertake|arrange)\s+(?:an?\s+|the\s+)?(?:internal\s+)?"
            r"review\b",
            r"\b(?:asking|ask|request(?:ing)?|requir(?:e|ing))\s+(?:(?:for\s+)?(?:us|the\s+[\w-]+(?:\s+[\w-]+){0,4}"
            r"(?:\s+\([\w-]+\))?|[\w-]+\s+[\w-]+)\s+|for\s+)?to\s+"
            r"(?:look\s+again\s+at|reconsider|review)\s+"
            r"(?:our|the|its)\s+(?:response|decision|handling|reply)",
        ),
    ),
    # "We are considering your concerns": a review under way, or a regulator taking a complaint (see
    # regulator_case), so it alone does not outweigh "other".
    Rule("review_concerns", IA, 2.0, _rx(r"\b(?:considering|consider)\s+your\s+(?:concerns|complaint)\b")),
    # EU Regulation 1049/2001: a confirmatory application (Art. 7(2), handled under Art. 8(1)) is a review.
    Rule(
        "review_confirmatory",
        IA,
        1.0,
        _rx(
            r"\bconfirmatory\s+(?:application|request)\b",
            r"\barticle\s+8\s*\(\s*1\s*\)\s+of\s+regulation\s+\(ec\)",
        ),
    ),
    Rule(
        "review_ack_subject",
        IA,
        2.0,
        _rx(
            r"\binternal\s+review\b",
            r"\bconfirmatory\s+application\b",
            r"\breview\s+(?:request|application)\b",
            r"\b(?:request|requirement)\s+for\s+(?:an?\s+)?review\b",
        ),
        on_subject=True,
    ),
    Rule(
        "review_outcome",
        IO,
        3.5,
        _rx(
            r"\b(?:i|we)\s+have\s+(?:now\s+)?(?:completed|concluded|carried\s+out|conducted|undertaken|finished)\s+"
            r"(?:the|an?|my|our|your|this)\s+(?:full\s+|complete\s+|thorough\s+|careful\s+)?(?:internal\s+)?review",
            r"\b(?:this|which)\s+completes\s+the\s+(?:internal\s+)?review",
            r"\b(?:i|we)\s+have\s+(?:now\s+)?reviewed\s+(?:the\s+handling\s+of\s+your\s+request|(?:our|the|its)\s+"
            r"(?:[\w-]+'s\s+)?(?:original\s+)?(?:response|decision|handling))",
            r"\b(?:outcome|result|findings|conclusion)\s+of\s+(?:the|my|our|this|your)\s+(?:internal\s+)?review",
            r"(?<!'s\s)(?<!\btheir\s)(?<!\bits\s)\binternal\s+review\s+(?:decision|outcome|result|response|finding)",
            r"\b(?:uphold|upholds|upheld|upholding|overturn\w*|vary|varies|varied|varying|affirm\w*|set\s+aside)\s+"
            r"(?:the\s+|my\s+|our\s+|its\s+)?(?:original|initial|earlier|previous)\s+(?:decision|response|handling)",
            r"\b(?:original|initial)\s+(?:response|decision)\s+(?:was|is)\s+(?:correct|right|wrong|incorrect|flawed)",
            r"\bon\s+internal\s+review\s*,",
            r"\breview(?:ing)?\s+(?:panel|officer|team)?\s*(?:has|have)\s+(?:decided|concluded|found)\b",
            r"\b(?:exemptions?|section\s+\d+)\b[^.]{0,40}?\b(?:was|were|had\s+been)\s+(?:wrongly|correctly|incorrectly"
            r"|properly)\s+applied",
        ),
        Mode.DONE,
    ),
    # A reviewer's verdict in any words: "the panel concluded", "the review is not upheld".
    Rule(
        "review_verdict",
        IO,
        3.5,
        _rx(
            r"\b(?:panel|reviewer|reviewing\s+officer|review\s+officer|review\s+team|guardian|review)\s+"
            r"(?:has\s+|have\s+)?(?:now\s+)?(?:concluded|decided|found|determined)\b",
            r"\b(?:has|have)\s+(?:now\s+)?(?:reviewed|re-?examined|reconsidered|looked\s+again\s+at)\s+(?:the|our|its|my)\s+"
            r"(?:original|initial|earlier)\s+(?:response|decision|handling)",
            r"\b(?:review|your\s+complaint)\s+(?:is|was|has\s+been)\s+(?:therefore\s+)?(?:not\s+|partly\s+|partially\s+)?"
            r"upheld\b",
            r"\breview\s+(?:has|have)\s+(?:not\s+|partly\s+|partially\s+)?upheld\b",
            r"\boutcome\s*:\s*(?:not\s+|partly\s+|partially\s+)?upheld\b",
            r"\b(?:i|we)\s+have\s+(?:now\s+)?reconsidered\s+(?:the|your)\s+request\b",
            r"\bhaving\s+re-?examined\s+(?:your|the)\s+(?:confirmatory\s+)?(?:application|request|appeal)\b",
            r"\b(?:original|initial|earlier)\s+(?:decision|response)\s+(?:is|was|has\s+been|should\s+be)\s+(?:therefore\s+)?"
            r"(?:upheld|overturned|reversed|varied|confirmed|substituted)",
            r"\b(?:original|initial|earlier)\s+(?:decision|response)\s+(?:therefore\s+)?stands\b",
            r"\b(?:decision|determination)\s+(?:is|was|has\s+been)\s+(?:therefore\s+)?(?:upheld|overturned|reversed"
            r"|affirmed)\b",
            r"\bappeal\s+(?:is|was|has\s+been)\s+(?:therefore\s+|hereby\s+)?(?:denied|granted|upheld|dismissed|allowed"
            r"|rejected|remanded)\b",
            r"\b(?:panel|reviewer)\s+(?:has|have)\s+(?:now\s+)?considered\b",
            r"\b(?:am|are|is)\s+(?:hereby\s+)?(?:affirming|upholding|reversing|remanding)\b",
            r"\b(?:after|having)\s+(?:carefully\s+)?consider(?:ing|ed)\s+your\s+(?:appeal|confirmatory\s+application)\b",
            r"\bfollowing\s+(?:a|the)\s+fresh\s+review\b",
            r"\b(?:has|have)\s+(?:therefore\s+)?substituted\s+(?:a|its|my|our|the)\s+(?:different\s+|new\s+|own\s+)?decision",
            r"\b(?:have|has)\s+(?:decided|determined)\s+to\s+(?:vary|uphold|affirm|annul|overturn|set\s+aside|reverse)\b",
            r"\b(?:has|have)\s+(?:therefore\s+)?(?:revised|changed|reversed|overturned)\s+(?:the|our|its|my)\s+(?:original\s+)?"
            r"decision",
            r"\bconcluded\s+that\s+(?:the\s+)?(?:original|initial|earlier)\s+(?:decision|response)",
            r"\b(?:was|were)\s+not\s+correctly\s+applied\b",
            r"\b(?:i|we)\s+(?:(?:partially|partly|therefore)\s+)?(?:uphold|do\s+not\s+uphold)\s+(?:your|the)\s+"
            r"(?:complaint|representations|appeal|request\s+for\s+(?:a\s+)?review)\b",
        ),
        Mode.DONE,
    ),
    Rule(
        "review_decision_subject",
        IO,
        3.5,
        _rx(
            r"\bconfirmatory\s+decision\b",
            r"\b(?:internal\s+)?review\s+(?:decision|outcome|result)\b",
            r"\bappeal\s+(?:decision|determination|outcome)\b",
            r"\bconfirmatory\s+application\b.{0,80}\bdecision\b",
            r"\bdecision\b.{0,40}\bconfirmatory\s+application\b",
        ),
        on_subject=True,
    ),
    Rule(
        "review_subject",
        IO,
        1.0,
        _rx(
            r"\breview\s+(?:decision|outcome|result|response)",
            r"\boutcome\s+of\s+(?:the\s+)?(?:internal\s+)?review",
            r"\bconfirmatory\s+decision\b",
            r"\b(?:internal\s+)?review\b.{0,40}\b(?:outcome|decision|result)\b",
        ),
        on_subject=True,
    ),
    Rule(
        "review_followed",
        IO,
        2.5,
        _rx(
            r"\b(?:following|after|having\s+(?:completed|carried\s+out|conducted))\s+(?:this|the|my|our|your)\s+"
            r"(?:internal\s+)?review\s*,",
            r"\bconfirm(?:s|ing)?\s+the\s+(?:refusal|original\s+decision|initial\s+decision)",
        ),
    ),
    # --- refusal ---------------------------------------------------------------------------
    Rule(
        "refused",
        X,
        3.0,
        _rx(
            r"\b(?:i|we)\s+(?:am|are|have)\s+(?:therefore\s+|now\s+)?(?:decided\s+to\s+)?(?:refus|declin|withh[oe]ld)\w*",
            r"\b(?:is|are|has\s+been|have\s+been|was|were|being|must\s+be)\s+(?:therefore\s+|hereby\s+)?(?:refused|declined|denied)\b",
            r"\b(?:unable|not\s+able)\s+to\s+comply\s+with\s+(?:your|the|this)\s+request\b",
            r"\b(?:refuse|decline)\s+(?:your|this|the)\s+request",
            r"\b(?:is|are)\s+(?:therefore\s+|hereby\s+)?refusing\b",
            r"\b(?:represents|constitutes|serves\s+as|is)\s+a\s+(?:formal\s+)?refusal\s+notice",
            r"\b(?:represents|constitutes|serves\s+as)\s+a\s+(?:formal\s+)?refusal\b",
            r"\brefusal\s+notice\s+(?:under|in\s+accordance|for)",
            r"\bnot\s+obliged\s+to\s+(?:comply|provide|disclose|confirm|supply)(?![^.]{0,60}\buntil\b)",
            r"\b(?:will|shall|are|am)\s+not\s+(?:be\s+)?(?:disclos|provid|releas|supply)\w*\s+(?:the|this|that|any)\s+"
            r"(?:requested\s+)?information(?![^.]{0,60}\buntil\b)",
            r"\bdecision\s+(?:is|was)\s+to\s+(?:refuse|withhold|decline)",
            r"\b(?:has|have)\s+(?:therefore\s+)?decided\s+(?:under\s+[^.,]{1,50}?\s+)?to\s+(?:refuse|withhold|decline)\b",
            r"\b(?:has|have)\s+decided\s+that\s+(?:it|the\s+information|this|they)\s+(?:is|are)\s+exempt\b",
            r"\b(?:is|are|has\s+been|have\s+been)\s+(?:therefore\s+|being\s+)?withheld\s+in\s+(?:full|its\s+entirety|their\s+entirety)\b",
            r"\b(?:is|are)\s+(?:therefore\s+)?withholding\s+(?:it|this|them|the|that|these|all)\b",
            r"\b(?:unable|not\s+able)\s+to\s+(?:provide|disclose|release|supply)\s+(?:you\s+with\s+)?(?:the|this|that|these"
            r"|any\s+of\s+the)\s+(?:requested\s+)?(?:information|documents?|records?)\b(?![^.]{0,60}\b(?:within|by|until)\b)",
            r"\b(?:access|disclosure)\s+(?:to\s+\w+\s+)?(?:cannot|can\s*not|will\s+not|is\s+not\s+to)\s+be\s+(?:granted|given|provided)",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "exempt",
        X,
        2.5,
        _rx(
            r"\b(?:is|are|being|been|remains?)\s+(?:therefore\s+)?exempt(?:ed)?\s+(?:from\s+disclosure|under|by\s+virtue)",
            r"\bexempt\s+from\s+disclosure",
            r"\b(?:is|are|has\s+been|have\s+been)\s+(?:therefore\s+|being\s+)?withheld\s+(?:in\s+(?:full|part|their\s+entirety)\s+)?"
            r"(?:under|pursuant\s+to|in\s+reliance\s+on)\b",
            r"\bexemptions?\s+(?:applies|apply|is\s+engaged|are\s+engaged|has\s+been\s+applied)",
            r"\b(?:rely|relying|relied)\s+(?:up)?on\s+(?:the\s+)?(?:following\s+)?(?:exemptions?|exceptions?|section|s\."
            r"|regulation)",
            r"\bexceptions?\s+(?:at|under|in)\s+regulation\b[^.]{0,60}\b(?:appl(?:y|ies)|engaged)",
            r"\bexemptions?\s+(?:at|under|in)\s+(?:sections?|s\.|regulations?)[^.]{0,160}\b(?:appl(?:y|ies)|engaged)",
            r"\bpublic\s+interest\s+(?:favours|lies\s+in|is\s+in\s+favour\s+of|lies\s+in\s+favour\s+of)\s+(?:withholding"
            r"|maintaining|upholding)",
            r"\bpublic\s+interest\s+in\s+(?:withholding|maintaining)\b[^.]{0,60}\boutweighs\b",
            r"\b(?:it|the\s+balance)\s+lies\s+in\s+(?:withholding|maintaining)\b",
            r"\bneither\s+confirm(?:s|ing)?\s+nor\s+den(?:y|ies|ying)\b",
            r"\bfavours\s+(?:withholding|maintaining\s+the\s+exemption|non-disclosure)\b",
            r"\bNCND\b",
            r"\b(?:outside|beyond)\s+(?:the\s+)?(?:scope|remit)\s+of\s+the\s+(?:Act|FOIA|legislation)",
            r"\bnot\s+(?:covered|subject)\s+(?:by|to)\s+the\s+(?:Act|FOIA|legislation)",
            r"\bjournalism,?\s+art\s+or\s+literature\b",
            r"\bdisclosure\s+would\s+(?:undermine|prejudice|harm|be\s+likely\s+to\s+prejudice)\b",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "refusal_grounds",
        X,
        2.5,
        _rx(
            r"\bexceed\w*\s+(?:the\s+)?(?:\W?appropriate\W?\s+)?(?:cost|costs)?\s*limit",
            r"\bcost\s+limit\s+(?:would|will)\s+be\s+exceeded",
            r"\bs(?:ection|\.)?\s*12\s*\(\s*[12]\s*\)",
            r"\bsubstantial\s+collation\s+(?:and|or)\s+research",
            r"\bs(?:ection|\.)?\s*18\s*\(\s*[fh]\s*\)",
            r"\bmanifestly\s+unreasonable\b",
            r"\bvexatious\b",
            r"\brepeated\s+request\b",
            r"\bsection\s+14\s*\(\s*[12]\s*\)",
        ),
        Mode.ASSERTED,
    ),
    Rule("refusal_subject", X, 1.0, _rx(r"\brefus", r"\bdeclin"), on_subject=True),
    # Neither confirm nor deny: a refusal in its own right, however the letter is sent.
    Rule(
        "ncnd",
        X,
        3.0,
        _rx(r"\bneither\s+confirm(?:s|ing)?\s+nor\s+den(?:y|ies|ying)\b", r"\bNCND\b"),
    ),
    # A refusal notice "for that part only": the rest was answered, so the refusal counts for less.
    Rule(
        "refusal_in_part",
        X,
        -2.0,
        _rx(
            r"\b(?:for|to|in\s+respect\s+of|in\s+relation\s+to|regarding)\s+(?:that|this|those|these)\s+(?:part|element"
            r"|question|item)s?\s+only\b",
            r"\bpartial\s+refusal\b",
            r"\brefusal\s+notice\s+(?:for|in\s+respect\s+of)\s+(?:part|parts)\s+of\b",
            r"\brefus\w*\s+(?:in\s+part|part\s+of\s+(?:your|the)\s+request)\b",
        ),
    ),
    # --- not held --------------------------------------------------------------------------
    Rule(
        "not_held",
        N,
        3.0,
        _rx(
            rf"\b(?:(?:does|do|did)\s+not|doesn'?t|don'?t|didn'?t)\s+hold\s+(?:any\s+(?:of\s+)?|the\s+|this\s+|that\s+|such\s+"
            rf"|recorded\s+|an?\s+)*(?:[\w-]+\s+){{0,3}}?(?:{_INFO}|reports?)\b",
            r"\b(?:(?:does|do|did)\s+not|doesn'?t|don'?t|didn'?t)\s+hold\s+(?:a|any)\s+cop(?:y|ies)\s+of\b",
            r"\b(?:(?:does|do|did)\s+not|doesn'?t|don'?t|didn'?t)\s+hold\s+any\s+(?:such\s+)?[\w-]+(?=\s+of\s+(?:that|this|the\s+"
            r"(?:kind|type|sort))\s+(?:kind|type|sort|nature|description)|\s+(?:of\s+)?(?:that|this)\s+kind\b|\s*[,;:]|$)",
            rf"\b{_INFO}\s+(?:you\s+(?:have\s+)?(?:requested|require)\s+)?(?:is|are|was|were)\s+(?:therefore\s+|also\s+)?"
            r"not\s+held",
            r"\bnot\s+held\s+by\b",
            r"\bnot\s+in\s+(?:the\s+)?possession\s+of\s+(?:the|this|that|any|such)\s+(?:information|records?|data|documents?)\b",
            r"\boutcome\s*:?\s+information\s+not\s+held\b",
            r"\b(?:information|data|records?)\s+(?:isn'?t|aren'?t|wasn'?t|weren'?t)\s+held\b",
            rf"\bholds?\s+no\s+(?:other\s+|further\s+|recorded\s+|relevant\s+)*{_INFO}",
            rf"\bno\s+(?:recorded\s+|relevant\s+|responsive\s+)?{_INFO}\s+(?:of\s+(?:any\s+)?(?:such\s+)?[\w-]+\s+)?"
            r"(?:(?:(?:responsive|relevant)\s+to|matching|(?:with)?in\s+"
            r"(?:the\s+)?scope\s+of|falling\s+within(?:\s+the\s+scope\s+of)?)\s+(?:your|the|this)\s+request\s+)?(?:is|are|was|were|has\s+been|have\s+been|could\s+be)\s+"
            r"(?:held|found|located|identified|recorded|kept|taken)",
            rf"\b(?:has|have)\s+no\s+(?:recorded\s+)?{_INFO}\b",
            rf"\b(?:could\s+not|did\s+not|unable\s+to|cannot|failed\s+to)\s+(?:find|locate|identify)\s+(?:any\s+)?"
            rf"{_INFO}[^.]{{0,40}}(?:relevant|responsive|within\s+(?:the\s+)?scope|falling|matching)",
            r"\bno\s+records\W{0,2}\s+(?:determination|response)\b",
            r"\bno\s+trace\b",
            r"\bthere\s+is\s+nothing\s+(?:for\s+(?:us|me)\s+)?to\s+(?:send|provide|disclose|give)\b",
            r"\b(?:located|found|identified|returned)\s+no\s+(?:responsive\s+|relevant\s+)?(?:records?|documents?|information|results)\b",
            rf"\b(?:do(?:es)?\s+not|don'?t|doesn'?t)\s+have\s+(?:any\s+|the\s+|this\s+|that\s+)?{_INFO}\b",
            r"\b(?:we|i|it)\s+(?:do|does)\s+not\s+hold\s+(?:it|them)\b",
            r"\b(?:we|i|they|it)\s+(?:do\s+not|don'?t|does\s+not|doesn'?t|hold)\s+(?:actually\s+|currently\s+)?(?:hold\s+|have\s+)?"
            r"(?:anything|nothing|any\s+(?:info|information|data|records|details))"
            r"\s*(?:on|about|like|of\s+that|relevant|i'm\s+afraid|,|\.|$)",
            r"\b(?:because|as|since)\s+(?:we|i|it|the\s+\w+)\s+(?:do|does|is)\s+not\s+(?:have|hold|held)\s+(?:it|them|this|that)\b",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "not_held_law",
        N,
        2.0,
        _rx(
            r"\bnotice\s+that\s+(?:the\s+)?information\s+is\s+not\s+held",
            r"\bregulation\s+12\s*\(\s*4\s*\)\s*\(\s*a\s*\)",
            r"\bs(?:ection|\.)?\s*18\s*\(\s*[eg]\s*\)",
            r"\bs(?:ection|\.)?\s*24A\b",
            r"\b(?:information|documents?|records?)\s+(?:do(?:es)?\s+not|cannot\s+be\s+found\s+or\s+do(?:es)?\s+not)\s+exist",
        ),
    ),
    # Non-existence: a refusal on this ground alone is "not held" (NZ s.17(e)/18(e), Irish s.15(1)(a)).
    Rule(
        "not_exist",
        N,
        2.0,
        _rx(
            r"\b(?:information|documents?|records?|reports?|files?|data)\b[^.]{0,60}(?<!\bdoes\sor\s)(?<!\bdo\sor\s)\b(?:do(?:es)?\s+not"
            r"|did\s+not|no\s+longer)\s+exist",
            r"\b(?:not\s+been\s+able|unable|could\s+not|were\s+unable|was\s+unable)\s+to\s+(?:find|locate|identify)\s+"
            rf"(?:any\s+(?:such\s+)?|the\s+|such\s+(?:a\s+)?)?(?:reports?|{_INFO})\b"
            r"(?!\s+(?:that\s+)?you\s+(?:want|require|are\s+(?:seeking|looking|asking)|have\s+(?:requested|asked)|mean))",
            r"\bs(?:ection|\.)?\s*17\s*\(\s*e\s*\)",
            r"\bs(?:ection|\.)?\s*15\s*\(\s*1\s*\)\s*\(\s*a\s*\)",
            r"\bno\s+(?:such\s+)?(?:records?|documents?|reports?)\s+(?:exists?|was\s+(?:ever\s+)?(?:created|made|written))",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "not_our_remit",
        N,
        1.5,
        _rx(
            r"\bnot\s+(?:fall\s+)?(?:under|within)\s+the\s+(?:remit|responsibility)",
            r"\b(?:do|does|has|have)\s+(?:not\s+have\s+|no\s+)(?:responsibility|remit|knowledge)\b",
            r"\b(?:not|no\s+longer)\s+(?:the\s+)?(?:responsibility|remit|function)\s+of\b",
            r"\b(?:operated|maintained|managed|carried\s+out|held)\s+(?:and\s+\w+\s+)?by\s+(?:another|a\s+different|the\s+relevant)",
        ),
    ),
    # --- response --------------------------------------------------------------------------
    Rule(
        "disclosed",
        R,
        2.0,
        _rx(
            r"\b(?:we|i)\s+(?:have\s+|can\s+|am\s+|are\s+|(?:am|are)\s+(?:pleased|able|happy)\s+to\s+)?(?:disclos|releas|enclos)\w*\s+"
            r"(?:(?:this|the|it|some|all|below|you|copies|a\s+copy|\d[\d,]*\s+(?:pages?|records?|documents?|files?))\b|:)",
            r"\b(?:we|i)\s+have\s+(?:also\s+)?(?:redacted|removed)\b[^.]{0,80}\bunder\s+(?:section|s\.|regulation|exemption)",
            # disclosed with some redactions
            r"\b(?:has|have)\s+been\s+(?:redacted|blanked\s+out)\b",
            r"\b(?:we|i)\s+have\s+(?:removed|redacted|blanked\s+out)\s+(?:the\s+)?(?:names|signatures|contact\s+details"
            r"|personal\s+(?:data|information|details))\b",
            r"\b(?:information|figures|data|answers|breakdown|statistics|numbers)(?:\s+you\s+(?:asked\s+for|requested))?\s+(?:is|are)\s+"
            r"(?:set\s+out\s+|provided\s+|included\s+)?"
            r"in\s+the\s+attached\b",
            r"\bredacted\s+(?:under|in\s+accordance\s+with|pursuant\s+to)\b",
            r"\b(?:information|documents?|records?|data|figures|material|totals|numbers|details)(?:\s+\([^)]{0,120}\))?(?:,?\s+which)?"
            r"(?:\s+(?:you\s+)?(?:requested|asked\s+for|sought))?\s+(?:is|are|has\s+been|have\s+been)\s+(?:now\s+)?"
            r"(?:disclosed|released|provided|attached|enclosed|set\s+out|shown)",
            # Not "requests which have already been answered in full" (earlier ones, cited).
            r"\b(?:released|answered|provided|disclosed)(?<!already\sbeen\s(?:released|answered|provided))"
            r"(?<!already\sbeen\sdisclosed)\s+in\s+full\b",
            r"\b(?:documents?|information|records?)\s+(?:being\s+)?released\s+to\s+you\b",
            r"\b(?:is|are|been)\s+released\s+to\s+you\b",
            r"\b(?:we|i)\s+have\s+(?:now\s+)?attached\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){0,2}?(?:spreadsheet|table|list|copy|copies"
            r"|documents?|file|data|figures|records|breakdown|schedule)\b",
            r"\b(?:please|pls|plz)\s+(?:see|find)\s+(?:the\s+)?attached\s+(?:the\s+)?(?:table|spreadsheet|data|figures|breakdown|list"
            r"|info|information|details)\b",
            r"\banswer\s*:\s*\S",
            r"\bhope\s+(?:that\s+)?(?:this|the)\s+information\s+(?:provided\s+)?(?:helps|is\s+of\s+(?:help|use|assistance))",
            r"\bi\s+attach\s+(?:our|the|my)\s+response\b[^.]{0,30}\bwhich\s+(?:sets\s+out|shows|gives|provides|includes)",
            # "the attached spreadsheet gives the number of ...", "now provides its response in the attached"
            r"\bthe\s+attached\s+(?:[\w-]+\s+){0,2}?(?:spreadsheet|document|table|file|report|schedule|list|workbook)\s+"
            r'(?:\([^)]{0,80}\)\s+|["\u201c][^"\u201d]{0,80}["\u201d]\s+)?(?:gives|shows|sets\s+out|contains|lists|provides|includes|details)\b',
            r"\bprovides?\s+(?:its|our|the|my)\s+(?:full\s+)?response\s+in\s+the\s+attached\b",
            r"\b(?:has|have)\s+provided\s+the\s+(?:records|information|documents)\s+you\s+requested\b",
            # French (Quebec): "nous vous transmettons ci-joint les documents demandés"
            r"\bnous\s+vous\s+transmettons\s+(?:ci-joint|ci-inclus|en\s+annexe)\b",
            r"\b(?:pleased|happy|able)\s+to\s+provide\s+(?:you\s+with\s+)?(?:the|this)\s+(?:information|figures|data"
            r"|details|answers?)\s+(?:below|requested|you\s+(?:asked\s+for|requested))\b",
            r"\b(?:information|figures|data|statistics|details|it|this|these|they)\s+(?:is|are)\s+(?:also\s+|already\s+)?"
            r"(?:published|available|accessible)\s+(?:online\s+)?(?:at|on|via|from)\s+(?:https?://|www\.|our\s+"
            r"(?:website|web\s+site|disclosure\s+log))",
            r"\b(?:has|have)\s+completed\s+(?:its|our|the|their)\s+response\s+to\b",
            r"\b(?:responses?|answers?|information|figures|data|numbers|statistics)\b[^.]{0,40}\b(?:is|are)\s+"
            r"(?:set\s+out|provided(?!\s+(?:for\s+)?by\s+law)|given|shown|detailed"
            r"|as\s+follows|below)\b(?:\s+below)?",
            r"\bplease\s+(?:find|see)\s+(?:the\s+|our\s+)?(?:answers?|information)\b",
            r"\bhope\s+(?:that\s+)?(?:this|the)\s+(?:information|response)\s+(?:is|has\s+been|will\s+be)\s+(?:of\s+)?"
            r"(?:helpful|useful|help|assistance)",
            r"\bfully\s+satisfies\s+your\b",
            r"\b(?:can|are\s+able\s+to|is\s+able\s+to|am\s+able\s+to)\s+provide\s+(?:you\s+with\s+)?the\s+following\s+"
            r"(?:information|figures|data|details)\b",
            r"\b(?:is|are)\s+set\s+out\s+in\s+the\s+attached\s+(?:spreadsheet|table|workbook|excel|csv)\b",
            r"\b(?:response|answer|reply)\s+to\s+each\s+(?:part|question|point|element)\b",
            r"\bthe\s+answer\s+(?:to\s+(?:your|this|that)\s+question\s+)?is\b(?!\s+(?:that|no)\b)",
            r"\bto\s+answer\s+your\s+questions\s*:",
            r"\b(?:we|i)\s+have\s+(?:now\s+)?provided\s+(?:you\s+with\s+)?(?:the|a|an|all|some|details|figures|information"
            r"|copies)\b",
            r"\b(?:put\s+together|set\s+out|prepared)\s+the\s+(?:answers|responses|figures)\s+below\b",
            r"\b(?:responses|answers|replies)\s+to\s+(?:each\s+of\s+)?your\s+(?:questions|points)\b",
            r"\b(?:records|documents|copies|information|data|figures|spreadsheet|files?|answers?|breakdown|table|list"
            r"|schedule|summary|version|these)\s+(?:\w+\s+){0,4}"
            r"(?:is|are)\s+(?:now\s+)?(?:attached|enclosed)",
        ),
    ),
    Rule(
        "granted",
        R,
        3.0,
        _rx(
            r"\b(?:i|we)\s+(?:have\s+)?(?:now\s+)?decided\s+to\s+(?:grant|release|disclose|provide|give)",
            r"\b(?:made|reached|taken)\s+(?:a|my|our|the)\s+(?:final\s+)?decision\s+to\s+(?:grant|release|disclose)\b",
            r"\bgrants?\s+(?:to\s+)?you\s+(?:full|partial|wider)\s+access\b",
            r"\b(?:i|we)\s+(?:am|are)\s+(?:pleased|happy|able)\s+to\s+(?:grant|release|disclose|provide|supply|enclose"
            r"|attach|send|confirm\s+that\s+(?:the\s+)?(?:information|records)|inform\s+you\s+that\s+(?:your|access))",
            r"\b(?:access|release|disclosure)\b[^.]{0,60}\bin\s+full\b",
            r"\b(?:access|request)\s+(?:is|has\s+been)\s+granted\b",
            r"\bour\s+(?:response|answers?|reply)(?:\s+to\s+(?:(?:these|this|those|that|each|your|the)\s+)?(?:[\w-]+\s+){0,4}?)?"
            r"\s*(?::|(?:is|are)\s+(?:as\s+follows|below))",
            r"\bthis\s+concludes\s+(?:your|the|our\s+response\s+to\s+your)\s+request",
            r"\b(?:in\s+)?(?:responses?|answers?)\s+to\s+(?:each\s+of\s+)?your\s+(?:questions|points)\b",
        ),
        Mode.ASSERTED,
    ),
    Rule(
        "partly_held",
        R,
        1.0,
        _rx(r"\bholds?\s+some\s+of\s+the\s+information", r"\bpart(?:ly|ially)\s+(?:held|disclos)"),
    ),
    Rule(
        "held_confirmed",
        R,
        1.5,
        _rx(
            # The letter h first: the look-behinds then run only where a "hold" can start.
            r"\bh(?<!\bnot\sh)(?<!n't\sh)(?<!deny\sthat\sit\sh)(?<!deny\sthat\swe\sh)(?<!deny\swhether\sit\sh)"
            # not the reason for a transfer: "passed to the Agency as we hold / which holds the information"
            r"(?<!\bas\swe\sh)(?<!\bwhich\sh)"
            r"old(?:s|ing)?\s+(?:the|all\s+(?:of\s+)?the)\s+information\s+(?:that\s+)?(?:you\s+"
            r"(?:have\s+)?(?:asked\s+for|requested|sought|are\s+seeking|want)|requested|below|as\s+follows|set\s+out\s+below)\b",
        ),
        Mode.ASSERTED,
    ),
    Rule("attached", R, 1.0, _rx(r"\b(?:is|are)\s+attached\b", r"\battached\s+(?:is|are|to\s+this)\b")),
    # "This concludes our response to parts 1 to 3": answered, even if another part is extended.
    Rule(
        "response_complete",
        R,
        3.0,
        _rx(
            r"\b(?:this|which)\s+(?:concludes|completes)\s+(?:our|my|the)\s+(?:response|reply|answer)\b",
            r"\b(?:can|am\s+able\s+to|are\s+able\s+to)\s+(?:now\s+)?(?:respond|reply)\s+to\s+(?:parts?|questions?)\s+\d",
        ),
    ),
    # Sending a letter is no disclosure: "please find attached our response" covers refusals too.
    Rule(
        "transmittal",
        R,
        2.0,
        _rx(
            r"\bplease\s+(?:find|see)\s+(?:the\s+|our\s+)?(?:response|reply|decision|letter)\b",
            r"\bplease\s+(?:find|see)\s+(?!(?:the\s+|this\s+)?(?:foi|request|enquiry|query|e-?mail\s+from)\b)(?:[\w']+\s+){0,4}?"
            r"(?:attached|enclosed|below)",
            r"\b(?:a|our|the)\s+(?:final\s+)?(?:response|reply)\s+has\s+(?:now\s+)?been\s+(?:issued|sent|published|provided)\b",
            r"\battached\s+please\s+find\b",
        ),
    ),
    # "I am writing in response to your request": a response, unless something weightier says otherwise.
    Rule(
        "response_intro",
        R,
        1.0,
        _rx(r"\b(?:i|we)\s+am\s+writing\s+in\s+response\s+to\s+your\s+(?:request|application|e-?mail)"),
    ),
    Rule(
        "you_asked",
        R,
        1.0,
        _rx(r"\byou\s+(?:asked|requested)\s+(?:for|about|us\s+(?:for|about)|whether|how\s+many)\b"),
    ),
    # --- other / automatic ------------------------------------------------------------------
    Rule(
        "not_foi",
        OT,
        2.5,
        _rx(
            r"\bnot\s+(?:be\s+)?(?:treated|handled|dealt\s+with|processed)\s+(?:as|under)\s+(?:an?\s+)?(?:FOI|freedom\s+of"
            r"|EIR|official\s+information)",
            r"\bas\s+(?:standard|normal|general|routine|ordinary|business\s+as\s+usual)\s+(?:correspondence|business|enquir)",
            r"\brather\s+than\s+(?:a\s+request\s+)?for\s+recorded\s+information\b",
        ),
    ),
    # A regulator's letter about the requester's complaint against an authority (the ICO, SIC,
    # an ombudsman): no step in the request itself. A review of the authority's own handling
    # also matches the first phrase, but internal-review rules outrank "other".
    Rule(
        "regulator_case",
        OT,
        2.5,
        _rx(
            r"\b(?:your|the)\s+(?:complaint|concern|appeal|application)\s+(?:of\s+[^.]{0,30}?\s+)?(?:about|against|regarding|concerning)\s+"
            r"(?!(?:our|my|us|me)\b)[^.]{0,60}?\bhandling\s+of\s+your\s+(?:\w+\s+){0,2}request",
            r"\b(?:complaint|concern|case|appeal)\s+(?:is|has\s+been)\s+eligible\b",
            r"\ballocated\s+to\s+(?:a|an)\s+(?:case\s*officer|caseworker|investigat\w+|review\s+(?:adviser|advisor|officer))",
            r"\b(?:case\s*officer|caseworker|investigating\s+officer)\s+(?:is|has\s+been|will\s+be)\s+(?:assigned|allocated)",
            r"\bdecide\s+whether\s+(?:we\s+(?:need|should)\s+to\s+|to\s+)?investigate\b",
            r"\bic\s+review\b|\breview\s+adviser\b|\bearly\s+resolution\s+team\b",
            r"\bawaiting\s+allocation\s+to\s+(?:a|an)\s+(?:case\s*officer|caseworker|investigator)",
            r"\b(?:your|the)\s+complaint\s+(?:about|against)\s+(?!(?:our|my|us|me|the|this|how|its)\b)[\w'&-]+(?:\s+[\w'&-]+){0,4}?"
            r"\s+(?:council|police|trust|department|university|board|authority|ministry|agency|service|office|commission)\b",
        ),
    ),
    # Account mail from a request portal: automated, but no reply to the requester's message.
    Rule(
        "account_notice",
        OT,
        2.5,
        _rx(
            r"\breset\s+(?:the\s+|your\s+)?password\b",
            r"\bpassword\s+reset\b",
            r"\b(?:verify|activate)\s+your\s+(?:e-?mail\s+address|e-?mail|account|registration)\b",
            r"\bconfirm\s+your\s+(?:e-?mail\s+address|account|registration)\b",
            r"\b(?:verification|one-time|security)\s+code\b",
        ),
    ),
    Rule(
        "out_of_office",
        AR,
        3.5,
        _rx(
            r"\b(?:i\s+am|i'm|i\s+will\s+be)\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|away\s+from\s+(?:the|my)"
            r"\s+(?:office|desk)|on\s+(?:annual\s+|parental\s+|maternity\s+|paternity\s+|sick\s+|study\s+)?leave"
            r"|on\s+holiday|not\s+in\s+the\s+office|away\s+(?:until|from|on)|absent)",
            r"\bout\s+of\s+(?:the\s+)?office\s+(?:until|from|on|and|with)",
            r"\b(?:limited|no)\s+access\s+to\s+(?:my\s+)?e-?mails?",
            r"\b(?:until|on|upon|after)\s+my\s+return\b",
        ),
    ),
    # A closure notice: an auto-reply, unless the message is plainly an acknowledgement that
    # mentions the closure ("our offices are closed over Christmas; we will respond by ...").
    Rule(
        "office_closed",
        AR,
        3.0,
        _rx(
            r"\b(?:we\s+are|office\s+is|offices\s+are)\s+(?:currently\s+|now\s+)?closed\b",
            r"\b(?:school|college|university|offices?|building|council\s+offices?)\s+(?:is|are|will\s+be)\s+(?:currently\s+|now\s+)?"
            r"closed\s+"
            r"(?:for|until|from|over)\b",
        ),
    ),
    # A service promise and urgent-contact advice each back up a header or "automated" statement;
    # one alone ("the library opening hours", "click the link within 72 hours") is no auto-reply.
    Rule(
        "service_hours",
        AR,
        1.0,
        _rx(
            r"\bopening\s+hours\b",
            r"\b(?:within|in)\s+(?:\d+|twenty-four|forty-eight|seventy-two)\s+hours\b",
        ),
    ),
    Rule(
        "contact_centre",
        AR,
        1.0,
        _rx(
            r"\bif\s+(?:your|the)\s+(?:matter|enquiry)\s+is\s+urgent",
            r"\bin\s+(?:the\s+case\s+of\s+)?an\s+emergency\b",
            r"\bmedical\s+advice\b",
        ),
    ),
    Rule(
        "automated",
        AR,
        1.0,
        _rx(
            r"\b(?:an?\s+)?(?:automated|automatic|auto-generated)\s+(?:message|response|reply|e-?mail|acknowledg\w*)",
            r"\bthis\s+(?:mailbox|inbox|e-?mail\s+address)\s+is\s+(?:not\s+monitored|unmonitored)",
        ),
    ),
    # "FOI requests will be acknowledged separately": a mailbox's autoresponder, not the acknowledgement.
    Rule(
        "generic_autoresponder",
        AR,
        3.0,
        _rx(r"\b(?:requests?|enquir(?:y|ies))\s+(?:will\s+be|are|is)\s+acknowledged\s+separately\b"),
    ),
    # "You will receive an acknowledgement within three working days": this message is not it. Weak:
    # a clarification request may say the same of the acknowledgement that follows the reply.
    Rule(
        "acknowledgement_to_come",
        AR,
        2.0,
        _rx(r"\byou\s+will\s+(?:then\s+)?receive\s+an?\s+(?:separate\s+|formal\s+)?acknowledg(?:e)?ment\b"),
    ),
    Rule(
        "retired_mailbox",
        AR,
        3.0,
        _rx(
            r"\b(?:mailbox|inbox|e-?mail\s+address|address)\s+is\s+no\s+longer\s+(?:monitored|in\s+use|active|used)\b",
            r"\byour\s+e-?mail\s+has\s+not\s+been\s+(?:forwarded|read|passed\s+on)\b",
        ),
    ),
    Rule(
        "bounce_text",
        D,
        2.5,
        _rx(
            r"\b(?:could\s+not|couldn'?t|wasn'?t|was\s+not|cannot|can'?t)\s+be\s+delivered\b",
            r"\bdelivery\s+(?:has\s+)?failed\s+to\s+(?:these|the\s+following)\s+recipients?",
            r"\b(?:permanent|fatal)\s+(?:error|failure)\b",
            r"\bmailbox\s+(?:unavailable|not\s+found|does\s+not\s+exist|is\s+full)\b",
            r"\b(?:user|recipient)\s+(?:unknown|not\s+found)\b",
            r"\brecipient\s+address\s+rejected\b",
            r"\bRESOLVER\.ADR\.\w+",
            r"\b(?:550|554|553)[\s-]+5\.\d\.\d{1,3}\b",
        ),
    ),
)

_KEYS: dict[str, tuple[str, ...]] = {
    "ack_receipt": ("acknowledg", "eingang"),
    "ack_received": ("received", "registered", "logged", "response date", "recorded", "made a note", "log ",
                     "register "),
    "ack_thanks": ("received on",),
    "ack_processing": ("processed", "considered", "handled", "dealt", "logged", "processing", "attention",
                       "contact", "touch", "write to", "process", "consider", "handle", "deal with"),
    "clarify_ask": ("clarif", "specif", "narrow", "refine", "rephrase", "explain", "confirm", "give ",
                    "whether you", "if you could", "if you would", "if you can", "which of",
                    "you are interested", "to cover", "you require", "you need", "you want",
                    "you have in mind", "benötige", "bitten wir", "präzisieren", "konkretisieren",
                    "to know", "awaiting",
                    "from you", "mean", "referring", "in mind", "asking about", "further info",
                    "further detail",
                    "further partic", "more info", "more detail", "more partic", "additional info",
                    "additional detail", "additional partic", "let us", "let me", "tell", "indicate",
                    "do you want", "do you need",
                    "that you", "you to", "sure", "unclear", "not clear", "when you", "limit", "restrict",
                    "reduce", "whether you"),
    "clarify_provide": ("provide", "tell", "let ", "give", "indicate", "send", "details", "grateful", "name",
                        "präzisier", "anschrift",
                        "valid",
                        "address", "proof", "identification", "in order", "the following", "photographic id",

                        "photo id", "identity", "from you", "from the", "name", "accept", "send us", "answer",
                        "reply", "respond", "write back", "let us", "let me", "send me", "as soon as",
                        "confirm", "once we know", "once i know"),
    "clarify_documents": ("cop", "need his", "need her", "need their", "require his", "require her",
                          "require their", "proof of", "documentation", "evidence of", "signed"),
    "clarify_blocked": ("able to", "cannot", "can not", "clock", "start", "on hold", "obliged", "required to",
                        "processed until", "possible to", "before we can", "before i can", "will begin",
                        "will run", "will then", "will only", "suspended", "paused", "stopped", "commence",
                        "not begin", "not run", "until we", "until i", "wait for your"),
    "clarify_consult": ("consult", "how you", "how else you", "proceed on", "proceed with", "continue on",
                        "you to choose", "you to decide", "you to select", "you to pick",
                        "continue with", "go ahead on", "go ahead with", "intention to refuse",
                        "practical refusal", "regulation 9", "amend", "before we", "before i",
                        "option", "approach", "would like to", "fair solution", "propose to"),
    "clarify_offer": ("meet your", "satisfy your", "suit your", "help us", "help me", "whether you",
                      "be ok", "be acceptable", "be suitable", "be sufficient", "be alright", "be all right",
                      "be content", "be happy", "be willing", "be prepared", "be satisfied", "you content",
                      "you happy", "you willing", "you prepared", "you satisfied",
                      "see below", "find below",
                      "about your request", "regarding your request", "on your request",
                      "concerning your request"),
    "clarify_consult_law": ("24ab", "18b", "1(3)", "1 (3)", "15(4)", "15 (4)", "article 6"),
    "clarify_unclear": ("sufficiently", "clearly", "adequately", "reasonably", "opportunity", "chance",
                        "broad", "unclear", "ambiguous", "not clear", "sufficient", "enough", "requirement",
                        "compliant"),
    "still_wanted": ("still", "wish", "want", "like us", "like me", "would like", "'d like", "remain",
                     "toujours", "aufrecht", "festhalten", "now like"),
    "wish_to_continue": ("whether you", "confirm", "check you", "check that you", "check whether you",
                         "check if you"),
    "withdrawal_threat": ("withdr", "close", "lapse", "abandoned", "no longer", "do not", "don't", "dont",
                          "no further action", "it as", "erledigt", "zurücknehmen"),
    "clarify_invite": ("opportunity", "chance", "work with you", "choose"),
    "review_verdict": ("concluded", "decided", "found", "determined", "reviewed", "examined", "reconsidered",
                       "affirming", "upholding", "reversing", "remanding", "your appeal", "your confirmatory",
                       "fresh review",
                       "uphold", "affirmed", "appeal", "considered", "applied",
                       "looked again", "upheld", "overturned", "reversed", "varied", "confirmed",
                       "substituted",
                       "correctly applied", "revised", "changed", "stands"),
    "extension": ("exten", "more time", "additional time", "further time", "extra time", "exceed",
                  "go beyond"),
    "overdue": ("now", "within the"),
    "new_deadline": ("new ", "due", "deadline", "time limit", "timelimit", "revised"),
    "not_in_time": ("able to", "in a position", "unable", "additional", "further", "extra", "deadline",
                    "time limit", "timelimit", "due date", "date we", "date i"),
    "extension_law": ("(3)", "15a", "(1)", "public interest test", "unusual"),
    "fee_liable": ("pay", "fee", "charge", "deposit", "cost", "accept the", "estimated total",
                   "estimated amount", "total amount"),
    "review_received": ("review", "appeal", "complaint", "look again", "reconsider", "looked at again"),
    "review_concerns": ("concerns", "complaint"),
    "review_confirmatory": ("confirmatory", "article 8"),
    "review_ack_subject": ("review", "confirmatory"),
    "review_decision_subject": ("confirmatory", "review", "appeal"),
    "review_followed": ("review", "confirm"),
    "review_outcome": ("review", "uphold", "upheld", "overturn", "vary", "varied", "varying", "affirm",
                       "set aside", "original", "initial", "applied"),
    "ncnd": ("neither confirm", "ncnd"),
    "refusal_in_part": (" only", "partial", "in part", "part of"),
    "refused": ("refus", "declin", "withh", "obliged", "granted", "given", "provid", "disclos", "releas",
                "suppl", "denied", "comply", "exempt"),
    "exempt": ("exempt", "withheld", "favours",
               "rely", "relying", "relied", "public interest", "neither confirm", "ncnd", "scope",
               "remit", "covered", "subject to", "journalism", "disclosure would", "lies in", "exception"),
    "refusal_grounds": ("exceed", "12", "collation", "18", "manifestly", "vexatious", "repeated", "14"),
    "not_held_law": ("not held", "12", "18", "24a", "exist"),
    "not_exist": ("exist", "find", "locate", "identify", "17", "15"),
    "granted": ("grant", "decided to",
                "pleased", "happy", "able to", "in full", "our response", "our answer", "our reply",
                "concludes", "response to", "answer to", "responses to", "answers to"),
    "not_our_remit": ("remit", "responsibilit", "function", "knowledge", "another", "a different",
                      "the relevant"),
    "ack_will_respond": ("respon", "repl", "decision", "answer", "you will", "you should", "you can",
                         "you may", "get back"),
    "attached": ("attached",),
    "generic_autoresponder": ("separately",),
    "acknowledgement_to_come": ("receive an acknowledg", "receive a separate", "receive a formal"),
    "held_confirmed": ("hold",),
    "you_asked": ("you asked", "you requested"),
    "response_intro": ("in response",),
    "disclosed": ("disclos", "releas", "enclos", "provided", "attached", "set out", "shown", "given",
                  "pleased to provide", "happy to provide", "able to provide", "transmettons",
                  "provide you with the following", "provide the following",
                  "detailed", "as follows", "below", "please find", "please see", "hope", "satisfies",
                  "completed", "each", "answers to", "responses to", "replies to", "published", "available",
                  "accessible", "redacted", "answered", "answer", "removed", "to answer", "have provided",
                  "have now provided", "answer", "hope", "attach", "blanked"),
    "response_complete": ("concludes", "completes", "respond to", "reply to"),
    "transmittal": ("please find", "please see", "been issued", "been sent", "been published",
                    "attached please", "been provided"),
    "keep_or_close": ("open", "close my"),
    "no_reply_yet": ("have not", "have still", "'ve not", "'ve still", "have never", "'ve never", "had no",
                     "received no", "to date", "not yet", "not had", "not received", "had anything",
                     "haven't", "havent", "no record"),
    "regulator_case": ("handling", "eligible", "allocated", "officer", "caseworker", "investigate",
                       "complaint", "ic review", "review adviser", "early resolution"),
    "account_notice": ("password", "verify", "activate", "confirm your", "code"),
    "partly_held": ("some of the information", "part"),
    "not_foi": ("treated", "handled", "dealt", "processed", "as standard", "as normal", "as general",
                "as routine", "as business", "as ordinary", "recorded information"),
    "out_of_office": ("office", "away", "leave", "holiday", "absent", "access to", "return", "not in the"),
    "office_closed": ("closed",),
    "service_hours": ("hours",),
    "contact_centre": ("urgent", "emergency", "medical"),
    "automated": ("automat", "auto-generated", "monitored"),
    "retired_mailbox": ("no longer", "not been"),
    "bounce_text": ("deliver", "permanent", "fatal", "mailbox", "unknown", "not found", "rejected",
                    "resolver", "55"),
}  # fmt: skip


def _can_match_dot(pattern: str) -> bool:
    """Whether `pattern` might match a "." (conservative: True whenever unsure).

    Escapes and character classes are put to the regex engine itself with a "." to match.
    """
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escaped = pattern[i + 1 : i + 2]
            if escaped in "uxUN0123456789" or re.fullmatch("\\" + escaped, "."):
                return True
            i += 2
        elif char == "[":
            end = _class_end(pattern, i)
            if end == -1 or re.fullmatch(pattern[i:end], "."):
                return True
            i = end
        else:
            if char == ".":
                return True
            i += 1
    return False


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opening at `start`, or -1."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1  # a leading "]" is a literal
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    return -1


def _rule_with_keys(rule: Rule) -> Rule:
    keys = _KEYS.get(rule.name, ())
    within = bool(keys) and not _can_match_dot(rule.pattern.pattern) and not any("." in k for k in keys)
    return Rule(rule.name, rule.kind, rule.weight, rule.pattern, rule.mode, rule.on_subject, keys, within)


RULES: tuple[Rule, ...] = tuple(_rule_with_keys(r) for r in _RULES)

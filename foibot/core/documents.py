"""What the names of a message's attachments say: the title of the letter an email only carries.

"Please find attached our response." says nothing; "FOI 881 Refusal Notice.pdf" or "Internal
review decision.pdf" says what the message is. Each title found is a signal for the classifier,
weighed like a stated phrase; the body's own words can still outweigh it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from foibot.core.model import Kind, Mail
from foibot.core.signals import Signal

# Titles as authorities name their letters; words are separated by spaces, "-" or "_".
_SEP = r"[\s_-]+"
_TITLES: tuple[tuple[Kind, float, re.Pattern[str]], ...] = tuple(
    (kind, weight, re.compile(pattern.replace(" ", _SEP), re.IGNORECASE))
    for kind, weight, pattern in (
        (Kind.INTERNAL_REVIEW_OUTCOME, 3.5,
         r"\b(?:internal )?review (?:decision|outcome|response|result|findings|letter)"
         r"|\bdecision on (?:internal )?review|\breview of (?:the )?decision"
         r"|\bappeal (?:decision|determination)"),
        (Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT, 2.5, r"\b(?:internal )?review acknowledg"),
        (Kind.REFUSAL, 3.0,
         r"\brefusal (?:notice|letter)|\bnotice of refusal|\bs(?:ection)?[\s_.-]*17 notice|\bncnd\b"),
        (Kind.CLARIFICATION_REQUEST, 3.0, r"\bclarification|\bclarify"),
        (Kind.FEE_NOTICE, 3.0,
         r"\bfees? (?:notice|estimate)|\bcharges? notice|\bnotice of charges?|\bfee invoice"),
        (Kind.EXTENSION, 2.5, r"\bextension (?:notice|letter)|\bnotice of extension|\btime extension"),
        (Kind.NOT_HELD, 2.5, r"\b(?:information )?not held"),
        (Kind.ACKNOWLEDGEMENT, 2.0, r"\backnowledg"),
    )
)  # fmt: skip
# Only documents carry titles; an image or a calendar file is no letter.
_DOCUMENT_TYPES = ("application/", "text/")


def attachment_signals(mail: Mail) -> list[Signal]:
    """A signal for the first title each document attachment's name matches."""
    found: list[Signal] = []
    for attachment in mail.attachments:
        if not attachment.filename or not attachment.content_type.startswith(_DOCUMENT_TYPES):
            continue
        title = PurePosixPath(attachment.filename.replace("\\", "/")).stem
        for kind, weight, pattern in _TITLES:
            if pattern.search(title):
                found.append(Signal(kind, weight, f"attachment: {attachment.filename[:80]!r}"))
                break
    return found

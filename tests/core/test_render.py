"""core.render: headers (automatic vs human), threading, escaping, no header injection."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from foibot.core.calendars import calendar_for
from foibot.core.model import Deadlines, FoiRequest, Kind, RequestState
from foibot.core.plan import (
    Action,
    ActionKind,
    AuthorityMessage,
    DraftKind,
    HistoryEntry,
    PlanPolicy,
    RequestSnapshot,
    digest_for,
    plan_request,
)
from foibot.core.render import (
    clean_header,
    deadline_in_words,
    digest_text,
    render_authority_mail,
    render_digest,
    render_user_mail,
    template_environment,
)

UTC = dt.UTC
NOW = dt.datetime(2018, 5, 8, 9, tzinfo=UTC)
TODAY = NOW.date()
ENV = template_environment()
EVIL_SUBJECT = "FOI 123\r\nBcc: victim@evil.example\r\n<script>alert(1)</script>"
REQUEST = FoiRequest(
    id=1,
    regime="uk_foia",
    authority_email="foi@met.police.uk",
    subject=EVIL_SUBJECT,
    sent_on=dt.date(2018, 3, 16),
    state=RequestState.CLARIFICATION_REQUESTED,
    deadlines=Deadlines(requester_reply_by=dt.date(2018, 5, 11)),
    reference="2018030000615",
    owner="me@example.org",
)
MESSAGE = AuthorityMessage(
    row_id=4,
    kind=Kind.CLARIFICATION_REQUEST,
    confidence=0.9,
    message_id="<q1@met.police.uk>",
    references=("<req@example.org>",),
    from_addr="b.k@met.police.uk",
    from_name="Evil\r\nBcc: x@evil.example",
    subject=EVIL_SUBJECT,
    received_at=dt.datetime(2018, 4, 20, 10, tzinfo=UTC),
    reply_by=dt.date(2018, 5, 11),
    excerpt='Do you mean <b onclick="x()">PredPol</b>?',
)


def parsed(msg: EmailMessage) -> EmailMessage:
    result = BytesParser(policy=policy.default).parsebytes(msg.as_bytes())
    assert isinstance(result, EmailMessage)
    return result


def body(msg: EmailMessage, subtype: str) -> str:
    part = msg.get_body((subtype,))
    assert part is not None
    return str(part.get_content())


def alert() -> EmailMessage:
    action = Action(
        "alert:1:<q1@met.police.uk>",
        ActionKind.ALERT,
        REQUEST,
        Kind.CLARIFICATION_REQUEST.value,
        message=MESSAGE,
        deadline=dt.date(2018, 5, 11),
        draft=DraftKind.CLARIFICATION,
    )
    return parsed(
        render_user_mail(
            ENV, action, sender="foibot@example.org", to=["me@example.org"], now=NOW, today=TODAY
        )
    )


def test_deadline_in_words():
    uk = calendar_for("uk")
    assert deadline_in_words(dt.date(2018, 5, 11), TODAY, uk) == "Friday 11 May 2018 - in 3 working days"
    assert deadline_in_words(TODAY, TODAY, uk).endswith("- today")
    assert deadline_in_words(dt.date(2018, 5, 4), TODAY, uk) == "Friday 4 May 2018 - 1 working day ago"


def test_alert_is_marked_automatic_and_says_what_to_do():
    msg = alert()
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg.get_content_type() == "multipart/alternative"
    text = body(msg, "plain")
    assert "Friday 11 May 2018 - in 3 working days" in text
    assert "draft is waiting in your Drafts folder" in text


def test_no_header_injection_and_html_is_escaped_in_alerts():
    msg = alert()
    assert msg["Bcc"] is None
    assert "\n" not in str(msg["Subject"]) and "victim@evil.example" in str(msg["Subject"])
    assert [str(a) for a in msg["To"].addresses] == ["me@example.org"]
    html = body(msg, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b onclick" not in html and "&lt;b onclick=" in html


def test_clean_header_strips_control_characters():
    assert clean_header("a\r\nb\x00c\u2028d") == "a b c d"


def test_clarification_draft_threads_to_the_authority_message_and_is_not_automatic():
    action = Action(
        "draft:1:clarification:<q1@met.police.uk>",
        ActionKind.DRAFT,
        REQUEST,
        "clarification_request",
        message=MESSAGE,
        draft=DraftKind.CLARIFICATION,
    )
    msg = parsed(
        render_authority_mail(
            ENV, action, owner="me@example.org", owner_name="Me\nBcc: y@evil.example", now=NOW, today=TODAY
        )
    )
    assert msg["Auto-Submitted"] is None
    assert msg["In-Reply-To"] == "<q1@met.police.uk>"
    assert msg["References"] == "<req@example.org> <q1@met.police.uk>"
    assert str(msg["Subject"]).startswith("Re: FOI 123 Bcc:")
    assert [a.addr_spec for a in msg["To"].addresses] == ["foi@met.police.uk"]
    assert msg["Bcc"] is None and msg["X-Foibot-Draft"] == action.key
    body = msg.get_content()
    assert "[WRITE YOUR ANSWER HERE]" in body and "> Do you mean <b" in body


def test_same_key_same_message_id():
    first = alert()["Message-ID"]
    assert first == alert()["Message-ID"]


def test_digest_escapes_incoming_html_and_lists_sections():
    history = [
        HistoryEntry(
            1, dt.datetime(2018, 5, 7, 9, tzinfo=UTC), "Clarification <img src=x onerror=alert(1)> asked"
        )
    ]
    digest = digest_for([REQUEST], history, recipient="me@example.org", slot=NOW, today=TODAY, since=None)
    msg = parsed(
        render_digest(
            ENV,
            digest,
            sender="foibot@example.org",
            now=NOW,
            key="digest:me@example.org:x",
            ics=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        )
    )
    html = body(msg, "html")
    assert "<img" not in html and "&lt;img" in html and "&lt;script&gt;" in html
    text = body(msg, "plain")
    assert "NEEDS YOUR ACTION" in text and "Friday 11 May 2018 - in 3 working days" in text
    assert [p.get_filename() for p in msg.iter_attachments()] == ["foibot-deadlines.ics"]
    assert msg["Auto-Submitted"] == "auto-generated"


def test_missed_reply_by_mail_says_what_passed_and_what_to_do():
    later = dt.date(2018, 5, 14)
    [action] = plan_request(
        RequestSnapshot(REQUEST),
        now=dt.datetime(2018, 5, 14, 9, tzinfo=UTC),
        today=later,
        policy=PlanPolicy(),
    )
    msg = parsed(
        render_user_mail(
            ENV, action, sender="foibot@example.org", to=["me@example.org"], now=NOW, today=later
        )
    )
    assert msg["Subject"].startswith("[foibot] Your reply-by date passed with no reply from you (Fri 11 May)")
    assert "\n" not in msg["Subject"] and "Bcc" not in str(msg.keys())
    text = body(msg, "plain")
    assert "Friday 11 May 2018 - 1 working day ago" in text
    assert "may now treat the request as withdrawn" in text and "foibot close 1" in text
    assert "foibot close 1" in body(msg, "html")


def test_digest_shows_missed_deadlines():
    digest = digest_for(
        [REQUEST], [], recipient="me@example.org", slot=NOW, today=dt.date(2018, 5, 14), since=None
    )
    text = digest_text(ENV, digest)
    assert "MISSED: YOUR DEADLINES THAT PASSED" in text
    assert "Your reply-by date passed with no reply from you (Friday 11 May 2018 - 1 working day ago)" in text
    assert "NEEDS YOUR ACTION" not in text and "Nothing needs your attention" not in text

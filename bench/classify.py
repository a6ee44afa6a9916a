"""Benchmark: foibot's parse + classify pipeline against a bare stdlib parse, and its memory.

`python -m bench.classify [N]` prints the figures; `run(n)` returns them for bench/README.md.
Messages are generated here from templates (plain, HTML-only, multipart with attachments,
quoted Outlook threads, bounces; 1 KB to ~100 KB) and streamed: nothing parsed is kept, so
peak memory must not grow with the number of messages.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from typing import Any

from foibot.core.model import Mail
from foibot.core.parse import parse_mail

DELIVERED = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.UTC)

_SENTENCES = [
    "Thank you for your request for information, which we received on 3 March 2025.",
    "We will respond within 20 working days, by 1 April 2025 at the latest.",
    "Before we can search our records, please tell us which period you mean.",
    "We do not hold the information you asked for, because no such report was made.",
    "The information is exempt under section 43 and the public interest favours withholding it.",
    "We have extended the time to respond to 15 April 2025 while we consider the public interest.",
    "Please find the requested figures in the attached spreadsheet.",
    "A fee of £25.00 is payable before we can release the copies.",
]
_FOOTER = (
    "\n\nYOUR RIGHTS\n\nIf you are unhappy with this response you may ask for an internal review "
    "within 40 working days.\n\nIf you remain dissatisfied you may apply to the Information "
    "Commissioner, Wycliffe House, Water Lane, Wilmslow SK9 5AF.\n\nThis email and any attachments "
    "may be confidential and are intended solely for the addressee.\n"
)
_REQUEST = (
    '"Please tell me how many potholes were repaired in each ward in 2024,\n'
    'and the average time taken to repair each one."\n'
)


def _body(rng: random.Random, target: int) -> str:
    parts = ["Dear Requester,", f"Our reference: FOI-{rng.randint(1000, 99999)}"]
    if rng.random() < 0.5:
        parts.append(f"You asked:\n\n{_REQUEST}")
    size = sum(len(p) for p in parts)
    while size < target:
        paragraph = " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(1, 5)))
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts) + "\n\nYours sincerely\nFOI Team" + _FOOTER


def _headers(rng: random.Random, i: int, content_type: str) -> str:
    return (
        f"From: FOI Team <foi{i % 97}@council{i % 13}.example.gov.uk>\r\n"
        f"To: Pat <pat+foi-{i}@example.org>\r\n"
        f"Subject: RE: Freedom of Information request {i}\r\n"
        f"Date: Tue, 4 Mar 2025 {rng.randint(0, 23):02d}:15:00 +0000\r\n"
        f"Message-ID: <m{i}@council.example.gov.uk>\r\n"
        f"In-Reply-To: <foi-{i}@example.org>\r\nReferences: <foi-{i}@example.org>\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n"
    )


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    return f"<html><head><style>p{{margin:0}}</style></head><body>{paragraphs}</body></html>"


def message(i: int, rng: random.Random) -> bytes:
    """One generated message; the shape and size vary with `rng`."""
    shape = rng.choice(("plain", "plain", "html", "alternative", "attachment", "thread", "bounce"))
    target = int(rng.choice((1_000, 3_000, 8_000, 20_000, 60_000, 95_000)) * rng.uniform(0.8, 1.0))
    if shape == "html":
        text_target = min(target, 12_000)
        return (
            _headers(rng, i, 'text/html; charset="utf-8"') + "\r\n" + _html(_body(rng, text_target))
        ).encode()
    if shape == "bounce":
        head = _headers(rng, i, 'multipart/report; report-type=delivery-status; boundary="R"')
        return (
            f"{head}X-Failed-Recipients: foi@gone.example.gov.uk\r\n\r\n"
            "--R\r\nContent-Type: text/plain\r\n\r\n"
            "Delivery to foi@gone.example.gov.uk failed permanently.\r\n--R\r\n"
            "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
            "Final-Recipient: rfc822; foi@gone.example.gov.uk\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            "--R\r\nContent-Type: message/rfc822\r\n\r\n"
            f"Message-ID: <foi-{i}@example.org>\r\nSubject: FOI\r\n\r\n{_body(rng, 500)}\r\n--R--\r\n"
        ).encode()
    # The authority's own words are rarely over ~12 KB; the bulk of a big message is quoted
    # history, an HTML alternative or attachments. One plain message in ten is long anyway.
    long_text = shape == "plain" and rng.random() < 0.1
    text = _body(rng, target if long_text else min(target, rng.choice((800, 1_500, 3_000, 6_000, 12_000))))
    if shape == "thread":
        text += (
            "\n-----Original Message-----\nFrom: Pat <pat@example.org>\nSent: 1 March 2025\n"
            "To: FOI\nSubject: FOI request\n\n" + _body(rng, max(target - len(text), 500))
        )
    if shape in ("plain", "thread"):
        return (_headers(rng, i, 'text/plain; charset="utf-8"') + "\r\n" + text).encode()
    alternative = (
        '--A\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n'
        f'{text}\r\n--A\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n{_html(text)}\r\n--A--\r\n'
    )
    if shape == "alternative":
        return (_headers(rng, i, 'multipart/alternative; boundary="A"') + "\r\n" + alternative).encode()
    pdf = "JVBERi0xLjQK" * max(10, (target - 2 * len(text)) // 12)
    return (
        _headers(rng, i, 'multipart/mixed; boundary="M"')
        + '\r\n--M\r\nContent-Type: multipart/alternative; boundary="A"\r\n\r\n'
        + alternative
        + '--M\r\nContent-Type: application/pdf; name="response.pdf"\r\n'
        + 'Content-Disposition: attachment; filename="response.pdf"\r\n'
        + f"Content-Transfer-Encoding: base64\r\n\r\n{pdf}\r\n--M--\r\n"
    ).encode()


def messages(n: int, seed: int = 7) -> Iterator[bytes]:
    rng = random.Random(seed)
    for i in range(n):
        yield message(i, rng)


def bare_parse(raw: bytes) -> str:
    """The baseline: what any mail tool does at least."""
    msg = message_from_bytes(raw, policy=policy.default)
    body = msg.get_body(preferencelist=("plain", "html"))
    return "" if body is None else str(body.get_content())


def _classifier() -> Callable[[Mail], Any] | None:
    try:
        module = importlib.import_module("foibot.core.classify")
    except ImportError:
        return None
    found = getattr(module, "classify", None)
    return found if callable(found) else None


def _pipeline(classify: Callable[[Mail], Any] | None) -> Callable[[bytes], object]:
    def run_one(raw: bytes) -> object:
        mail = parse_mail(raw, delivered_at=DELIVERED)
        return classify(mail) if classify else mail

    return run_one


def _peak_memory(n: int, step: Callable[[bytes], object]) -> int:
    tracemalloc.start()
    for raw in messages(n, seed=11):
        step(raw)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def run(n: int = 10_000) -> dict[str, Any]:
    """Time bare stdlib parsing and foibot's pipeline side by side on `n` messages."""
    classify = _classifier()
    pipeline = _pipeline(classify)
    bare_s = parse_s = ours_s = 0.0
    total_bytes = 0
    for raw in messages(n):
        total_bytes += len(raw)
        start = time.perf_counter()
        bare_parse(raw)
        bare_done = time.perf_counter()
        pipeline(raw)
        ours_s += time.perf_counter() - bare_done
        bare_s += bare_done - start
    # parse_mail alone in a pass of its own (beside the bare parse again): parse_mail memoises
    # header objects, so timing it just before the pipeline would hand the pipeline a warm memo.
    parse_bare_s = 0.0
    for raw in messages(n):
        start = time.perf_counter()
        bare_parse(raw)
        bare_done = time.perf_counter()
        parse_mail(raw, delivered_at=DELIVERED)
        parse_s += time.perf_counter() - bare_done
        parse_bare_s += bare_done - start
    small = max(n // 5, 1)
    return {
        "messages": n,
        "mean_kb": round(total_bytes / n / 1024, 1),
        "pipeline": "parse_mail + classify" if classify else "parse_mail only (foibot.core.classify missing)",
        "bare_msgs_per_s": round(n / bare_s),
        "parse_mail_msgs_per_s": round(n / parse_s),
        "parse_mail_ratio": round(parse_s / parse_bare_s, 2),
        "foibot_msgs_per_s": round(n / ours_s),
        "ratio": round(ours_s / bare_s, 2),
        "target_ratio": 3.0,
        f"peak_mem_mb_at_{small}": round(_peak_memory(small, pipeline) / 1e6, 2),
        f"peak_mem_mb_at_{n}": round(_peak_memory(n, pipeline) / 1e6, 2),
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for key, value in run(n).items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()

"""Over a thousand malformed and hostile messages: nothing raises, memory stays bounded.

The generator is tests/hostile/generate.py. Parsing and classification must accept anything;
the store-level test (ingest on a real SQLite file) is in test_hostile_ingest.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import resource
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings

from foibot.core.classify import classify
from foibot.core.model import Classification, Mail
from foibot.core.parse import parse_mail
from tests.hostile.generate import RAW_8BIT_NAMES, corpus, hostile_message, strings_in

DELIVERED = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
# Peak Python allocations for one message of up to ~30 MB (the 20 MB attachment, base64-encoded).
PEAK_BYTES_PER_MESSAGE = 300 * 1024 * 1024
# Growth of the process's peak RSS over the whole corpus.
RSS_GROWTH_BOUND_MB = 700


def check(raw: bytes) -> tuple[Mail, Classification]:
    mail = parse_mail(raw, delivered_at=DELIVERED)
    assert mail.size == len(raw)
    assert mail.date.tzinfo is not None
    assert "\r" not in mail.subject and "\n" not in mail.subject and "\x00" not in mail.subject
    for address in (mail.from_addr, *mail.to, *mail.cc, *mail.reply_to):
        assert address is None or ("@" in address and not any(c in address for c in "\r\n\x00 "))
    for text in strings_in(mail):
        text.encode("utf-8")  # raises on a lone surrogate: SQLite would refuse the text
    result = classify(mail)
    assert 0.0 <= result.confidence <= 1.0
    return mail, result


def test_corpus_has_over_a_thousand_distinct_cases() -> None:
    names = [name for name, _ in corpus()]
    assert len(names) >= 1000
    assert len(set(names)) == len(names)


def test_corpus_is_deterministic() -> None:
    first = {name: build for name, build in corpus()}
    again = {name: build for name, build in corpus()}
    for name in ("mutant-1-7", "random-bytes-3", "forged-from-0", "bogus-qp-bad-escape"):
        assert first[name]() == again[name]()


def is_big(name: str) -> bool:
    """The slow, large cases: traced one by one below, and run through ingest in test_hostile_ingest."""
    return any(mark in name for mark in ("MB", "10000-", "20000-", "50000-", "-1000"))


def test_every_hostile_message_parses_and_classifies() -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kinds: set[str] = set()
    problems = 0
    for _name, build in ((n, b) for n, b in corpus() if not is_big(n)):
        mail, result = check(build())  # built lazily: one big message in memory at a time
        kinds.add(result.kind)
        problems += bool(mail.problems)
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert growth_mb < RSS_GROWTH_BOUND_MB
    assert problems > 500  # the parser noticed the damage, not just shrugged
    assert "acknowledgement" in kinds  # many cases are damaged acknowledgements, still recognised


def test_big_messages_stay_within_the_memory_bound() -> None:
    big = [(n, b) for n, b in corpus() if "MB" in n or "50000" in n]  # tracing slows the rest
    assert len(big) >= 6
    for name, build in big:
        raw = build()
        tracemalloc.start()
        try:
            check(raw)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < PEAK_BYTES_PER_MESSAGE, f"{name}: {peak / 1e6:.0f} MB for {len(raw) / 1e6:.1f} MB"
        del raw


def test_raw_8bit_headers_are_decoded_not_dropped() -> None:
    cases = {name: build for name, build in corpus() if name.startswith("raw-8bit-")}
    assert len(cases) >= 12
    for charset, display_name in RAW_8BIT_NAMES.items():
        assert check(cases[f"raw-8bit-from-{charset}"]())[0].from_name == display_name
        assert check(cases[f"raw-8bit-subject-{charset}"]())[0].subject.endswith(display_name)
        (attachment,) = check(cases[f"raw-8bit-attachment-name-{charset}"]())[0].attachments
        assert attachment.filename == "Antwort Müller.pdf"


# Peak Python allocations for a message with one huge structured header (~0.5-1 MB of it).
HUGE_HEADER_PEAK_BYTES = 16 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "field", "note"),
    [
        ("to-20000-addresses", "to", "To: header truncated (20,000 addresses)"),
        ("to-20000-folded-addresses", "to", "To: header truncated (20,000 addresses)"),
        ("to-20000-folded-raw-8bit-names", "to", "To: header truncated (20,000 addresses)"),
        ("cc-20000-quoted-names", "cc", "Cc: header truncated (20,000 addresses)"),
        ("reply-to-20000-addresses", "reply_to", "Reply-To: header truncated (20,000 addresses)"),
        ("content-type-20000-params", None, "Content-Type: header truncated (100,010 characters)"),
    ],
)
def test_huge_structured_headers_are_capped(name: str, field: str | None, note: str) -> None:
    raw = dict(corpus())[name]()
    tracemalloc.start()
    try:
        mail, _ = check(raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < HUGE_HEADER_PEAK_BYTES, f"{peak / 1e6:.0f} MB"
    assert note in mail.problems
    assert mail.from_addr == "foi@council.example.gov.uk"
    if field:  # the first addresses are kept for matching
        addresses = getattr(mail, field)
        assert 50 < len(addresses) < 1000 and "0@example.org" in addresses[0]
    assert "within 20 working days" in mail.body


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_message())
def test_random_hostile_messages_parse_and_classify(raw: bytes) -> None:
    check(raw)


def test_parsed_text_is_valid_unicode() -> None:
    """Every string in a Mail must encode as UTF-8: it is stored in SQLite and rendered in alerts."""
    broken: list[str] = []
    for name, build in corpus(mutant_count=100):
        if is_big(name):
            continue
        mail = parse_mail(build(), delivered_at=DELIVERED)
        for field in dataclasses.fields(mail):
            for text in strings_in(getattr(mail, field.name)):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    broken.append(f"{name}: {field.name}")
    assert broken == []

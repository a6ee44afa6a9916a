"""Over a thousand malformed and hostile messages: nothing raises, memory stays bounded.

The generator is tests/hostile/generate.py. Parsing and classification must accept anything;
the store-level test (ingest on a real SQLite file) is in test_hostile_ingest.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import resource
import tracemalloc
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from foibot.core.classify import classify
from foibot.core.model import Classification, Mail
from foibot.core.parse import parse_mail
from tests.hostile.generate import corpus, hostile_message

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


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_message())
def test_random_hostile_messages_parse_and_classify(raw: bytes) -> None:
    check(raw)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


@pytest.mark.xfail(
    strict=True,
    reason="parse_mail keeps surrogate escapes from raw 8-bit (RFC 6532 UTF-8) headers; SQLite then "
    "refuses the text and ingest quarantines the message. Remove this mark when fixed.",
)
def test_parsed_text_is_valid_unicode() -> None:
    """Every string in a Mail must encode as UTF-8: it is stored in SQLite and rendered in alerts."""
    broken: list[str] = []
    for name, build in corpus(mutant_count=100):
        if is_big(name):
            continue
        mail = parse_mail(build(), delivered_at=DELIVERED)
        for field in dataclasses.fields(mail):
            for text in _strings(getattr(mail, field.name)):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    broken.append(f"{name}: {field.name}")
    assert broken == []

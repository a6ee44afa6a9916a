"""KeyFinder: every occurrence of every key, overlaps included, in order."""

from __future__ import annotations

from foibot.core.keyfinder import KeyFinder


def test_every_occurrence_in_order_with_overlaps() -> None:
    finder = KeyFinder(["clarif", "clarification", "ion", "before we"])
    text = "before we ask for clarification, clarify this. before we"
    found = finder.positions(text)
    assert found["clarif"] == [text.find("clarif"), text.rfind("clarif")]
    assert found["clarification"] == [text.find("clarification")]
    assert found["ion"] == [text.find("ion")]
    assert found["before we"] == [0, text.rfind("before we")]


def test_absent_keys_and_no_keys() -> None:
    assert KeyFinder(["refus"]).positions("we hold the information") == {}
    assert KeyFinder([]).positions("anything") == {}

import pytest

from foibot.core.model import Classification, Kind


def test_kind_values_are_the_corpus_labels() -> None:
    assert {k.value for k in Kind} == {
        "acknowledgement",
        "clarification_request",
        "stay_alive_check",
        "extension",
        "response_provided",
        "not_held",
        "refusal",
        "fee_notice",
        "internal_review_acknowledgement",
        "internal_review_outcome",
        "delivery_failure",
        "auto_reply",
        "other",
    }


def test_confidence_must_be_a_probability() -> None:
    with pytest.raises(ValueError):
        Classification(kind=Kind.OTHER, confidence=1.5, evidence=())

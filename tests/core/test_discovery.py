"""Finding requests in the Sent folder, guessing their law, and reading the requester's replies."""

from __future__ import annotations

from foibot.core.discovery import DiscoveryPolicy, guess_regime, request_evidence, sent_event_kind
from foibot.core.lifecycle import EventKind
from foibot.core.model import Mail
from tests.core.test_matching import mail

POLICY = DiscoveryPolicy(owner_addresses=("alex@example.org",))


def outgoing(text: str, to: str = "foi@northmere.gov.uk", subject: str = "A question") -> Mail:
    return mail(from_addr="alex@example.org", to=(to,), subject=subject, new_text=text, body=text)


def test_foi_wording_to_an_external_address_is_a_request() -> None:
    assert request_evidence(outgoing("Under the Freedom of Information Act please send ..."), POLICY)
    assert request_evidence(outgoing("x", subject="FOI request: bins"), POLICY)
    assert request_evidence(outgoing("Under the Act, I would ask you to please provide the figures."), POLICY)


def test_personal_mail_and_mail_to_myself_are_not_requests() -> None:
    assert request_evidence(outgoing("See you at the allotment on Sunday"), POLICY) is None
    to_self = outgoing("Freedom of Information notes", to="alex+notes@example.org")
    assert request_evidence(to_self, POLICY) is None


def test_listed_authority_domain_needs_no_wording() -> None:
    policy = DiscoveryPolicy(owner_addresses=("alex@example.org",), authority_domains=("northmere.gov.uk",))
    assert request_evidence(outgoing("Could you tell me how many bins you own?"), policy)


def test_regime_guess() -> None:
    assert guess_regime(outgoing("Freedom of Information"), "foi@northmere.gov.uk", POLICY) == "uk_foia"
    assert guess_regime(outgoing("Environmental Information Regulations"), "a@b.gov.uk", POLICY) == "uk_eir"
    assert guess_regime(outgoing("FOI request"), "foi@council.gov.scot", POLICY) == "scot_foisa"
    assert guess_regime(outgoing("under FOISA"), "foi@council.gov.uk", POLICY) == "scot_foisa"
    scot_env = outgoing("Environmental Information (Scotland) Regulations")
    assert guess_regime(scot_env, "a@sepa.org.uk", POLICY) == "scot_eisr"
    override = DiscoveryPolicy(authority_regimes={"northmere.gov.uk": "uk_eir"})
    assert guess_regime(outgoing("Freedom of Information"), "foi@northmere.gov.uk", override) == "uk_eir"


def test_requester_reply_kinds() -> None:
    assert sent_event_kind(outgoing("I still require this information.")) is EventKind.REQUESTER_REPLY
    review = outgoing("Please conduct an internal review of the handling of my request.")
    assert sent_event_kind(review) is EventKind.REVIEW_REQUEST_SENT
    assert sent_event_kind(outgoing("I withdraw my request, thank you.")) is EventKind.WITHDRAWAL_SENT

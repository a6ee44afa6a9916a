"""Shared fixtures. Real servers come from tests/servers/ (Dovecot, aiosmtpd)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.servers.dovecot", "tests.servers.smtp"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (corpus, origin thread, domain notes)."""
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: clone foibot beside the shared/ folder")
    return SHARED

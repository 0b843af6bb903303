"""AppTest fixtures: every test gets its own SQLite file through DATABASE_URL (the app's default store)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from store import db
from tests.app.wizard_helpers import new_app

logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext" noise of bare mode


@pytest.fixture(autouse=True)
def _fresh_sign_in_limits() -> Iterator[None]:
    """The sign-in rate limits count per process; AppTest signs in from one address ("unknown") all day."""
    from ui import session_routes

    for limit in (session_routes.PER_IP, session_routes.PER_NAME, session_routes.REGISTER_IP,
                  session_routes.REGISTER_ALL):
        limit.clear()
    yield


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'wizard.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    db.dispose_engines(url)


@pytest.fixture
def at(db_url: str) -> AppTest:
    """The wizard after its first run (the home page, nothing stored yet)."""
    app = new_app()
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def started(at: AppTest) -> AppTest:
    """A new assessment started from the home page (rule-set and profile as offered: current + Ningbo)."""
    at.button(key="home-start").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def cheap_accounts(monkeypatch, tmp_path) -> None:
    """Argon2 at its cheapest, evidence files in a temporary folder, no deployment switches from the environment."""
    from argon2 import PasswordHasher

    from store import passwords

    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setenv("ATTACHMENTS_DIR", str(tmp_path / "attachments"))
    monkeypatch.delenv("GF_ACCOUNTS", raising=False)
    monkeypatch.delenv("GF_REGISTRATION", raising=False)
    import ui.params

    ui.params.invalidate()


@pytest.fixture
def district(db_url: str, cheap_accounts: None):
    """Accounts on: an admin, two enterprises, a consultant, an official (tests/app/auth_helpers.py)."""
    from tests.app.auth_helpers import build_district

    return build_district(db_url)

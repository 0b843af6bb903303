"""AppTest fixtures: every test gets its own SQLite file through DATABASE_URL (the app's default store)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest
from wizard_helpers import new_app

from store import db

logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext" noise of bare mode


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

"""The wizard's autosave and resume on both databases: SQLite (default) and PostgreSQL (TEST_DATABASE_URL,
started by .ci/run; with REQUIRE_POSTGRES=1 a missing URL fails instead of skipping)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from wizard_helpers import goto, new_app, widget

from store import LOCAL, db
from store import assessments as repo


def _pg_url() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not base:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"test_wizard_{uuid.uuid4().hex[:12]}"
    admin = db.build_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = db.normalise_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    try:
        yield url_text
    finally:
        db.dispose_engines(url_text)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'wizard.db'}"
        monkeypatch.setenv("DATABASE_URL", url)
        yield url
        db.dispose_engines(url)
    else:
        for url in _pg_url():
            monkeypatch.setenv("DATABASE_URL", url)
            yield url


def test_autosave_revisions_and_resume(backend_url):
    at = new_app()
    at.run()
    at.button(key="home-start").click().run()
    aid = at.query_params["a"]
    goto(at, "profile")
    for name in ("戊公司", "戊公司（更名）"):
        widget(at, "enterprise.name").input(name).run()
    goto(at, "gates")
    widget(at, "answers.basic_no_violation_3y").set_value(True).run()

    revisions = repo.list_revisions(LOCAL, aid, engine=db.get_engine(backend_url))
    assert [r.revision for r in revisions] == [1, 2, 3, 4]  # the new assessment, then one per change
    first, _ = repo.load(LOCAL, aid, revision=2, engine=db.get_engine(backend_url))
    assert first["enterprise"]["name"] == "戊公司"  # nothing overwritten

    again = new_app()
    again.query_params["a"] = aid
    goto(again, "gates")
    assert widget(again, "answers.basic_no_violation_3y").value is True
    assert again.session_state["_wiz"]["draft"] == at.session_state["_wiz"]["draft"]

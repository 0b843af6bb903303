"""Every store test runs against SQLite (a tmp_path file) and, when TEST_DATABASE_URL is set, PostgreSQL.

Each PostgreSQL test gets a fresh schema (via search_path), dropped afterwards. With REQUIRE_POSTGRES=1 a
missing TEST_DATABASE_URL fails the PostgreSQL tests instead of skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from store import db

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to an empty database (not migrated yet)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.db'}"
        yield url
        db.dispose_engines(url)
    else:
        yield from _fresh_pg_schema()


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A migrated engine on an empty database."""
    return db.get_engine(db_url)


def _fresh_pg_schema() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not base:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"test_store_{uuid.uuid4().hex[:12]}"
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

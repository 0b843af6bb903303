"""A fresh PostgreSQL schema per test, shared by the store and wizard tests.

With REQUIRE_POSTGRES=1 (CI) a missing TEST_DATABASE_URL fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from store import db


def fresh_pg_schema(prefix: str) -> Iterator[str]:
    """Yield a URL whose search_path is a new, empty schema; drop the schema afterwards."""
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not base:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
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

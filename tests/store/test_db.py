"""Engine resolution, caching and SQLite tuning."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from store import LOCAL, db
from store import assessments as repo


def test_engines_are_cached_per_url(engine: Engine, db_url: str) -> None:
    assert db.get_engine(db_url) is engine


def test_database_url_env_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env' / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        assert db.get_engine() is db.get_engine(url)
        assert (tmp_path / "env" / "app.db").exists()  # folder created
        aid = repo.create(LOCAL, {"a": 1})  # no engine given: the default one
        assert repo.load(LOCAL, aid, engine=db.get_engine(url)) == ({"a": 1}, 1)
    finally:
        db.dispose_engines(url)


def test_default_is_sqlite_file_under_repo_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert db.default_url() == f"sqlite:///{db.REPO_ROOT / 'data' / 'app.db'}"
    monkeypatch.setattr(db, "REPO_ROOT", tmp_path)
    try:
        db.get_engine()
        assert (tmp_path / "data" / "app.db").exists()
    finally:
        db.dispose_engines(db.default_url())


def test_sqlite_uses_wal_and_busy_timeout(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    try:
        with db.get_engine(url).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose_engines(url)


def test_in_memory_sqlite_is_shared_across_threads() -> None:
    import threading

    url = "sqlite:///:memory:"
    try:
        aid = repo.create(LOCAL, {"a": 1}, engine=db.get_engine(url))
        seen: list[object] = []
        t = threading.Thread(target=lambda: seen.append(repo.load(LOCAL, aid, engine=db.get_engine(url))))
        t.start()
        t.join()
        assert seen == [({"a": 1}, 1)]
    finally:
        db.dispose_engines(url)


def test_url_normalisation_and_unsupported_backends() -> None:
    assert db.normalise_url("postgresql://u:p@h/d").drivername == "postgresql+psycopg"
    assert db.normalise_url("postgres://u:p@h/d").drivername == "postgresql+psycopg"
    assert db.normalise_url("sqlite:///x.db").drivername == "sqlite"
    with pytest.raises(ValueError, match="不支持"):
        db.build_engine("mysql://u:p@h/d")


def test_store_imports_no_streamlit_nor_upper_layers() -> None:
    import subprocess
    import sys

    code = (
        "import sys, store, store.db, store.assessments, store.migrations\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'streamlit', 'views', 'ui', 'report', 'app'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=db.REPO_ROOT)
    assert out.stdout.strip() == "[]"

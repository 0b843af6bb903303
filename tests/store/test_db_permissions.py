"""The SQLite database is readable by this account only (issue 15): the file and its -wal/-shm files 0600, the
folder 0700, whatever the umask; an existing file and the default data/ folder are narrowed; a folder named by
DATABASE_URL that exists keeps its mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import LOCAL, db
from store import assessments as repo


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default, under which files came out 0644 in a 0755 folder
    yield
    os.umask(old)


def _write(url: str) -> None:
    try:
        repo.create(LOCAL, {"enterprise": {"name": "权限测试"}}, engine=db.get_engine(url))
    finally:
        db.dispose_engines(url)


def test_a_new_database_is_0600_with_its_wal_and_shm_in_a_0700_folder(tmp_path: Path) -> None:
    file = tmp_path / "new" / "deeper" / "app.db"
    url = f"sqlite:///{file}"
    engine = db.get_engine(url)
    with db.write_transaction(engine) as conn:  # an open writer keeps -wal and -shm on disk
        conn.exec_driver_sql("CREATE TABLE probe (x INTEGER)")
        wal, shm = file.with_name("app.db-wal"), file.with_name("app.db-shm")
        assert wal.exists() and shm.exists()
        assert (_mode(file), _mode(wal), _mode(shm)) == (0o600, 0o600, 0o600)
    db.dispose_engines(url)
    assert _mode(file.parent) == 0o700


def test_an_existing_open_file_is_narrowed_and_an_operators_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    file = folder / "app.db"
    file.touch()
    os.chmod(file, 0o644)
    (folder / "app.db-wal").touch()
    os.chmod(folder / "app.db-wal", 0o666)
    url = f"sqlite:///{file}"
    try:
        db.get_engine(url)  # narrowed before SQLite opens them (SQLite removes a -wal left empty on close)
        assert _mode(file) == 0o600 and _mode(folder / "app.db-wal") == 0o600
    finally:
        db.dispose_engines(url)
    assert _mode(folder) == 0o755


def test_the_default_data_folder_is_narrowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(db, "REPO_ROOT", tmp_path)
    (tmp_path / "data").mkdir(mode=0o755)
    os.chmod(tmp_path / "data", 0o755)
    _write(db.default_url())
    assert _mode(tmp_path / "data") == 0o700 and _mode(tmp_path / "data" / "app.db") == 0o600

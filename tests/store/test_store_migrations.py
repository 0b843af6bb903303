"""Migrations: applied once, idempotent, atomic, safe when several processes start at once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Connection, Engine, inspect, select, text

from store import LOCAL, db, migrations
from store import assessments as repo
from store.tables import metadata


def _versions(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(select(migrations.schema_migrations.c.version).order_by(text("version"))))


ALL_VERSIONS = [m.version for m in migrations.MIGRATIONS]


def test_versions_strictly_increase() -> None:
    assert sorted(set(ALL_VERSIONS)) == ALL_VERSIONS
    assert ALL_VERSIONS[0] == 1


def test_migrate_twice_is_a_no_op_and_keeps_data(engine: Engine, db_url: str) -> None:
    aid = repo.create(LOCAL, {"名称": "保留"}, engine=engine)
    assert _versions(engine) == ALL_VERSIONS
    assert db.migrate(engine) == []
    other = db.build_engine(db_url)  # as a second process would
    try:
        assert db.migrate(other) == []
    finally:
        other.dispose()
    assert _versions(engine) == ALL_VERSIONS
    assert repo.load(LOCAL, aid, engine=engine) == ({"名称": "保留"}, 1)


def test_fresh_database_gets_every_migration(db_url: str) -> None:
    engine = db.build_engine(db_url)
    try:
        assert db.migrate(engine) == ALL_VERSIONS
        assert db.migrate(engine) == []
    finally:
        engine.dispose()


def test_migrated_schema_matches_current_tables(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        columns = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name: c.nullable for c in table.columns}, table.name
    uniques = inspector.get_unique_constraints("assessment_revisions")
    assert [u["column_names"] for u in uniques] == [["assessment_id", "revision"]]


def test_processes_starting_at_once_migrate_once(db_url: str) -> None:
    engines = [db.build_engine(db_url) for _ in range(6)]
    start = threading.Barrier(len(engines))
    applied: list[list[int]] = []
    errors: list[BaseException] = []

    def run(engine: Engine) -> None:
        try:
            start.wait()
            applied.append(db.migrate(engine))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert errors == []
        assert sorted(applied) == [[]] * (len(engines) - 1) + [ALL_VERSIONS]
        assert _versions(engines[0]) == ALL_VERSIONS
    finally:
        for e in engines:
            e.dispose()


def test_failed_migration_leaves_nothing_behind(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE half_done (id INTEGER PRIMARY KEY)"))
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migrations.Migration(999, "broken", broken)))
    engine = db.build_engine(db_url)
    try:
        with pytest.raises(RuntimeError, match="step failed"):
            db.migrate(engine)
        names = set(inspect(engine).get_table_names())
        assert "half_done" not in names and "assessments" not in names  # the whole run rolled back (DDL included)
        monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:-1])
        assert db.migrate(engine) == ALL_VERSIONS
    finally:
        engine.dispose()

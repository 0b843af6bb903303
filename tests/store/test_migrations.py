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


def test_upgrade_from_version_1_keeps_assessments(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database made before accounts existed gains the account tables and keeps working for ``local``."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from store.tables import assessment_revisions, assessments

    full = migrations.MIGRATIONS
    monkeypatch.setattr(migrations, "MIGRATIONS", full[:1])
    engine = db.build_engine(db_url)
    try:
        assert db.migrate(engine) == [1]
        aid, now = "old-assessment-id", datetime.now(UTC)
        with engine.begin() as conn:  # what the code of version 1 wrote
            conn.execute(insert(assessments).values(id=aid, created_at=now, updated_at=now, latest_revision=1))
            conn.execute(
                insert(assessment_revisions).values(
                    assessment_id=aid, revision=1, data='{"名称":"旧库中的评价"}', saved_at=now
                )
            )
        monkeypatch.setattr(migrations, "MIGRATIONS", full)
        assert db.migrate(engine) == [m.version for m in full[1:]]
        assert repo.load(LOCAL, aid, engine=engine) == ({"名称": "旧库中的评价"}, 1)
        assert {"users", "organisations", "grants", "attachments", "audit_log"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_one_active_grant_per_pair_is_enforced_by_the_database(engine: Engine) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert, update
    from sqlalchemy.exc import IntegrityError

    from store.tables import grants, organisations, users

    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(organisations).values(id="o1", name="企业", created_at=now))
        conn.execute(insert(users).values(id="u1", username="c", role="consultant", created_at=now))
        conn.execute(insert(grants).values(id="g1", org_id="o1", consultant_id="u1", created_at=now))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(grants).values(id="g2", org_id="o1", consultant_id="u1", created_at=now))
    with engine.begin() as conn:  # once revoked, a new grant is allowed, and the old one stays on record
        conn.execute(update(grants).where(grants.c.id == "g1").values(revoked_at=now))
        conn.execute(insert(grants).values(id="g2", org_id="o1", consultant_id="u1", created_at=now))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(users).values(id="u2", username="c", role="consultant", created_at=now))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(users).values(id="u3", username="x", role="superuser", created_at=now))

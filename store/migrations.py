"""Schema migrations: an ordered list of steps, each applied once and recorded in ``schema_migrations``.

Each step carries its own frozen table definitions (it does not use ``store.tables``), so changing the current
tables later cannot change what an old step creates. Append new steps; never edit one that has shipped.
``store.db.migrate`` runs them inside one transaction, under a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    insert,
    select,
)

from store.sqltypes import NAMING_CONVENTION, UtcDateTime, utcnow


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


schema_migrations = Table(
    "schema_migrations",
    MetaData(naming_convention=NAMING_CONVENTION),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)


def _v1_assessments(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table(
        "assessments",
        md,
        Column("id", String(32), primary_key=True),
        Column("org_id", String(64), nullable=True, index=True),  # owner organisation (accounts work)
        Column("created_by", String(64), nullable=True),  # user id (accounts work)
        Column("title", String(200), nullable=False, server_default=""),  # enterprise name, for lists
        Column("ruleset", String(100), nullable=False, server_default=""),
        Column("profile", String(100), nullable=False, server_default=""),
        Column("created_at", UtcDateTime, nullable=False),
        Column("updated_at", UtcDateTime, nullable=False, index=True),
        Column("latest_revision", Integer, nullable=False, server_default="0"),
        Column("deleted", Boolean, nullable=False, server_default=false()),
    )
    Table(
        "assessment_revisions",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False),
        Column("revision", Integer, nullable=False),
        Column("data", Text, nullable=False),  # the Assessment dict as JSON text (UTF-8, not ASCII-escaped)
        Column("saved_by", String(64), nullable=True),
        Column("saved_at", UtcDateTime, nullable=False),
        Column("note", Text, nullable=False, server_default=""),
        Column("base_revision", Integer, nullable=True),
        Column("is_conflict", Boolean, nullable=False, server_default=false()),
        UniqueConstraint("assessment_id", "revision"),
    )
    md.create_all(conn, checkfirst=False)


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "assessments and their revisions", _v1_assessments),)


def apply_migrations(conn: Connection) -> list[int]:
    """Apply the steps not yet recorded, in order, on ``conn`` (the caller owns transaction and lock)."""
    schema_migrations.create(conn, checkfirst=True)
    done = set(conn.scalars(select(schema_migrations.c.version)))
    applied: list[int] = []
    for step in MIGRATIONS:
        if step.version in done:
            continue
        step.apply(conn)
        conn.execute(insert(schema_migrations).values(version=step.version, name=step.name, applied_at=utcnow()))
        applied.append(step.version)
    return applied

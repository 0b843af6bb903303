"""The current tables, as the repositories query them. They must match what the migrations build
(tests/store/test_store_migrations.py checks that)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from store.sqltypes import NAMING_CONVENTION, UtcDateTime

metadata = MetaData(naming_convention=NAMING_CONVENTION)

assessments = Table(
    "assessments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("org_id", String(64), nullable=True, index=True),
    Column("created_by", String(64), nullable=True),
    Column("title", String(200), nullable=False, server_default=""),
    Column("ruleset", String(100), nullable=False, server_default=""),
    Column("profile", String(100), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False, index=True),
    Column("latest_revision", Integer, nullable=False, server_default="0"),
    Column("deleted", Boolean, nullable=False, server_default=false()),
)

assessment_revisions = Table(
    "assessment_revisions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("saved_by", String(64), nullable=True),
    Column("saved_at", UtcDateTime, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("base_revision", Integer, nullable=True),
    Column("is_conflict", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("assessment_id", "revision"),
)

"""The current tables, as the repositories query them. They must match what the migrations build
(tests/store/test_migrations.py checks that)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
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
    Column("status", String(20), nullable=False, server_default="draft"),  # draft|submitted|approved|returned (v8)
    Column("status_at", UtcDateTime, nullable=True),
    Column("submitted_revision", Integer, nullable=True),
    Column("year", Integer, nullable=True),
    Column("total", Float, nullable=True),
    Column("level", String(100), nullable=False, server_default=""),
    Column("parent_id", String(32), nullable=True, index=True),
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

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("uscc", String(18), nullable=True, unique=True),
    Column("town", String(64), nullable=False, server_default=""),
    Column("district", String(64), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_organisations_district_town", "district", "town"),
    Column("status", String(20), nullable=False, server_default="active"),  # active | pending | closed
)

users = Table(
    "users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False, server_default=""),
    Column("role", String(20), nullable=False),
    Column("org_id", String(32), ForeignKey("organisations.id"), nullable=True, index=True),
    Column("password_hash", String(255), nullable=True),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    CheckConstraint("role IN ('enterprise', 'consultant', 'official', 'admin')", name="role"),
)

jurisdictions = Table(
    "jurisdictions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
    Column("district", String(64), nullable=False),
    Column("town", String(64), nullable=True),  # NULL: the whole district
)

grants = Table(
    "grants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("org_id", String(32), ForeignKey("organisations.id"), nullable=False, index=True),
    Column("consultant_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
    Column("granted_by", String(32), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("revoked_by", String(32), nullable=True),
)
Index(
    "uq_grants_active",
    grants.c.org_id,
    grants.c.consultant_id,
    unique=True,
    sqlite_where=grants.c.revoked_at.is_(None),
    postgresql_where=grants.c.revoked_at.is_(None),
)

attachments = Table(
    "attachments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False),
    Column("item_id", String(100), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("stored_name", String(64), nullable=False, unique=True),
    Column("mime", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("uploaded_by", String(32), nullable=True),
    Column("uploaded_at", UtcDateTime, nullable=False),
    Column("deleted_at", UtcDateTime, nullable=True),
    Column("deleted_by", String(32), nullable=True),
    Index("ix_attachments_assessment_id_item_id", "assessment_id", "item_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("who", String(32), nullable=True),
    Column("who_name", String(64), nullable=False, server_default=""),
    Column("action", String(40), nullable=False, index=True),
    Column("target", String(200), nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default=""),
)

submission_verdicts = Table(  # an official's verdict on one indicator of a submitted revision (v8)
    "submission_verdicts",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("item_id", String(100), nullable=False),
    Column("verdict", String(10), nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("reviewer", String(32), ForeignKey("users.id"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    CheckConstraint("verdict IN ('pass', 'return')", name="verdict"),
)

review_notes = Table(
    "review_notes",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("org_id", String(32), ForeignKey("organisations.id"), nullable=False),
    Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("author", String(32), ForeignKey("users.id"), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_review_notes_org_id_created_at", "org_id", "created_at"),
)

profile_settings = Table(
    "profile_settings",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("profile", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("key", String(100), nullable=False),
    Column("value", Float, nullable=False),
    Column("source", Text, nullable=False),
    Column("updated_by", String(32), nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("profile", "kind", "key"),
    CheckConstraint("kind IN ('level', 'baseline', 'leading')", name="kind"),
)

yardstick_sets = Table(
    "yardstick_sets",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("district", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False, server_default="published"),
    Column("ruleset", String(100), nullable=False, server_default=""),
    Column("data", Text, nullable=False),
    Column("source", Text, nullable=False, server_default=""),
    Column("n_firms", Integer, nullable=False, server_default="0"),
    Column("published_by", String(32), ForeignKey("users.id"), nullable=True),
    Column("published_by_name", String(100), nullable=False, server_default=""),
    Column("published_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    Column("withdrawn_by", String(32), nullable=True),
    UniqueConstraint("district", "version"),
    CheckConstraint("status IN ('published', 'withdrawn')", name="status"),
    CheckConstraint("version >= 1", name="version"),
    Index("ix_yardstick_sets_district_status", "district", "status"),
)

yardstick_pins = Table(
    "yardstick_pins",
    metadata,
    Column("assessment_id", String(32), ForeignKey("assessments.id"), primary_key=True),
    Column("set_id", String(32), ForeignKey("yardstick_sets.id"), nullable=True, index=True),
    Column("set_version", Integer, nullable=True),
    Column("pinned_by", String(32), nullable=True),
    Column("pinned_at", UtcDateTime, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
    Column("method", String(20), nullable=False, server_default="password"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("idle_expires_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
    Column("user_agent", String(200), nullable=False, server_default=""),
)

resume_points = Table(
    "resume_points",
    metadata,
    Column("browser_hash", String(64), primary_key=True),
    Column("owner", String(64), primary_key=True),
    Column("assessment_id", String(32), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False, index=True),
)

org_claims = Table(
    "org_claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
    Column("org_id", String(32), ForeignKey("organisations.id"), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("status", String(20), nullable=False, server_default="pending"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decided_by", String(32), nullable=True),
    Column("joined_org_id", String(32), nullable=True),
    CheckConstraint("status IN ('pending', 'confirmed', 'refused')", name="status"),
    Index("ix_org_claims_status_created_at", "status", "created_at"),
)

login_sources = Table(
    "login_sources",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id"), primary_key=True),
    Column("source", String(64), primary_key=True),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("blocked_until", UtcDateTime, nullable=True),
    Column("last_failure_at", UtcDateTime, nullable=True),
    Column("last_success_at", UtcDateTime, nullable=True),
)

rate_hits = Table(
    "rate_hits",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("bucket", String(20), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_rate_hits_bucket_key_hash_at", "bucket", "key_hash", "at"),
    Index("ix_rate_hits_bucket_at", "bucket", "at"),
)

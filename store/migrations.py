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
    CheckConstraint,
    Column,
    Connection,
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
    insert,
    select,
    text,
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


def _v2_accounts(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    existing = Table("assessments", md, Column("id", String(32), primary_key=True))  # v1's, for the foreign key
    Table(
        "organisations",
        md,
        Column("id", String(32), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("uscc", String(18), nullable=True, unique=True),  # 统一社会信用代码; NULLs do not collide
        Column("town", String(64), nullable=False, server_default=""),  # 镇街 id (criteria/reference/district.yaml)
        Column("district", String(64), nullable=False, server_default=""),
        Column("created_at", UtcDateTime, nullable=False),
        Index("ix_organisations_district_town", "district", "town"),
    )
    Table(
        "users",
        md,
        Column("id", String(32), primary_key=True),
        Column("username", String(64), nullable=False, unique=True),  # normalised (NFKC, lower case)
        Column("display_name", String(100), nullable=False, server_default=""),
        Column("role", String(20), nullable=False),
        Column("org_id", String(32), ForeignKey("organisations.id"), nullable=True, index=True),
        Column("password_hash", String(255), nullable=True),  # NULL: signs in through OIDC only
        Column("failed_attempts", Integer, nullable=False, server_default="0"),
        Column("locked_until", UtcDateTime, nullable=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("disabled", Boolean, nullable=False, server_default=false()),
        CheckConstraint("role IN ('enterprise', 'consultant', 'official', 'admin')", name="role"),
    )
    Table(
        "jurisdictions",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
        Column("district", String(64), nullable=False),
        Column("town", String(64), nullable=True),  # NULL: the whole district
    )
    grants = Table(
        "grants",
        md,
        Column("id", String(32), primary_key=True),
        Column("org_id", String(32), ForeignKey("organisations.id"), nullable=False, index=True),
        Column("consultant_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
        Column("granted_by", String(32), nullable=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("revoked_at", UtcDateTime, nullable=True),
        Column("revoked_by", String(32), nullable=True),
    )
    Index(  # at most one active grant per (organisation, consultant)
        "uq_grants_active",
        grants.c.org_id,
        grants.c.consultant_id,
        unique=True,
        sqlite_where=grants.c.revoked_at.is_(None),
        postgresql_where=grants.c.revoked_at.is_(None),
    )
    Table(
        "attachments",
        md,
        Column("id", String(32), primary_key=True),
        Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False),
        Column("item_id", String(100), nullable=False),
        Column("filename", String(255), nullable=False),  # original name, sanitised; metadata only
        Column("stored_name", String(64), nullable=False, unique=True),  # random; the file on disk
        Column("mime", String(100), nullable=False),  # from the content, not from the browser
        Column("size", Integer, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("uploaded_by", String(32), nullable=True),
        Column("uploaded_at", UtcDateTime, nullable=False),
        Column("deleted_at", UtcDateTime, nullable=True),
        Column("deleted_by", String(32), nullable=True),
        Index("ix_attachments_assessment_id_item_id", "assessment_id", "item_id"),
    )
    Table(
        "audit_log",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("at", UtcDateTime, nullable=False, index=True),
        Column("who", String(32), nullable=True),  # user id; NULL for an unknown user or the command line
        Column("who_name", String(64), nullable=False, server_default=""),  # username at the time
        Column("action", String(40), nullable=False, index=True),
        Column("target", String(200), nullable=False, server_default=""),
        Column("detail", Text, nullable=False, server_default=""),
    )
    md.create_all(conn, tables=[t for t in md.sorted_tables if t is not existing], checkfirst=False)


def _v3_reviews_and_settings(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    # earlier steps' tables, for the foreign keys only
    Table("organisations", md, Column("id", String(32), primary_key=True))
    Table("assessments", md, Column("id", String(32), primary_key=True))
    Table("users", md, Column("id", String(32), primary_key=True))
    review_notes = Table(
        "review_notes",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("org_id", String(32), ForeignKey("organisations.id"), nullable=False),
        Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False, index=True),
        Column("revision", Integer, nullable=False),  # the revision the official read
        Column("author", String(32), ForeignKey("users.id"), nullable=False),
        Column("note", Text, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Index("ix_review_notes_org_id_created_at", "org_id", "created_at"),
    )
    profile_settings = Table(
        "profile_settings",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("profile", String(100), nullable=False),
        Column("kind", String(20), nullable=False),  # level (分数线) | baseline (基准值) | leading (引领值)
        Column("key", String(100), nullable=False),  # level id, or indicator id (id@variant)
        Column("value", Float, nullable=False),
        Column("source", Text, nullable=False),  # required: where the number comes from
        Column("updated_by", String(32), nullable=True),
        Column("updated_at", UtcDateTime, nullable=False),
        UniqueConstraint("profile", "kind", "key"),
        CheckConstraint("kind IN ('level', 'baseline', 'leading')", name="kind"),
    )
    md.create_all(conn, tables=[review_notes, profile_settings], checkfirst=False)


def _v4_yardstick_sets(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    # earlier steps' tables, for the foreign keys only
    Table("assessments", md, Column("id", String(32), primary_key=True))
    Table("users", md, Column("id", String(32), primary_key=True))
    sets = Table(
        "yardstick_sets",
        md,
        Column("id", String(32), primary_key=True),
        Column("district", String(64), nullable=False),  # district id, as organisations.district
        Column("name", String(200), nullable=False),
        Column("year", Integer, nullable=False),  # the data year
        Column("version", Integer, nullable=False),  # 1, 2, … per district, assigned by the store
        Column("status", String(20), nullable=False, server_default="published"),
        Column("ruleset", String(100), nullable=False, server_default=""),
        Column("data", Text, nullable=False),  # the YardstickSet as JSON text (UTF-8, floats exact)
        Column("source", Text, nullable=False, server_default=""),
        Column("n_firms", Integer, nullable=False, server_default="0"),
        Column("published_by", String(32), ForeignKey("users.id"), nullable=True),  # NULL: the command line
        Column("published_by_name", String(100), nullable=False, server_default=""),  # display name at the time
        Column("published_at", UtcDateTime, nullable=False),
        Column("withdrawn_at", UtcDateTime, nullable=True),
        Column("withdrawn_by", String(32), nullable=True),
        UniqueConstraint("district", "version"),
        CheckConstraint("status IN ('published', 'withdrawn')", name="status"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_yardstick_sets_district_status", "district", "status"),
    )
    pins = Table(
        "yardstick_pins",
        md,
        Column("assessment_id", String(32), ForeignKey("assessments.id"), primary_key=True),
        Column("set_id", String(32), ForeignKey("yardstick_sets.id"), nullable=True, index=True),  # NULL: none
        Column("set_version", Integer, nullable=True),
        Column("pinned_by", String(32), nullable=True),
        Column("pinned_at", UtcDateTime, nullable=False),
    )
    md.create_all(conn, tables=[sets, pins], checkfirst=False)


def _v5_sessions(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table("users", md, Column("id", String(32), primary_key=True))  # v2's, for the foreign key only
    sessions = Table(
        "sessions",
        md,
        Column("token_hash", String(64), primary_key=True),  # sha256 hex of the cookie's token; the token is not kept
        Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),
        Column("method", String(20), nullable=False, server_default="password"),
        Column("created_at", UtcDateTime, nullable=False),
        Column("last_seen_at", UtcDateTime, nullable=False),
        Column("idle_expires_at", UtcDateTime, nullable=False),  # last seen + the idle timeout
        Column("expires_at", UtcDateTime, nullable=False, index=True),  # created + the absolute lifetime
        Column("user_agent", String(200), nullable=False, server_default=""),  # a hint for the admin, not trusted
    )
    md.create_all(conn, tables=[sessions], checkfirst=False)


def _v6_resume_points(conn: Connection) -> None:
    md = MetaData(naming_convention=NAMING_CONVENTION)
    resume = Table(
        "resume_points",
        md,
        Column("browser_hash", String(64), primary_key=True),  # sha256 hex of the browser cookie; not the cookie
        Column("owner", String(64), primary_key=True),  # "local" (no accounts) or the signed-in user's id
        Column("assessment_id", String(32), nullable=False),
        Column("updated_at", UtcDateTime, nullable=False, index=True),
    )
    md.create_all(conn, tables=[resume], checkfirst=False)


def _v7_registration_claims(conn: Connection) -> None:
    """Registration that cannot squat: organisations get a status (a self-registered one is ``pending`` until a
    reviewer confirms its claim), the claims themselves, and sign-in failures counted per account and source."""
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table("users", md, Column("id", String(32), primary_key=True))  # v2's, for the foreign keys only
    Table("organisations", md, Column("id", String(32), primary_key=True))
    claims = Table(
        "org_claims",
        md,
        Column("id", String(32), primary_key=True),
        Column("user_id", String(32), ForeignKey("users.id"), nullable=False, index=True),  # who registered
        Column("org_id", String(32), ForeignKey("organisations.id"), nullable=False),  # the pending org it made
        Column("uscc", String(18), nullable=False, index=True),  # claimed; not unique: a second claim queues
        Column("status", String(20), nullable=False, server_default="pending"),
        Column("created_at", UtcDateTime, nullable=False),
        Column("decided_at", UtcDateTime, nullable=True),
        Column("decided_by", String(32), nullable=True),  # user id; NULL with decided_at: the command line
        Column("joined_org_id", String(32), nullable=True),  # confirmed into an organisation that already existed
        CheckConstraint("status IN ('pending', 'confirmed', 'refused')", name="status"),
        Index("ix_org_claims_status_created_at", "status", "created_at"),
    )
    sources = Table(
        "login_sources",
        md,
        Column("user_id", String(32), ForeignKey("users.id"), primary_key=True),
        Column("source", String(64), primary_key=True),  # an IPv4 address or an IPv6 /64 prefix
        Column("failures", Integer, nullable=False, server_default="0"),  # wrong passwords since the last success
        Column("blocked_until", UtcDateTime, nullable=True),
        Column("last_failure_at", UtcDateTime, nullable=True),
        Column("last_success_at", UtcDateTime, nullable=True),  # a recent success makes the source "known"
    )
    md.create_all(conn, tables=[claims, sources], checkfirst=False)
    # existing organisations stay visible: they were made by an admin or registered before claims were reviewed
    conn.execute(text("ALTER TABLE organisations ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT 'active'"))


def _v8_submissions(conn: Connection) -> None:
    """The yearly cycle: an assessment's status (草稿 → 已提交 → 初审通过 / 退回补充), the year, total and level shown in
    lists, the submitted assessment a new draft was copied from, and the official's verdict per indicator."""
    md = MetaData(naming_convention=NAMING_CONVENTION)
    Table("assessments", md, Column("id", String(32), primary_key=True))  # v1's, for the foreign key only
    Table("users", md, Column("id", String(32), primary_key=True))
    added = (
        Column("status", String(20), nullable=False, server_default="draft"),
        Column("status_at", UtcDateTime, nullable=True),  # when the status last changed
        Column("submitted_revision", Integer, nullable=True),  # the revision that was submitted
        Column("year", Integer, nullable=True),  # 评价年度, copied from the data
        Column("total", Float, nullable=True),  # the engine's total when last saved or submitted
        Column("level", String(100), nullable=False, server_default=""),  # its level name
        Column("parent_id", String(32), nullable=True, index=True),  # the submitted assessment this draft copies
    )
    for col in added:
        kind = col.type.compile(dialect=conn.dialect)
        default = f" NOT NULL DEFAULT '{col.server_default.arg}'" if col.server_default is not None else ""  # type: ignore[attr-defined]
        conn.execute(text(f"ALTER TABLE assessments ADD COLUMN {col.name} {kind}{default}"))
    conn.execute(text("CREATE INDEX ix_assessments_parent_id ON assessments (parent_id)"))
    verdicts = Table(
        "submission_verdicts",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False, index=True),
        Column("revision", Integer, nullable=False),  # the submitted revision the official reviewed
        Column("item_id", String(100), nullable=False),  # indicator id
        Column("verdict", String(10), nullable=False),
        Column("comment", Text, nullable=False, server_default=""),
        Column("reviewer", String(32), ForeignKey("users.id"), nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        CheckConstraint("verdict IN ('pass', 'return')", name="verdict"),
    )
    md.create_all(conn, tables=[verdicts], checkfirst=False)


def _v9_rate_hits(conn: Connection) -> None:
    """Sign-in and registration rate limits shared by every replica: one row per counted attempt (store.throttle)."""
    md = MetaData(naming_convention=NAMING_CONVENTION)
    hits = Table(
        "rate_hits",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("bucket", String(20), nullable=False),  # which limit: "ip", "name", "register_ip", "register_all"
        Column("key_hash", String(64), nullable=False),  # sha256 of bucket and key (an address, a user name)
        Column("at", UtcDateTime, nullable=False),
        Index("ix_rate_hits_bucket_key_hash_at", "bucket", "key_hash", "at"),
        Index("ix_rate_hits_bucket_at", "bucket", "at"),
    )
    md.create_all(conn, tables=[hits], checkfirst=False)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "assessments and their revisions", _v1_assessments),
    Migration(2, "accounts: organisations, users, jurisdictions, grants, attachments, audit log", _v2_accounts),
    Migration(3, "初审 review notes and administrator profile settings", _v3_reviews_and_settings),
    Migration(4, "published district yardstick sets and the set each assessment is pinned to", _v4_yardstick_sets),
    Migration(5, "sign-in sessions (a hash of each cookie token, idle and absolute expiry)", _v5_sessions),
    Migration(6, "the assessment each browser last worked on, per user (resume on return)", _v6_resume_points),
    Migration(7, "organisation status, registration claims, sign-in failures per account and source",
              _v7_registration_claims),
    Migration(8, "assessment status and review per indicator (submit, 初审, return), year/total/level in lists",
              _v8_submissions),
    Migration(9, "sign-in and registration rate limits in the database (shared by replicas)", _v9_rate_hits),
)


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

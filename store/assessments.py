"""Assessment repository: every save appends a revision; nothing is overwritten.

Each function takes the calling ``Actor`` first and passes the stored row through ``_check_access`` before
reading or writing; lists apply the same rule in SQL (``store.scope.org_scope`` holds it). Data is any
JSON-serialisable dict: drafts may be incomplete or even invalid for ``scoring.models.Assessment``; validating
them is the caller's business, keeping them is ours.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Row, func, insert, select, update

from store import audit
from store.access import Actor
from store.db import get_engine, read_transaction, retry_on_unique_violation, write_transaction
from store.errors import AccessDenied, InvalidData, Locked, NotFound, TooLarge
from store.scope import live_user, org_scope
from store.sqltypes import utcnow
from store.tables import assessment_revisions as revisions_t
from store.tables import assessments as assessments_t
from store.tables import users

MAX_DATA_BYTES = 2 * 1024 * 1024  # of UTF-8 JSON


@dataclass(frozen=True)
class SaveOutcome:
    revision: int  # the revision this save created; it is now the latest
    conflict: bool  # base_revision was older than the latest: this save and the newer ones are all kept
    latest_revision: int  # the latest revision before this save (what base_revision was compared with)
    base_revision: int | None = None

    @property
    def message(self) -> str:
        """A Chinese notice for the UI; empty when there was no conflict."""
        if not self.conflict:
            return ""
        return (
            f"保存冲突：您是在第 {self.base_revision} 版的基础上修改的，但在此期间已有他人保存到第 "
            f"{self.latest_revision} 版。两个版本都已保留，您的修改保存为第 {self.revision} 版（现为最新版）。"
            "请在“历史版本”中核对对方的修改。"
        )


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    saved_at: datetime
    saved_by: str | None
    note: str
    base_revision: int | None
    is_conflict: bool
    saved_by_name: str = ""  # the saver's display name (empty for the single-user mode)

    @property
    def restored_from(self) -> int | None:
        """The revision this one restored (``restore``), or None for an ordinary save."""
        head, _, number = self.note.partition(":")
        return int(number) if head == RESTORE_NOTE and number.isdigit() else None


RESTORE_NOTE = "restore"  # a restore's note is "restore:<revision>", read back by RevisionInfo.restored_from
SITTING_GAP = timedelta(minutes=10)  # autosaves closer than this, by one saver, are one sitting


@dataclass(frozen=True)
class RevisionGroup:
    """Consecutive revisions of one sitting (``group_revisions``), oldest first."""

    revisions: tuple[RevisionInfo, ...]

    @property
    def first(self) -> RevisionInfo:
        return self.revisions[0]

    @property
    def last(self) -> RevisionInfo:
        return self.revisions[-1]

    @property
    def count(self) -> int:
        return len(self.revisions)

    @property
    def has_conflict(self) -> bool:
        return any(r.is_conflict for r in self.revisions)


def group_revisions(revisions: list[RevisionInfo], gap: timedelta = SITTING_GAP) -> list[RevisionGroup]:
    """Sittings: a revision joins the previous one's group when the same user saved it less than ``gap`` after
    it; a restore always starts its own group (it is an explicit act, not an autosave). Oldest first."""
    groups: list[list[RevisionInfo]] = []
    for rev in revisions:
        prev = groups[-1][-1] if groups else None
        joins = (prev is not None and rev.saved_by == prev.saved_by and rev.restored_from is None
                 and rev.saved_at - prev.saved_at < gap)
        if joins:
            groups[-1].append(rev)
        else:
            groups.append([rev])
    return [RevisionGroup(tuple(g)) for g in groups]


@dataclass(frozen=True)
class AssessmentInfo:
    id: str
    title: str
    ruleset: str
    profile: str
    org_id: str | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    latest_revision: int
    deleted: bool
    status: str = "draft"  # draft | submitted | approved | returned (store.submissions.STATUS_NAMES)
    status_at: datetime | None = None
    submitted_revision: int | None = None
    year: int | None = None  # 评价年度
    total: float | None = None
    level: str = ""
    parent_id: str | None = None  # the submitted assessment this draft was copied from

    @property
    def locked(self) -> bool:
        """Submitted or reviewed: the store refuses writes (editing opens a new draft)."""
        return self.status != "draft"


LOCKED_MESSAGE = "该评价已提交（{status}），不能再修改；如需修改，请点击“修改并新建草稿”"


def refuse_locked(row: Row[Any]) -> None:
    """Locked (raised) when the stored row is submitted or reviewed; for every writer of an assessment's content
    (saves here; evidence files should call it too)."""
    if row.status != "draft":
        from store.submissions import STATUS_NAMES  # a cycle otherwise: submissions uses this module

        raise Locked(LOCKED_MESSAGE.format(status=STATUS_NAMES.get(row.status, row.status)))


class _Owned(Protocol):
    @property
    def org_id(self) -> str | None: ...


@dataclass(frozen=True)
class _NewAssessment:
    """What ``_check_access`` sees for an assessment about to be created."""

    org_id: str | None
    created_by: str | None


def _check_access(conn: Connection, actor: Actor, assessment_row: _Owned, write: bool) -> None:
    """The single access check for one stored assessment; every read and write calls it. Raises AccessDenied.

    The rule itself (role → organisations readable / writable) is ``store.scope.org_scope``, re-read from the
    database on every call; ``list_assessments`` applies the same scope in SQL.
    """
    scope = org_scope(conn, actor, write=write)
    if not scope.allows(conn, assessment_row.org_id):
        raise AccessDenied(scope.denied)


def check_access(conn: Connection, actor: Actor, assessment_id: str, *, write: bool) -> Row[Any]:
    """For other repositories (attachments): the live assessment row, after ``_check_access``."""
    row = _fetch(conn, assessment_id, lock=write)
    _check_access(conn, actor, row, write)
    return row


def _owner_for_new(conn: Connection, actor: Actor, org_id: str | None) -> str | None:
    """An enterprise user always creates for its own organisation: ``org_id`` defaults to it and may not differ.
    A consultant names the client (the access check then wants an active grant from it)."""
    if actor.role == "consultant" and org_id is None:
        raise AccessDenied("请先选择已授权您的企业，再为其创建评价")
    if actor.role != "enterprise":
        return org_id
    own: str | None = live_user(conn, actor).org_id
    if org_id is not None and org_id != own:
        raise AccessDenied("企业用户只能为本企业创建评价")
    return own


def create(
    actor: Actor, data: dict[str, Any], *, org_id: str | None = None, note: str = "", engine: Engine | None = None,
    total: float | None = None, level: str = "",
) -> str:
    """Store a new assessment as revision 1; returns its unguessable id.

    ``org_id`` is the organisation it belongs to: an enterprise user's own (the default for them), a client's
    for a consultant (who needs an active grant from it), None for the local single-user deployment.
    """
    payload = _encode(data)

    def attempt() -> str:
        assessment_id, now = secrets.token_urlsafe(16), utcnow()
        with write_transaction(engine or get_engine()) as conn:
            owner = _owner_for_new(conn, actor, org_id)
            _check_access(conn, actor, _NewAssessment(org_id=owner, created_by=actor.user_id), write=True)
            conn.execute(
                insert(assessments_t).values(
                    id=assessment_id,
                    org_id=owner,
                    created_by=actor.user_id,
                    created_at=now,
                    updated_at=now,
                    latest_revision=1,
                    **_summary(data, total, level),
                )
            )
            _insert_revision(conn, assessment_id, 1, payload, actor, now, note, None, False)
        return assessment_id

    return retry_on_unique_violation(attempt)


def save(
    actor: Actor,
    assessment_id: str,
    data: dict[str, Any],
    base_revision: int | None = None,
    note: str = "",
    *,
    engine: Engine | None = None,
    total: float | None = None,
    level: str = "",
) -> SaveOutcome:
    """Append ``data`` as the next revision.

    ``base_revision`` is the revision the user's edit started from. If a newer one was saved meanwhile, this
    save is still stored (marked as a conflict, so both versions are kept) and the outcome says so.
    """
    payload = _encode(data)

    def attempt() -> SaveOutcome:
        with write_transaction(engine or get_engine()) as conn:
            row = _fetch(conn, assessment_id, lock=True)
            _check_access(conn, actor, row, write=True)
            refuse_locked(row)
            latest = row.latest_revision
            if base_revision is not None and not 1 <= base_revision <= latest:
                raise InvalidData(f"基准版本第 {base_revision} 版不存在（最新为第 {latest} 版）")
            conflict = base_revision is not None and base_revision < latest
            revision = _append(conn, actor, assessment_id, latest + 1, payload, data, note, base_revision, conflict,
                               total, level)
        return SaveOutcome(revision, conflict, latest, base_revision)

    return retry_on_unique_violation(attempt)


def restore(
    actor: Actor, assessment_id: str, revision: int, base_revision: int | None = None, *, engine: Engine | None = None
) -> SaveOutcome:
    """Save the data of an earlier ``revision`` again, as a new latest revision (nothing is removed; the note
    records which one was restored). Needs write access, as ``save``; ``base_revision`` as there."""

    def attempt() -> SaveOutcome:
        with write_transaction(engine or get_engine()) as conn:
            row = _fetch(conn, assessment_id, lock=True)
            _check_access(conn, actor, row, write=True)
            refuse_locked(row)
            latest = row.latest_revision
            if not 1 <= revision < latest:
                raise InvalidData(f"不能恢复第 {revision} 版：可恢复的是第 1 至第 {latest - 1} 版")
            if base_revision is not None and not 1 <= base_revision <= latest:
                raise InvalidData(f"基准版本第 {base_revision} 版不存在（最新为第 {latest} 版）")
            payload = conn.scalar(
                select(revisions_t.c.data).where(
                    revisions_t.c.assessment_id == assessment_id, revisions_t.c.revision == revision
                )
            )
            if payload is None:
                raise NotFound(f"该评价没有第 {revision} 版")
            conflict = base_revision is not None and base_revision < latest
            new = _append(conn, actor, assessment_id, latest + 1, payload, json.loads(payload),
                          f"{RESTORE_NOTE}:{revision}", base_revision, conflict)
        return SaveOutcome(new, conflict, latest, base_revision)

    return retry_on_unique_violation(attempt)


def load(
    actor: Actor, assessment_id: str, revision: int | None = None, *, engine: Engine | None = None
) -> tuple[dict[str, Any], int]:
    """The data of ``revision`` (default: the latest) and its number."""
    with read_transaction(engine or get_engine()) as conn:
        row = _fetch(conn, assessment_id)
        _check_access(conn, actor, row, write=False)
        number = row.latest_revision if revision is None else revision
        payload = conn.scalar(
            select(revisions_t.c.data).where(
                revisions_t.c.assessment_id == assessment_id, revisions_t.c.revision == number
            )
        )
    if payload is None:
        raise NotFound(f"该评价没有第 {number} 版")
    return json.loads(payload), number


def list_revisions(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> list[RevisionInfo]:
    """All revisions of one assessment, oldest first, without their data."""
    cols = [revisions_t.c[name] for name in RevisionInfo.__dataclass_fields__ if name != "saved_by_name"]
    query = (
        select(*cols, func.coalesce(users.c.display_name, "").label("saved_by_name"))
        .outerjoin(users, users.c.id == revisions_t.c.saved_by)
        .where(revisions_t.c.assessment_id == assessment_id)
        .order_by(revisions_t.c.revision)
    )
    with read_transaction(engine or get_engine()) as conn:
        _check_access(conn, actor, _fetch(conn, assessment_id), write=False)
        rows = conn.execute(query).all()
    return [RevisionInfo(**row._mapping) for row in rows]


def list_revision_groups(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> list[RevisionGroup]:
    """The revisions grouped into sittings (``group_revisions``), newest sitting first."""
    return group_revisions(list_revisions(actor, assessment_id, engine=engine))[::-1]


def list_assessments(
    actor: Actor, *, include_deleted: bool = False, limit: int | None = 200, engine: Engine | None = None
) -> list[AssessmentInfo]:
    """The assessments ``actor`` may read, most recently updated first (filtered in SQL by the actor's scope).

    A guest gets an empty list; an actor whose role reaches nothing stored (local once accounts are on, a
    disabled account) gets AccessDenied.
    """
    if actor.role == "guest":
        return []
    query = select(assessments_t).order_by(assessments_t.c.updated_at.desc(), assessments_t.c.id)
    if not include_deleted:
        query = query.where(assessments_t.c.deleted.is_(False))
    if limit is not None:
        query = query.limit(limit)
    with read_transaction(engine or get_engine()) as conn:
        scope = org_scope(conn, actor, write=False)
        rows = conn.execute(query.where(scope.clause(assessments_t.c.org_id))).all()
    return [AssessmentInfo(**row._mapping) for row in rows]


def latest_by_org(
    actor: Actor, *, submitted_only: bool = False, engine: Engine | None = None
) -> list[tuple[AssessmentInfo, dict[str, Any]]]:
    """For each organisation the actor may read, its most recently updated assessment and that assessment's
    latest data (one query; an official's pool of the jurisdiction). Assessments without an organisation are
    left out. ``submitted_only``: drafts are left out, and the latest is the one whose status changed last
    (submitted, approved or returned) — what an official screens."""
    if actor.role == "guest":
        return []
    query = (
        select(assessments_t, revisions_t.c.data)
        .join(
            revisions_t,
            (revisions_t.c.assessment_id == assessments_t.c.id)
            & (revisions_t.c.revision == assessments_t.c.latest_revision),
        )
        .where(assessments_t.c.deleted.is_(False), assessments_t.c.org_id.is_not(None))
    )
    if submitted_only:
        query = query.where(assessments_t.c.status != "draft").order_by(
            assessments_t.c.status_at.desc(), assessments_t.c.id)
    else:
        query = query.order_by(assessments_t.c.updated_at.desc(), assessments_t.c.id)
    fields = AssessmentInfo.__dataclass_fields__
    out: dict[str, tuple[AssessmentInfo, dict[str, Any]]] = {}
    with read_transaction(engine or get_engine()) as conn:
        scope = org_scope(conn, actor, write=False)
        for row in conn.execute(query.where(scope.clause(assessments_t.c.org_id))):
            if row.org_id in out:
                continue
            info = AssessmentInfo(**{k: v for k, v in row._mapping.items() if k in fields})
            try:
                data = json.loads(row.data)
            except ValueError:
                continue
            if isinstance(data, dict):
                out[row.org_id] = (info, data)
    return list(out.values())


def delete(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> None:
    """Hide a draft (soft delete): its revisions stay in the database and an administrator can restore it
    (``undelete``). A submitted or reviewed assessment is a record and is not deleted. Recorded in the audit log."""
    with write_transaction(engine or get_engine()) as conn:
        row = _fetch(conn, assessment_id, lock=True)
        _check_access(conn, actor, row, write=True)
        if row.status != "draft":
            raise Locked("已提交或已审核的评价不能删除，只有草稿可以删除")
        conn.execute(
            update(assessments_t).where(assessments_t.c.id == assessment_id).values(deleted=True, updated_at=utcnow())
        )
        audit.record(conn, "assessment_delete", who=actor.user_id, target=assessment_id, detail={"title": row.title})


def undelete(actor: Actor | None, assessment_id: str, *, engine: Engine | None = None) -> None:
    """Bring a deleted draft back; an administrator's act (``actor`` None: the server's command line)."""
    with write_transaction(engine or get_engine()) as conn:
        if actor is not None and (actor.role != "admin" or live_user(conn, actor).role != "admin"):
            raise AccessDenied("只有管理员可以恢复已删除的评价")
        row = conn.execute(select(assessments_t).where(assessments_t.c.id == assessment_id).with_for_update()).first()
        if row is None:
            raise NotFound()
        if not row.deleted:
            raise InvalidData("该评价未被删除，无需恢复")
        conn.execute(
            update(assessments_t).where(assessments_t.c.id == assessment_id).values(deleted=False, updated_at=utcnow())
        )
        who = actor.user_id if actor is not None else None
        audit.record(conn, "assessment_undelete", who=who, who_name="" if who else audit.CLI, target=assessment_id,
                     detail={"title": row.title})


def list_deleted(actor: Actor | None, *, engine: Engine | None = None) -> list[AssessmentInfo]:
    """Deleted drafts, most recently deleted first; for the administrator's restore list (``actor`` None: the
    server's command line, ``python -m store list-deleted``)."""
    with read_transaction(engine or get_engine()) as conn:
        if actor is not None and (actor.role != "admin" or live_user(conn, actor).role != "admin"):
            raise AccessDenied("只有管理员可以查看已删除的评价")
        rows = conn.execute(select(assessments_t).where(assessments_t.c.deleted.is_(True))
                            .order_by(assessments_t.c.updated_at.desc(), assessments_t.c.id)).all()
    return [AssessmentInfo(**row._mapping) for row in rows]


def list_deleted_unchecked(*, engine: Engine | None = None) -> list[AssessmentInfo]:
    """``list_deleted`` for the command line (whoever runs commands on the server already has the database)."""
    return list_deleted(None, engine=engine)


# ---- helpers ---------------------------------------------------------------------------------------


def _fetch(conn: Connection, assessment_id: str, *, lock: bool = False) -> Row[Any]:
    """The live assessment row, or NotFound. ``lock`` takes a row lock on PostgreSQL (SQLite's write
    transaction already excludes other writers)."""
    query = select(assessments_t).where(assessments_t.c.id == assessment_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None or row.deleted:
        raise NotFound()
    return row


def _append(
    conn: Connection,
    actor: Actor,
    assessment_id: str,
    revision: int,
    payload: str,
    data: dict[str, Any],
    note: str,
    base_revision: int | None,
    conflict: bool,
    total: float | None = None,
    level: str = "",
) -> int:
    """Insert ``revision`` and make it the assessment's latest (after the caller's access check)."""
    now = utcnow()
    _insert_revision(conn, assessment_id, revision, payload, actor, now, note, base_revision, conflict)
    conn.execute(
        update(assessments_t)
        .where(assessments_t.c.id == assessment_id)
        .values(latest_revision=revision, updated_at=now, **_summary(data, total, level))
    )
    return revision


def _insert_revision(
    conn: Connection,
    assessment_id: str,
    revision: int,
    payload: str,
    actor: Actor,
    saved_at: datetime,
    note: str,
    base_revision: int | None,
    is_conflict: bool,
) -> None:
    conn.execute(
        insert(revisions_t).values(
            assessment_id=assessment_id,
            revision=revision,
            data=payload,
            saved_by=actor.user_id,
            saved_at=saved_at,
            note=note,
            base_revision=base_revision,
            is_conflict=is_conflict,
        )
    )


def _encode(data: object) -> str:
    """JSON text of ``data`` (Chinese kept as is, floats exact), or InvalidData / TooLarge."""
    if not isinstance(data, dict):
        raise InvalidData(f"评价数据必须是 JSON 对象（字典），收到的是 {type(data).__name__}")
    try:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except TypeError as e:
        raise InvalidData(f"评价数据中有无法保存为 JSON 的值（{e}）") from e
    except ValueError as e:  # NaN / infinity, or a circular reference
        raise InvalidData(f"评价数据中有 NaN、无穷大或循环引用，无法保存（{e}）") from e
    except RecursionError as e:
        raise InvalidData("评价数据嵌套层级过深，无法保存") from e
    try:
        size = len(payload.encode("utf-8"))
    except UnicodeEncodeError as e:  # a lone surrogate, e.g. from an imported "\ud800" escape
        raise InvalidData("评价数据中有无效的字符（不成对的 Unicode 代理字符），无法保存") from e
    if size > MAX_DATA_BYTES:
        raise TooLarge(size, MAX_DATA_BYTES)
    return payload


def _summary(data: dict[str, Any], total: float | None = None, level: str = "") -> dict[str, Any]:
    """Columns copied from the data for lists (read defensively: drafts may be malformed); ``total`` and
    ``level`` are the engine's, when the caller scored the data."""
    enterprise = data.get("enterprise")
    name = enterprise.get("name") if isinstance(enterprise, dict) else None
    year = data.get("year")
    ok_total = isinstance(total, int | float) and not isinstance(total, bool) and total == total
    return {
        "title": _text(name, 200),
        "ruleset": _text(data.get("ruleset"), 100),
        "profile": _text(data.get("profile"), 100),
        "year": year if isinstance(year, int) and not isinstance(year, bool) and 2000 <= year <= 2100 else None,
        "total": float(total) if ok_total else None,  # type: ignore[arg-type]
        "level": _text(level, 100),
    }


def _text(value: object, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""

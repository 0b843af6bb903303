"""The yearly cycle of one assessment: 草稿 → 已提交 → 初审通过 / 退回补充.

=============  ==============================================================================================
act            who (checked here, from the database, on every call)
=============  ==============================================================================================
submit         an enterprise user of the organisation, or a consultant with an active grant from it (the write
               scope of ``store.scope.org_scope``); only a draft, only when ``submission_problems`` is empty
review         an official whose jurisdiction holds the enterprise (the read scope); only a submitted one;
               one verdict per indicator: 通过, or 退回 with a comment the enterprise reads
redraft        as submit: editing a submitted or reviewed assessment opens a new draft (a copy with a new id,
               ``parent_id`` naming the one it was copied from); the submitted one stays as it was
read verdicts  whoever may read the assessment (enterprise, its consultants, officials, admins)
=============  ==============================================================================================

A submitted or reviewed assessment is locked: ``store.assessments.save`` / ``restore`` / ``delete`` refuse it.
Every transition is written to the audit log in the transaction that makes it.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from locales import render
from scoring.models import Result
from store import audit
from store.access import Actor
from store.assessments import AssessmentInfo, check_access
from store.attachments import attachments_dir
from store.db import get_engine, read_transaction, retry_on_unique_violation, write_transaction
from store.errors import InvalidData, Locked
from store.reviews import clean_note
from store.scope import require_role
from store.sqltypes import utcnow
from store.tables import assessment_revisions as revisions_t
from store.tables import assessments as assessments_t
from store.tables import attachments as attachments_t
from store.tables import submission_verdicts as verdicts_t
from store.tables import users

STATUS_NAMES: dict[str, str] = {
    "draft": "草稿",
    "submitted": "已提交",
    "approved": "初审通过",
    "returned": "退回补充",
}
VERDICT_NAMES: dict[str, str] = {"pass": "通过", "return": "退回"}
MAX_ITEM_ID = 100


@dataclass(frozen=True)
class Verdict:
    item_id: str
    verdict: str  # pass | return
    comment: str
    revision: int
    reviewer: str
    reviewer_name: str
    created_at: datetime


def submission_problems(result: Result) -> list[str]:
    """What stands in the way of submitting, in Chinese, one line per indicator or gate (empty: ready).

    Gates not answered, indicators without their data or answer, values flagged as a probable unit slip and not
    confirmed, and indicators whose evidence (证明材料) is not marked 已具备 (not applicable ones are left out)."""
    out: list[str] = []
    for g in result.gates:
        if g.state == "unanswered":
            out.append(f"基本要求「{render('zh', g.name)}」尚未作答")
    for i in result.indicators:
        if i.state == "not_applicable":
            continue
        name = render("zh", i.name)
        if i.state in ("missing_input", "unanswered"):
            what = "、".join(render("zh", m) for m in i.missing) or "数据或答案"
            out.append(f"指标「{name}」尚未填写完整：缺少{what}")
        elif i.state == "implausible" or i.implausible:
            out.append(f"指标「{name}」的数值疑似单位错误，请核对并确认后再提交")
        if i.evidence_state != "ready":
            out.append(f"指标「{name}」的证明材料未标记为“已具备”")
    return out


def info(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> AssessmentInfo:
    """The assessment's list row (status, year, total, level, parent) after the read check."""
    with read_transaction(engine or get_engine()) as conn:
        return AssessmentInfo(**check_access(conn, actor, assessment_id, write=False)._mapping)


def submit(
    actor: Actor, assessment_id: str, result: Result, *, revision: int, engine: Engine | None = None
) -> AssessmentInfo:
    """Submit the draft: ``result`` is the engine's result of its ``revision``, which must still be the latest.
    Refused (InvalidData listing every problem) while ``submission_problems(result)`` is not empty."""
    problems = submission_problems(result)
    if problems:
        raise InvalidData("还不能提交，请先补齐以下内容：\n" + "\n".join(f"- {p}" for p in problems))
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "enterprise", "consultant", message="只有企业用户或受托咨询机构可以提交评价")
        row = check_access(conn, actor, assessment_id, write=True)
        if row.status != "draft":
            raise Locked(f"该评价已是“{STATUS_NAMES.get(row.status, row.status)}”状态，不能重复提交")
        if revision != row.latest_revision:
            raise InvalidData(f"评价在此期间已保存为第 {row.latest_revision} 版，请刷新页面核对后再提交")
        level = render("zh", result.level_name) if result.level else ""
        _set_status(conn, assessment_id, "submitted", submitted_revision=revision, total=float(result.total),
                    level=level)
        audit.record(conn, "assessment_submit", who=me.id, target=assessment_id,
                     detail={"title": row.title, "year": row.year, "revision": revision, "status": "submitted"})
        return _info(conn, assessment_id)


def review(
    actor: Actor, assessment_id: str, verdicts: Mapping[str, tuple[str, str]], *, engine: Engine | None = None
) -> AssessmentInfo:
    """The official's 初审 of a submitted assessment: ``verdicts`` maps indicator id → (pass | return, comment).
    Any return makes it 退回补充 (a comment is then required), otherwise 初审通过."""
    if not verdicts:
        raise InvalidData("请至少对一项指标给出审核意见")
    clean: list[tuple[str, str, str]] = []
    for item_id, pair in verdicts.items():
        if not isinstance(item_id, str) or not item_id.strip() or len(item_id) > MAX_ITEM_ID:
            raise InvalidData(f"指标编号不正确：{item_id!r}")
        verdict, comment = pair
        if verdict not in VERDICT_NAMES:
            raise InvalidData(f"指标 {item_id} 的审核结论只能是“通过”或“退回”")
        if verdict == "return":
            try:
                comment = clean_note(comment)
            except InvalidData as e:
                raise InvalidData(f"指标 {item_id} 退回时必须填写退回原因（{e}）") from e
        else:
            comment = clean_note(comment) if isinstance(comment, str) and comment.strip() else ""
        clean.append((item_id, verdict, comment))
    returned = sum(1 for _, v, _ in clean if v == "return")
    status = "returned" if returned else "approved"
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "official", message="只有主管部门可以审核评价")
        row = check_access(conn, actor, assessment_id, write=False)
        if row.status != "submitted":
            raise Locked(f"只有“已提交”的评价可以审核，该评价为“{STATUS_NAMES.get(row.status, row.status)}”")
        now = utcnow()
        conn.execute(insert(verdicts_t), [
            {"assessment_id": assessment_id, "revision": row.submitted_revision, "item_id": i, "verdict": v,
             "comment": c, "reviewer": me.id, "created_at": now} for i, v, c in clean])
        _set_status(conn, assessment_id, status)
        action = "assessment_return" if returned else "assessment_approve"
        audit.record(conn, action, who=me.id, target=assessment_id,
                     detail={"title": row.title, "year": row.year, "revision": row.submitted_revision,
                             "status": status, "returned": returned, "passed": len(clean) - returned})
        return _info(conn, assessment_id)


def verdicts_of(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> list[Verdict]:
    """The verdicts of the assessment's latest review, by indicator (empty before a review)."""
    with read_transaction(engine or get_engine()) as conn:
        check_access(conn, actor, assessment_id, write=False)
        return _latest_verdicts(conn, assessment_id)


def returned_comments(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> dict[str, str]:
    """Indicator id → the official's reason for returning it, for the enterprise's pages: the assessment's own
    latest review, or, for a draft opened from a returned one, that one's (what is to be fixed in this draft)."""
    with read_transaction(engine or get_engine()) as conn:
        row = check_access(conn, actor, assessment_id, write=False)
        source = assessment_id
        if row.status == "draft" and row.parent_id:
            source = row.parent_id
            parent = conn.execute(select(assessments_t.c.status).where(assessments_t.c.id == source)).first()
            if parent is None or parent.status != "returned":
                return {}
        elif row.status != "returned":
            return {}
        return {v.item_id: v.comment for v in _latest_verdicts(conn, source) if v.verdict == "return"}


def redraft(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> str:
    """Editing a submitted or reviewed assessment: the id of a new draft copied from it (or of the draft already
    opened from it and not deleted). The submitted one stays locked and unchanged."""

    def attempt() -> str:
        with write_transaction(engine or get_engine()) as conn:
            me = require_role(conn, actor, "enterprise", "consultant",
                              message="只有企业用户或受托咨询机构可以修改评价")
            row = check_access(conn, actor, assessment_id, write=True)
            if row.status == "draft":
                return str(row.id)
            existing = conn.scalar(select(assessments_t.c.id).where(
                assessments_t.c.parent_id == assessment_id, assessments_t.c.deleted.is_(False),
                assessments_t.c.status == "draft"))
            if existing is not None:
                return str(existing)
            payload = conn.scalar(select(revisions_t.c.data).where(
                revisions_t.c.assessment_id == assessment_id, revisions_t.c.revision == row.latest_revision))
            new_id, now = secrets.token_urlsafe(16), utcnow()
            conn.execute(insert(assessments_t).values(
                id=new_id, org_id=row.org_id, created_by=me.id, created_at=now, updated_at=now, latest_revision=1,
                title=row.title, ruleset=row.ruleset, profile=row.profile, year=row.year, total=row.total,
                level=row.level, parent_id=assessment_id, status="draft"))
            conn.execute(insert(revisions_t).values(
                assessment_id=new_id, revision=1, data=payload, saved_by=me.id, saved_at=now,
                note=f"redraft:{assessment_id}", base_revision=None, is_conflict=False))
            copied = _copy_evidence(conn, assessment_id, new_id)
            audit.record(conn, "assessment_redraft", who=me.id, target=new_id,
                         detail={"title": row.title, "year": row.year, "status": row.status, "files": copied})
            return new_id

    return retry_on_unique_violation(attempt)


def status_line(item: AssessmentInfo) -> str:
    """'已提交 · 2026-03-02' (the date in Beijing time) or '草稿'."""
    name = STATUS_NAMES.get(item.status, item.status)
    if item.status == "draft" or item.status_at is None:
        return name
    from zoneinfo import ZoneInfo

    return f"{name} · {item.status_at.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m-%d}"


# ---- helpers ---------------------------------------------------------------------------------------


def _set_status(conn: Connection, assessment_id: str, status: str, **values: Any) -> None:
    now = utcnow()
    conn.execute(update(assessments_t).where(assessments_t.c.id == assessment_id)
                 .values(status=status, status_at=now, updated_at=now, **values))


def _info(conn: Connection, assessment_id: str) -> AssessmentInfo:
    row = conn.execute(select(assessments_t).where(assessments_t.c.id == assessment_id)).one()
    return AssessmentInfo(**row._mapping)


def _copy_evidence(conn: Connection, source: str, target: str) -> int:
    """The evidence files of ``source`` attached to ``target`` too (each a copy of its own, so deleting one in the
    new draft leaves the submitted one's intact); the number copied. Files are copied before the commit, as
    ``store.attachments.save`` writes them, so a failed copy leaves no row."""
    rows = conn.execute(select(attachments_t).where(attachments_t.c.assessment_id == source,
                                                    attachments_t.c.deleted_at.is_(None))).all()
    folder = attachments_dir()
    copied = 0
    for r in rows:
        original = folder / r.stored_name
        if not original.is_file():
            continue  # unreadable already: the evidence page says so for the submitted one
        stored_name = secrets.token_hex(16)
        shutil.copyfile(original, folder / stored_name)
        values = {k: v for k, v in r._mapping.items() if k not in ("id", "assessment_id", "stored_name")}
        conn.execute(insert(attachments_t).values(id=secrets.token_urlsafe(16), assessment_id=target,
                                                  stored_name=stored_name, **values))
        copied += 1
    return copied


def _latest_verdicts(conn: Connection, assessment_id: str) -> list[Verdict]:
    rows = conn.execute(
        select(verdicts_t, users.c.display_name.label("reviewer_name"))
        .join(users, users.c.id == verdicts_t.c.reviewer)
        .where(verdicts_t.c.assessment_id == assessment_id)
        .order_by(verdicts_t.c.created_at.desc(), verdicts_t.c.id)
    ).all()
    if not rows:
        return []
    last = rows[0].created_at
    return [Verdict(item_id=r.item_id, verdict=r.verdict, comment=r.comment, revision=r.revision,
                    reviewer=r.reviewer, reviewer_name=r.reviewer_name or "", created_at=r.created_at)
            for r in rows if r.created_at == last]

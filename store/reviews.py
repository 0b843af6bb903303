"""初审意见: an official's preliminary-review note on one enterprise's assessment (the county-level 初审 of the
truthfulness, accuracy and advancement of each value and its evidence).

Who may do what: an official writes notes on assessments of enterprises inside their jurisdiction (the read scope
of ``store.scope.org_scope``); officials read the notes on enterprises inside their jurisdiction, admins read all.
Enterprises and consultants do not see them. Notes are never edited: a correction is a new note. Each note names
the revision the official read and is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select

from store import audit
from store.access import Actor
from store.assessments import check_access
from store.db import get_engine, read_transaction, write_transaction
from store.errors import InvalidData
from store.scope import org_scope, require_role
from store.sqltypes import utcnow
from store.tables import organisations, review_notes, users
from store.textclean import clean_text

MAX_NOTE_CHARS = 4000


@dataclass(frozen=True)
class ReviewNote:
    id: int
    org_id: str
    org_name: str
    assessment_id: str
    revision: int
    author: str
    author_name: str
    note: str
    created_at: datetime


def clean_note(text: object) -> str:
    """The note with each line cleaned (controls and bidi overrides removed), blank lines at the ends dropped."""
    if not isinstance(text, str):
        raise InvalidData("初审意见必须是文本")
    lines = [clean_text(line, limit=MAX_NOTE_CHARS, field="初审意见") for line in text.splitlines()]
    note = "\n".join(lines).strip()
    if not note:
        raise InvalidData("初审意见不能为空")
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidData(f"初审意见不能超过 {MAX_NOTE_CHARS} 个字符")
    return note


def add_note(
    actor: Actor, assessment_id: str, note: str, *, revision: int | None = None, engine: Engine | None = None
) -> int:
    """An official of the enterprise's jurisdiction records a 初审 note on ``revision`` (default: the latest)."""
    text = clean_note(note)
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "official", message="只有主管部门可以填写初审意见")
        row = check_access(conn, actor, assessment_id, write=False)
        number = row.latest_revision if revision is None else revision
        if not isinstance(number, int) or not 1 <= number <= row.latest_revision:
            raise InvalidData(f"该评价没有第 {number} 版")
        result = conn.execute(
            insert(review_notes).values(
                org_id=row.org_id,
                assessment_id=assessment_id,
                revision=number,
                author=me.id,
                note=text,
                created_at=utcnow(),
            )
        )
        key = result.inserted_primary_key
        assert key is not None  # an INSERT of one row
        note_id = int(key[0])
        detail = {"org_id": row.org_id, "revision": number, "chars": len(text)}
        audit.record(conn, "review_note", who=me.id, target=assessment_id, detail=detail)
        return note_id


def list_notes(
    actor: Actor,
    *,
    org_id: str | None = None,
    assessment_id: str | None = None,
    limit: int | None = 500,
    engine: Engine | None = None,
) -> list[ReviewNote]:
    """Notes newest first, inside the actor's read scope (officials: their jurisdiction; admins: all)."""
    author = users.alias("author")
    query = (
        select(
            review_notes,
            organisations.c.name.label("org_name"),
            author.c.display_name.label("author_name"),
        )
        .join(organisations, organisations.c.id == review_notes.c.org_id)
        .join(author, author.c.id == review_notes.c.author)
        .order_by(review_notes.c.created_at.desc(), review_notes.c.id.desc())
    )
    if org_id is not None:
        query = query.where(review_notes.c.org_id == org_id)
    if assessment_id is not None:
        query = query.where(review_notes.c.assessment_id == assessment_id)
    if limit is not None:
        query = query.limit(limit)
    with read_transaction(engine or get_engine()) as conn:
        require_role(conn, actor, "official", "admin", message="只有主管部门和管理员可以查看初审意见")
        scope = org_scope(conn, actor, write=False)
        rows = conn.execute(query.where(scope.clause(review_notes.c.org_id))).all()
    return [ReviewNote(**row._mapping) for row in rows]

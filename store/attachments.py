"""Evidence attachments per assessment item (PDF, JPG, PNG, XLSX, DOCX).

Each file is checked (size, magic bytes, extension matching content), stored under a random name without
extension in ``attachments_dir()`` (env ATTACHMENTS_DIR, default ``data/attachments/``: outside anything the web
server serves), and described by a row whose ``filename`` is the sanitised original name, kept only to show.
Every call goes through the assessment's access check (``assessments.check_access``): reading needs read access,
uploading and deleting write access. Uploads, downloads and deletions are written to the audit log.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from store import audit
from store.access import Actor
from store.assessments import check_access
from store.db import REPO_ROOT, get_engine, read_transaction, write_transaction
from store.errors import FileTooLarge, InvalidData, NotFound, StoreError
from store.filetypes import check
from store.sqltypes import utcnow
from store.tables import attachments
from store.textclean import clean_id

MAX_BYTES = 20 * 1024 * 1024  # per file
ATTACHMENTS_ENV = "ATTACHMENTS_DIR"


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    assessment_id: str
    item_id: str
    filename: str  # sanitised original name, for display and as the download name
    mime: str  # from the content
    size: int
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime


def attachments_dir() -> Path:
    """Where files live: env ATTACHMENTS_DIR, else ``data/attachments/`` under the repo root (never served)."""
    configured = os.environ.get(ATTACHMENTS_ENV, "").strip()
    return Path(configured).expanduser() if configured else REPO_ROOT / "data" / "attachments"


def validate(filename: str, data: bytes) -> tuple[str, str]:
    """(display name, mime) of an acceptable file, or FileTooLarge / InvalidData; stores nothing (guest mode may
    use it to check a file before the user registers)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidData("文件内容无效")
    if len(data) > MAX_BYTES:
        raise FileTooLarge(len(data), MAX_BYTES)
    if len(data) == 0:
        raise InvalidData("文件是空的，请重新选择")
    name, kind = check(filename, bytes(data))
    return name, kind.mime


def save(
    actor: Actor, assessment_id: str, item_id: str, filename: str, data: bytes, *, engine: Engine | None = None
) -> AttachmentInfo:
    """Attach ``data`` to item ``item_id`` of an assessment the actor may write."""
    name, mime = validate(filename, data)
    item = clean_id(item_id, field="评价项")
    content = bytes(data)
    info: AttachmentInfo | None = None
    path: Path | None = None
    try:
        with write_transaction(engine or get_engine()) as conn:
            check_access(conn, actor, assessment_id, write=True)
            stored_name = secrets.token_hex(16)
            info = AttachmentInfo(
                id=secrets.token_urlsafe(16),
                assessment_id=assessment_id,
                item_id=item,
                filename=name,
                mime=mime,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=actor.user_id,
                uploaded_at=utcnow(),
            )
            conn.execute(insert(attachments).values(stored_name=stored_name, **info.__dict__))
            detail = {"assessment_id": assessment_id, "item_id": item, "filename": name, "size": info.size}
            audit.record(conn, "attachment_upload", who=actor.user_id, target=info.id, detail=detail)
            path = _write(stored_name, content)  # before commit: a failed write leaves no row
    except BaseException:
        if path is not None:  # the row did not commit: remove the orphan file
            path.unlink(missing_ok=True)
        raise
    return info


def read(actor: Actor, attachment_id: str, *, engine: Engine | None = None) -> tuple[AttachmentInfo, bytes]:
    """The file and its description, if the actor may read its assessment. The download is audited."""
    engine = engine or get_engine()
    with read_transaction(engine) as conn:
        row = _row(conn, attachment_id)
        check_access(conn, actor, row.assessment_id, write=False)
    path = attachments_dir() / row.stored_name
    try:
        content = path.read_bytes()
    except FileNotFoundError as e:
        raise NotFound("附件文件缺失，请联系管理员") from e
    if len(content) != row.size or hashlib.sha256(content).hexdigest() != row.sha256:
        raise StoreError("附件文件已损坏（校验值不符），请联系管理员")
    with write_transaction(engine) as conn:
        detail = {"assessment_id": row.assessment_id, "filename": row.filename}
        audit.record(conn, "attachment_download", who=actor.user_id, target=attachment_id, detail=detail)
    return _info(row), content


def list_attachments(
    actor: Actor, assessment_id: str, *, item_id: str | None = None, engine: Engine | None = None
) -> list[AttachmentInfo]:
    """The attachments of an assessment (or of one item), oldest first."""
    query = select(attachments).where(attachments.c.assessment_id == assessment_id, attachments.c.deleted_at.is_(None))
    if item_id is not None:
        query = query.where(attachments.c.item_id == item_id)
    with read_transaction(engine or get_engine()) as conn:
        check_access(conn, actor, assessment_id, write=False)
        rows = conn.execute(query.order_by(attachments.c.uploaded_at, attachments.c.id)).all()
    return [_info(row) for row in rows]


def delete(actor: Actor, attachment_id: str, *, engine: Engine | None = None) -> None:
    """Remove an attachment (write access to its assessment). The file goes; its row and sha256 stay for the log."""
    with write_transaction(engine or get_engine()) as conn:
        row = _row(conn, attachment_id)
        check_access(conn, actor, row.assessment_id, write=True)
        conn.execute(
            update(attachments)
            .where(attachments.c.id == attachment_id)
            .values(deleted_at=utcnow(), deleted_by=actor.user_id)
        )
        detail = {"assessment_id": row.assessment_id, "filename": row.filename, "sha256": row.sha256}
        audit.record(conn, "attachment_delete", who=actor.user_id, target=attachment_id, detail=detail)
    (attachments_dir() / row.stored_name).unlink(missing_ok=True)


def _row(conn: Connection, attachment_id: str) -> Row[Any]:
    row = conn.execute(select(attachments).where(attachments.c.id == attachment_id)).first()
    if row is None or row.deleted_at is not None:
        raise NotFound("未找到该附件（可能已被删除）")
    return row


def _info(row: Row[Any]) -> AttachmentInfo:
    return AttachmentInfo(**{k: row._mapping[k] for k in AttachmentInfo.__dataclass_fields__})


def _write(stored_name: str, content: bytes) -> Path:
    """Write a new file readable by the owner only; refuses to overwrite anything."""
    directory = attachments_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / stored_name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path

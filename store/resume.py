"""Where a returning visitor carries on: the assessment each browser last worked on, per user.

A browser is known by the long-lived random cookie ``gf_browser`` (ui/session_routes.py sets it; HttpOnly, no
script reads it); only its sha256 is stored, as with session tokens. The row is per (browser, owner), the owner
being the signed-in user's id or ``local`` in a deployment without accounts, so a shared browser never leads one
user to another's assessment, and what is found is opened through the usual access check anyway.

``remember`` is called when a browser session starts working on an assessment (opened, created, resumed);
``recall`` gives that assessment back if the owner may still read it. Without one (a browser never seen before, a
cookie cleared, ``streamlit run app.py`` which sets no cookie) a deployment without accounts carries on with the
most recently updated assessment: it is one person's. A signed-in user then starts from the role's start page,
because an organisation's latest assessment may be a colleague's work in progress.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import Engine, delete, insert

from store import assessments
from store.access import Actor
from store.db import get_engine, read_transaction, write_transaction
from store.errors import StoreError
from store.sqltypes import utcnow
from store.tables import resume_points

_COOKIE_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")


def _key(browser: str | None) -> str | None:
    if not isinstance(browser, str) or not _COOKIE_SHAPE.fullmatch(browser):
        return None
    return hashlib.sha256(browser.encode("ascii")).hexdigest()


def _owner(actor: Actor) -> str | None:
    if actor.role == "guest":
        return None
    return actor.user_id or "local"


def remember(actor: Actor, browser: str | None, assessment_id: str, *, engine: Engine | None = None) -> None:
    """Note that this browser now works on ``assessment_id`` (nothing for a guest or without a browser cookie)."""
    key, owner = _key(browser), _owner(actor)
    if key is None or owner is None:
        return
    with write_transaction(engine or get_engine()) as conn:
        where = (resume_points.c.browser_hash == key) & (resume_points.c.owner == owner)
        conn.execute(delete(resume_points).where(where))
        conn.execute(insert(resume_points).values(browser_hash=key, owner=owner, assessment_id=assessment_id,
                                                  updated_at=utcnow()))


def recall(actor: Actor, browser: str | None, *, engine: Engine | None = None) -> str | None:
    """The assessment to carry on with: this browser's last one if still readable, else (no accounts) the most
    recently updated one."""
    owner, key = _owner(actor), _key(browser)
    if owner is None:
        return None
    if key is not None:
        query = resume_points.select().where(resume_points.c.browser_hash == key, resume_points.c.owner == owner)
        with read_transaction(engine or get_engine()) as conn:
            row = conn.execute(query).first()
            if row is not None:
                try:
                    assessments.check_access(conn, actor, row.assessment_id, write=False)
                    return str(row.assessment_id)
                except StoreError:
                    pass  # deleted, or access withdrawn since
    if actor.role != "local":
        return None
    try:
        latest = assessments.list_assessments(actor, limit=1, engine=engine)
    except StoreError:
        return None
    return latest[0].id if latest else None

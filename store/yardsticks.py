"""Published district yardstick sets (区级基准值 / 引领值) and the set each assessment is scored with.

A set is derived from a pool by ``pool.yardsticks.pool_yardstick_set`` (a ``scoring.yardstick_set.YardstickSet``
with version 0). ``publish`` stores it for its district: the store assigns the id, the version (1, 2, … per
district, withdrawn sets included, so a number is never reused), ``published_by`` and ``published_at``; whatever
the input says about these is ignored. A published set is never changed: a correction is a new version, and
``withdraw`` only marks a set withdrawn (it stays readable, so results scored with it can be re-created).
The district's *current* set is its published, not withdrawn, set of the highest version.

Who may do what (enforced here, on every call, from the database as it is now):

=============  =======================================  ==================================================
role           publish / withdraw                       read (get_set, list_sets, set_for_org)
=============  =======================================  ==================================================
local          nothing                                  everything, while accounts are not enabled
guest          nothing                                  nothing (lists are empty, the rest AccessDenied)
enterprise     nothing                                  sets of its own organisation's district
consultant     nothing                                  sets of the districts of organisations that granted
                                                        the user access (active grants only)
official       districts where the jurisdiction is the  sets of every district the jurisdiction touches
               whole district (a town-only one is not   (a town-only official reads the district's sets)
               enough: a set serves the whole district)
admin          any district                             everything
=============  =======================================  ==================================================

``current_set(district)`` reads without an actor: for the command line and for code that already checked the
caller (``set_for_org`` is the checked way in).

Pinning: publishing a new set never changes a stored result silently. Each assessment may have one pin
(``yardstick_pins``: assessment → set id and version), and the rule is:

* an assessment **with a pin** is scored with the pinned set, even after a newer one is published or the pinned
  one is withdrawn. A pin with no set (``pin_set(..., None)``) records "scored without a district set" and is
  kept the same way;
* an assessment **without a pin** (never scored since this table exists) is scored with its district's current
  set at its first scoring, and the UI then pins that set (or None when the district has none):
  ``set_to_score`` returns what to score with, ``pin_set`` records it;
* ``newer_set_available`` says when the district's current set is not the pinned one (a newer version, a first
  set after "none", or an older one again after the pinned one was withdrawn); re-scoring against it is an
  explicit action of a user who may write the assessment (``pin_set`` with the new id), recorded in the audit
  log with the pin before and after. Officials and admins cannot write assessments, so they cannot re-pin one.

A pinned set belongs to the district of the assessment's organisation (an assessment without an organisation,
in the single-user mode, may pin any set; having no district it has no current set, so nothing is offered as
newer). A withdrawn set cannot be newly pinned. Reading a pin needs read access to the assessment.

Messages are Chinese texts the UI shows as they are, like every ``store`` error (``store.errors``).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, Row, func, insert, select, text, update

from scoring.yardstick_set import YardstickSet
from store import audit
from store.access import Actor
from store.assessments import check_access
from store.db import get_engine, read_transaction, retry_on_unique_violation, write_transaction
from store.errors import AccessDenied, InvalidData, NotFound, StoreError
from store.scope import live_user, org_scope, require_role
from store.sqltypes import utcnow
from store.tables import assessments, grants, jurisdictions, organisations, yardstick_pins, yardstick_sets
from store.textclean import clean_id, clean_text

MAX_SET_BYTES = 16 * 1024 * 1024  # of UTF-8 JSON: ~20 indicators × 300 industry codes with spreads is ~2 MB
PUBLISHED, WITHDRAWN = "published", "withdrawn"
STATUS_NAMES = {PUBLISHED: "已发布", WITHDRAWN: "已撤回"}
_PUBLISH_LOCK_NS = 0x67667973  # pg_advisory_xact_lock namespace of publishers ("gfys"), keyed by district

_PUBLISH_DENIED = "只有主管部门或管理员可以发布、撤回区级基准值"
_NOT_FOUND = "未找到该区级基准值集"


@dataclass(frozen=True)
class PublishedSet:
    """A stored set without its entries (for lists and notices); ``get_set`` gives the YardstickSet itself."""

    id: str
    district: str
    name: str
    year: int
    version: int
    status: str  # "published" | "withdrawn"
    ruleset: str
    source: str
    n_firms: int
    published_by: str | None
    published_by_name: str
    published_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None

    @property
    def withdrawn(self) -> bool:
        return self.status == WITHDRAWN

    @property
    def status_label(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


@dataclass(frozen=True)
class Pin:
    """The set an assessment is scored with. ``set_id`` None: pinned to "no district set"."""

    assessment_id: str
    set_id: str | None
    set_version: int | None
    pinned_by: str | None
    pinned_at: datetime


_INFO_COLUMNS = [yardstick_sets.c[name] for name in PublishedSet.__dataclass_fields__]


# ---- publishing --------------------------------------------------------------------------------------------


def publish(
    actor: Actor,
    yardstick_set: YardstickSet | Mapping[str, Any],
    *,
    n_firms: int | None = None,
    engine: Engine | None = None,
) -> PublishedSet:
    """Publish ``yardstick_set`` as the next version of its district's set (module doc: who may).

    ``n_firms``: the firms of the pool it was derived from; default the largest ``n`` of any entry (a lower bound).
    The id, version, ``published_by`` and ``published_at`` of the input are replaced by the store's.
    """
    ys = _validated(yardstick_set)
    district = clean_id(ys.district, field="区县")
    name = clean_text(ys.name, limit=200, field="基准值集名称", required=True)
    source = clean_text(ys.source, limit=500, field="来源", required=True)
    if not ys.entries:
        raise InvalidData("该基准值集没有任何指标的基准值或引领值，无法发布")
    if n_firms is None:
        n_firms = max(e.n for e in ys.entries)
    if isinstance(n_firms, bool) or not isinstance(n_firms, int) or n_firms < 0:
        raise InvalidData("企业数应为不小于 0 的整数")

    def attempt() -> PublishedSet:
        with write_transaction(engine or get_engine()) as conn:
            me = _publisher(conn, actor, district)
            _lock_district(conn, district)
            latest = conn.scalar(select(func.max(yardstick_sets.c.version)).where(yardstick_sets.c.district == district))
            version, set_id, now = (latest or 0) + 1, secrets.token_hex(16), utcnow()
            stored = ys.model_copy(
                update={
                    "id": set_id,
                    "version": version,
                    "district": district,
                    "name": name,
                    "source": source,
                    "published_by": me.id,
                    "published_at": now,
                }
            )
            payload = _encode(stored)
            row = {
                "id": set_id,
                "district": district,
                "name": name,
                "year": ys.year,
                "version": version,
                "status": PUBLISHED,
                "ruleset": ys.ruleset,
                "data": payload,
                "source": source,
                "n_firms": n_firms,
                "published_by": me.id,
                "published_by_name": (me.display_name or me.username)[:100],
                "published_at": now,
            }
            conn.execute(insert(yardstick_sets).values(**row))
            detail = {
                "district": district,
                "version": version,
                "name": name,
                "year": ys.year,
                "source": source,
                "n_firms": n_firms,
                "entries": len(ys.entries),
            }
            audit.record(conn, "yardsticks_publish", who=me.id, target=set_id, detail=detail)
            return _info(conn, set_id)

    return retry_on_unique_violation(attempt)


def withdraw(actor: Actor, set_id: str, *, engine: Engine | None = None) -> PublishedSet:
    """Mark a set withdrawn: it is no longer the district's current set, and stays readable for the results
    pinned to it. Withdrawing a withdrawn set does nothing."""
    with write_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(yardstick_sets).where(yardstick_sets.c.id == set_id).with_for_update()).first()
        if row is None:
            raise NotFound(_NOT_FOUND)
        me = _publisher(conn, actor, row.district)
        if row.status == WITHDRAWN:
            return _info(conn, set_id)
        conn.execute(
            update(yardstick_sets)
            .where(yardstick_sets.c.id == set_id)
            .values(status=WITHDRAWN, withdrawn_at=utcnow(), withdrawn_by=me.id)
        )
        detail = {"district": row.district, "version": row.version, "name": row.name}
        audit.record(conn, "yardsticks_withdraw", who=me.id, target=set_id, detail=detail)
        return _info(conn, set_id)


# ---- reading ---------------------------------------------------------------------------------------------------


def list_sets(
    actor: Actor, district: str | None = None, *, include_withdrawn: bool = True, engine: Engine | None = None
) -> list[PublishedSet]:
    """The sets the actor may read (optionally of one district), by district and newest version first.
    A guest gets an empty list."""
    if actor.role == "guest":
        return []
    query = select(*_INFO_COLUMNS).order_by(yardstick_sets.c.district, yardstick_sets.c.version.desc())
    if district is not None:
        query = query.where(yardstick_sets.c.district == district)
    if not include_withdrawn:
        query = query.where(yardstick_sets.c.status == PUBLISHED)
    with read_transaction(engine or get_engine()) as conn:
        readable = _readable_districts(conn, actor)
        if readable is not None:
            query = query.where(yardstick_sets.c.district.in_(sorted(readable)))
        return [PublishedSet(**row._mapping) for row in conn.execute(query)]


def get_info(actor: Actor, set_id: str, *, engine: Engine | None = None) -> PublishedSet:
    """One set's record (status, version, who published it), if the actor may read it."""
    with read_transaction(engine or get_engine()) as conn:
        info = _info(conn, set_id)
        _check_readable(conn, actor, info.district)
        return info


def get_set(actor: Actor, set_id: str, *, engine: Engine | None = None) -> YardstickSet:
    """The published set itself (withdrawn ones too), if the actor may read it; for ``Settings(yardsticks=…)``."""
    with read_transaction(engine or get_engine()) as conn:
        row = _set_row(conn, set_id)
        _check_readable(conn, actor, row.district)
    return _decoded(row)


def current_set(district: str, *, engine: Engine | None = None) -> YardstickSet | None:
    """The district's current set (published, not withdrawn, highest version), or None. Not access-checked."""
    with read_transaction(engine or get_engine()) as conn:
        row = _current_row(conn, district)
    return None if row is None else _decoded(row)


def set_for_org(actor: Actor, org_id: str, *, engine: Engine | None = None) -> YardstickSet | None:
    """The current set of the district of organisation ``org_id``, which the actor must be able to read; None
    when the district has none. For an assessment, prefer ``set_to_score`` (it honours the pin)."""
    with read_transaction(engine or get_engine()) as conn:
        scope = org_scope(conn, actor, write=False)
        if not scope.allows(conn, org_id):
            raise AccessDenied("您没有权限查看该企业")
        district = conn.scalar(select(organisations.c.district).where(organisations.c.id == org_id))
        if district is None:
            raise NotFound("未找到该企业")
        row = _current_row(conn, district) if district else None
    return None if row is None else _decoded(row)


# ---- pinning ---------------------------------------------------------------------------------------------------


def pin_of(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> Pin | None:
    """The assessment's pin, or None if it has never been pinned (read access to the assessment required)."""
    with read_transaction(engine or get_engine()) as conn:
        check_access(conn, actor, assessment_id, write=False)
        return _pin(conn, assessment_id)


def pinned_set(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> YardstickSet | None:
    """The set the assessment is pinned to; None when it has no pin or is pinned to "no district set"
    (``pin_of`` tells the two apart)."""
    with read_transaction(engine or get_engine()) as conn:
        check_access(conn, actor, assessment_id, write=False)
        pin = _pin(conn, assessment_id)
        row = _set_row(conn, pin.set_id) if pin is not None and pin.set_id is not None else None
    return None if row is None else _decoded(row)


def set_to_score(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> YardstickSet | None:
    """What to score the assessment with (module doc): the pinned set if it has a pin, else its district's
    current set (which the caller then pins with ``pin_set``)."""
    return sets_to_score(actor, [assessment_id], engine=engine, strict=True).get(assessment_id)


def sets_to_score(
    actor: Actor, assessment_ids: Iterable[str], *, engine: Engine | None = None, strict: bool = False
) -> dict[str, YardstickSet | None]:
    """``set_to_score`` for many assessments in a few queries (an official's screening of the pool). Assessments
    the actor may not read, or that do not exist, are left out (``strict``: AccessDenied / NotFound instead)."""
    ids = list(dict.fromkeys(assessment_ids))
    if not ids:
        return {}
    query = (
        select(
            assessments.c.id,
            organisations.c.district,
            yardstick_pins.c.assessment_id.label("pinned"),
            yardstick_pins.c.set_id,
        )
        .outerjoin(organisations, organisations.c.id == assessments.c.org_id)
        .outerjoin(yardstick_pins, yardstick_pins.c.assessment_id == assessments.c.id)
        .where(assessments.c.id.in_(ids), assessments.c.deleted.is_(False))
    )
    with read_transaction(engine or get_engine()) as conn:
        if strict:
            for aid in ids:
                check_access(conn, actor, aid, write=False)
        if actor.role == "guest":
            return {}
        scope = org_scope(conn, actor, write=False)
        rows = conn.execute(query.where(scope.clause(assessments.c.org_id))).all()
        set_rows: dict[str, Row[Any]] = {}
        current: dict[str, str | None] = {}
        choice: dict[str, str | None] = {}
        for r in rows:
            if r.pinned is not None:
                choice[r.id] = r.set_id
            elif r.district:
                if r.district not in current:
                    cur = _current_row(conn, r.district)
                    current[r.district] = None if cur is None else cur.id
                    if cur is not None:
                        set_rows[cur.id] = cur
                choice[r.id] = current[r.district]
            else:
                choice[r.id] = None
        for set_id in {s for s in choice.values() if s is not None} - set_rows.keys():
            set_rows[set_id] = _set_row(conn, set_id)
    decoded = {set_id: _decoded(row) for set_id, row in set_rows.items()}
    return {aid: None if s is None else decoded[s] for aid, s in choice.items()}


def pin_set(actor: Actor, assessment_id: str, set_id: str | None, *, engine: Engine | None = None) -> Pin:
    """Record that the assessment is scored with set ``set_id`` (None: with no district set). Needs write access
    to the assessment; the set must be published (not withdrawn) for the district of the assessment's
    organisation. Pinning the set already pinned does nothing; a change is written to the audit log."""

    def attempt() -> Pin:
        with write_transaction(engine or get_engine()) as conn:
            row = check_access(conn, actor, assessment_id, write=True)
            version = None
            if set_id is not None:
                target = conn.execute(
                    select(yardstick_sets.c.district, yardstick_sets.c.version, yardstick_sets.c.status).where(
                        yardstick_sets.c.id == set_id
                    )
                ).first()
                if target is None:
                    raise NotFound(_NOT_FOUND)
                district = _district_of(conn, row.org_id)
                if row.org_id is not None and target.district != district:
                    raise InvalidData("该基准值集不是本企业所在区县发布的，不能采用")
                if target.status != PUBLISHED:
                    raise InvalidData("该基准值集已撤回，不能采用")
                version = target.version
            before = _pin(conn, assessment_id)
            if before is not None and before.set_id == set_id:
                return before
            values = {"set_id": set_id, "set_version": version, "pinned_by": actor.user_id, "pinned_at": utcnow()}
            if before is None:
                conn.execute(insert(yardstick_pins).values(assessment_id=assessment_id, **values))
            else:
                conn.execute(
                    update(yardstick_pins).where(yardstick_pins.c.assessment_id == assessment_id).values(**values)
                )
            detail = {
                "before": None if before is None else {"set_id": before.set_id, "version": before.set_version},
                "after": {"set_id": set_id, "version": version},
            }
            audit.record(conn, "yardsticks_pin", who=actor.user_id, target=assessment_id, detail=detail)
            pin = _pin(conn, assessment_id)
            assert pin is not None
            return pin

    return retry_on_unique_violation(attempt)


def newer_set_available(actor: Actor, assessment_id: str, *, engine: Engine | None = None) -> PublishedSet | None:
    """The district's current set when the assessment is pinned and that set is not the pinned one (a newer
    version; a first set after "none"; an older one again after the pinned one was withdrawn); else None.
    An assessment without a pin gets None: its first scoring takes the current set anyway."""
    with read_transaction(engine or get_engine()) as conn:
        row = check_access(conn, actor, assessment_id, write=False)
        pin = _pin(conn, assessment_id)
        district = _district_of(conn, row.org_id)
        if pin is None or not district:
            return None
        current = _current_row(conn, district)
        if current is None or current.id == pin.set_id:
            return None
        return _info(conn, current.id)


# ---- helpers ---------------------------------------------------------------------------------------------------


def _validated(value: object) -> YardstickSet:
    """A valid YardstickSet from a model or a dict (a model is checked again: ``model_construct`` skips checks)."""
    try:
        if isinstance(value, YardstickSet):
            return YardstickSet.model_validate(value.model_dump())
        if isinstance(value, Mapping):
            return YardstickSet.model_validate(dict(value))
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "-"
        raise InvalidData(f"基准值集数据不正确（{where}：{first.get('msg', '')}），未发布") from e
    raise InvalidData(f"基准值集必须是 YardstickSet 或 JSON 对象，收到的是 {type(value).__name__}")


def _encode(ys: YardstickSet) -> str:
    payload = json.dumps(ys.model_dump(mode="json"), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    size = len(payload.encode("utf-8"))
    if size > MAX_SET_BYTES:
        raise InvalidData(
            f"基准值集过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_SET_BYTES / 1024 / 1024:g} MB），未发布；"
            "可去掉分布直方图后再发布"
        )
    return payload


@lru_cache(maxsize=32)
def _parse(payload: str) -> YardstickSet:
    """Sets are immutable once published, so one parse per stored text is enough."""
    return YardstickSet.model_validate_json(payload)


def _decoded(row: Row[Any]) -> YardstickSet:
    """The stored set, with the store's columns (id, version, who and when) over whatever the text says."""
    try:
        ys = _parse(row.data)
    except ValidationError as e:
        raise StoreError(f"已发布的基准值集“{row.name}”第 {row.version} 版数据无法读取") from e
    return ys.model_copy(
        update={
            "id": row.id,
            "version": row.version,
            "district": row.district,
            "published_by": row.published_by or "",
            "published_at": row.published_at,
        }
    )


def _set_row(conn: Connection, set_id: str) -> Row[Any]:
    row = conn.execute(select(yardstick_sets).where(yardstick_sets.c.id == set_id)).first()
    if row is None:
        raise NotFound(_NOT_FOUND)
    return row


def _info(conn: Connection, set_id: str) -> PublishedSet:
    row = conn.execute(select(*_INFO_COLUMNS).where(yardstick_sets.c.id == set_id)).first()
    if row is None:
        raise NotFound(_NOT_FOUND)
    return PublishedSet(**row._mapping)


def _current_row(conn: Connection, district: str) -> Row[Any] | None:
    query = (
        select(yardstick_sets)
        .where(yardstick_sets.c.district == district, yardstick_sets.c.status == PUBLISHED)
        .order_by(yardstick_sets.c.version.desc())
        .limit(1)
    )
    return conn.execute(query).first()


def _pin(conn: Connection, assessment_id: str) -> Pin | None:
    row = conn.execute(select(yardstick_pins).where(yardstick_pins.c.assessment_id == assessment_id)).first()
    return None if row is None else Pin(**row._mapping)


def _district_of(conn: Connection, org_id: str | None) -> str | None:
    if org_id is None:
        return None
    return conn.scalar(select(organisations.c.district).where(organisations.c.id == org_id))


def _publisher(conn: Connection, actor: Actor, district: str) -> Row[Any]:
    """The actor's user row if it may publish and withdraw the sets of ``district``."""
    me = require_role(conn, actor, "official", "admin", message=_PUBLISH_DENIED)
    if me.role == "admin":
        return me
    whole = select(jurisdictions.c.id).where(
        jurisdictions.c.user_id == me.id, jurisdictions.c.district == district, jurisdictions.c.town.is_(None)
    )
    if conn.scalar(whole.limit(1)) is None:
        raise AccessDenied("只有辖区为全区的主管部门可以发布、撤回该区县的基准值（本账户不含该区县全区）")
    return me


def _readable_districts(conn: Connection, actor: Actor) -> set[str] | None:
    """The districts whose sets the actor may read; None: every district. AccessDenied for a guest, the local
    actor once accounts are on, and a gone or disabled account."""
    if actor.role == "guest":
        raise AccessDenied("访客模式下不能查看区级基准值，请登录后再试")
    if actor.role == "local":
        org_scope(conn, actor, write=False)  # refuses once accounts are enabled
        return None
    me = live_user(conn, actor)
    if me.role == "admin":
        return None
    if me.role == "official":
        query = select(jurisdictions.c.district).where(jurisdictions.c.user_id == me.id)
    elif me.role == "consultant":
        query = (
            select(organisations.c.district)
            .join(grants, grants.c.org_id == organisations.c.id)
            .where(grants.c.consultant_id == me.id, grants.c.revoked_at.is_(None))
        )
    else:
        if me.org_id is None:
            raise AccessDenied("该账户未关联企业，请联系管理员")
        query = select(organisations.c.district).where(organisations.c.id == me.org_id)
    return {d for d in conn.scalars(query.distinct()) if d}


def _check_readable(conn: Connection, actor: Actor, district: str) -> None:
    readable = _readable_districts(conn, actor)
    if readable is not None and district not in readable:
        raise AccessDenied("该区县的基准值不对您开放（仅本区县的企业、其授权的咨询机构、主管部门和管理员可查看）")


def _lock_district(conn: Connection, district: str) -> None:
    """Serialise publishers of one district until the transaction ends, so that each takes the next version
    (PostgreSQL: an advisory lock; SQLite's write transaction already excludes other writers)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:ns, hashtext(:district))"),
                     {"ns": _PUBLISH_LOCK_NS, "district": district})

"""评价参数: an administrator's local settings layered over a profile — level thresholds (分数线) and
基准值/引领值 per indicator — each with the source it was taken from (required).

The engine reads them through ``scoring.engine.Settings`` (``settings_for``) for everyone's scoring: the wizard,
the reports, the comparison and the pool. They decide numbers, not access to data, so reading them needs no
account (like the catalogue); changing them is for admins only and is written to the audit log.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Engine, delete, insert, select, update

from criteria import Catalogue, load_catalogue
from scoring.engine import QUANTITATIVE, Settings
from store import audit
from store.access import Actor
from store.db import get_engine, read_transaction, write_transaction
from store.errors import InvalidData, NotFound
from store.scope import require_role
from store.sqltypes import utcnow
from store.tables import profile_settings, users
from store.textclean import clean_text

Kind = Literal["level", "baseline", "leading"]
KINDS: dict[str, str] = {"level": "等级分数线", "baseline": "基准值", "leading": "引领值"}
KEY_RE = re.compile(r"[A-Za-z0-9_\-.]{1,80}(@[A-Za-z0-9_\-.]{1,18})?")
MAX_SOURCE_CHARS = 300


@dataclass(frozen=True)
class SettingEntry:
    profile: str
    kind: str
    key: str
    value: float
    source: str
    updated_by: str | None
    updated_by_name: str
    updated_at: datetime

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def entries(profile: str | None = None, *, engine: Engine | None = None) -> list[SettingEntry]:
    """The settings of one profile (or all), by profile, kind and key. Public, like the catalogue."""
    query = (
        select(profile_settings, users.c.display_name.label("updated_by_name"))
        .outerjoin(users, users.c.id == profile_settings.c.updated_by)
        .order_by(profile_settings.c.profile, profile_settings.c.kind, profile_settings.c.key)
    )
    if profile is not None:
        query = query.where(profile_settings.c.profile == profile)
    with read_transaction(engine or get_engine()) as conn:
        rows = conn.execute(query).all()
    fields = SettingEntry.__dataclass_fields__
    return [
        SettingEntry(**{k: v for k, v in row._mapping.items() if k in fields} | {
            "updated_by_name": row.updated_by_name or ""})
        for row in rows
    ]


def settings_for(profile: str, *, engine: Engine | None = None) -> Settings:
    """The engine's Settings for a profile: what the administrator set, with its sources."""
    return to_settings(entries(profile, engine=engine))


def to_settings(items: list[SettingEntry]) -> Settings:
    bench: dict[str, dict[str, float | None]] = {}
    levels: dict[str, float] = {}
    sources: dict[str, str] = {}
    for e in items:
        if e.kind == "level":
            levels[e.key] = e.value
            sources[f"level:{e.key}"] = e.source
        else:
            bench.setdefault(e.key, {})[e.kind] = e.value
            sources[f"{e.key}.{e.kind}"] = e.source
    return Settings(benchmarks=bench or None, level_thresholds=levels or None, sources=sources or None)


def set_value(
    actor: Actor,
    profile: str,
    kind: str,
    key: str,
    value: float,
    source: str,
    *,
    catalogue: Catalogue | None = None,
    engine: Engine | None = None,
) -> None:
    """An admin sets one level threshold or one 基准值/引领值 of a profile (replacing the previous value)."""
    profile, kind, key, number = _checked(profile, kind, key, value, catalogue or load_catalogue())
    text = clean_text(source, limit=MAX_SOURCE_CHARS, field="来源", required=True)
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以修改评价参数")
        where = (profile_settings.c.profile == profile, profile_settings.c.kind == kind, profile_settings.c.key == key)
        before = conn.execute(select(profile_settings.c.value, profile_settings.c.source).where(*where)).first()
        values = {"value": number, "source": text, "updated_by": me.id, "updated_at": utcnow()}
        if before is None:
            conn.execute(insert(profile_settings).values(profile=profile, kind=kind, key=key, **values))
        else:
            conn.execute(update(profile_settings).where(*where).values(**values))
        detail = {
            "profile": profile,
            "kind": kind,
            "key": key,
            "before": None if before is None else {"value": before.value, "source": before.source},
            "after": {"value": number, "source": text},
        }
        audit.record(conn, "settings_set", who=me.id, target=f"{profile}/{kind}/{key}", detail=detail)


def clear_value(actor: Actor, profile: str, kind: str, key: str, *, engine: Engine | None = None) -> None:
    """An admin removes a setting: the profile's own value (or none) applies again."""
    with write_transaction(engine or get_engine()) as conn:
        me = require_role(conn, actor, "admin", message="只有管理员可以修改评价参数")
        where = (profile_settings.c.profile == profile, profile_settings.c.kind == kind, profile_settings.c.key == key)
        before = conn.execute(select(profile_settings.c.value, profile_settings.c.source).where(*where)).first()
        if before is None:
            raise NotFound("该参数未设置")
        conn.execute(delete(profile_settings).where(*where))
        detail = {"profile": profile, "kind": kind, "key": key, "before": {"value": before.value,
                                                                           "source": before.source}}
        audit.record(conn, "settings_clear", who=me.id, target=f"{profile}/{kind}/{key}", detail=detail)


def _checked(profile: object, kind: object, key: object, value: object, cat: Catalogue) -> tuple[str, str, str, float]:
    if not isinstance(profile, str) or profile not in cat.profiles:
        raise InvalidData(f"未知的地方评价方案：{str(profile)[:40]!r}")
    if kind not in KINDS:
        raise InvalidData(f"未知的参数类型：{str(kind)[:20]!r}（可选：等级分数线、基准值、引领值）")
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise InvalidData("参数名称格式不正确")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidData("请填写一个有效的数值")
    prof = cat.profiles[profile]
    number = float(value)
    if kind == "level":
        if key not in {lv.id for lv in prof.levels}:
            raise InvalidData(f"方案「{prof.name.zh}」没有等级 {key!r}")
        if not 0 <= number <= 100:
            raise InvalidData("分数线应在 0 到 100 分之间")
    else:
        indicator = key.split("@", 1)[0]
        known = {
            i.id
            for rs in cat.rulesets.values()
            if prof.allows(rs.id)
            for _, i in rs.indicators()
            if i.kind in QUANTITATIVE
        }
        if indicator not in known:
            raise InvalidData(f"方案「{prof.name.zh}」适用的规则集中没有定量指标 {indicator!r}")
    return str(profile), str(kind), key, number

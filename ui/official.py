"""An official's pool: the latest stored assessment of every enterprise in the jurisdiction, as a pool.model
Pool (the enterprise's name, 统一社会信用代码 and town taken from its registered organisation)."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd

from pool.columns import pool_model
from pool.intake import import_assessments
from pool.model import Pool
from store import Actor, orgs
from store import assessments as repo
from ui import params


def jurisdiction_towns(who: Actor) -> list[str] | None:
    """The towns of the official's jurisdiction, or None when it covers whole districts."""
    assert who.user_id is not None
    areas = orgs.get_jurisdiction(who, who.user_id)
    if not areas or any(a.town is None for a in areas):
        return None
    return sorted({a.town for a in areas if a.town})


def build_pool(who: Actor) -> tuple[Pool, pd.DataFrame | None, int]:
    """(pool, import issues or None, number of stored assessments read). Raises StoreError."""
    registered = {o.id: o for o in orgs.list_organisations(who)}
    latest = repo.latest_by_org(who)
    rulesets = Counter(str(d.get("ruleset") or "") for _, d in latest)
    profiles = Counter(str(d.get("profile") or "") for _, d in latest)
    model = pool_model(next(iter(r for r, _ in rulesets.most_common() if r), None),
                       next(iter(p for p, _ in profiles.most_common() if p), None))
    files = []
    for info, data in latest:
        org = registered.get(info.org_id or "")
        if org is None:
            continue
        enterprise = data.get("enterprise") if isinstance(data.get("enterprise"), dict) else {}
        data = {**data, "enterprise": {**enterprise, "name": org.name, "uscc": org.uscc or "", "town": org.town}}
        files.append((f"{org.name}.json", json.dumps(data, ensure_ascii=False).encode("utf-8")))
    res = import_assessments(files, model)
    pool = Pool(ruleset=model.ruleset.id, profile=model.profile.id, frame=res.frame,
                settings=params.settings(model.profile.id))
    return pool, (res.issues_frame() if res.issues else None), len(files)

"""An official's pool: the latest stored assessment of every enterprise in the jurisdiction, as a pool.model
Pool (the enterprise's name, 统一社会信用代码 and town taken from its registered organisation)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from locales import msg
from pool.columns import assessment_to_row, pool_model, rows_to_frame
from pool.model import Pool
from pool.stored import Stored
from pool.validation import Issue
from scoring.io import parse_lenient
from store import Actor, orgs
from store import assessments as repo
from store import yardsticks as ys_store
from store.assessments import AssessmentInfo
from ui import params, yardsticks


def jurisdiction_towns(who: Actor) -> list[str] | None:
    """The towns of the official's jurisdiction, or None when it covers whole districts."""
    assert who.user_id is not None
    areas = orgs.get_jurisdiction(who, who.user_id)
    if not areas or any(a.town is None for a in areas):
        return None
    return sorted({a.town for a in areas if a.town})


@dataclass(frozen=True)
class Basis:
    """Which stored assessment an enterprise is screened on (its latest submitted or reviewed one)."""

    org_name: str
    info: AssessmentInfo


def build_pool(who: Actor) -> tuple[Pool, list[Issue], int]:
    """(pool, what was left out, number of stored assessments read). Raises StoreError."""
    pool, issues, n, _ = build_pool_with_basis(who)
    return pool, issues, n


def build_pool_with_basis(who: Actor) -> tuple[Pool, list[Issue], int, list[Basis]]:
    """(pool, what was left out, number of stored assessments read, which assessment each enterprise is screened
    on). Raises StoreError. Drafts never enter: each enterprise's latest submitted or reviewed assessment does.

    Each stored assessment is read as it is (no round trip through an upload) and scored by the engine with what
    the wizard scores it with: the administrator's settings of its profile and the district set it is pinned to
    (store.yardsticks). So the screening shows the enterprise's own verdict, its 企业自报 values included."""
    registered = {o.id: o for o in orgs.list_organisations(who)}
    latest = repo.latest_by_org(who, submitted_only=True)
    rulesets = Counter(str(d.get("ruleset") or "") for _, d in latest)
    profiles = Counter(str(d.get("profile") or "") for _, d in latest)
    model = pool_model(next(iter(r for r, _ in rulesets.most_common() if r), None),
                       next(iter(p for p, _ in profiles.most_common() if p), None))
    sets = ys_store.sets_to_score(who, [info.id for info, _ in latest])
    rows: list[dict[str, Any]] = []
    stored: dict[str, Stored] = {}
    issues: list[Issue] = []
    basis: list[Basis] = []
    for info, data in latest:
        org = registered.get(info.org_id or "")
        if org is None:
            continue
        if not org.uscc:
            issues.append(Issue(row=org.name, column="—", value="", level="warning",
                                message=msg("official_pool.no_uscc")))
            continue
        a, problems = parse_lenient(data)
        a = a.model_copy(update={"id": info.id, "enterprise": a.enterprise.model_copy(
            update={"name": org.name, "uscc": org.uscc, "town": org.town})})
        issues += [Issue(row=org.name, column="—", value="", level="warning",
                         message=msg("official_pool.left_out", problem=p)) for p in problems]
        row, _ = assessment_to_row(a, model)
        rows.append(row)
        basis.append(Basis(org.name, info))
        stored[org.uscc] = Stored(a, yardsticks.with_set(a.profile, sets.get(info.id)))
    pool = Pool(ruleset=model.ruleset.id, profile=model.profile.id, frame=rows_to_frame(rows, model),
                settings=params.settings(model.profile.id), stored=stored)
    return pool, issues, len(rows), basis

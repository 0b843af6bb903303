"""与上年对比 on the results page: last year's assessment of the same organisation (found through store/, read
access checked there), each indicator's value and points then and now with Δ, and the jumps that are probably
slips (scoring.year_change, rule stated on the page); and how many values copied from last year are still 待核对."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import streamlit as st

from scoring.engine import score
from scoring.models import Assessment, Result
from scoring.year_change import SLIP_RATIO, indicator_changes, input_slips
from store import StoreError
from store import assessments as repo
from store.assessments import AssessmentInfo
from ui import auth, state
from ui import catalogue as catmod
from ui.fmt import md, num, unit
from ui.i18n import lang, t
from ui.session import W

log = logging.getLogger("gf.ui")
ORDER = {"approved": 0, "submitted": 1, "returned": 2, "draft": 3}  # a reviewed record before a draft


def previous_info(a: Assessment) -> AssessmentInfo | None:
    """Last year's assessment of the open one's organisation (same org, or same enterprise name where there is no
    organisation): the reviewed or submitted one first, then the most recently updated."""
    who = auth.actor()
    aid = W().get("aid")
    if not aid or not auth.stores(who):
        return None
    try:
        found = repo.list_assessments(who, limit=None)  # type: ignore[arg-type]
    except StoreError:
        return None
    here = next((x for x in found if x.id == aid), None)
    if here is None:
        return None

    def same(x: AssessmentInfo) -> bool:
        if here.org_id is not None:
            return x.org_id == here.org_id
        return x.org_id is None and bool(x.title) and x.title == here.title

    cands = [x for x in found if x.id != aid and x.year == a.year - 1 and same(x)]
    cands.sort(key=lambda x: (ORDER.get(x.status, 9), -x.updated_at.timestamp()))
    return cands[0] if cands else None


def _previous(a: Assessment) -> tuple[AssessmentInfo, Assessment, Result] | None:
    info = previous_info(a)
    if info is None:
        return None
    key = (info.id, info.latest_revision)
    hit = W().get("_year_change")
    if hit is not None and hit[0] == key:
        return hit[1]
    try:
        data, _ = repo.load(auth.actor(), info.id)  # type: ignore[arg-type]
        before = Assessment.model_validate(data)
        rs = catmod.ruleset(before.ruleset)
        prof = catmod.profile(before.profile)
        value: Any = (info, before, score(before, catmod.catalogue(), ruleset_id=rs.id, profile_id=prof.id))
    except Exception:  # an old record that no longer validates or scores: no comparison, never a crash
        log.exception("last year's assessment %s could not be scored", info.id)
        value = None
    W()["_year_change"] = (key, value)
    return value


def carried_notice() -> None:
    """How many values copied from last year are not yet confirmed."""
    left = [p for p in (state.get("carried") or []) if isinstance(p, str)]
    if left:
        st.warning(t("year_change.carried", n=len(left)))


def section(result: Result) -> None:
    """The 与上年对比 section (nothing when there is no last year's assessment)."""
    carried_notice()
    a, _ = state.assessment()
    found = _previous(a)
    if found is None:
        return
    _info, before, r_before = found
    lg = lang()
    changes = indicator_changes(result, r_before)
    slips = [c for c in changes if c.slip]
    moved = input_slips(a, before)
    st.subheader(t("year_change.title", before=before.year, now=a.year))
    st.caption(t("year_change.intro", total_before=f"{r_before.total:.2f}", total_now=f"{result.total:.2f}",
                 delta=f"{result.total - r_before.total:+.2f}", ratio=f"{SLIP_RATIO:g}",
                 inverse=f"{1 / SLIP_RATIO:g}"))
    if slips or moved:
        lines = [t("year_change.slip_line", name=md(c.name), before=num(c.before), now=num(c.now),
                   unit=md(unit(c.unit, a.inputs.product_unit)), ratio=num(c.now / c.before))  # type: ignore[operator]
                 for c in slips]
        lines += [t("year_change.input_line", name=md(_path_label(s.path, lg)), before=num(s.before),
                    now=num(s.now), ratio=num(s.ratio)) for s in moved]
        st.warning(t("year_change.slips", n=len(lines)) + "\n" + "\n".join(f"- {x}" for x in lines))
    frame = pd.DataFrame({
        t("year_change.col_name"): [c.name.get(lg) for c in changes],
        t("year_change.col_unit"): [unit(c.unit, a.inputs.product_unit) for c in changes],
        t("year_change.col_before", year=before.year): [num(c.before) for c in changes],
        t("year_change.col_now", year=a.year): [num(c.now) for c in changes],
        t("year_change.col_points_before"): [f"{c.points_before:.2f}" for c in changes],
        t("year_change.col_points_now"): [f"{c.points_now:.2f}" for c in changes],
        t("year_change.col_delta"): [f"{c.delta_points:+.2f}" for c in changes],
        t("year_change.col_flag"): [t("year_change.flag") if c.slip else "" for c in changes],
    })
    with st.expander(t("year_change.table", n=len(changes))):
        st.dataframe(frame, hide_index=True, width="stretch")


def _path_label(path: str, lg: str) -> str:
    from forms.read import target_label

    return target_label(path, lg)

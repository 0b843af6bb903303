"""Choosers shared by the role pages: an organisation in the user's scope, an assessment of it.

Lists come from store/ with the session's actor, so each shows only what the store lets this user read.
"""

from __future__ import annotations

import streamlit as st

from store import StoreError, orgs
from store import assessments as repo
from store.assessments import AssessmentInfo
from store.orgs import OrgInfo
from ui import auth
from ui.catalogue import catalogue
from ui.fmt import label_of, local_time, md
from ui.i18n import lang, t
from ui.session import W


def organisations() -> list[OrgInfo]:
    who = auth.actor()
    if not auth.stores(who):
        return []
    try:
        return orgs.list_organisations(who)  # type: ignore[arg-type]
    except StoreError as exc:
        st.error(md(str(exc)))
        return []


def town_name(town: str) -> str:
    return next((tw.name.get(lang()) for tw in catalogue().district.towns if tw.id == town), town)


def org_label(o: OrgInfo) -> str:
    return f"{o.name}（{town_name(o.town)}）" if o.town else o.name


def client(key: str) -> str | None:
    """A consultant's client (an organisation that granted access); remembered for new assessments."""
    found = organisations()
    if not found:
        st.info(t("clients.none"))
        W()["client"] = None
        return None
    labels = {o.id: org_label(o) for o in found}
    ids = list(labels)
    current = W().get("client")
    chosen = st.selectbox(t("clients.choose"), ids, index=ids.index(current) if current in ids else 0, key=key,
                          format_func=label_of(labels), placeholder=t("input.choose"))
    W()["client"] = chosen
    return chosen


def organisation(key: str, label: str) -> OrgInfo | None:
    found = organisations()
    if not found:
        st.info(t("pick.no_orgs"))
        return None
    by_id = {o.id: o for o in found}
    labels = {o.id: org_label(o) for o in found}
    chosen = st.selectbox(label, list(by_id), key=key, format_func=label_of(labels), placeholder=t("input.choose"))
    return by_id.get(chosen)


def assessments_of(org_id: str | None = None) -> list[AssessmentInfo]:
    """The readable assessments (of one organisation), most recently updated first."""
    who = auth.actor()
    if not auth.stores(who):
        return []
    try:
        found = repo.list_assessments(who, limit=None)  # type: ignore[arg-type]
    except StoreError as exc:
        st.error(md(str(exc)))
        return []
    return [a for a in found if org_id is None or a.org_id == org_id]


def status_text(info: AssessmentInfo) -> str:
    """'已提交 · 2026-03-02' (the date the status changed, local time) or '草稿'."""
    name = t(f"cycle.{info.status}")
    if info.status == "draft" or info.status_at is None:
        return name
    return f"{name} · {local_time(info.status_at, '%Y-%m-%d')}"


def facts(info: AssessmentInfo) -> str:
    """评价年度, status, total and level of one stored assessment, for lists."""
    year = t("pick.year", year=info.year) if info.year else t("pick.no_year")
    if info.total is None:  # no total stored with it (saved outside the wizard, or restored): no level either
        return " · ".join((year, status_text(info), t("pick.no_total")))
    total = t("pick.total", total=f"{info.total:,.2f}")
    return " · ".join((year, status_text(info), total, _level_name(info) or t("sb.no_level")))


def _level_name(info: AssessmentInfo) -> str:
    """The stored level (its Chinese name, as saved) in the page's language, where its profile still names it."""
    if not info.level or lang() == "zh":
        return info.level
    prof = catalogue().profiles.get(info.profile or "")
    return next((lv.name.get(lang()) for lv in (prof.levels if prof else ()) if lv.name.zh == info.level), info.level)


def assessment_label(info: AssessmentInfo) -> str:
    title = info.title or t("sb.unnamed")
    return t("pick.assessment_line", title=title, rev=info.latest_revision,
             time=local_time(info.updated_at, "%Y-%m-%d %H:%M")) + " · " + facts(info)

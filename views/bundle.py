"""批量导出报告: PDF gap reports of several clients' assessments in one zip, the consultant named as assessor."""

from __future__ import annotations

import functools

import streamlit as st

from report.bundle import reports_zip
from report.clock import local_today
from store import Actor, NotFound
from ui import auth, download_routes, downloads, pickers
from ui.fmt import label_of, md
from ui.i18n import lang, t

MAX_REPORTS = download_routes.MAX_BUNDLE  # what the bundle route builds at most
who = auth.actor()
st.title(t("bundle.title"))
st.caption(t("bundle.intro"))
if who is None:
    st.stop()
orgs = {o.id: o.name for o in pickers.organisations()}
found = [a for a in pickers.assessments_of() if a.org_id in orgs]
if not found:
    st.info(t("clients.none"))
    st.stop()
labels = {a.id: f"{orgs[a.org_id or '']} · {pickers.assessment_label(a)}" for a in found}
latest: dict[str, str] = {}
for a in found:
    latest.setdefault(a.org_id or "", a.id)
chosen = st.multiselect(t("bundle.choose"), list(labels), default=list(latest.values())[:MAX_REPORTS],
                        format_func=label_of(labels), key="bundle-pick", max_selections=MAX_REPORTS,
                        placeholder=t("chrome.choose_options"))
st.caption(t("bundle.assessor", name=md(who.display_name)))


def _zip(actor: Actor, ids: list[str], lg: str) -> bytes:  # on click, in a thread: values only
    """What the bundle route serves (ui.download_routes), built here when the routes cannot serve this user."""
    try:
        return download_routes.reports_bundle(actor, ids, lang=lg).data
    except NotFound:  # every chosen client withdrew access since the page was drawn: an empty zip, as before
        return reports_zip([], lang=lg, assessor=actor.display_name, settings={})


lg, picked = lang(), list(chosen)
downloads.reports_zip(t("bundle.download", n=len(chosen)), ids=picked, data=functools.partial(_zip, who, picked, lg),
                      file_name=f"自评价报告-{local_today():%Y%m%d}.zip", key="bundle-zip", primary=True)

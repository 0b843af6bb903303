"""批量导出报告: PDF gap reports of several clients' assessments in one zip, the consultant named as assessor."""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from report.bundle import reports_zip
from scoring.io import parse_lenient
from store import Actor, StoreError
from store import assessments as repo
from ui import auth, downloads, pickers, yardsticks
from ui.fmt import label_of, md
from ui.i18n import lang, t

MAX_REPORTS = 30
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
                        format_func=label_of(labels), key="bundle-pick", max_selections=MAX_REPORTS)
st.caption(t("bundle.assessor", name=md(who.display_name)))


def _zip(actor: Actor, ids: list[str], lg: str) -> bytes:  # on click, in a thread: values only
    items, settings = [], {}
    for aid in ids:
        try:
            a = parse_lenient(repo.load(actor, aid)[0], lg)[0].model_copy(update={"id": aid})
            settings[aid] = yardsticks.settings_for(actor, aid, a.profile)
            items.append(a)
        except StoreError:  # access withdrawn since the page was shown: that report is left out
            continue
    return reports_zip(items, lang=lg, assessor=actor.display_name, settings=settings)


lg, picked = lang(), list(chosen)
downloads.reports_zip(t("bundle.download", n=len(chosen)), ids=picked, data=functools.partial(_zip, who, picked, lg),
                      file_name=f"自评价报告-{dt.date.today():%Y%m%d}.zip", key="bundle-zip", primary=True)

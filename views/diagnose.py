"""新建诊断: a new assessment for a client, started blank or from the client's latest one (next year's copy);
the consultant is named as assessor (on the report too)."""

from __future__ import annotations

import streamlit as st

from scoring.rollover import copy_forward
from store import StoreError
from store import assessments as repo
from ui import auth, nav, pickers, sidebar, state
from ui.catalogue import catalogue, profiles_for, ruleset_ids
from ui.fmt import label_of, md
from ui.i18n import lang, t

who = auth.actor()
cat = catalogue()
st.title(t("diagnose.title"))
st.caption(t("diagnose.intro"))
client = pickers.client("diagnose-client")
if client is None or who is None:
    st.stop()
org = next(o for o in pickers.organisations() if o.id == client)
latest = pickers.assessments_of(client)[:1]
starts = {v: t(f"diagnose.start_{v}") for v in (("blank", "copy") if latest else ("blank",))}
start = st.radio(t("diagnose.start"), list(starts), key="diagnose-start", format_func=label_of(starts), horizontal=True)
rs_id = prof_id = None
if start == "blank":
    rs_ids = ruleset_ids()
    rs_id = st.selectbox(t("select.ruleset"), rs_ids, key="diagnose-ruleset", format_func=label_of(sidebar.ruleset_labels()),
                         placeholder=t("input.choose"))
    prof_ids = [p.id for p in profiles_for(rs_id)]
    preferred = state.blank()["profile"]
    prof_id = st.selectbox(t("select.profile"), prof_ids, key="diagnose-profile",
                           index=prof_ids.index(preferred) if preferred in prof_ids else 0,
                           format_func=label_of({p.id: p.name.get(lang()) for p in cat.profiles.values()}),
                           placeholder=t("input.choose"))
else:
    st.caption(t("diagnose.copy_help", title=md(pickers.assessment_label(latest[0]))))

if st.button(t("diagnose.go"), key="diagnose-go", type="primary"):
    try:
        data = copy_forward(repo.load(who, latest[0].id)[0]) if start == "copy" else state.blank(rs_id, prof_id)
    except StoreError as exc:
        st.error(md(str(exc)))
        st.stop()
    enterprise = data.setdefault("enterprise", {})
    enterprise.update({"name": enterprise.get("name") or org.name, "uscc": enterprise.get("uscc") or org.uscc or "",
                       "town": enterprise.get("town") or org.town, "assessor": who.display_name[:100]})
    state.new_assessment(data=data, org_id=client)
    nav.go("profile")

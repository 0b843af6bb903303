"""首页: what the tool does; start a new assessment, resume one, import a JSON export."""

from __future__ import annotations

import streamlit as st

from scoring.example import example_assessment
from store import StoreError
from store import assessments as repo
from ui import auth, nav, pickers, sidebar, state
from ui.catalogue import catalogue, profiles_for, ruleset_ids
from ui.fmt import label_of, local_time, md
from ui.i18n import lang, t
from ui.session import W
from ui.upload_budget import charge as upload_charge

S = st.session_state
cat = catalogue()
lg = lang()

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.markdown(t("home.steps"))

left, right = st.columns(2, gap="large")
with left, st.container(border=True):
    st.subheader(t("home.new"))
    if auth.role() == "consultant":
        pickers.client("home-client")
    rs_ids = ruleset_ids()
    rs_id = st.selectbox(t("select.ruleset"), rs_ids, key="home-ruleset",
                         format_func=label_of(sidebar.ruleset_labels()), placeholder=t("input.choose"))
    st.caption(cat.rulesets[rs_id].description.get(lg))
    prof_ids = [p.id for p in profiles_for(rs_id)]
    preferred = state.blank()["profile"]
    prof_id = st.selectbox(t("select.profile"), prof_ids, key="home-profile",
                           index=prof_ids.index(preferred) if preferred in prof_ids else 0,
                           format_func=label_of({p.id: p.name.get(lg) for p in cat.profiles.values()}),
                           placeholder=t("input.choose"))
    if st.button(t("home.start"), type="primary", key="home-start"):
        state.new_assessment(rs_id, prof_id)
        nav.go("profile")
    if st.button(t("home.example"), key="home-example", help=t("home.example_help")):
        state.new_assessment(data=example_assessment(rs_id, prof_id, cat).model_dump(mode="json"))
        nav.go("results")

with right, st.container(border=True):
    st.subheader(t("home.resume"))
    who = auth.actor()
    try:
        found = repo.list_assessments(who, limit=15) if auth.stores(who) else []  # type: ignore[arg-type]
    except StoreError as exc:
        found = []
        st.error(md(str(exc)))
    if not found:
        st.caption(t("home.none_saved") if auth.stores(who) else t("auth.guest_nothing_saved"))
    for info in found:
        row = st.columns([5, 2], vertical_alignment="center")
        current = t("home.current") if info.id == W().get("aid") else ""
        title = md(info.title) if info.title else f"*{t('sb.unnamed')}*"
        row[0].markdown(f"{title}{current}  \n"
                        + t("home.saved_line", rev=info.latest_revision,
                            time=local_time(info.updated_at, "%Y-%m-%d %H:%M")))
        if row[1].button(t("home.open"), key=f"open-{info.id}") and state.open_assessment(info.id):
            nav.go("profile")


def _imported() -> None:
    upload = S.get("home-import")
    if upload is None:
        return
    if (over := upload_charge(upload.size)) is not None:
        W()["import_errors"] = [over]
        return
    W()["import_errors"] = state.import_json(upload.getvalue())
    if not W()["import_errors"]:
        state.notice(t("import.done", name=md(state.get("enterprise.name") or t("sb.unnamed"))), "info")
        W()["import_go"] = True


with st.container(border=True):
    st.subheader(t("home.import"))
    st.caption(t("home.import_help"))
    st.file_uploader(t("home.import_file"), key="home-import", on_change=_imported, max_upload_size=2)
    errors = W().get("import_errors") or []
    if errors and S.get("home-import") is not None:
        st.error(t("import.failed") + "\n" + "\n".join(f"- {md(e)}" for e in errors[:20]))
    if W().pop("import_go", False):
        nav.go("profile")

st.subheader(t("home.shortcuts"))
rs_now = cat.rulesets.get(state.get("ruleset") or "")
links = [(d, i) for d, i in rs_now.indicators() if i.metric in ("solid_waste_utilisation_pct", "wastewater_reuse_pct",
                                                                 "water_reuse_pct")] if rs_now else []
for d, i in links:
    target = nav.page(f"dim-{d.id}")
    if target is not None:
        st.page_link(target, label=t("home.shortcut", item=i.name.get(lg), dim=d.name.get(lg)),
                     query_params=dict(st.query_params))

"""辖区设置: which 镇街 of the district each official oversees (none chosen: the whole district)."""

from __future__ import annotations

import streamlit as st

from store import StoreError, accounts, orgs
from ui import auth, pickers
from ui.catalogue import catalogue
from ui.fmt import label_of, md
from ui.i18n import lang, t
from ui.session import W

who = auth.actor()
cat = catalogue()
st.title(t("areas.title"))
st.caption(t("areas.intro"))
if who is None:
    st.stop()
try:
    officials = accounts.list_users(who, role="official")
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
if not officials:
    st.info(t("areas.no_officials"))
    st.stop()


def district_name(district_id: str) -> str:
    """The district by name (the deployment's district; another id, from an older catalogue, as 其他区县)."""
    return cat.district.name.get(lang()) if district_id == cat.district.id else t("areas.other_district")


for u in officials:
    try:
        areas = orgs.get_jurisdiction(who, u.id)
    except StoreError as exc:
        st.error(md(str(exc)))
        continue
    text = "；".join(f"{district_name(a.district)} · {pickers.town_name(a.town) if a.town else t('areas.whole')}"
                    for a in areas)
    st.markdown(t("areas.line", name=md(u.display_name), username=md(u.username), areas=md(text) if text else t("areas.unset")))

st.subheader(t("areas.set"))
by_id = {u.id: u for u in officials}
uid = st.selectbox(t("areas.official"), list(by_id), key="areas-user",
                   format_func=lambda i: f"{by_id[i].display_name}（{by_id[i].username}）", placeholder=t("input.choose"))
towns = {tw.id: tw.name.get(lang()) for tw in cat.district.towns}
with st.form(f"areas-{uid}"):
    st.markdown(t("areas.district", district=cat.district.name.get(lang())))
    chosen = st.multiselect(t("areas.towns"), list(towns), format_func=label_of(towns), key=f"areas-towns-{uid}",
                            placeholder=t("areas.whole"))
    if st.form_submit_button(t("users.save"), type="primary"):
        try:
            orgs.set_jurisdiction(who, uid, cat.district.id, chosen)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            W().setdefault("notices", []).append(("info", t("areas.saved", name=md(by_id[uid].display_name))))
            st.rerun()

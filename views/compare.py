"""前后对比: two assessments of one client (a diagnosis and its follow-up) — deltas per dimension and indicator,
and a chart (scoring.compare)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from scoring.compare import IncomparableResults, compare
from store import StoreError
from ui import auth, compare_view, pickers, stored
from ui.fmt import label_of, md
from ui.i18n import lang, say_msg, t

who = auth.actor()
st.title(t("compare.title"))
st.caption(t("compare.intro"))
client = pickers.client("compare-client")
if client is None or who is None:
    st.stop()
found = pickers.assessments_of(client)
if len(found) < 2:
    st.info(t("compare.need_two"))
    st.stop()
labels = {a.id: pickers.assessment_label(a) for a in found}
ids = list(labels)
c1, c2 = st.columns(2)
before_id = c1.selectbox(t("compare.before"), ids, index=1, key="compare-before", format_func=label_of(labels),
                         placeholder=t("input.choose"))
after_id = c2.selectbox(t("compare.after"), ids, index=0, key="compare-after", format_func=label_of(labels),
                        placeholder=t("input.choose"))
by_id = {a.id: a for a in found}
c1.caption(md(pickers.facts(by_id[before_id])))  # 评价年度 · status · total · level of each side
c2.caption(md(pickers.facts(by_id[after_id])))
if before_id == after_id:
    st.warning(t("compare.same"))
    st.stop()
try:
    before = stored.load(who, before_id, lang())
    after = stored.load(who, after_id, lang())
    cmp = compare(before.result, after.result)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
except IncomparableResults as exc:
    st.error(say_msg(exc.message))
    st.stop()

before_label, after_label = t("compare.before"), t("compare.after")
compare_view.headline(cmp, before=before_label, after=after_label)

st.subheader(t("compare.by_dimension"))
compare_view.dimensions(cmp, before=before_label, after=after_label)
long = pd.DataFrame([{"dimension": say_msg(d.name), "when": t(f"compare.{w}"), "points": round(p, 2)}
                     for d in cmp.dimensions for w, p in (("before", d.points_before), ("after", d.points_after))])
chart = alt.Chart(long).mark_bar().encode(
    x=alt.X("dimension:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
    xOffset=alt.XOffset("when:N", sort=[t("compare.before"), t("compare.after")]),
    y=alt.Y("points:Q", title=t("compare.points")),
    color=alt.Color("when:N", title=None, sort=[t("compare.before"), t("compare.after")],
                    scale=alt.Scale(range=["#9BB8D3", "#1a7f37"])),
    tooltip=["dimension", "when", "points"])
st.altair_chart(chart.properties(height=320), width="stretch")

st.subheader(t("compare.by_indicator"))
only_changed = st.checkbox(t("compare.only_changed"), value=True, key="compare-changed")
rows = compare_view.indicator_rows(cmp, only_changed=only_changed, before=before_label, after=after_label)
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

"""结果: eligibility (and which gate), total and level, distance to the next level, charts, gaps, warnings."""

from __future__ import annotations

import streamlit as st

from ui import charts, nav, results_view, state
from ui.guard import guard
from ui.i18n import t

result = state.result()
a, problems = state.assessment()

st.title(t("results.title"))
st.caption(results_view.standard_line(result))
results_view.eligibility(result)
results_view.headline(result)
results_view.profile_basis(result)
results_view.range_notice(result)
results_view.yardstick_basis(result)
results_view.newer_yardsticks(a, result)
if problems:
    st.warning(t("results.invalid_left_out", n=len(problems)))

left, right = st.columns([3, 2], gap="large")
with left, guard("bars"):
    st.subheader(t("results.by_dimension"))
    st.vega_lite_chart(charts.bars_spec(result), key="chart-bars")
with right, guard("radar"):
    st.subheader(t("results.radar"))
    st.vega_lite_chart(charts.radar_spec(result), key="chart-radar", width="content")

results_view.warnings(result)
results_view.gaps(result)
with guard("whatif"):
    results_view.whatif(a, result)
results_view.detail_table(result, a.inputs.product_unit)

nav.pager()

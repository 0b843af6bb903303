"""One dimension of the chosen rule-set (the page's url_path says which), rendered from the catalogue."""

from __future__ import annotations

import streamlit as st

from scoring.fields import label
from scoring.inputs_map import APPLICABILITY_INPUTS, SHARED_INPUTS, inputs_for
from scoring.models import Result
from scoring.products import PRODUCT_METRICS, QUOTA_FLAGS
from ui import cards, energy_working, live, nav, state, widgets
from ui.catalogue import catalogue, ruleset
from ui.i18n import lang, t

lg = lang()
rs = ruleset(state.get("ruleset") or "")
dim = nav.current_dimension(rs)
if dim is None:
    st.warning(t("dim.unknown"))
    st.stop()
result = state.result()
by_id = {r.id: r for r in result.indicators}
dim_id, n_indicators = dim.id, len(dim.indicators)  # for the functions below (narrowed once)

st.title(dim.name.get(lg))


def _summary(r: Result) -> None:
    d = next(x for x in r.dimensions if x.id == dim_id)
    done, required = live.pages(r).get(f"dim-{dim_id}", (0, 0))
    st.caption(t("dim.summary", score=f"{d.score:.2f}", max=f"{d.max:g}", n=n_indicators, done=done,
                 required=required))


live.slot("dim-summary", result, _summary)
st.markdown(" · ".join(f"[{ind.name.get(lg)}](#{ind.id})" for ind in dim.indicators))

switches = list(dict.fromkeys(APPLICABILITY_INPUTS[i.applicable_if] for i in dim.indicators
                              if i.applicable_if in APPLICABILITY_INPUTS))
if switches:
    with st.container(border=True):
        st.markdown(f"**{t('dim.applicability')}**")
        st.caption(t("dim.applicability_help"))
        for name in switches:
            widgets.yes_no(f"inputs.{name}", label(name, lg), help=widgets.help_for(name))
            kind = QUOTA_FLAGS.get(name)
            if kind and state.get(f"inputs.{name}") is not False:  # 是, or not answered yet: pick the products
                scored = next((r.products for r in result.indicators
                               if PRODUCT_METRICS.get(r.metric or "") == kind), [])
                widgets.products(kind, scored)

applicable = [i for i in dim.indicators if by_id[i.id].state != "not_applicable"]
needed = {f for i in applicable for f in inputs_for(i.metric, i.id)}
shared = [f for f in SHARED_INPUTS if f in needed or (f in ("product_name", "product_unit")
                                                      and "production_volume" in needed)]
texts = [f for f in shared if widgets.kind(f) == "str"]
if texts:
    with st.container(border=True):
        st.markdown(f"**{t('dim.shared')}**")
        st.caption(t("dim.shared_help"))
        widgets.fields(texts, rs, set())

# every number of the page in one table (one widget: a rerun stays cheap), in the order of the cards
order = [f for f in shared if f not in texts] + [f for i in applicable for f in inputs_for(i.metric, i.id)]
numbers = [f for f in dict.fromkeys(order) if f not in switches and widgets.kind(f) in ("int", "float")
           and f not in widgets.COMPOUND and not f.endswith("_cases")]
energy = "energy" in order
rendered = set(switches) | set(shared) | set(numbers) | ({"energy"} if energy else set())


@st.fragment
def _numbers() -> None:
    """The page's numbers: typing one reruns only this and the live slots (ui.live), not the page."""
    live.part(result)  # redraws every slot: called after the last is placed
    widgets.table(f"page-{dim_id}", (widgets.carrier_rows() if energy else []) + widgets.number_rows(numbers))
    if energy:
        energy_working.show(state.assessment()[0], catalogue().reference)


numbers_box = None
if numbers or energy:
    numbers_box = st.container(border=True, key="page-numbers")
    with numbers_box:
        st.markdown(f"**{t('dim.numbers')}**")
        st.caption(t("dim.numbers_help"))
for ind in dim.indicators:
    cards.indicator(rs, ind, by_id[ind.id], rendered, with_evidence=False)

with st.container(border=True, key="page-evidence"):
    st.markdown(f"**{t('evidence.state')}**")
    widgets.evidence_part(dim.id, [(i.id, i.name.get(lg)) for i in applicable])

if numbers_box is not None:
    with numbers_box:  # called last, so every live slot of the page exists (ui.live.part)
        _numbers()
widgets.confirm_page()
nav.pager()

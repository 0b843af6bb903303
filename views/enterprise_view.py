"""企业评价（只读）: an official reads one enterprise's stored answers and result (no field here changes them) and
records a 初审意见 on the revision read."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import StoreError, reviews
from store import assessments as repo
from ui import auth, files, pickers, results_view, stored
from ui.catalogue import ruleset
from ui.fmt import label_of, local_time, md
from ui.i18n import lang, say_msg, t

lg = lang()
who = auth.actor()
st.title(t("view.title"))
st.caption(t("view.intro"))
if who is None:
    st.stop()
org = pickers.organisation("view-org", t("view.org"))
if org is None:
    st.stop()
found = pickers.assessments_of(org.id)
if not found:
    st.info(t("clients.no_assessments"))
    st.stop()
labels = {a.id: pickers.assessment_label(a) for a in found}
aid = st.selectbox(t("view.assessment"), list(labels), format_func=label_of(labels), key="view-assessment",
                   placeholder=t("input.choose"))
try:
    revs = repo.list_revisions(who, aid)
    numbers = {r.revision: t("view.revision_line", rev=r.revision, time=local_time(r.saved_at, "%Y-%m-%d %H:%M"))
               for r in reversed(revs)}
    rev = st.selectbox(t("view.revision"), list(numbers), key=f"view-rev-{aid}", format_func=label_of(numbers),
                       placeholder=t("input.choose"))
    s = stored.load(who, aid, lg, rev)
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
a, result = s.assessment, s.result

e = a.enterprise
st.subheader(md(e.name or org.name))
st.markdown(t("view.basics", uscc=e.uscc or "—", town=pickers.town_name(e.town) if e.town else "—",
              industry=md(e.industry) if e.industry else "—", year=a.year, assessor=md(e.assessor) if e.assessor else "—"))
st.caption(t("results.basis", ruleset=result.ruleset_name, version=result.ruleset_version,
             profile=result.profile_name))
results_view.eligibility(result)
results_view.headline(result)
if s.problems:
    st.warning(t("results.invalid_left_out", n=len(s.problems)))

st.subheader(t("view.gates"))
st.dataframe(pd.DataFrame([{t("view.gate"): say_msg(g.name), t("view.answer"): "—" if g.answer in (None, "") else
                            (t("card.met_yes") if g.answer is True else t("card.met_no") if g.answer is False
                             else str(g.answer)), t("view.state"): t(f"gate.state.{g.state}")}
                           for g in result.gates]), hide_index=True, width="stretch")
results_view.detail_table(result, a.inputs.product_unit)
results_view.gaps(result)

rs = ruleset(a.ruleset)
names = {g.id: g.name.get(lg) for g in rs.gates} | {i.id: i.name.get(lg) for _, i in rs.indicators()}
with st.expander(t("view.files")):
    files.listing(who, aid, names, can_delete=False)

st.subheader(t("notes.title"))
try:
    notes = reviews.list_notes(who, assessment_id=aid)
except StoreError as exc:
    notes = []
    st.error(md(str(exc)))
for n in notes:
    with st.container(border=True):
        st.caption(t("notes.line", author=md(n.author_name), time=local_time(n.created_at, "%Y-%m-%d %H:%M"),
                     rev=n.revision))
        st.text(n.note)
with st.form(f"note-{aid}", clear_on_submit=True):
    text = st.text_area(t("notes.new", rev=s.revision), max_chars=reviews.MAX_NOTE_CHARS, key="note-text",
                        placeholder=t("notes.placeholder"))
    if st.form_submit_button(t("notes.submit"), type="primary"):
        try:
            reviews.add_note(who, aid, text, revision=s.revision)
        except StoreError as exc:
            st.error(md(str(exc)))
        else:
            st.success(t("notes.saved"))
            st.rerun()

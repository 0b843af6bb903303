"""初审 (official): the submitted assessments of the jurisdiction; for one of them a verdict per indicator — 通过, or
退回 with the reason the enterprise will read (store.submissions.review; the store checks the jurisdiction)."""

from __future__ import annotations

import streamlit as st

from store import StoreError, submissions
from store.reviews import MAX_NOTE_CHARS
from ui import auth, pickers, stored
from ui.fmt import label_of, md, num
from ui.i18n import lang, say_msg, t

who = auth.actor()
st.title(t("review.title"))
st.caption(t("review.intro"))
if who is None or who.role != "official":
    st.stop()
everything = pickers.assessments_of()
waiting = [a for a in everything if a.status == "submitted"]
if not waiting:
    st.info(t("review.none"))
    st.stop()
labels = {a.id: pickers.assessment_label(a) for a in waiting}
aid = st.selectbox(t("review.choose"), list(labels), key="review-pick", format_func=label_of(labels),
                   placeholder=t("input.choose"))
try:
    scored = stored.load(who, aid, lang())
except StoreError as exc:
    st.error(md(str(exc)))
    st.stop()
r = scored.result
st.markdown(t("review.summary", total=f"{r.total:,.2f}", level=say_msg(r.level_name) or t("sb.no_level")))
dims = {d.id: say_msg(d.name) for d in r.dimensions}
shown = [i for i in r.indicators if i.state != "not_applicable"]
choices = {"pass": t("review.pass"), "return": t("review.return")}
with st.form(key=f"review-form-{aid}"):
    for dim_id, dim_name in dims.items():
        items = [i for i in shown if i.dimension == dim_id]
        if not items:
            continue
        st.markdown(f"**{md(dim_name)}**")
        for i in items:
            row = st.columns([4, 2, 4], vertical_alignment="center")
            value = f"{num(i.value)} {i.unit}".strip() if i.value is not None else say_msg(i.answer_label) or "—"
            row[0].markdown(t("review.item_line", name=md(say_msg(i.name)), value=md(value),
                              points=f"{i.weighted:,.2f}", evidence=t(f"review.evidence_{i.evidence_state or 'none'}")))
            row[1].radio(t("review.verdict"), list(choices), format_func=label_of(choices), horizontal=True,
                         key=f"review-v-{aid}-{i.id}", label_visibility="collapsed")
            row[2].text_input(t("review.comment"), key=f"review-c-{aid}-{i.id}", label_visibility="collapsed",
                              placeholder=t("review.comment_placeholder"), max_chars=MAX_NOTE_CHARS)
    sent = st.form_submit_button(t("review.send"), type="primary")
if sent:
    verdicts = {i.id: (st.session_state.get(f"review-v-{aid}-{i.id}", "pass"),
                       st.session_state.get(f"review-c-{aid}-{i.id}", "")) for i in shown}
    blank = [say_msg(i.name) for i in shown if verdicts[i.id][0] == "return" and not str(verdicts[i.id][1]).strip()]
    try:
        if blank:
            raise StoreError(t("review.reason_needed", names="、".join(blank)))
        out = submissions.review(who, aid, verdicts)
    except StoreError as exc:
        st.error(md(str(exc)))
    else:
        st.success(t(f"review.done_{out.status}", name=md(out.title or t("sb.unnamed"))))
        st.button(t("review.next"), key="review-next")

"""The sidebar under the page menu: language, live total and level, progress, rule-set and profile, save status."""

from __future__ import annotations

import html

import streamlit as st

from scoring.models import Result
from ui import auth, live, state
from ui.catalogue import catalogue, profiles_for, ruleset_ids
from ui.fmt import label_of, local_time, md
from ui.i18n import LANGS, lang, t
from ui.results_view import level_text
from ui.session import W
from ui.widgets import wkey

S = st.session_state
LANG_NAMES = {"zh": "中文", "en": "English"}


def _set_lang(key: str) -> None:
    value = S.get(key)
    if value in LANGS:
        W()["lang"] = value
        if value == "zh":
            st.query_params.pop("lang", None)
        else:
            st.query_params["lang"] = value


def set_ruleset(ruleset_id: str) -> None:
    """Switch rule-set; every answer stays in the draft. A profile not meant for it is replaced."""
    cat = catalogue()
    if ruleset_id not in cat.rulesets:
        return
    changes: dict[str, object] = {"ruleset": ruleset_id, "ruleset_version": cat.rulesets[ruleset_id].version}
    allowed = [p.id for p in profiles_for(ruleset_id)]
    if allowed and state.get("profile") not in allowed:
        changes["profile"] = allowed[0]
    state.update_many(changes)


def _ruleset_changed(key: str) -> None:
    if S.get(key):
        set_ruleset(S[key])


def _profile_changed(key: str) -> None:
    if S.get(key) in catalogue().profiles:
        state.update("profile", S[key])


def ruleset_labels() -> dict[str, str]:
    cat = catalogue()
    return {i: f"{cat.rulesets[i].name.get(lang())}（{t('status.' + cat.rulesets[i].status)}）" for i in ruleset_ids()}


def selectors(where: str) -> None:
    """Rule-set and local profile; the same draft fields from the sidebar and the enterprise page."""
    cat = catalogue()
    lg = lang()
    rs_ids = ruleset_ids()
    cur = state.get("ruleset")
    key = wkey(f"{where}.ruleset")
    st.selectbox(t("select.ruleset"), rs_ids, index=rs_ids.index(cur) if cur in rs_ids else None, key=key,
                 format_func=label_of(ruleset_labels()),
                 on_change=_ruleset_changed, args=(key,), placeholder=t("input.choose"))
    prof_ids = [p.id for p in profiles_for(cur or "")] or list(cat.profiles)
    pcur = state.get("profile")
    pkey = wkey(f"{where}.profile")
    st.selectbox(t("select.profile"), prof_ids, index=prof_ids.index(pcur) if pcur in prof_ids else None,
                 key=pkey, format_func=label_of({p.id: p.name.get(lg) for p in cat.profiles.values()}),
                 on_change=_profile_changed,
                 args=(pkey,), placeholder=t("input.choose"))


def language() -> None:
    """The language switch (the sidebar of pages without the wizard shows only this)."""
    with st.sidebar:
        st.segmented_control(t("sb.language"), list(LANGS), default=lang(), format_func=label_of(LANG_NAMES),
                             key="lang_switch", on_change=_set_lang, args=("lang_switch",), required=True)


# On a phone the sidebar starts closed (app.py: initial_sidebar_state="auto"); this bar keeps the live total in
# view at the foot of the screen there, and takes no room on a wider screen. Static tables scroll sideways
# there instead of wrapping every 4–5 characters.
_PHONE_STYLE = """<style>
.gf-phone-total{position:fixed;left:0;right:0;bottom:0;z-index:999990;padding:.5rem .9rem;font-size:.92rem;
  background:#eef7f0;border-top:1px solid #b7dcc1;color:#1b3b24;box-shadow:0 -2px 6px rgba(0,0,0,.06)}
@media (max-width: 640px){[data-testid="stMainBlockContainer"]{padding-bottom:4.5rem}
  [data-testid="stTable"]{overflow-x:auto}[data-testid="stTable"] table{min-width:640px}}
@media (min-width: 641px){.stElementContainer:has(.gf-phone-total),.element-container:has(.gf-phone-total){display:none}}
</style>"""


def phone_total(result: Result, answered: int, required: int) -> None:
    """The live total, level and progress in one bar at the foot of the screen, on narrow screens only."""
    line = t("sb.phone_line", total=f"{result.total:.2f}", max=f"{result.max_total:g}",
             level=level_text(result), done=answered, required=required)
    st.html(f'{_PHONE_STYLE}<div class="gf-phone-total" role="status">{html.escape(line).replace("**", "")}</div>')


def score_block(result: Result, answered: int, required: int) -> None:
    """The live total, level, distance to the next level and progress."""
    with st.container(border=True):
        st.metric(t("sb.total"), f"{result.total:.2f} / {result.max_total:g}")
        if not result.eligible and result.failed_gates:
            st.markdown(f":red[{t('sb.not_eligible')}]")
        st.markdown(t("sb.level_possible", level=level_text(result)) if result.level_status == "possible"
                    else t("sb.level", level=level_text(result)))
        if result.range is not None and result.range.max > result.range.min:
            st.caption(t("results.range_short", lo=f"{result.range.min:.2f}", hi=f"{result.range.max:.2f}"))
        if result.next_level_name and result.distance_to_next is not None:
            st.caption(t("sb.next", level=result.next_level_name, points=f"{result.distance_to_next:.2f}"))
        elif result.next_level_name:
            st.caption(t("sb.next_unknown", level=result.next_level_name))
        if not result.complete:
            st.caption(t("sb.incomplete", n=len(result.missing)))
    st.progress(answered / required if required else 0.0, text=t("sb.progress", done=answered, total=required))


def saved_caption(_result: Result | None = None) -> None:
    if W().get("saved_at") and W().get("rev"):
        st.caption(t("sb.saved", rev=W()["rev"], time=local_time(W()["saved_at"], "%H:%M:%S")))
    elif W().get("aid"):
        st.caption(t("sb.saved_rev", rev=W().get("rev") or 1))
    elif not auth.stores():
        st.caption(t("auth.guest_not_saved"))
    else:
        st.caption(t("sb.not_saved"))


def enterprise_name(_result: Result | None = None) -> None:
    name = (state.get("enterprise.name") or "").strip()
    st.markdown(f"**{md(name)}**" if name else f"*{t('sb.unnamed')}*")


def render(result: Result) -> None:
    """The sidebar of the wizard; the enterprise's name, the total, the phone bar and the save caption are live
    slots (ui.live)."""
    language()
    live.slot("phone", result, lambda r: phone_total(r, *live.totals(r)))
    with st.sidebar:
        live.slot("sb-name", result, enterprise_name)
        live.slot("sb-score", result, lambda r: score_block(r, *live.totals(r)))
        selectors("sidebar")
        live.slot("sb-saved", result, saved_caption)

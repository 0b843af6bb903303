"""保存历史: the revisions of one assessment grouped into sittings (store.assessments.group_revisions), an earlier
version's figures and its changes against the current one, and 恢复此版本 (store.assessments.restore).

Both versions are scored by ``ui.stored.load``, the wizard's own path (lenient parse, the profile's settings, the
pinned district set), and compared by ``scoring.compare``: no figure here is computed any other way. A restore is a
new revision; the wizard showing this assessment adopts it on its next run (ui.state.sync).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from scoring.compare import IncomparableResults, compare
from scoring.draft_diff import FieldChange, changes
from scoring.fields import label as field_label
from scoring.models import Result
from store import Actor, StoreError
from store import assessments as repo
from store.assessments import SITTING_GAP, RevisionGroup
from ui import auth, compare_view, confirm, stored
from ui.catalogue import catalogue
from ui.fmt import local_time, md, num
from ui.i18n import lang, say_msg, t

SHOWN_GROUPS = 30


def _span(g: RevisionGroup) -> str:
    start = local_time(g.first.saved_at, "%Y-%m-%d %H:%M")
    end = local_time(g.last.saved_at, "%H:%M")
    return start if g.count == 1 or end == start[-5:] else f"{start}–{end}"


def _note(g: RevisionGroup) -> str:
    notes = [t("revisions.restored_from", rev=g.first.restored_from)] if g.first.restored_from else []
    return "；".join(notes + ([t("revisions.has_conflict")] if g.has_conflict else []))


def _revs(g: RevisionGroup) -> str:
    return t("revisions.one", rev=g.last.revision) if g.count == 1 else t(
        "revisions.range", first=g.first.revision, last=g.last.revision)


def _table(groups: list[RevisionGroup], with_saver: bool) -> None:
    rows = [{t("export.rev"): _revs(g), t("export.saved_at"): _span(g),
             **({t("export.saved_by"): g.last.saved_by_name or "—"} if with_saver else {}),
             t("revisions.saves"): g.count, t("revisions.note"): _note(g)} for g in groups[:SHOWN_GROUPS]]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=min(36 * (len(rows) + 1) + 2, 300))


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return t("compare.yes") if v else t("compare.no")
    if isinstance(v, int | float):
        return num(float(v))
    if isinstance(v, list):
        return t("revisions.items", n=len(v))
    return str(v)


def _names(*results: Result) -> dict[str, str]:
    """Item ids → names (gates and indicators of both versions), for answers, evidence and yardsticks."""
    out: dict[str, str] = {}
    for r in results:
        out.update({g.id: say_msg(g.name) for g in r.gates})
        out.update({i.id: say_msg(i.name) for i in r.indicators})
    return out


def _field_name(path: tuple[str | int, ...], names: dict[str, str]) -> str:
    head, rest = str(path[0]), path[1:]
    carriers = {c.id: c.name.get(lang()) for c in catalogue().reference.carriers}
    if head == "inputs" and rest:
        name = field_label(str(rest[0]), lang())
        if len(rest) > 1 and str(rest[1]) in carriers:
            return f"{name} · {carriers[str(rest[1])]}"
        if len(rest) > 2 and isinstance(rest[1], int):
            return t("revisions.row", field=name, n=rest[1] + 1)
        return name
    if head == "enterprise" and rest:
        return t(f"profile.{rest[0]}", district=catalogue().district.name.get(lang()))
    if head in ("answers", "evidence", "benchmarks") and rest:
        return t(f"revisions.{head}", item=names.get(str(rest[0]), t("revisions.other_item")))
    if head == "options" and rest:
        return t(f"options.{rest[0]}") if rest[0] in ("electricity_basis", "carbon_method", "grid_region") else t(
            "profile.options")
    return t(f"revisions.top.{head}") if head in ("year", "ruleset", "profile", "confirmed") else t(
        "revisions.other_field")


def _field_rows(diff: list[FieldChange], names: dict[str, str]) -> list[dict[str, str]]:
    return [{t("revisions.field"): _field_name(c.path, names), t("revisions.then"): _value(c.before),
             t("revisions.now"): _value(c.after)} for c in diff]


def _restore(who: Actor, aid: str, revision: int, base: int, key: str) -> None:
    try:
        out = repo.restore(who, aid, revision, base_revision=base)
    except StoreError as exc:
        st.session_state[f"_notice-{key}"] = ("error", md(str(exc)))
        return
    st.session_state[f"_notice-{key}"] = ("success", t("revisions.restored", rev=revision, new=out.revision))
    st.session_state.pop(f"{key}-pick", None)


def _detail(who: Actor, aid: str, revision: int, key: str) -> None:
    try:
        then, now = stored.load(who, aid, lang(), revision), stored.load(who, aid, lang())
    except StoreError as exc:
        st.error(md(str(exc)))
        return
    st.markdown(t("revisions.viewing", rev=revision, current=now.revision))
    try:
        cmp = compare(then.result, now.result)
    except IncomparableResults as exc:
        st.warning(say_msg(exc.message))
        compare_view.figures(then.result)
    else:
        compare_view.headline(cmp, before=t("revisions.then"), after=t("revisions.now"))
        compare_view.dimensions(cmp, before=t("revisions.then"), after=t("revisions.now"))
        moved = compare_view.indicator_rows(cmp, only_changed=True, before=t("revisions.then"),
                                            after=t("revisions.now"))
        if moved:
            st.markdown(f"**{t('revisions.indicators')}**")
            st.dataframe(pd.DataFrame(moved), hide_index=True, width="stretch")
    diff = changes(then.data, now.data)
    st.markdown(f"**{t('revisions.fields', n=len(diff))}**")
    if diff:
        st.dataframe(pd.DataFrame(_field_rows(diff, _names(then.result, now.result))), hide_index=True,
                     width="stretch")
    else:
        st.caption(t("revisions.same"))
    if auth.has_wizard(who):
        confirm.button(t("revisions.restore", rev=revision), key=f"{key}-restore", action=_restore,
                       args=(who, aid, revision, now.revision, key),
                       question=t("revisions.restore_question", rev=revision, new=now.revision + 1),
                       confirm_label=t("revisions.restore_yes"))


def history(who: Actor | None, aid: str, *, key: str) -> None:
    """The grouped history of ``aid`` with 查看 / 对比 / 恢复 of an earlier version."""
    if who is None:
        return
    notice = st.session_state.pop(f"_notice-{key}", None)
    if notice:
        getattr(st, notice[0])(notice[1])
    try:
        groups = repo.list_revision_groups(who, aid)
    except StoreError as exc:
        st.error(md(str(exc)))
        return
    total = sum(g.count for g in groups)
    st.caption(t("revisions.rule", minutes=int(SITTING_GAP.total_seconds() // 60), n=total, groups=len(groups)))
    _table(groups, with_saver=auth.role(who) != "local")
    earlier = {g.last.revision: g for g in groups[1:SHOWN_GROUPS]}
    if not earlier:
        st.caption(t("revisions.nothing_earlier"))
        return
    labels = {rev: t("revisions.pick_line", rev=rev, time=local_time(g.last.saved_at, "%Y-%m-%d %H:%M"))
              + (f" · {g.last.saved_by_name}" if g.last.saved_by_name else "") for rev, g in earlier.items()}
    picked = st.selectbox(t("revisions.pick"), list(labels), index=None, key=f"{key}-pick",
                          format_func=lambda rev: labels[rev], placeholder=t("revisions.pick_placeholder"))
    if picked is not None:
        with st.container(border=True):
            _detail(who, aid, picked, key)

"""Input widgets bound to paths of the draft. Each writes its value back through `state.update` on change.

Numbers start empty (value=None) so an unanswered field stays missing, never a silent 0; no min/max is set in
the browser, so a bad value is kept in the draft and explained in Chinese under the field.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, get_args

import pandas as pd
import streamlit as st

from criteria.quotas import quota_library
from criteria.schema import Choice, RuleSet
from scoring import units as unitlib
from scoring.fields import FIELDS
from scoring.fields import label as field_label
from scoring.inputs_map import CHOICE_INPUTS
from scoring.models import Inputs, ProductScore
from ui import confirm, connection, energy_working, live, state
from ui.catalogue import catalogue, choices
from ui.fmt import label_of, md, num
from ui.i18n import lang, t
from ui.session import W

S = st.session_state


def wkey(path: str) -> str:
    """Widget key of a draft path; it changes with the generation and the language, so widgets are rebuilt
    when the draft is replaced or the labels change."""
    return f"g{W().get('gen', 0)}{lang()}|{path}"


def _changed(path: str, key: str, conv: Callable[[Any], Any] | None) -> None:
    value = S.get(key)
    state.update_many({path: conv(value) if conv else value, **_uncarry([path])})


# ---- 待核对: values copied from last year, not yet confirmed (the draft's `carried` paths) -------------------


def carried() -> list[str]:
    return [p for p in (state.get("carried") or []) if isinstance(p, str)]


def _uncarry(paths: Sequence[str]) -> dict[str, Any]:
    """The change that confirms `paths` (none when none of them is carried)."""
    left = [p for p in carried() if p not in paths]
    return {"carried": left} if len(left) != len(carried()) else {}


def _drawn() -> set[str]:
    """Draft paths drawn in this run (so 本页数据已核对 confirms this page's fields only)."""
    run = W().get("_guard_run")
    if W().get("_page_paths_run") != run:
        W()["_page_paths"], W()["_page_paths_run"] = set(), run
    return W()["_page_paths"]


def carried_mark(path: str) -> None:
    if path in carried():
        st.caption(t("carried.mark"))
    _drawn().add(path)


def confirm_page() -> None:
    """本页数据已核对: confirms every carried path drawn on this page (shown only while some are left)."""
    left = [p for p in carried() if p in _drawn()]
    if left:
        st.button(t("carried.confirm_page", n=len(left)), key=wkey("carried.confirm_page"),
                  on_click=lambda: state.update_many(_uncarry(left)))


# ---- display units (the unit of the source form a value is entered in) ----------------------------------------


def _units() -> dict[str, str]:
    """The display unit chosen per draft path, kept in the draft (`units`) so it survives a reload."""
    return dict(state.get("units") or {})


def _unit_change(chosen: dict[str, str]) -> dict[str, Any]:
    return {"units": chosen}


def table(name: str, rows: Sequence[tuple[str, str, str, bool]]) -> None:
    """Numbers of a page or card as one editable table (指标/数值/单位/说明): one widget instead of one per number,
    since in Streamlit 1.67 every number or text widget walks the whole session state on each rerun. `rows` are (draft
    path, label, canonical unit, integer). A value is shown and typed in the row's chosen unit (scoring.units) and
    stored in the canonical unit; changing only the unit converts the shown value, not the stored one."""
    if not rows:
        return
    chosen = _units()
    product_unit = str(state.get("inputs.product_unit") or "")
    shown_units, values = [], []
    for path, _label, canonical, _int in rows:
        u = chosen.get(path, canonical)
        if u not in unitlib.options(canonical):
            u = canonical
        cur = state.get(path)
        cur = None if isinstance(cur, bool) or not isinstance(cur, int | float) else cur
        shown_units.append(u)
        values.append(None if cur is None else unitlib.from_canonical(cur, u, canonical))
    marks = carried()
    frame = pd.DataFrame({
        t("table.name"): [lbl for _p, lbl, _c, _i in rows],
        t("table.value"): pd.array(values, dtype="Float64"),
        t("table.unit"): [product_unit if u == "产品单位" and product_unit else u for u in shown_units],
        t("table.note"): [t("carried.mark") if p in marks else (help_for(p.rsplit(".", 1)[-1]) or "")
                          for p, _l, _c, _i in rows],
    })
    every_unit = list(dict.fromkeys(u for _p, _l, c, _i in rows for u in unitlib.options(c)))
    if product_unit:
        every_unit = [product_unit if u == "产品单位" else u for u in every_unit]
    digest = hashlib.sha1(repr((values, shown_units, marks, product_unit)).encode()).hexdigest()[:8]
    key = wkey(f"table.{name}") + f"~{digest}"  # a new table once the stored values changed
    col = st.column_config
    st.data_editor(frame, key=key, hide_index=True, width="stretch", height="content", num_rows="fixed",
                   placeholder=t("table.empty"),
                   disabled=[t("table.name"), t("table.note")],
                   column_config={t("table.name"): col.TextColumn(width="medium"),
                                  t("table.value"): col.NumberColumn(format="localized"),
                                  t("table.unit"): col.SelectboxColumn(options=every_unit, required=True),
                                  t("table.note"): col.TextColumn(width="medium")},
                   on_change=_table_changed, args=(key, list(rows), shown_units, values, product_unit))
    pairs = zip(rows, shown_units, strict=True)
    _register_table(key, {p: (i, t("table.value"), (u, c)) for i, ((p, _l, c, _n), u) in enumerate(pairs)})
    errors = state.field_errors()
    for path, lbl, _c, _i in rows:
        _drawn().add(path)
        if errors.get(path):
            st.markdown(f":red[⚠ {md(lbl)}：{md(errors[path])}]")


def _table_changed(key: str, rows: list[tuple[str, str, str, bool]], shown: list[str], values: list[Any],
                   product_unit: str) -> None:
    edits = (S.get(key) or {}).get("edited_rows") or {}
    value_col, unit_col = t("table.value"), t("table.unit")
    changes: dict[str, Any] = {}
    chosen = _units()
    unit_changed = False
    confirmed: list[str] = []
    for idx, edit in edits.items():
        i = int(idx)
        if not 0 <= i < len(rows):
            continue
        path, lbl, canonical, integer = rows[i]
        unit = edit.get(unit_col, shown[i]) or shown[i]
        if unit == product_unit and canonical == "产品单位":
            unit = canonical
        if unit not in unitlib.options(canonical):
            state.notice(t("table.bad_unit", field=md(lbl), unit=md(unit), canonical=md(canonical)), "warning")
            continue
        if unit != shown[i]:
            chosen[path] = unit
            unit_changed = True
        confirmed.append(path)
        if value_col not in edit:
            continue  # the unit alone: the same quantity, shown in the new unit
        raw = edit[value_col]
        if raw is None or (isinstance(raw, float) and raw != raw):
            changes[path] = None
            continue
        value = unitlib.to_canonical(raw, unit, canonical)
        changes[path] = int(value) if integer and float(value).is_integer() else value
    if unit_changed:
        changes.update(_unit_change(chosen))
    changes.update(_uncarry(confirmed))
    if changes:
        state.update_many(changes)


def _bind(path: str, conv: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    key = wkey(path)
    return {"key": key, "on_change": _changed, "args": (path, key, conv)}


def error(path: str) -> None:
    msg = state.field_errors().get(path)
    if msg:
        st.markdown(f":red[⚠ {md(msg)}]")


def help_for(name: str) -> str | None:
    info = FIELDS.get(name)
    return info.help_zh if info and info.help_zh and lang() == "zh" else None


def _register_table(key: str, cells: dict[str, tuple[int, str, Any]]) -> None:
    """What each cell of a table drawn in this run edits: draft path → (row, column, how the value is shown), read
    by the tests' page filler (tests/app/wizard_helpers.py); only this run's tables are kept."""
    run = W().get("_guard_run")
    if W().get("_tables_run") != run:
        W()["_tables"], W()["_tables_run"] = {}, run
    W()["_tables"][key] = cells


EVIDENCE_STATES = ("ready", "missing", "na")


def evidence_table(name: str, items: Sequence[tuple[str, str]]) -> None:
    """证明材料 of a page's items as one table (指标 / 证明材料 / 备注); `items` are (item id, name)."""
    if not items:
        return
    labels = {v: t(f"evidence.{v}") for v in EVIDENCE_STATES}
    states = [state.get(f"evidence.{i}.state") for i, _n in items]
    notes = [str(state.get(f"evidence.{i}.note") or "") for i, _n in items]
    frame = pd.DataFrame({t("table.name"): [n for _i, n in items],
                          t("evidence.state"): [labels.get(v) for v in states],
                          t("evidence.note"): notes})
    digest = hashlib.sha1(repr((states, notes)).encode()).hexdigest()[:8]
    key = wkey(f"table.evidence.{name}") + f"~{digest}"
    col = st.column_config
    st.data_editor(frame, key=key, hide_index=True, width="stretch", height="content", num_rows="fixed",
                   placeholder=t("table.empty"), disabled=[t("table.name")],
                   column_config={t("evidence.state"): col.SelectboxColumn(options=list(labels.values())),
                                  t("evidence.note"): col.TextColumn(max_chars=1000, width="large")},
                   on_change=_evidence_changed, args=(key, [i for i, _n in items]))
    cells: dict[str, tuple[int, str, Any]] = {}
    for row, (item_id, _n) in enumerate(items):
        cells[f"evidence.{item_id}.state"] = (row, t("evidence.state"), labels)
        cells[f"evidence.{item_id}.note"] = (row, t("evidence.note"), None)
    _register_table(key, cells)
    errors = state.field_errors()
    for item_id, item_name in items:
        for part in ("state", "note"):
            problem = errors.get(f"evidence.{item_id}.{part}")
            if problem:
                st.markdown(f":red[⚠ {md(item_name)}：{md(problem)}]")


@st.fragment
def evidence_part(name: str, items: Sequence[tuple[str, str]]) -> None:
    """The evidence table as a fragment of its page: 证明材料 do not change the score, so an edit reruns only this
    and the frame's live slots (ui.live), such as the save caption."""
    live.part(state.result(), owns=live.FRAME_SLOTS)
    evidence_table(name, items)


def _evidence_changed(key: str, ids: list[str]) -> None:
    edits = (S.get(key) or {}).get("edited_rows") or {}
    by_label = {t(f"evidence.{v}"): v for v in EVIDENCE_STATES}
    changes: dict[str, Any] = {}
    for idx, edit in edits.items():
        i = int(idx)
        if not 0 <= i < len(ids):
            continue
        if t("evidence.state") in edit:
            changes[f"evidence.{ids[i]}.state"] = by_label.get(edit[t("evidence.state")])
        if t("evidence.note") in edit:
            changes[f"evidence.{ids[i]}.note"] = str(edit[t("evidence.note")] or "")
    if changes:
        state.update_many(changes)


# ---- scalar widgets --------------------------------------------------------------------------------------


def number(path: str, label: str, *, integer: bool = False, fmt: str = "%.2f", help: str | None = None,
           show_error: bool = True) -> None:
    cur = state.get(path)
    if isinstance(cur, bool) or not isinstance(cur, int | float):
        cur = None
    connection.typed_field(path, label, "int" if integer else "float")
    if integer:
        st.number_input(label, value=None if cur is None else int(cur), step=1, help=help,
                        placeholder=t("input.placeholder"), **_bind(path))
    else:
        st.number_input(label, value=None if cur is None else float(cur), step=1.0, format=fmt, help=help,
                        placeholder=t("input.placeholder"), **_bind(path))
    if show_error:
        error(path)
    carried_mark(path)


def text(path: str, label: str, *, help: str | None = None, max_chars: int | None = None,
         area: bool = False) -> None:
    cur = state.get(path, "")
    connection.typed_field(path, label, "text", max_chars)
    widget = st.text_area if area else st.text_input
    widget(label, value=cur if isinstance(cur, str) else str(cur), help=help, max_chars=max_chars, **_bind(path))
    error(path)
    carried_mark(path)


def yes_no(path: str, label: str, *, help: str | None = None, labels: tuple[str, str] | None = None) -> None:
    yes, no = labels or (t("common.yes"), t("common.no"))
    cur = state.get(path)
    # a segmented control, not a radio: in Streamlit 1.67 a radio walks the whole session state on every rerun
    st.segmented_control(label, [True, False], default=cur if isinstance(cur, bool) else None,
                         format_func=lambda v: yes if v else no, help=help, **_bind(path))
    error(path)
    carried_mark(path)


def choice(path: str, label: str, labels: Mapping[Any, str], *, radio: bool = False,
           help: str | None = None) -> None:
    """One of the keys of `labels`. Labels are computed at render time (AppTest formats outside the session)."""
    options = list(labels)
    cur = state.get(path)
    index = options.index(cur) if cur in options else None
    fmt = label_of(labels)
    if radio:  # drawn as a segmented control (cheap on rerun, see yes_no)
        st.segmented_control(label, options, default=None if index is None else options[index], format_func=fmt,
                             help=help, **_bind(path))
    else:
        st.selectbox(label, options, index=index, format_func=fmt, help=help, placeholder=t("input.choose"),
                     **_bind(path))
    error(path)
    carried_mark(path)


def multi(path: str, label: str, choices: Sequence[Choice]) -> None:
    """A multi-choice of catalogue options; ids not offered by this rule-set are kept untouched."""
    ids = [c.id for c in choices]
    names = {c.id: c.name.get(lang()) for c in choices}
    cur = [v for v in (state.get(path) or []) if isinstance(v, str)]
    unknown = [v for v in cur if v not in ids]
    st.pills(label, ids, selection_mode="multi", default=[v for v in cur if v in ids],
             format_func=lambda v: names.get(v, v), **_bind(path, lambda v: unknown + list(v or [])))
    error(path)
    carried_mark(path)


# ---- compound inputs ------------------------------------------------------------------------------------------


def carriers() -> None:
    """Energy use by carrier (GB/T 2589 reference data), one number per carrier."""
    st.markdown(f"**{t('input.energy_by_carrier')}**")
    table("energy", carrier_rows())
    energy_working.show(state.assessment()[0], catalogue().reference)


def carrier_rows() -> list[tuple[str, str, str, bool]]:
    """Rows of `table` for the energy carriers (GB/T 2589 reference data), in the carrier's unit."""
    return [(f"inputs.energy.{c.id}", c.name.get(lang()), c.unit, False) for c in catalogue().reference.carriers]


def number_rows(names: Sequence[str]) -> list[tuple[str, str, str, bool]]:
    """Rows of `table` for scalar number inputs of `Inputs`."""
    return [(f"inputs.{n}", _label(n, with_unit=False), _unit(n), kind(n) == "int") for n in names]


def counts(path: str, label: str, choices: Sequence[Choice]) -> None:
    st.markdown(f"**{label}**")
    table(path.rsplit(".", 1)[-1], [(f"{path}.{c.id}", c.name.get(lang()), "项", True) for c in choices])


def _add_row(path: str, row: dict[str, Any]) -> None:
    state.replace_list(path, [*copy.deepcopy(state.get(path) or []), copy.deepcopy(row)])


def _remove_row(path: str, index: int) -> None:
    rows = copy.deepcopy(state.get(path) or [])
    if 0 <= index < len(rows):
        rows.pop(index)
    state.replace_list(path, rows)


def _remove_button(path: str, index: int, key: str) -> None:
    """删除此项, asked first (ui.confirm)."""
    confirm.button(t("rows.remove"), key=key, action=_remove_row, args=(path, index),
                   question=t("rows.remove_question"), confirm_label=t("rows.remove_yes"))


def cases(path: str, label: str) -> None:
    """Cases supporting a qualitative item: a title and a description each; add and remove."""
    st.markdown(f"**{label}**")
    rows = state.get(path) or []
    for i in range(len(rows)):
        with st.container(border=True):
            text(f"{path}.{i}.title", t("cases.title", n=i + 1), max_chars=200)
            text(f"{path}.{i}.description", t("cases.description"), area=True, max_chars=4000)
            _remove_button(path, i, wkey(f"{path}.{i}.remove"))
    if not rows:
        st.caption(t("cases.none"))
    st.button(t("cases.add"), key=wkey(f"{path}.add"), on_click=_add_row,
              args=(path, {"title": "", "description": ""}))


def pollutants() -> None:
    """The main pollutants as one table, a row each (names, medium, unit and the three numbers); rows are added and
    removed with buttons, removal asked first."""
    path = "inputs.pollutants"
    st.markdown(f"**{t('pollutants.title')}**")
    st.caption(t("pollutants.help"))
    rows = state.get(path) or []
    media = {"water": t("pollutants.water"), "air": t("pollutants.air")}
    columns: list[tuple[str, str, Any]] = [
        ("name", t("pollutants.name"), 50), ("medium", t("pollutants.medium"), media),
        ("unit", t("pollutants.unit"), 20), ("annual_mean", t("pollutants.annual_mean"), float),
        ("permit_limit", t("pollutants.permit_limit"), float), ("emitted_t", t("pollutants.emitted_t"), float)]
    if rows:
        row_table(path, rows, columns)
        with st.container(horizontal=True, gap="small"):
            for i in range(len(rows)):
                name = rows[i].get("name") if isinstance(rows[i], dict) else ""
                confirm.button(t("pollutants.remove_row", n=i + 1, name=md(str(name or ""))),
                               key=wkey(f"{path}.{i}.remove"), action=_remove_row, args=(path, i),
                               question=t("rows.remove_question"), confirm_label=t("rows.remove_yes"))
    st.button(t("pollutants.add"), key=wkey(f"{path}.add"), on_click=_add_row,
              args=(path, {"name": "", "medium": "water", "unit": "mg/L", "annual_mean": None,
                           "permit_limit": None, "emitted_t": None}))


def row_table(path: str, rows: Sequence[Any], columns: Sequence[tuple[str, str, Any]]) -> None:
    """A list input as one table (row i edits `{path}.{i}.{field}`). `columns` are (field, label, kind): float for a
    number, an int for text of at most that many characters, a mapping for a choice (value → label). Problems are
    shown under it naming the row and the column."""
    data: dict[str, Any] = {t("table.row"): [t("table.row_n", n=i + 1) for i in range(len(rows))]}
    cfg: dict[str, Any] = {}
    col = st.column_config
    cells: dict[str, tuple[int, str, Any]] = {}
    for field_name, label, kind_ in columns:
        values = [r.get(field_name) if isinstance(r, dict) else None for r in rows]
        if kind_ is float:
            data[label] = pd.array([v if isinstance(v, int | float) and not isinstance(v, bool) else None
                                    for v in values], dtype="Float64")
            cfg[label] = col.NumberColumn(format="localized")
        elif isinstance(kind_, Mapping):
            data[label] = [kind_.get(v) for v in values]
            cfg[label] = col.SelectboxColumn(options=list(kind_.values()))
        else:
            data[label] = ["" if v is None else str(v) for v in values]
            cfg[label] = col.TextColumn(max_chars=kind_)
        for i in range(len(rows)):
            cells[f"{path}.{i}.{field_name}"] = (i, label, kind_ if isinstance(kind_, Mapping) else None)
    digest = hashlib.sha1(repr(rows).encode()).hexdigest()[:8]
    key = wkey(f"table.{path}") + f"~{digest}"
    st.data_editor(pd.DataFrame(data), key=key, hide_index=True, width="stretch", height="content",
                   num_rows="fixed", placeholder=t("table.empty"), disabled=[t("table.row")], column_config=cfg,
                   on_change=_row_table_changed,
                   args=(key, path, len(rows), list(columns)))
    _register_table(key, cells)
    errors = state.field_errors()
    for i in range(len(rows)):
        for field_name, label, _k in columns:
            problem = errors.get(f"{path}.{i}.{field_name}")
            if problem:
                st.markdown(f":red[⚠ {t('table.row_n', n=i + 1)} {md(label)}：{md(problem)}]")


def _row_table_changed(key: str, path: str, n: int, columns: list[tuple[str, str, Any]]) -> None:
    edits = (S.get(key) or {}).get("edited_rows") or {}
    changes: dict[str, Any] = {}
    for idx, edit in edits.items():
        i = int(idx)
        if not 0 <= i < n:
            continue
        for field_name, label, kind_ in columns:
            if label not in edit:
                continue
            raw = edit[label]
            value: Any
            if kind_ is float:
                value = None if raw is None or raw != raw else float(raw)
            elif isinstance(kind_, Mapping):
                value = next((k for k, v in kind_.items() if v == raw), None)
            else:
                value = "" if raw is None else str(raw)
            changes[f"{path}.{i}.{field_name}"] = value
    if changes:
        state.update_many({**changes, **_uncarry(list(changes))})


PRODUCT_LIMIT = 20  # as Inputs.products


def _quota_options(kind: str, industry: str, current: str, every_industry: bool) -> dict[str, str]:
    """Quota products offered for one product row: those serving the enterprise's GB/T 4754 code (or all), the
    row's current choice always kept; labels name the standard, the product and its unit."""
    lib = quota_library()
    entries = lib.search(industry="" if every_industry else industry, kind=kind)
    options = {"": t("products.no_quota")}
    for e in entries:
        options[e.ref] = f"{e.standard.code} · {e.product.name.get(lang())}（{e.product.unit}）"
    if current and current not in options:
        found = lib.find(current)
        options[current] = (f"{found.standard.code} · {found.product.name.get(lang())}（{found.product.unit}）"
                            if found else current)
    return options


def _quota_params(path: str, ref: str) -> None:
    entry = quota_library().find(ref) if ref else None
    specs = entry.params() if entry else []
    if not specs:
        return
    cols = st.columns(min(len(specs), 3))
    for i, spec in enumerate(specs):
        with cols[i % len(cols)]:
            label = f"{spec.label.get(lang())}（{spec.unit}）" if spec.unit != "1" else spec.label.get(lang())
            if spec.options:
                choice(f"{path}.params.{spec.id}", label, {float(o.value): o.label.get(lang()) for o in spec.options})
            else:
                number(f"{path}.params.{spec.id}", label, fmt="%.3f",
                       help=t("products.param_help", default=num(spec.default), lo=num(spec.min), hi=num(spec.max)))


def products(kind: str, scored: Sequence[ProductScore] = ()) -> None:
    """The main products (the platform asks for the top three by 综合能耗), each with its national quota product
    (能耗限额 for ``kind`` "energy", 取水定额 for "water"), output, its own 综合能耗 or 取水量 and the quota's
    correction parameters; under each row, how it scored against its own 1级/2级."""
    path = "inputs.products"
    st.markdown(f"**{t(f'products.title_{kind}')}**")
    st.caption(t(f"products.help_{kind}"))
    rows = state.get(path) or []
    industry = str(state.get("enterprise.industry") or "")
    every = st.toggle(t("products.every_industry"), key=wkey(f"{path}.every.{kind}"), value=not industry)
    by_ref = {(r.quota, r.name): r for r in scored}
    quota_key = "quota" if kind == "energy" else "water_quota"
    for i, row in enumerate(rows):
        current = str(row.get(quota_key) or "") if isinstance(row, dict) else ""
        with st.container(border=True):
            a, b = st.columns([2, 3])
            with a:
                text(f"{path}.{i}.name", t("products.name"), max_chars=100)
            with b:
                choice(f"{path}.{i}.{quota_key}", t(f"products.quota_{kind}"),
                       _quota_options(kind, industry, current, every))
            c, d, e = st.columns(3)
            with c:
                number(f"{path}.{i}.output", t("products.output"), fmt="%.2f")
            if kind == "energy":
                with d:
                    number(f"{path}.{i}.energy_tce", t("products.energy_tce"), fmt="%.3f")
                with e:
                    number(f"{path}.{i}.unit_consumption", t("products.unit_consumption"), fmt="%.3f",
                           help=t("products.unit_consumption_help"))
                if current:
                    _quota_params(f"{path}.{i}", current)
            else:
                with d:
                    number(f"{path}.{i}.water_m3", t("products.water_m3"), fmt="%.1f")
            hit = by_ref.get((current, str(row.get("name") or "") or current)) if current else None
            if hit is not None:
                st.caption(_product_line(hit))
            _remove_button(path, i, wkey(f"{path}.{i}.remove.{kind}"))
    if len(rows) < PRODUCT_LIMIT:
        st.button(t("products.add"), key=wkey(f"{path}.add.{kind}"), on_click=_add_row,
                  args=(path, {"name": "", "quota": "", "output": None, "energy_tce": None, "unit_consumption": None,
                               "params": {}, "water_quota": "", "water_m3": None}))


def _product_line(p: ProductScore) -> str:
    """One product's standing: value against its 1级/2级 after corrections, its fraction, counted or not, notes."""
    if p.baseline is None or p.leading is None:
        head = t("products.no_grades")
    else:
        head = t("products.grades", lead=num(p.leading), base=num(p.baseline), unit=p.unit,
                 value=t("card.no_value") if p.value is None else num(p.value))
    if p.fraction is not None:
        head += t("products.fraction", pct=num(p.fraction * 100))
        head += t("products.counted" if p.counted else "products.not_counted")
    notes = "；".join(md(n) for n in p.notes if not n.code.startswith("product."))
    return head + (f"；{notes}" if notes else "")


def kind(name: str) -> str:
    """'str', 'bool', 'int' or 'float': the type of an `Inputs` field."""
    info = Inputs.model_fields.get(name)
    args = (get_args(info.annotation) or (info.annotation,)) if info else ()
    if str in args:
        return "str"
    if bool in args:
        return "bool"
    if int in args:
        return "int"
    return "float"


COMPOUND = ("energy", "energy_platform_functions", "catalogue_tech", "pollutants")


def fields(names: Sequence[str], rs: RuleSet, rendered: set[str]) -> None:
    """Inputs of one item: those already on the page are named once; scalars share rows of three columns."""
    seen = [n for n in names if n in rendered]
    if seen:
        st.caption(t("field.see_above", labels="、".join(field_label(n, lang(), with_unit=False) for n in seen)))
    row: list[str] = []
    numbers = [n for n in names if n not in seen and n not in COMPOUND and not n.endswith("_cases")
               and kind(n) in ("int", "float")]
    if numbers:
        rendered.update(numbers)
        table("-".join(numbers), number_rows(numbers))

    def flush() -> None:
        if row:
            cols = st.columns(3)
            for i, n in enumerate(row):
                with cols[i % 3]:
                    field(n, rs, rendered)
            row.clear()

    for name in names:
        if name in seen or name in numbers:
            continue
        if name in COMPOUND or name.endswith("_cases"):
            flush()
            field(name, rs, rendered)
        else:
            row.append(name)
    flush()


def _unit(name: str) -> str:
    info = FIELDS.get(name)
    return info.unit if info else ""


def _label(name: str, with_unit: bool = True) -> str:
    text = field_label(name, lang(), with_unit=with_unit)
    product_unit = state.get("inputs.product_unit")
    return text.replace("产品单位", product_unit) if product_unit and isinstance(product_unit, str) else text


def field(name: str, rs: RuleSet, rendered: set[str]) -> None:
    """One raw input of `Inputs` by name; `rendered` collects what the page shows already."""
    rendered.add(name)
    path = f"inputs.{name}"
    label = field_label(name, lang())
    product_unit = state.get("inputs.product_unit")
    if product_unit and isinstance(product_unit, str):
        label = label.replace("产品单位", product_unit)
    if name == "energy":
        carriers()
    elif name == "energy_platform_functions":
        multi(path, label, choices(rs, CHOICE_INPUTS[name]))
    elif name == "catalogue_tech":
        counts(path, label, choices(rs, CHOICE_INPUTS[name]))
    elif name == "pollutants":
        pollutants()
    elif name.endswith("_cases"):
        cases(path, label)
    elif kind(name) == "bool":
        yes_no(path, label, help=help_for(name))
    elif kind(name) == "str":
        text(path, label, help=help_for(name), max_chars=100)
    else:
        number(path, label, integer=kind(name) == "int", help=help_for(name))

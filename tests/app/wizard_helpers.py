"""Driving the wizard in AppTest: go to a page, find widgets by the draft path they edit, fill a page from data.

Widget keys are 'g<generation>|<draft path>' (ui.widgets.wkey); this module reads them back, so the tests
address fields the way the app stores them. Visiting a page by url_path uses AppTest's page hash, because
AppTest.switch_page cannot tell apart pages that share one script file (the dimension pages).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from scoring import units
from tests.draft_paths import MISSING, lookup

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
WIDGET_TYPES = ("number_input", "text_input", "text_area", "radio", "selectbox", "button_group")
NOT_DRAFT = ("sidebar.", "profile.ruleset", "profile.profile")  # selectors with their own keys


def new_app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def goto(at: AppTest, url_path: str) -> AppTest:
    """Open the page registered under `url_path` ('' is the home page)."""
    at._page_hash = calc_hash(url_path)  # private: see the module docstring
    at.run()
    at._page_hash = ""  # later runs stay where the app navigated to
    return at


def current_page(at: AppTest) -> str:
    return at.session_state["_wiz"]["_current"]


def draft_path(key: str | None) -> str | None:
    if not key or "|" not in key or not key.startswith("g"):
        return None
    path = key.split("|", 1)[1]
    if path.startswith(NOT_DRAFT) or path.endswith((".add", ".remove")):
        return None
    return path


def widgets(at: AppTest) -> list[Any]:
    out = []
    for kind in WIDGET_TYPES:
        out.extend(w for w in at.get(kind) if draft_path(getattr(w, "key", None)))
    return out


def widget(at: AppTest, path: str) -> Any:
    found = [w for w in widgets(at) if draft_path(w.key) == path]
    if not found:
        raise LookupError(f"no widget for {path} on page {current_page(at)}")
    return found[0]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def _set(w: Any, value: Any) -> None:
    if w.type == "text_input" or w.type == "text_area":
        w.input(value)
    else:
        w.set_value(value)


def add_rows(at: AppTest, data: dict[str, Any]) -> None:
    """Click '+ add' under each list input until it has as many rows as `data` has."""
    for button in list(at.button):
        key = button.key or ""
        path = key.split("|", 1)[1].removesuffix(".add") if key.endswith(".add") and "|" in key else None
        if not path:
            continue
        want = lookup(data, path)
        have = lookup(at.session_state["_wiz"]["draft"], path)
        missing = len(want) - len(have if isinstance(have, list) else []) if isinstance(want, list) else 0
        for _ in range(missing):
            next(b for b in at.button if (b.key or "").endswith(f"|{path}.add")).click().run()


def tables(at: AppTest) -> dict[str, dict[str, tuple[int, str, Any]]]:
    """The tables drawn in the last run (ui.widgets._register_table): widget key → draft path → (row, column, how
    the value is shown: (unit, canonical unit) for numbers, the labels of a choice, None for text)."""
    return at.session_state["_wiz"].get("_tables") or {}


def edit_table(at: AppTest, key: str, edits: dict[int, dict[str, Any]]) -> AppTest:
    """Edit cells of one st.data_editor as the browser would send it (AppTest has no interaction for it), and run."""
    element = next(d for d in at.data_editor if d.key == key)
    ws = at._tree.get_widget_states()
    state = ws.widgets.add()
    state.id = element.proto.id
    state.string_value = json.dumps({"edited_rows": {str(r): cells for r, cells in edits.items()},
                                     "added_rows": [], "deleted_rows": []})
    return at._run(ws)


def cell(at: AppTest, path: str) -> Any:
    """The value a table shows for `path` (None for an empty cell)."""
    for key, cells in tables(at).items():
        if path in cells:
            row, column, _how = cells[path]
            frame = next(d for d in at.data_editor if d.key == key).value
            value = frame[column].iloc[row]
            return None if value is None or value != value else value  # NaN / NA: empty
    raise LookupError(f"no table cell for {path} on page {current_page(at)}")


def _shown(want: Any, how: Any) -> Any:
    if isinstance(how, dict):
        return how.get(want)
    if isinstance(how, tuple):
        return None if want is None else units.from_canonical(want, *how)
    return want


def type_value(at: AppTest, path: str, value: Any, unit: str | None = None) -> AppTest:
    """Type `value` into the table cell that edits `path`, as the user does: a number in the unit the row shows, or
    in `unit` chosen in the same edit; a choice by its stored value."""
    for key, cells in tables(at).items():
        if path in cells:
            row, column, how = cells[path]
            edit: dict[str, Any] = {column: how.get(value) if isinstance(how, dict) else value}
            if unit:
                edit["单位"] = unit
            return edit_table(at, key, {row: edit})
    raise LookupError(f"no table cell for {path} on page {current_page(at)}")


def _fill_tables(at: AppTest, data: dict[str, Any]) -> int:
    """Edit the first table of the page whose cells differ from `data` (a table is redrawn after each change)."""
    draft = at.session_state["_wiz"]["draft"]
    for key, cells in tables(at).items():
        edits: dict[int, dict[str, Any]] = {}
        for path, (row, column, how) in cells.items():
            want, have = lookup(data, path), lookup(draft, path)
            have = None if have is MISSING else have
            if want is MISSING or _same(have, want) or (want in (None, "") and have in (None, "")):
                continue
            edits.setdefault(row, {})[column] = _shown(want, how)
        if edits:
            edit_table(at, key, edits)
            return len(edits)
    return 0


def fill_page(at: AppTest, data: dict[str, Any]) -> int:
    """Set every widget of the current page to the value `data` holds for its path; returns how many were set.
    Widgets are set in rounds (one rerun per round) until nothing differs, as a person would fill a page."""
    add_rows(at, data)
    changed_total = 0
    for _ in range(20):
        changed = 0
        for w in widgets(at):
            want = lookup(data, draft_path(w.key) or "")
            if want is MISSING or _same(w.value, want):
                continue
            if want is None and w.type in ("number_input",) and w.value is None:
                continue
            _set(w, want)
            changed += 1
        if changed:
            at.run()
        edited = _fill_tables(at, data)
        if not changed and not edited:
            return changed_total
        changed += edited
        add_rows(at, data)
        changed_total += changed
    raise AssertionError(f"page {current_page(at)} did not settle")


def cli_total(assessment_json: str, tmp: Path) -> float:
    """The total that `python -m scoring score` prints for the same data."""
    path = tmp / "cli-input.json"
    path.write_text(assessment_json, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scoring", "score", str(path), "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return float(json.loads(out.stdout)["total"])


def sb_key(at: AppTest, name: str) -> str:
    """Key of the sidebar's rule-set or profile selector."""
    return next(w.key for w in at.sidebar.selectbox if w.key and w.key.endswith(f"|sidebar.{name}"))


def sidebar_total(at: AppTest) -> str:
    return at.sidebar.metric[0].value


def copy_of(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)

"""Filling the wizard in Chromium the way a person does: type into fields and table cells, click options, press
下一步.

Fields are found by the CSS class Streamlit gives a keyed widget ('st-key-' + the key with every character
other than letters, digits, '_' turned into '-'); the key names the draft path the widget edits. The numbers of a
page are one data editor (ui.widgets.table): its rows are read from the grid's accessible cells (指标 column) and
mapped to draft paths by their labels (the catalogue's and scoring.fields'); a value is typed into the 数值 cell
(click the row, arrow right, type, Enter), as bench/browser.py does. After each entry the test waits until the
store holds the value (the autosave), so every step is a finished rerun.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from criteria import load_catalogue
from scoring import units as unitlib
from scoring.fields import FIELDS
from scoring.fields import label as field_label
from scoring.inputs_map import CHOICE_INPUTS
from store import LOCAL, db
from store import assessments as repo
from tests.draft_paths import MISSING, lookup

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "data" / "screenshots"  # under data/ (git-ignored)
KEY = re.compile(r"st-key-g\d+(zh|en)-(\S+)")
SKIP = ("sidebar-", "profile-ruleset", "profile-profile")
CAT = load_catalogue()
TABLE = re.compile(r"st-key-g\d+(?:zh|en)-table-(\S+)-[0-9a-f]{8}(?:\s|$)")  # ui.widgets.table's key + digest
HEADER_PX, ROW_PX = 35, 35  # Streamlit's grid: header and row height
# the kind of input a keyed widget's element holds, read in one look (JavaScript on the element)
KIND = """e => e.querySelector("[data-testid='stNumberInput'] input") ? "number"
    : e.querySelector("[data-testid='stTextInput'] input") ? "text"
    : e.querySelector("textarea") ? "textarea"
    : e.querySelector("[data-testid='stButtonGroup']") ? "buttons"
    : e.querySelector("[role='radiogroup']") ? "radio"
    : e.querySelector("[role='combobox']") ? "combobox" : "" """
# list inputs drawn as one table (ui.widgets.row_table): the fields of its columns after 行, as widgets.pollutants
ROW_TABLES = {"inputs-pollutants": ("name", "medium", "unit", "annual_mean", "permit_limit", "emitted_t")}


def field_xpath(lang: str, token: str) -> str:
    """The drawn, not stale element of a keyed widget, whatever its generation: the page may be drawn again with
    new keys (rows added, values restored) between reading its fields and entering one, as a person would then
    use the field drawn anew."""
    return (f"xpath=//*[contains(@class, 'st-key-g') and contains(concat(@class, ' '), '{lang}-{token} ')"
            " and not(@data-stale='true')]")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


class Wizard:
    def __init__(self, page: Page, db_url: str, data: dict[str, Any]) -> None:
        self.page, self.db_url, self.data = page, db_url, data
        self.started = datetime.now(UTC)

    # ---- store and page state -------------------------------------------------------------------------

    def aid(self) -> str:
        m = re.search(r"[?&]a=([^&#]+)", self.page.url)
        assert m, f"no assessment id in {self.page.url}"
        return m.group(1)

    def stored(self) -> dict[str, Any]:
        """The stored draft; empty while a new assessment is not stored yet (nothing entered). The id the first
        entry's save sets in the URL from a widget callback reaches the address only with the next run, so until
        then the newest stored assessment is read (this module's server fills in one at a time)."""
        engine = db.get_engine(self.db_url)
        if re.search(r"[?&]a=", self.page.url):
            aid = self.aid()
        else:
            newest = sorted(repo.list_assessments(LOCAL, engine=engine), key=lambda a: a.created_at)
            if not newest or newest[-1].created_at < self.started:
                return {}
            aid = newest[-1].id
        data, _ = repo.load(LOCAL, aid, engine=engine)
        return data

    def wait_stored(self, path: str, value: Any, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = lookup(self.stored(), path)
            if got is not MISSING and (_same(got, value) or (isinstance(value, list) and len(got) == len(value)
                                                             and path.endswith("functions") and
                                                             sorted(got) == sorted(value))):
                return
            time.sleep(0.1)
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / "not-saved.png"))  # what the page showed, for the failure
        raise AssertionError(f"{path} not saved as {value!r}; stored {lookup(self.stored(), path)!r}")

    def settle(self) -> None:
        """Wait for the running indicator to go and the page to show its widgets."""
        self.page.wait_for_timeout(100)
        self.page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
        self.page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
        self.page.locator("[data-testid='stMainBlockContainer'] h1").first.wait_for()

    def title(self) -> str:
        return self.page.locator("[data-testid='stMainBlockContainer'] h1").first.inner_text().strip()

    def go_next(self) -> str:
        before = self.title()
        self.page.locator("[class*='st-key-nav-next'] button").click()
        self.page.wait_for_function(
            "t => { const h = document.querySelector('[data-testid=stMainBlockContainer] h1');"
            " return h && h.innerText.trim() !== t; }", arg=before)
        self.settle()
        return self.title()

    # ---- filling -----------------------------------------------------------------------------------------

    def _fields(self) -> list[tuple[str, Locator]]:
        out = []
        classes = self.page.eval_on_selector_all(
            "[data-testid='stMain'] [class*='st-key-g']", "els => els.map(e => e.className)")
        for cls in classes:
            m = KEY.search(cls)
            if not m or m.group(2).startswith(SKIP) or m.group(2).endswith(("-add", "-remove")):
                continue
            out.append((m.group(2).replace("-", "."), self.page.locator(field_xpath(m.group(1), m.group(2))).first))
        return out

    def _add_rows(self) -> None:
        for path in ("inputs.pollutants", *[f"inputs.{k}" for k in self.data["inputs"] if k.endswith("_cases")]):
            want = lookup(self.data, path)
            if not isinstance(want, list):
                continue
            button = self.page.locator(f"[class*='-{path.replace('.', '-')}-add'] button")
            while button.count() and len(lookup(self.stored(), path) or []) < len(want):
                n = len(lookup(self.stored(), path) or [])
                button.first.click()
                deadline = time.monotonic() + 20
                while len(lookup(self.stored(), path) or []) == n and time.monotonic() < deadline:
                    time.sleep(0.1)
                # stored by the button's callback as its run begins: the page is done once it draws the new row
                token = f"{path}.{n}.remove".replace(".", "-")
                self.page.locator(f"[class*='zh-{token}']:not([data-stale='true'])").first.wait_for(state="attached")
                self.settle()

    def fill_page(self) -> int:
        """Enter every value of the data that this page asks for and is not stored yet."""
        self._add_rows()
        for done in range(300):
            stored = self.stored()
            todo = [(p, loc) for p, loc in self._fields()
                    if (want := lookup(self.data, p)) is not MISSING and want not in (None, "")
                    and not _same(lookup(stored, p), want)]
            if todo:
                path, loc = todo[0]
                try:
                    self._enter(path, loc, lookup(self.data, path))
                except PlaywrightError:
                    self._explain(path)
                    raise
            else:
                cells = [c for c in self._cells() if (want := lookup(self.data, c[0])) not in (None, "", MISSING)
                         and not isinstance(want, bool) and not _same(lookup(stored, c[0]), want)]
                if not cells:
                    return done
                path = cells[0][0]
                for _attempt in range(2):  # a grid drawn a moment ago may drop the first keys: type again
                    self._type_cell(*cells[0], lookup(self.data, path))
                    if _same(lookup(self._stored_soon(path), path), lookup(self.data, path)):
                        break
                    self.settle()
                    cells = [c for c in self._cells() if c[0] == path]
            self.wait_stored(path, lookup(self.data, path))
            self.settle()
        raise AssertionError("page did not settle")

    # ---- the page's tables of numbers (st.data_editor) ---------------------------------------------------

    def _stored_soon(self, path: str, timeout: float = 6) -> dict[str, Any]:
        """The stored draft once ``path`` holds the data's value, or as it is after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            stored = self.stored()
            if _same(lookup(stored, path), lookup(self.data, path)) or time.monotonic() > deadline:
                return stored
            time.sleep(0.1)

    def _labels(self, table: str) -> dict[str, str]:
        """Row label → draft path for the table named ``table`` (ui.widgets.table's name)."""
        product_unit = str(lookup(self.data, "inputs.product_unit") or "")
        if not table.startswith("page-"):  # widgets.counts: one row per choice of inputs.<name>
            rs = CAT.ruleset(self.data["ruleset"])
            return {c.name.zh: f"inputs.{table}.{c.id}" for c in rs.choices.get(CHOICE_INPUTS.get(table, ""), ())}
        out = {c.name.zh: f"inputs.energy.{c.id}" for c in CAT.reference.carriers}
        for name in FIELDS:
            text = field_label(name, "zh", with_unit=False)
            out.setdefault(text.replace("产品单位", product_unit) if product_unit else text, f"inputs.{name}")
        return out

    def _cells(self) -> list[tuple[str, Locator, int, int, str]]:
        """(draft path, grid, row, column, shown unit) of every editable cell of this page's tables: the 数值 of
        each row of a number table, every column of a list table (widgets.row_table: 第 n 行, then its fields).
        A table gets a new key when its values were saved (ui.widgets.table), possibly by a fragment rerun that
        ends after the page looked settled: a table gone meanwhile means reading them all again."""
        for _attempt in range(5):
            try:
                return self._read_cells()
            except PlaywrightError:
                self.settle()
        return self._read_cells()

    def _read_cells(self) -> list[tuple[str, Locator, int, int, str]]:
        out = []
        classes = self.page.eval_on_selector_all(
            "[data-testid='stMain'] [class*='-table-'][class*='st-key-g']", "els => els.map(e => e.className)")
        for cls in classes:
            m = TABLE.search(cls)
            if not m or m.group(1).startswith("evidence-"):
                continue
            grid = self.page.locator(f".{m.group(0).strip()} [data-testid='stDataFrame']").first
            grid.scroll_into_view_if_needed(timeout=5_000)
            grid.locator("[id='glide-cell-0-0']").wait_for(state="attached", timeout=5_000)  # drawn late
            self.page.wait_for_timeout(200)
            read = """g => { const out = {}; for (const c of g.querySelectorAll('[id^="glide-cell-0-"]')) {
                const r = c.id.split('-').pop(), unit = g.querySelector('#glide-cell-2-' + r);
                out[r] = [c.textContent.trim(), unit ? unit.textContent.trim() : '']; } return out; }"""
            seen = grid.evaluate(read)  # the grid draws the cells of the rows on screen only: its end too
            grid.evaluate("g => g.scrollIntoView({block: 'end'})")
            self.page.wait_for_timeout(300)
            seen.update(grid.evaluate(read))
            rows = [seen[str(r)] for r in range(len(seen))]
            if m.group(1) in ROW_TABLES:  # rows of a list input
                path = m.group(1).replace("-", ".")
                out += [(f"{path}.{row}.{name}", grid, row, col, "")
                        for row in range(len(rows)) for col, name in enumerate(ROW_TABLES[m.group(1)], 1)]
                continue
            labels = self._labels(m.group(1))
            for row, (label, unit) in enumerate(rows):
                assert label in labels, f"table {m.group(1)}: no draft path for row {row} 「{label}」"
                out.append((labels[label], grid, row, 1, unit))
        return out

    def cell(self, label: str) -> str:
        """The 数值 shown in the row labelled ``label`` of this page's number tables (as drawn: localized)."""
        return cell_value(self.page, label)

    def _type_cell(self, path: str, grid: Locator, row: int, col: int, unit: str, value: Any) -> None:
        if isinstance(value, str):  # a text cell, or a choice typed as its label and picked with Enter
            text = self.option_label(path, value) if path.endswith(".medium") else value
        else:
            text = self._number_text(path, unit, value)
        self.page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
        current = grid.evaluate(f"g => (g.querySelector('#glide-cell-{col}-{row}') || {{}}).textContent || ''")
        for _attempt in range(4):
            if self._open_editor(grid, row, col, None if isinstance(value, str) else current.strip()):
                break
            self.page.keyboard.press("Escape")
            self.page.wait_for_timeout(300)
        else:
            raise AssertionError(f"{path}: the editor of row {row}, column {col} did not open")
        for _attempt in range(3):  # keys typed while the editor still takes focus are lost: check, type again
            self.page.keyboard.press("Control+A")  # the editor opens holding the cell's value
            self.page.keyboard.type(text)
            self.page.wait_for_timeout(300)  # the cell's editor holds the typed text
            held = self.page.evaluate("() => document.activeElement ? document.activeElement.value : null")
            if held is None or isinstance(value, str) or str(held).replace(",", "") == text:
                break
        self.page.keyboard.press("Enter")

    def _open_editor(self, grid: Locator, row: int, col: int, current: str | None) -> bool:
        """Click the row's first cell, move to column ``col`` and open its editor; True once the focused element is
        an editable overlay input and, for a number (``current`` given), holds the cell's shown value: the canvas
        grid says nothing else about where its selection is, and a key pressed while it still takes the click's
        focus is lost. (A choice cell's editor is a search box that starts empty, so it cannot be checked so.)"""
        grid.evaluate("g => g.scrollIntoView({block: 'start'})")  # its first rows on screen (the row clicked)
        self.page.wait_for_timeout(400)  # the grid takes input once drawn
        grid.click(position={"x": 20, "y": HEADER_PX + ROW_PX * row + ROW_PX // 2})  # the row's first cell
        self.page.wait_for_timeout(150)
        for _ in range(col):
            self.page.keyboard.press("ArrowRight")
            self.page.wait_for_timeout(50)
        self.page.keyboard.press("Enter")  # opens its editor (a first typed key would open it and be lost)
        try:
            self.page.wait_for_function(
                """() => { const e = document.activeElement;
                    return e && (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA') && !e.readOnly
                        && !!e.closest('#portal'); }""", timeout=2_000)
        except PlaywrightError:
            return False
        if current is None:
            return True
        shown = str(self.page.evaluate("() => document.activeElement.value"))
        return re.sub(r"[^\d.\-]", "", shown) == re.sub(r"[^\d.\-]", "", current)

    def _number_text(self, path: str, unit: str, value: float) -> str:
        canonical = FIELDS[path.split(".")[1]].unit if path.split(".")[1] in FIELDS else ""
        if path.startswith("inputs.energy."):
            canonical = next(c.unit for c in CAT.reference.carriers if c.id == path.split(".")[2])
        if unit and unit != canonical and unit in unitlib.options(canonical):  # typed in the unit the row shows
            value = unitlib.from_canonical(value, unit, canonical)
        return str(int(value)) if float(value).is_integer() else repr(float(value))

    def _explain(self, path: str) -> None:
        """For a failed entry: a screenshot and, printed, the keyed elements of the field's path as now drawn."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / "not-entered.png"), full_page=True)
        token = path.replace(".", "-")
        print(path, "now drawn as:", self.page.eval_on_selector_all(
            f"[class*='-{token}']", "els => els.map(e => e.className + ' stale=' + e.dataset.stale)"))

    def _enter(self, path: str, loc: Locator, value: Any) -> None:
        for _attempt in range(4):  # a rerun may have just begun (a fragment's, then the page's): let it end
            if loc.is_visible():
                break
            self.settle()
            self.page.wait_for_timeout(300)
        if not loc.is_visible():  # inside a collapsed expander: open it, as a person would
            loc.locator("xpath=ancestor::details[1]/summary").click()
            loc.wait_for(state="visible")
        kind = loc.evaluate(KIND)  # in one step: a rerun starting between two looks would hide the element
        if kind == "number":
            box = loc.locator("input").first
            box.fill(str(int(value)) if float(value).is_integer() else repr(float(value)))
            box.press("Enter")
        elif kind == "text":
            box = loc.locator("input").first
            box.fill(str(value))
            box.press("Enter")
        elif kind == "textarea":
            box = loc.locator("textarea").first
            box.fill(str(value))
            box.press("Tab")
        elif kind == "radio":
            text = re.compile("^" + re.escape(self.option_label(path, value)))
            loc.locator("[role='radiogroup'] label").filter(has_text=text).first.click()
        elif kind == "combobox":
            box = loc.locator("[role='combobox']").first
            box.click()
            name = self.option_label(path, value)
            box.fill(name)
            self.page.get_by_role("option", name=name, exact=True).click()
        elif kind == "buttons" and not isinstance(value, list):
            # a single choice drawn as a segmented control (ui.widgets.yes_no / choice)
            text = re.compile("^" + re.escape(self.option_label(path, value)))  # a rubric level adds its %
            loc.locator("[data-testid='stButtonGroup'] button").filter(has_text=text).first.click()
        elif kind == "buttons":
            stored = lookup(self.stored(), path) or []
            for choice_id in value:
                if choice_id not in stored:
                    exact = re.compile("^" + re.escape(self.option_label(path, choice_id)) + "$")
                    loc.locator("[data-testid='stButtonGroup'] button").filter(has_text=exact).first.click()
                    self.wait_stored(path, [*stored, choice_id])
                    stored = [*stored, choice_id]
                    self.settle()
        else:
            raise AssertionError(f"unknown widget for {path}")

    def option_label(self, path: str, value: Any) -> str:
        """The text the app shows for an option value (the zh locale and the catalogue)."""
        rs = CAT.ruleset(self.data["ruleset"])
        item_id = path.split(".")[1] if path.startswith("answers.") else ""
        item = rs.item(item_id) if item_id else None
        gates = {g.id for g in [*rs.gates, *CAT.profiles[self.data["profile"]].gates]}
        if isinstance(value, bool) and item_id in gates:  # a gate's row (ui.gate_rows)
            return "符合" if value else "不符合"
        if isinstance(value, bool):
            if item is not None and getattr(item, "kind", "") == "yes_no":
                return "达到" if value else "未达到"
            return "是" if value else "否"
        if path.endswith(".state"):
            return {"ready": "已具备", "missing": "缺失", "na": "不适用"}[value]
        if rubric := getattr(item, "rubric", None):
            level = next(lv for lv in rs.rubrics[rubric].levels if lv.id == value)
            return level.label.zh
        if path == "enterprise.scale":
            return {"above": "规模以上", "below": "规模以下"}[value]
        if path == "enterprise.industry":
            ind = CAT.reference.industry(value)
            return f"{value} {ind.name.zh}" if ind else value
        if path == "enterprise.town":
            return next(tw.name.zh for tw in CAT.district.towns if tw.id == value)
        if path.endswith(".medium"):
            return {"water": "水污染物", "air": "大气污染物"}[value]
        if path == "inputs.energy_platform_functions":
            return next(c.name.zh for c in rs.choices["platform_functions"] if c.id == value)
        return str(value)


def settle_page(page: Page, *, heading: bool = True) -> None:
    """Wait until the run is over and nothing on the page is stale (and, with `heading`, its title is drawn)."""
    page.wait_for_timeout(150)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
    if heading:
        page.locator("[data-testid='stMainBlockContainer'] h1").first.wait_for(timeout=30_000)


def cell_value(page: Page, label: str) -> str:
    """The 数值 shown in the row labelled ``label`` of the page's number tables (ui.widgets.table), '' if none."""
    grids = page.locator("[data-testid='stMain'] [class*='-table-page-'] [data-testid='stDataFrame']")
    grids.first.scroll_into_view_if_needed()
    page.locator("[id^='glide-cell-0-']", has_text=label).first.wait_for(state="attached")  # accessible cells
    return str(page.evaluate("""label => { for (const c of document.querySelectorAll('[id^="glide-cell-0-"]')) {
        if (c.textContent.trim() !== label) continue;
        const v = c.closest('[data-testid="stDataFrame"]').querySelector('#glide-cell-1-' + c.id.split('-').pop());
        if (v) return v.textContent.trim(); } return ''; }""", label))

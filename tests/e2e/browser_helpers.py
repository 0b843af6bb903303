"""Filling the wizard in Chromium the way a person does: type into fields, click options, press 下一步.

Fields are found by the CSS class Streamlit gives a keyed widget ('st-key-' + the key with every character
other than letters, digits, '_' turned into '-'); the key names the draft path the widget edits. After each
entry the test waits until the store holds the value (the autosave), so every step is a finished rerun.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from criteria import load_catalogue
from store import LOCAL, db
from store import assessments as repo
from tests.draft_paths import MISSING, lookup

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "data" / "screenshots"  # under data/ (git-ignored)
KEY = re.compile(r"st-key-g\d+(?:zh|en)-(\S+)")
SKIP = ("sidebar-", "profile-ruleset", "profile-profile")
CAT = load_catalogue()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


class Wizard:
    def __init__(self, page: Page, db_url: str, data: dict[str, Any]) -> None:
        self.page, self.db_url, self.data = page, db_url, data

    # ---- store and page state -------------------------------------------------------------------------

    def aid(self) -> str:
        m = re.search(r"[?&]a=([^&#]+)", self.page.url)
        assert m, f"no assessment id in {self.page.url}"
        return m.group(1)

    def stored(self) -> dict[str, Any]:
        data, _ = repo.load(LOCAL, self.aid(), engine=db.get_engine(self.db_url))
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
            if not m or m.group(1).startswith(SKIP) or m.group(1).endswith(("-add", "-remove")):
                continue
            key_class = m.group(0)
            out.append((m.group(1).replace("-", "."), self.page.locator(f".{key_class}:not([data-stale='true'])").first))
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
                self.settle()

    def fill_page(self) -> int:
        """Enter every value of the data that this page asks for and is not stored yet."""
        self._add_rows()
        for done in range(300):
            stored = self.stored()
            todo = [(p, loc) for p, loc in self._fields()
                    if (want := lookup(self.data, p)) is not MISSING and want not in (None, "")
                    and not _same(lookup(stored, p), want)]
            if not todo:
                return done
            path, loc = todo[0]
            self._enter(path, loc, lookup(self.data, path))
            self.wait_stored(path, lookup(self.data, path))
            self.settle()
        raise AssertionError("page did not settle")

    def _enter(self, path: str, loc: Locator, value: Any) -> None:
        if not loc.is_visible():  # inside a collapsed expander: open it, as a person would
            loc.locator("xpath=ancestor::details[1]/summary").click()
            loc.wait_for(state="visible")
        if loc.locator("[data-testid='stNumberInput'] input").count():
            box = loc.locator("input").first
            box.fill(str(int(value)) if float(value).is_integer() else repr(float(value)))
            box.press("Enter")
        elif loc.locator("[data-testid='stTextInput'] input").count():
            box = loc.locator("input").first
            box.fill(str(value))
            box.press("Enter")
        elif loc.locator("textarea").count():
            box = loc.locator("textarea").first
            box.fill(str(value))
            box.press("Tab")
        elif loc.locator("[role='radiogroup']").count():
            text = re.compile("^" + re.escape(self.option_label(path, value)))
            loc.locator("[role='radiogroup'] label").filter(has_text=text).first.click()
        elif loc.locator("[role='combobox']").count():
            box = loc.locator("[role='combobox']").first
            box.click()
            text = self.option_label(path, value)
            box.fill(text)
            self.page.get_by_role("option", name=text, exact=True).click()
        elif loc.locator("[data-testid='stButtonGroup']").count() and not isinstance(value, list):
            # a single choice drawn as a segmented control (ui.widgets.yes_no / choice)
            text = re.compile("^" + re.escape(self.option_label(path, value)))  # a rubric level adds its %
            loc.get_by_role("button", name=text).first.click()
        elif loc.locator("[data-testid='stButtonGroup']").count():
            stored = lookup(self.stored(), path) or []
            for choice_id in value:
                if choice_id not in stored:
                    loc.get_by_role("button", name=self.option_label(path, choice_id), exact=True).click()
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
        if isinstance(value, bool):
            if item is not None and getattr(item, "kind", "") == "yes_no":
                return "达到" if value else "未达到"
            return "是" if value else "否"
        if path.endswith(".state"):
            return {"ready": "已具备", "missing": "缺失", "na": "不适用"}[value]
        if item is not None and getattr(item, "rubric", None):
            level = next(lv for lv in rs.rubrics[item.rubric].levels if lv.id == value)
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

"""AppTest in a real server's steady state, for the rerun benches (bench/page.py, bench/rerun.py).

A real server caches the compiled scripts for the life of the process (AppTest builds a new ScriptCache per run)
and has settled st.navigation mode (AppTest re-detects a legacy pages/ folder on every run). ``install()``
patches both and times Streamlit's exec of the script, so AppTest's own element-tree parsing is not counted.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit.testing.v1.app_test as app_test
import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

_times: list[float] = []


class _SettledPages(PagesManager):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


def install() -> list[float]:
    """Patch AppTest as above; returns the list each script exec appends its time to (clear it per sample)."""
    cache = ScriptCache()
    app_test.ScriptCache = lambda: cache  # type: ignore[assignment,misc]
    app_test.PagesManager = _SettledPages  # type: ignore[misc]
    run = script_runner.exec_func_with_error_handling

    def timed(func, ctx):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return run(func, ctx)
        finally:
            _times.append(time.perf_counter() - t0)

    script_runner.exec_func_with_error_handling = timed
    return _times


_fragment: list[str] = []  # the fragment the next run reruns alone (empty: a full run)
_rerun_data = local_runner.RerunData


def _fragment_rerun_data(**kwargs: Any) -> Any:
    if _fragment:
        kwargs.update(fragment_id_queue=list(_fragment), is_fragment_scoped_rerun=True)
    return _rerun_data(**kwargs)


local_runner.RerunData = _fragment_rerun_data  # type: ignore[misc]


def fragments(at: AppTest) -> list[str]:
    """Ids of the fragments the last full run drew."""
    return list(at._fragment_storage._fragments)


def fragment_name(at: AppTest, fragment_id: str) -> str:
    """The qualified name of the function a fragment runs (for example ``_inputs`` of ui.cards)."""
    for cell in at._fragment_storage._fragments[fragment_id].__closure__ or ():
        func = cell.cell_contents
        if callable(func) and getattr(func, "__module__", "").split(".")[0] in ("ui", "views", "__main__"):
            return f"{func.__module__}.{func.__qualname__}"
    return "?"


def run_fragment(at: AppTest, fragment_id: str) -> None:
    """Rerun one fragment alone, as the browser asks when a widget inside it changes (AppTest always runs the
    whole script)."""
    _fragment[:] = [fragment_id]
    try:
        at.run()
    finally:
        _fragment.clear()


def open_page(at: AppTest, url_path: str) -> None:
    """Open the page registered under ``url_path`` (AppTest cannot address pages sharing one script by file)."""
    at._page_hash = calc_hash(url_path)
    at.run()
    at._page_hash = ""

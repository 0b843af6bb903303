"""Where a page rerun's time goes: cProfile around Streamlit's exec of app.py, on one page of the wizard.

`python bench/profile_page.py [url_path] [reruns] [lines]` (default: the last dimension page of the current
rule-set, 5 reruns, 40 lines). In one process, AppTest drives app.py with the sample enterprise loaded in a real
server's steady state (bench/steady.py); after two warm-up reruns, only the script's execution is profiled (not
AppTest's element-tree parsing). Prints the top functions by cumulative time, then the same restricted to this
project's code, and how often Streamlit walked the whole session state (``filtered_state``: once per number,
text, select or radio widget in Streamlit 1.67). SQLite in a temp directory.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-profile-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.db"

import logging  # noqa: E402

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import steady  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)

steady.install()


def main(url: str = "", reruns: int = 5, lines: int = 40) -> None:
    from criteria import load_catalogue

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.button(key="home-example").click().run()  # the sample enterprise, complete, on the current rule-set
    rs = load_catalogue().ruleset(at.session_state["_wiz"]["draft"]["ruleset"])
    url = url or f"dim-{rs.dimensions[-1].id}"
    steady.open_page(at, url)
    at.run()
    at.run()
    profile = cProfile.Profile()
    run = script_runner.exec_func_with_error_handling

    def profiled(func: Any, ctx: Any) -> Any:
        profile.enable()
        try:
            return run(func, ctx)
        finally:
            profile.disable()

    script_runner.exec_func_with_error_handling = profiled
    for _ in range(reruns):
        at.run()
    assert not at.exception, at.exception
    stats = pstats.Stats(profile)
    print(f"page {url!r}, {reruns} reruns profiled (times include cProfile's overhead)")
    stats.sort_stats("cumulative").print_stats(lines)
    print("---- this project's code only ----")
    stats.print_stats(str(ROOT).replace("\\", "/") + r"/(?!\.venv)", lines)
    walks = sum(v[1] for k, v in stats.stats.items() if k[2] == "filtered_state")  # type: ignore[attr-defined]
    print(f"session-state walks (filtered_state) per rerun: {walks / reruns:.0f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0] if args else "", int(args[1]) if len(args) > 1 else 5, int(args[2]) if len(args) > 2 else 40)

"""Server-side rerun time of the wizard's pages as a ratio to an empty page (goal, issue 13 item 6: a rerun ≤ 1.5×).

On 企业概况, 基本要求与否决项 and the dimension pages a change reruns only a fragment and the live parts it redraws
(ui/live.py): a number typed into a dimension page's table ("typed"), an answer in an indicator card, a gate's row
or a box of the profile (the page's slowest, "answer"), an edit of the evidence table ("evidence"). Those reruns
are measured beside the page's full rerun (opening it, or a change outside the fragments).

`python bench/page.py [rounds]`. In one process, AppTest drives app.py with the sample enterprise loaded; each page
is rerun without a change (the rerun Streamlit does for every widget interaction) and the script's own execution
time is taken around Streamlit's exec of app.py, so AppTest's element-tree parsing is not counted. The empty page
is a hidden page whose script is empty: the frame (state from the store, navigation, live total in the sidebar)
runs as on every page. Pages are measured round-robin (3 reruns each per round) after a warm-up, and the
median per page is reported; SQLite in a temp directory.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-page-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.db"

import logging  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import steady  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)

_times = steady.install()  # a real server's steady state (bench/steady.py)
# the fragments a change reruns, by function name (ui.live._draw_slots has no widgets: it never reruns)
FRAGMENTS = {"_numbers": "typed", "_inputs": "answer", "_row": "answer", "_enterprise": "answer",
             "_production": "answer", "_options": "answer", "evidence_part": "evidence"}


def _pad(text: str, width: int) -> str:
    """Left-align counting CJK characters as two columns."""
    return text + " " * max(width - sum(2 if ord(c) > 0x2E80 else 1 for c in text), 1)


def _reruns(at: AppTest, n: int) -> tuple[list[float], list[float]]:
    script, wall = [], []
    for _ in range(n):
        _times.clear()
        t0 = time.perf_counter()
        at.run()
        wall.append(time.perf_counter() - t0)
        script.append(sum(_times))
    assert not at.exception, at.exception
    return script, wall


def main(rounds: int = 7, per_round: int = 3) -> None:
    from criteria import load_catalogue
    from ui import nav

    nav.EXTRA_PAGES.append(("bench/blank_page.py", "bench-blank"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.button(key="home-example").click().run()  # the sample enterprise, complete, on the current rule-set
    rs = load_catalogue().ruleset(at.session_state["_wiz"]["draft"]["ruleset"])
    pages = [("bench-blank", "empty page"), ("", "首页"), ("profile", "企业概况"), ("gates", "基本要求与否决项")]
    pages += [(f"dim-{d.id}", d.name.zh) for d in rs.dimensions] + [("results", "评价结果"), ("export", "导出")]
    samples: dict[str, tuple[list[float], list[float]]] = {url: ([], []) for url, _ in pages}
    parts = ("typed", "answer", "evidence")
    changes: dict[str, dict[str, dict[str, list[float]]]] = {url: {p: {} for p in parts} for url, _ in pages
                                                            if url.startswith("dim-") or url in ("profile", "gates")}
    for url, _ in pages:  # warm-up: imports, caches, compiled scripts
        steady.open_page(at, url)
        _reruns(at, 3)
    for _ in range(rounds):  # interleaved, so load on a shared machine hits every page alike
        for url, _ in pages:
            steady.open_page(at, url)
            script, wall = _reruns(at, per_round)
            samples[url][0].extend(script)
            samples[url][1].extend(wall)
            if url in changes:  # each fragment rerun alone, as when something inside it changes
                for fragment in steady.fragments(at):
                    part = FRAGMENTS.get(steady.fragment_name(at, fragment).rsplit(".", 1)[-1])
                    if part is None:
                        continue
                    for _ in range(per_round):
                        _times.clear()
                        steady.run_fragment(at, fragment)
                        assert not at.exception, at.exception
                        changes[url][part].setdefault(fragment, []).append(sum(_times))
    base = statistics.median(samples["bench-blank"][0])
    n = rounds * per_round
    print(f"rule-set {rs.id}, sample enterprise loaded; median of {n} reruns per page, interleaved")
    print("full: the whole page (opening it, or a change outside its fragments); typed: a number typed into the")
    print("page's table; answer: in an indicator card, a gate's row or a box of the profile (the page's slowest);")
    print("evidence: the evidence table. ms of script time and the ratio to the empty page (ui/live.py)")
    print(f"{_pad('page', 20)}{'full ms':>9}{'ratio':>8}" + "".join(f"{p + ' ms':>13}{'ratio':>7}" for p in parts)
          + f"{'wall ms':>10}")
    worst = worst_full = 0.0
    for url, name in pages:
        script = statistics.median(samples[url][0])
        wall = statistics.median(samples[url][1])
        ratio = script / base
        line = f"{_pad(name, 20)}{script * 1000:>9.1f}{ratio:>7.2f}×"
        for p in parts:
            runs = changes.get(url, {}).get(p)
            if not runs:
                line += " " * 20
                continue
            frag = max(statistics.median(r) for r in runs.values())  # the slowest of the page's parts
            worst = max(worst, frag / base)
            line += f"{frag * 1000:>13.1f}{frag / base:>6.2f}×"
        if url.startswith("dim-"):
            worst_full = max(worst_full, ratio)
        print(f"{line}{wall * 1000:>10.1f}")
    print(f"\nslowest change on a wizard page (any fragment) / empty page: {worst:.2f}× (goal ≤ 1.5×) "
          f"{'OK' if worst <= 1.5 else 'OVER'}; opening a dimension page (full run) {worst_full:.2f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)

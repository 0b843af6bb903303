"""Server-side time of the rerun after one typed number on a dimension page, beside two baselines in the same run.

`python bench/rerun.py [rounds]`. In one process, AppTest drives app.py with the sample enterprise loaded, on the
last dimension page of its rule-set, and times Streamlit's exec of app.py (the widget's on_change callback runs
inside it: the draft is updated, synced with the store and saved; then the page is drawn, the draft validated,
scored and the total shown). Baselines: the same page rerun without a change, and the empty page (the frame
alone: state from the store, navigation, live total in the sidebar). Interleaved rounds; medians; SQLite in a temp
directory. Goal (issue 9 item 5): a typed number shows its total well under 0.3 s.
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
TMP = tempfile.mkdtemp(prefix="bench-rerun-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.db"

import logging  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import steady  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)

GOAL_S = 0.3
FIELD = "inputs.output_value_wan"  # in the land page's table of the current rule-set; any number would do

_times = steady.install()  # a real server's steady state (bench/steady.py)


def _typed(at: AppTest, path: str, value: float) -> None:
    """The number typed into the page's table cell of `path`, as the browser sends a data-editor edit."""
    from tests.app.wizard_helpers import type_value

    type_value(at, path, value)


def _run(at: AppTest, typed: float | None = None) -> tuple[float, float]:
    """(script s, wall s) of one rerun, after typing `typed` into FIELD when given."""
    _times.clear()
    t0 = time.perf_counter()
    if typed is None:
        at.run()
    else:
        _typed(at, FIELD, typed)
    wall = time.perf_counter() - t0
    assert not at.exception, at.exception
    return sum(_times), wall


def main(rounds: int = 15) -> None:
    from criteria import load_catalogue
    from ui import nav

    nav.EXTRA_PAGES.append(("bench/blank_page.py", "bench-blank"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.button(key="home-example").click().run()  # the sample enterprise, complete, on the current rule-set
    rs = load_catalogue().ruleset(at.session_state["_wiz"]["draft"]["ruleset"])
    dim = f"dim-{rs.dimensions[-1].id}"
    steady.open_page(at, dim)
    from tests.app.wizard_helpers import cell

    start = float(cell(at, FIELD) or 0)
    kinds = ("empty page", "page, no change", "typed number")
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
    typed = start
    for r in range(rounds + 3):  # 3 warm-up rounds, then interleaved, so machine load hits each kind alike
        steady.open_page(at, "bench-blank")
        empty = _run(at)
        steady.open_page(at, dim)
        same = _run(at)
        typed += 1.0
        keyed = _run(at, typed)
        if r >= 3:
            for kind, sample in zip(kinds, (empty, same, keyed), strict=True):
                samples[kind].append(sample)
    total = at.sidebar.metric[0].value
    print(f"rule-set {rs.id}, sample enterprise, page {dim}, field {FIELD}; median of {rounds} reruns each, "
          f"interleaved; sidebar total now {total}")
    print(f"{'rerun':<18}{'script ms':>10}{'wall ms':>10}")
    med = {}
    for kind in kinds:
        script = statistics.median(s for s, _ in samples[kind])
        wall = statistics.median(w for _, w in samples[kind])
        med[kind] = script
        print(f"{kind:<18}{script * 1000:>10.1f}{wall * 1000:>10.1f}")
    print(f"\ntyped number / page without change: {med['typed number'] / med['page, no change']:.2f}×; "
          f"/ empty page: {med['typed number'] / med['empty page']:.2f}×")
    ok = med["typed number"] < GOAL_S
    print(f"typed number to total shown (server script): {med['typed number'] * 1000:.0f} ms "
          f"(goal well under {GOAL_S * 1000:.0f} ms) {'OK' if ok else 'OVER'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)

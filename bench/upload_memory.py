"""Benchmark: peak memory (RSS) of issue 15's worst upload and sign-in cases, each in its own subprocess, against a
baseline subprocess in the same run that imports the same modules and does nothing (goal: < 300 MB per request).

    .venv/bin/python bench/upload_memory.py [--members 200] [--xlsx-mb 13.7] [--evidence 8] [--attempts 30]

Cases (files generated here, fictitious data):
1. zip{members}x2MB: the pool import (pool.intake.import_files) of one small zip of `--members` wizard JSON exports,
   each padded to just under 2 MB with spaces (a few KB compressed per member); members are read one at a time.
2. xlsx{N}MB: a workbook of that size written with openpyxl (the pool template's data sheet name and header, rows of
   fictitious figures) through the same import: refused or bounded by pool/xlsx.py's pre-checks (MAX_XLSX_CELLS,
   rows); its time is printed too.
3. evidence{n}x19MB: `--evidence` PDF files of 19 MB saved one after the other through store.attachments.save (a
   temporary SQLite database and folder); besides the peak, the RSS left after the last one (bytes released?).
4. sign-in x{attempts}: bench/signin_memory.py's parallel argon2 verifications, capped (now) and uncapped (before).

Each child reports ``ru_maxrss`` (getrusage, its own process) and VmHWM (/proc/self/status); the table shows
ru_maxrss, VmHWM and the difference to the baseline child.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL_MB = 300


def _status(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith(field + ":")) / 1024


def _imports() -> None:
    """What every case imports, so the baseline carries the same code."""
    import pool.intake  # noqa: F401
    import store.attachments  # noqa: F401
    from pool.columns import pool_model

    pool_model()


def _padded_export(k: int) -> bytes:
    from scoring.example import example_assessment
    from scoring.io import dump_assessment
    from scoring.models import uscc_with_check

    d = json.loads(dump_assessment(example_assessment()))
    d["enterprise"].update(uscc=uscc_with_check(f"9133020300{k:07d}"), industry="", town="",
                           name=f"示例企业{k}（虚构）")
    text = json.dumps(d, ensure_ascii=False)
    return (text[:-1] + " " * (2 * 1024 * 1024 - 64 - len(text.encode())) + "}").encode()


def make_zip(path: Path, members: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for k in range(members):
            z.writestr(f"企业{k}.json", _padded_export(k))


def _write_xlsx(path: Path, rows: int, header: list[str], sheet: str) -> None:
    import random

    from openpyxl import Workbook

    rnd = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(header)
    for r in range(rows):
        ws.append([f"示例企业{r}（虚构）", *(round(rnd.uniform(0, 10_000), 2) for _ in header[1:])])
    wb.save(path)


def make_xlsx(path: Path, target_mb: float) -> None:
    """An xlsx of about ``target_mb``: the row count calibrated on a small one."""
    from pool.columns import pool_model
    from pool.workbook import DATA_SHEET

    header = [c.header for c in pool_model().template][:60]  # the template's own header row
    _write_xlsx(path, 2000, header, DATA_SHEET)
    per_row = path.stat().st_size / 2000
    _write_xlsx(path, int(target_mb * 1024 * 1024 / per_row), header, DATA_SHEET)


# ---- the children ---------------------------------------------------------------------------------------------------


def _case_pool(path: str) -> dict[str, Any]:
    from pool.columns import pool_model
    from pool.intake import import_files

    data = Path(path).read_bytes()
    res = import_files([(Path(path).name, data)], pool_model())
    del data
    first = res.issues[0].message.localized("zh") if res.issues else ""
    return {"rows": len(res.frame), "issues": len(res.issues), "first_issue": first[:120]}


def _case_evidence(count: int) -> dict[str, Any]:
    import gc

    folder = Path(tempfile.mkdtemp(prefix="gf-bench-"))
    os.environ["ATTACHMENTS_DIR"] = str(folder / "files")
    os.environ.pop("GF_ACCOUNTS", None)
    from store import LOCAL, attachments, db
    from store import assessments as repo

    engine = db.get_engine(f"sqlite:///{folder / 'bench.db'}")
    aid = repo.create(LOCAL, {"enterprise": {"name": "示例企业（虚构）"}}, engine=engine)
    for n in range(count):
        data = b"%PDF-1.4\n" + os.urandom(19 * 1024 * 1024 - 20) + b"\n%%EOF\n"  # what the uploader hands over
        attachments.save(LOCAL, aid, "1.1", f"证据{n}.pdf", data, engine=engine)
        del data
    gc.collect()
    return {"stored": count, "rss_after_mb": round(_status("VmRSS"), 1)}


def child(case: str, arg: str) -> None:
    _imports()
    before = _status("VmRSS")
    t0 = time.perf_counter()
    out: dict[str, Any] = {}
    if case == "pool":
        out = _case_pool(arg)
    elif case == "evidence":
        out = _case_evidence(int(arg))
    out.update(seconds=round(time.perf_counter() - t0, 2), before_mb=round(before, 1),
               maxrss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
               hwm_mb=round(_status("VmHWM"), 1))
    print(json.dumps(out, ensure_ascii=False))


def run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, cwd=ROOT,
                         check=True, timeout=1200)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _signin(attempts: int) -> tuple[dict[str, float], dict[str, float]]:
    spec = importlib.util.spec_from_file_location("signin_memory", ROOT / "bench" / "signin_memory.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod._measure(attempts, None), mod._measure(attempts, attempts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=200)
    ap.add_argument("--xlsx-mb", type=float, default=13.7)
    ap.add_argument("--evidence", type=int, default=8)
    ap.add_argument("--attempts", type=int, default=30)
    ap.add_argument("--child", nargs=2, metavar=("CASE", "ARG"))
    ap.add_argument("--make-xlsx", nargs=2, metavar=("PATH", "MB"))
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.make_xlsx:
        make_xlsx(Path(args.make_xlsx[0]), float(args.make_xlsx[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        zpath, xpath = Path(tmp) / "pool.zip", Path(tmp) / "big.xlsx"
        make_zip(zpath, args.members)
        # generated in a child of its own: openpyxl's writer does not inflate this process (nor its children)
        subprocess.run([sys.executable, __file__, "--make-xlsx", str(xpath), str(args.xlsx_mb)], check=True,
                       timeout=1200)
        base = run_child("none", "")
        rows: list[tuple[str, float, dict[str, Any]]] = [
            (f"zip{args.members}x2MB", zpath.stat().st_size, run_child("pool", str(zpath))),
            (f"xlsx{xpath.stat().st_size / 1024 / 1024:.1f}MB", xpath.stat().st_size, run_child("pool", str(xpath))),
            (f"evidence{args.evidence}x19MB", args.evidence * 19 * 1024 * 1024,
             run_child("evidence", str(args.evidence))),
        ]
    print(f"{'case':<18} {'input MB':>9} {'ru_maxrss':>10} {'VmHWM':>7} {'over base':>10} {'seconds':>8}  notes")
    print(f"{'baseline':<18} {'':>9} {base['maxrss_mb']:10.0f} {base['hwm_mb']:7.0f} {'':>10} {'':>8}")
    for name, size, r in rows:
        over = r["hwm_mb"] - base["hwm_mb"]
        notes = [f"{k}={r[k]}" for k in ("rows", "issues", "stored", "rss_after_mb") if k in r]
        if r.get("first_issue"):
            notes.append(f"“{r['first_issue']}”")
        if over >= GOAL_MB:
            notes.append(f"OVER the {GOAL_MB} MB goal")
        print(f"{name:<18} {size / 1024 / 1024:9.2f} {r['maxrss_mb']:10.0f} {r['hwm_mb']:7.0f} {over:10.0f} "
              f"{r['seconds']:8.2f}  {' '.join(notes)}")
    if "evidence" in rows[2][0]:
        r = rows[2][2]
        print(f"  evidence: RSS left after the uploads {r['rss_after_mb']:.0f} MB vs {r['before_mb']:.0f} MB before "
              f"(+{r['rss_after_mb'] - r['before_mb']:.0f} MB)")
    capped, uncapped = _signin(args.attempts)
    print(f"sign-in x{args.attempts} (argon2id m=64 MiB, bench/signin_memory.py; ru_maxrss of each child):")
    for name, r in ((f"capped at {int(capped['cap'])} (now)", capped), ("uncapped (before)", uncapped)):
        print(f"  {name:<20} peak {r['peak_mb']:7.1f} MB  (+{r['peak_mb'] - r['before_mb']:6.1f} MB over the idle "
              f"process)  {r['seconds']:.2f} s")


if __name__ == "__main__":
    main()

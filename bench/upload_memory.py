"""Benchmark: peak memory (RSS) of one upload through the pool's intake, each case in its own subprocess, beside a
baseline subprocess that imports the same modules and reads nothing (issue 15 item 4; goal < 300 MB per request).

    .venv/bin/python bench/upload_memory.py [--members 200] [--rows 5000]

Cases (the worst shapes of issue 15, files generated here with fictitious data):
1. zip200x2MB: one small zip of `--members` wizard JSON exports, each padded to just under 2 MB with spaces (it
   compresses to a few KB per member): the intake reads one member at a time and releases it.
2. json2MB: one 2 MB JSON export given directly (the wizard's import and `scoring score` read the same way).
3. xlsx: a filled template of `--rows` fictitious enterprises (every column of the default rule-set).
Printed: peak RSS of each case, the baseline, the difference and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import sys
sys.path.insert(0, {root!r})
from pool.columns import pool_model
from pool.intake import import_files
model = pool_model()
path = {path!r}
if path:
    with open(path, "rb") as f:
        data = f.read()
    res = import_files([(path.rsplit("/", 1)[-1], data)], model)
    del data
    print(len(res.frame), len(res.issues), file=sys.stderr)
# VmHWM: this process's own peak (ru_maxrss would carry the forking parent's peak over exec)
print(next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:")))
"""


def _padded_export(k: int) -> bytes:
    from scoring.example import example_assessment
    from scoring.io import dump_assessment
    from scoring.models import uscc_with_check

    d = json.loads(dump_assessment(example_assessment()))
    d["enterprise"].update(uscc=uscc_with_check(f"9133020300{k:07d}"), industry="", town="",
                           name=f"示例企业{k}（虚构）")
    text = json.dumps(d, ensure_ascii=False)
    return (text[:-1] + " " * (2 * 1024 * 1024 - 64 - len(text.encode())) + "}").encode()


def build_cases(folder: Path, members: int, rows: int) -> dict[str, Path]:
    from pool.columns import pool_model
    from pool.demo import demo_pool
    from pool.workbook import build_template

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for k in range(members):
            z.writestr(f"企业{k}.json", _padded_export(k))
    cases = {f"zip{members}x2MB": folder / "pool.zip", "json2MB": folder / "one.json", "xlsx": folder / "pool.xlsx"}
    cases[f"zip{members}x2MB"].write_bytes(buf.getvalue())
    cases["json2MB"].write_bytes(_padded_export(0))
    model = pool_model()
    cases["xlsx"].write_bytes(build_template(model, data=demo_pool(rows, seed=1)))
    return cases


def peak_mb(path: str) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=path)], capture_output=True,
                         text=True, check=True, timeout=600)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=200)
    ap.add_argument("--rows", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = build_cases(Path(tmp), args.members, args.rows)
        base = peak_mb("")
        print(f"{'case':<14} {'file MB':>8} {'peak MB':>8} {'over base':>10} {'ratio':>6}")
        print(f"{'baseline':<14} {'':>8} {base:8.0f} {'':>10} {1.0:6.2f}")
        for name, path in cases.items():
            peak = peak_mb(str(path))
            size = path.stat().st_size / 1024 / 1024
            print(f"{name:<14} {size:8.2f} {peak:8.0f} {peak - base:10.0f} {peak / base:6.2f}"
                  f"{'' if peak < 300 else '  over the 300 MB goal'}")


if __name__ == "__main__":
    main()

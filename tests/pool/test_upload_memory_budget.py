"""Memory budgets of the pool import, measured as peak RSS in a fresh subprocess (issue 15 item 4): a zip bomb and a
zip with more members than allowed are refused from the central directory, before any member is unpacked, and a
zip of many 2 MB JSON exports is read one member at a time. Growth = the child's VmHWM after the import minus its
RSS just before (modules imported, the zip built and held), so it counts what the import itself allocated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024

CHILD = r"""
import io, json, sys, zipfile
sys.path.insert(0, {root!r})
from criteria.rules import MAX_ZIP_MEMBERS
from pool.columns import pool_model
from pool.intake import import_files

def status(field):
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith(field + ":")) * 1024

def build(case):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if case == "bomb":  # 64 MB of spaces in one member, written in 1 MB pieces (never whole in memory)
            with z.open("企业.json", "w") as member:
                for _ in range(64):
                    member.write(b" " * (1024 * 1024))
        elif case == "members":
            for k in range(MAX_ZIP_MEMBERS + 1):
                z.writestr(f"m{{k}}.json", b"")
        else:  # "exports": N JSON files of 2 MB each, padded with spaces
            from scoring.example import example_assessment
            from scoring.io import dump_assessment
            from scoring.models import uscc_with_check
            d = json.loads(dump_assessment(example_assessment()))
            for k in range({exports}):
                d["enterprise"].update(uscc=uscc_with_check(f"9133020300{{k:07d}}"), name=f"示例企业{{k}}（虚构）")
                text = json.dumps(d, ensure_ascii=False).encode()
                z.writestr(f"企业{{k}}.json", text[:-1] + b" " * (2 * 1024 * 1024 - 64 - len(text)) + b"}}")
    return buf.getvalue()

model = pool_model()
data = build({case!r})
before = status("VmRSS")
res = import_files([("上传.zip", data)], model)
print(json.dumps({{"growth": status("VmHWM") - before, "rows": len(res.frame),
                  "issues": [i.message.code for i in res.issues[:3]]}}))
"""


def _measure(case: str, exports: int = 0) -> dict:
    code = CHILD.format(root=str(ROOT), case=case, exports=exports)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("case", "code", "budget_mb"), [
    ("bomb", "pool_msg.file.ratio", 20),  # unpacking it would take 64 MB
    ("members", "pool_msg.file.members", 30),  # 20,001 entries of the central directory are read, nothing else
])
def test_a_zip_bomb_or_too_many_members_is_refused_before_unpacking(case: str, code: str, budget_mb: int) -> None:
    r = _measure(case)
    assert r["rows"] == 0 and r["issues"] == [code]
    assert r["growth"] < budget_mb * MB, f"{case}: the import grew the process by {r['growth'] / MB:.0f} MB"


def test_many_2_mb_exports_are_read_one_member_at_a_time() -> None:
    r = _measure("exports", exports=24)  # 48 MB unpacked: holding them all would show
    assert r["rows"] == 24
    assert r["growth"] < 40 * MB, f"the import grew the process by {r['growth'] / MB:.0f} MB"

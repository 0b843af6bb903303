"""Upload budgets (issue 15 item 4, the pool's part): the xlsx cell budget is checked before calamine builds any
cell, and one worst-case upload (a zip of 200 × 2 MB JSON exports) stays under 300 MB peak RSS, measured in a
subprocess (bench/upload_memory.py builds the same files and prints the figures)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import pool.xlsx
from pool.columns import pool_model
from pool.intake import import_table
from tests.pool.pool_helpers import xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]


def test_a_sheet_over_the_cell_budget_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["企业名称", "统一社会信用代码", "工业总产值（万元）"],
            *[[f"示例{k}（虚构）", "91330203XN0000001K", k] for k in range(40)]]
    monkeypatch.setattr(pool.xlsx, "MAX_XLSX_CELLS", 100)
    res = import_table(xlsx_bytes(rows), "big.xlsx", pool_model())
    assert res.blocked and "123 个非空单元格" in res.errors[0].text("zh") and "100" in res.errors[0].text("zh")


def test_a_zip_of_200_large_json_files_stays_under_300_mb(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.upload_memory import make_zip, run_child

    path = tmp_path / "zip200x2MB.zip"
    make_zip(path, 200)
    out = run_child("pool", str(path))  # a fresh process: its peak RSS is this request's
    assert out["rows"] == 200 and out["hwm_mb"] < 300, out


def test_one_request_over_its_total_budget_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import pool.intake

    monkeypatch.setattr(pool.intake, "MAX_REQUEST_BYTES", 1000)
    files = [(f"e{k}.json", b"{" + b" " * 600 + b"}") for k in range(2)]
    res = pool.intake.import_files(files, pool_model())
    assert res.blocked and "合计 0.0 MB" in res.errors[0].text("zh")


def test_the_commands_refuse_an_oversized_file_before_reading_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from pool.cli import main as pool_main
    from scoring.cli import main as scoring_main

    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * (3 * 1024 * 1024) + b"}")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before the size check"))
    assert scoring_main(["score", str(big)]) == 2
    assert "文件过大" in capsys.readouterr().err
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: no disk space used
    assert pool_main(["batch", str(huge), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert "51.0" in capsys.readouterr().err

"""The ranked export: sheets shaped like the 培育计划汇总表 and 绩效指标汇总表, formula injection neutralised,
and a file that imports again to the same pool and the same scores."""

from __future__ import annotations

import io

import numpy as np
from openpyxl import load_workbook

from pool.analysis import indicator_summary, plan_summary, ranking
from pool.demo import demo_bench, demo_pool
from pool.intake import import_table
from pool.model import Pool
from pool.workbook import BENCH_SHEET, DATA_SHEET, export_ranked_xlsx, neutralise


def _pool(n: int = 30) -> Pool:
    return Pool(frame=demo_pool(n, seed=4), bench=demo_bench())


def _export(p: Pool) -> bytes:
    return export_ranked_xlsx([("培育计划汇总表", plan_summary(p)), ("绩效指标汇总表", indicator_summary(p))],
                              p.model, p.frame, p.bench, ["测试导出"])


def test_sheets_and_their_shape() -> None:
    p = _pool()
    wb = load_workbook(io.BytesIO(_export(p)))
    assert wb.sheetnames == ["说明", "培育计划汇总表", "绩效指标汇总表", DATA_SHEET, BENCH_SHEET, "模板信息"]
    plan = wb["培育计划汇总表"]
    header = [c.value for c in plan[1]]
    for col in ("序号", "企业名称", "统一社会信用代码", "所在镇街", "所属行业", "自评总分", "当前等级", "资源池相对等级",
                "行业内相对等级", "下一目标等级", "距下一等级（分）"):
        assert col in header
    assert plan.max_row == len(p) + 1
    assert [plan.cell(row=r, column=1).value for r in range(2, 6)] == [1, 2, 3, 4]
    totals = [plan.cell(row=r, column=header.index("自评总分") + 1).value for r in range(2, plan.max_row + 1)]
    eligible = [plan.cell(row=r, column=header.index("满足基本要求") + 1).value for r in range(2, plan.max_row + 1)]
    ranked = [(e == "是", t) for e, t in zip(eligible, totals, strict=True)]
    assert ranked == sorted(ranked, reverse=True)  # eligible first, then by total
    perf = [c.value for c in wb["绩效指标汇总表"][1]]
    assert "单位产值碳排放量（tCO₂/万元）" in perf and "单位产值碳排放量 得分" in perf


def test_formula_injection_is_neutralised_with_a_single_quote() -> None:
    p = _pool(5)
    evil = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=HYPERLINK(\"http://x\",\"点我\")"]
    for i, name in enumerate(evil[:5]):
        p.frame.loc[i, "name"] = name
    p.frame.loc[0, "contact"] = evil[5]
    p.changed()
    wb = load_workbook(io.BytesIO(_export(p)))
    for sheet in ("培育计划汇总表", DATA_SHEET):
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] == "'":
                    assert cell.value[1:2] in ("=", "+", "-", "@", "\t", "\r")
    names = {c.value for c in wb[DATA_SHEET]["A"]}
    assert {"'" + e for e in evil[:5]} <= names
    assert neutralise("示例") == "示例" and neutralise(-5) == -5 and neutralise("'=x") == "'=x"


def test_export_imports_again_to_the_same_scores() -> None:
    p = _pool(25)
    res = import_table(_export(p), "ranked.xlsx", p.model)
    assert not res.errors and len(res.frame) == len(p)
    q = Pool()
    q.upsert(res)
    a = ranking(p)
    b = ranking(q)
    assert a["uscc"].tolist() == b["uscc"].tolist()
    assert np.array_equal(a["total"].to_numpy(), b["total"].to_numpy())
    assert a["grade_pool"].fillna("").tolist() == b["grade_pool"].fillna("").tolist()

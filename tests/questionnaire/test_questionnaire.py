"""Excel questionnaire: download → upload unchanged gives no change (many generated drafts, every rule-set and
profile); edited cells give exactly the changes, with their cells; bad cells are refused by sheet, row and column
and change nothing; text that looks like a formula is written as text."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria.loader import load_catalogue
from pool.xlsx import FileRejected
from questionnaire.build import FIRST_ROW, build_workbook, get_path
from questionnaire.layout import PLATFORM, Row, sheets
from questionnaire.read import apply, read_upload
from scoring.example import example_assessment
from scoring.models import Assessment, uscc_with_check

CAT = load_catalogue()
PAIRS = [(rs, p) for rs in sorted(CAT.rulesets) for p in sorted(CAT.profiles)
         if "*" in CAT.profiles[p].rulesets or rs in CAT.profiles[p].rulesets]
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"),
                             blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"),
               max_size=30)
TRICKY = st.sampled_from(["=1+1", "+86 574", "-", "@SUM(A1)", "'quoted", "''", " 前后空格 ", "123", "0.5", "是", "=", "'="])


def _example() -> dict[str, Any]:
    return example_assessment().model_dump(mode="json")


def _blank(rs: str, profile: str) -> dict[str, Any]:
    data = Assessment().model_dump(mode="json")
    data.update(ruleset=rs, profile=profile)
    return data


def _value(draw: Any, row: Row) -> Any:
    if row.kind == "float" and row.unit == "%":
        return draw(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)))
    if row.kind == "float":
        return draw(st.one_of(st.none(), st.floats(0, 1e12, allow_nan=False), st.integers(0, 10 ** 9).map(float)))
    if row.kind == "int":
        return draw(st.one_of(st.none(), st.integers(0, 10 ** 6)))
    if row.kind == "bool":
        return draw(st.sampled_from([None, True, False]))
    if row.kind == "choice":
        return draw(st.sampled_from([row.empty, *(v for v, _ in row.choices)]))
    if row.path == "enterprise.uscc":
        return uscc_with_check(draw(st.sampled_from(["91330203MA2GY000", "91330212MA2H1234"])) + "1") \
            if draw(st.booleans()) else ""
    text = draw(st.one_of(TEXT, TRICKY))
    if row.kind == "longtext" and draw(st.booleans()):
        text += "\n第二行\t制表"
    return text[: row.max_chars].replace("\t", " ") if row.kind == "text" else text[: row.max_chars]


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    if path.startswith(PLATFORM + "#"):
        chosen = data["inputs"].setdefault("energy_platform_functions", [])
        if value:
            chosen.append(path.split("#", 1)[1])
        return
    if value is None and (path.startswith(("inputs.energy.", "inputs.catalogue_tech."))):
        return
    parts = path.split(".")
    node = data
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value


@st.composite
def drafts(draw: Any) -> dict[str, Any]:
    rs, profile = draw(st.sampled_from(PAIRS))
    data = _blank(rs, profile)
    for spec in sheets(CAT.rulesets[rs], CAT.profiles[profile], CAT):
        for row in spec.rows:
            if row.path == "year":
                data["year"] = draw(st.integers(2000, 2100))
            elif draw(st.integers(0, 3)):  # most rows filled, some left as the blank draft has them
                _put(data, row.path, _value(draw, row))
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drafts())
def test_round_trip_is_exact(data: dict[str, Any]) -> None:
    Assessment.model_validate(data)
    up = read_upload(build_workbook(data, CAT), "q.xlsx", data, CAT)
    assert up.bad == [] and up.notices == []
    assert up.changes == [], [(c.path, c.old, c.new) for c in up.changes]
    assert apply(data, up.updates()) == data


@pytest.mark.parametrize(("rs", "profile"), PAIRS)
def test_round_trip_of_every_form(rs: str, profile: str) -> None:
    for data in (_blank(rs, profile), {**_example(), "ruleset": rs, "profile": profile}):
        up = read_upload(build_workbook(data, CAT), "q.xlsx", data, CAT)
        assert (up.changes, up.bad, up.notices) == ([], [], [])


def _edit(raw: bytes, edits: dict[tuple[str, str], Any]) -> bytes:
    """Set cells (sheet, path) → value in the 填写值 column, found by the path in column A."""
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    for (sheet, path), value in edits.items():
        ws = wb[sheet]
        row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == path)
        ws.cell(row, 4).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(raw: bytes, sheet: str, path: str) -> str:
    ws = openpyxl.load_workbook(io.BytesIO(raw))[sheet]
    return f"D{next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == path)}"


def test_edits_are_listed_with_their_cells_and_applied() -> None:
    data = _example()
    raw = build_workbook(data, CAT)
    first = CAT.rulesets[data["ruleset"]].dimensions[0].indicators[0].id
    edited = _edit(raw, {("能源低碳化", "inputs.energy.electricity"): "9,500,000",
                         ("基本信息", "enterprise.contact"): "+86 574 1234",
                         ("基本信息", "enterprise.scale"): "规模以下",
                         ("资源高效化", "inputs.water_withdrawal_m3"): None,
                         ("能源低碳化", f"evidence.{first}.state"): "缺失",
                         ("能源低碳化", f"evidence.{first}.note"): "见附件 3\n第二页"})
    up = read_upload(edited, "q.xlsx", data, CAT)
    assert up.bad == []
    got = {c.path: (c.old, c.new, f"{c.sheet}!{c.cell}") for c in up.changes}
    assert got["inputs.energy.electricity"] == (data["inputs"]["energy"]["electricity"], 9_500_000.0,
                                                "能源低碳化!" + _cell(raw, "能源低碳化", "inputs.energy.electricity"))
    assert got["enterprise.contact"][1] == "+86 574 1234"
    assert got["enterprise.scale"][1] == "below"
    assert got["inputs.water_withdrawal_m3"][1] is None
    assert got[f"evidence.{first}.state"][1] == "missing"
    assert got[f"evidence.{first}.note"][1] == "见附件 3\n第二页"
    assert len(got) == 6
    new = apply(data, up.updates())
    Assessment.model_validate(new)
    assert get_path(new, "inputs.energy.electricity") == 9_500_000.0
    # the applied draft written again reads back unchanged, formula-like text included
    again = build_workbook(new, CAT)
    assert read_upload(again, "q.xlsx", new, CAT).changes == []
    ws = openpyxl.load_workbook(io.BytesIO(again))["基本信息"]
    cell = ws[_cell(again, "基本信息", "enterprise.contact")]
    assert cell.data_type != "f" and str(cell.value).startswith("'+")


def test_platform_functions_and_sparse_energy() -> None:
    data = _example()
    rs = CAT.rulesets[data["ruleset"]]
    functions = [c.id for c in rs.choices["platform_functions"]]
    have = data["inputs"]["energy_platform_functions"]
    off = have[0]
    on = next(f for f in functions if f not in have)
    raw = _edit(build_workbook(data, CAT), {("能源低碳化", f"{PLATFORM}#{off}"): "否",
                                            ("能源低碳化", f"{PLATFORM}#{on}"): "是",
                                            ("能源低碳化", "inputs.energy.diesel"): ""})
    up = read_upload(raw, "q.xlsx", data, CAT)
    new = apply(data, up.updates())
    assert off not in new["inputs"]["energy_platform_functions"] and on in new["inputs"]["energy_platform_functions"]
    assert "diesel" not in new["inputs"]["energy"]  # an emptied carrier is removed, as the wizard does
    Assessment.model_validate(new)


@pytest.mark.parametrize(("sheet", "path", "value", "code"), [
    ("资源高效化", "inputs.water_withdrawal_m3", "12 万立方米", "intake.unit_text"),
    ("资源高效化", "inputs.water_withdrawal_m3", -5, "pool_msg.cell.negative"),
    ("资源高效化", "inputs.water_withdrawal_m3", "2025-03-01", "intake.date_text"),
    ("基本信息", "year", 2025.5, "pool_msg.cell.not_integer"),
    ("否决项与门槛", "answers.<first gate>", "也许", "pool_msg.cell.not_bool"),
    ("基本信息", "enterprise.scale", "中型", "pool_msg.cell.not_choice"),
    ("基本信息", "enterprise.uscc", "91330203MA2GY00010", "questionnaire.model"),
    ("产品绿色化", "inputs.energy_saving_output_share_pct", 120, "questionnaire.model"),
])
def test_bad_cells_are_named_and_change_nothing(sheet: str, path: str, value: Any, code: str) -> None:
    import datetime as dt

    data = _example()
    if path == "answers.<first gate>":
        path = f"answers.{CAT.rulesets[data['ruleset']].gates[0].id}"
    raw = build_workbook(data, CAT)
    cell = _cell(raw, sheet, path)
    up = read_upload(_edit(raw, {(sheet, path): value, ("基本信息", "enterprise.contact"): "李四"}), "q.xlsx", data, CAT)
    assert [c.path for c in up.changes] == ["enterprise.contact"]  # the good change is kept
    assert len(up.bad) == 1
    bad = up.bad[0]
    assert (bad.sheet, f"{bad.column}{bad.row}") == (sheet, cell)
    assert bad.reason.code == code
    from locales import render
    from questionnaire.read import bad_text
    words = render("zh", bad_text(bad))
    assert sheet in words and f"第 {bad.row} 行" in words and "D 列" in words
    assert dt  # the date case is typed text: an Excel date cell is covered by the shared cell rules


def test_a_date_cell_and_an_other_file_are_refused() -> None:
    import datetime as dt

    data = _example()
    raw = build_workbook(data, CAT)
    up = read_upload(_edit(raw, {("资源高效化", "inputs.water_withdrawal_m3"): dt.datetime(2025, 3, 1)}), "q.xlsx",
                     data, CAT)
    assert [b.reason.code for b in up.bad] == ["intake.date_cell"] and up.changes == []
    wb = openpyxl.Workbook()
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(FileRejected) as exc:
        read_upload(out.getvalue(), "other.xlsx", data, CAT)
    assert exc.value.message.code == "questionnaire.not_ours"
    with pytest.raises(FileRejected):
        read_upload(b"not a zip", "x.xlsx", data, CAT)

"""The statistical-form import on fixtures of 205-1, 205-4 and B204-1: values, cells, conversions, unknown rows,
wrong units, dates and bad cells; the applied values score like typed ones."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from criteria.loader import load_catalogue
from forms import layouts, preview
from forms.read import target_label
from locales import render
from pool.xlsx import FileRejected
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment
from tests.forms import fixtures as fx


def _by_target(p):
    return {t.target: t for t in p.taken if t.applied}


def test_every_carrier_of_the_layout_is_in_the_reference():
    ref = load_catalogue().reference
    for c in layouts.CARRIERS_205_1:
        carrier = ref.carrier(c.carrier)
        assert carrier is not None, c.carrier
        canonical = [u for u, f in c.units.items() if f == 1.0]
        assert canonical, c.carrier  # the carrier's own unit converts by 1


def test_205_1_energy_by_carrier_with_units_converted():
    p = preview(fx.workbook(fx.sheet_205_1), "205-1.xlsx")
    got = _by_target(p)
    assert p.forms == ["205-1"] and not p.unknown
    elec = got["inputs.energy.electricity"]
    assert (elec.sheet, elec.cell, elec.source_value, elec.unit, elec.value) == ("205-1", "H10", 860.25, "万千瓦时",
                                                                                 8_602_500.0)
    assert got["inputs.energy.natural_gas"].value == pytest.approx(300_000.0)  # 30 万立方米
    assert got["inputs.energy.heat"].value == 4800.0  # 百万千焦 = GJ
    assert got["inputs.energy.raw_coal"].value == 110.0 and got["inputs.energy.diesel"].value == 8.5
    # 用于原材料 2 万 m³ of natural gas at 1.2143 kgce/m³ → 24.286 tce, excluded from 综合能耗
    assert got["inputs.feedstock_energy_tce"].value == pytest.approx(2 * 1e4 * 1.2143 / 1000)
    assert got["inputs.feedstock_energy_tce"].cell == "I7"
    # the form's own total is a cross-check, not an input
    assert [m.code for m in p.notices] == ["forms.total_check"]
    assert "inputs.energy.total" not in p.changes()


def test_205_4_water_total_and_reuse_parts_shown_only():
    p = preview(fx.workbook(fx.sheet_205_4), "205-4.xlsx")
    ch = p.changes()
    assert ch == {"inputs.water_withdrawal_m3": 52_000.0, "inputs.water_reused_m3": 185_000.0}  # 18.5 万立方米
    parts = [t for t in p.taken if not t.applied]
    assert {t.label for t in parts} == {"其中：地表水", "地下水", "自来水", "其中：循环用水量", "串联用水量"}
    assert all(t.note is not None and t.note.code == "forms.part_of_total" for t in parts)


def test_b204_1_output_in_thousand_yuan_and_one_product():
    p = preview(fx.workbook(fx.sheet_b204_1), "b204.xlsx")
    ch = p.changes()
    assert ch["inputs.output_value_wan"] == pytest.approx(4800.0)  # 48 000 千元 = 4 800 万元
    assert (ch["inputs.product_name"], ch["inputs.product_unit"], ch["inputs.production_volume"]) == ("离心泵", "台",
                                                                                                    12_000.0)
    assert _by_target(p)["inputs.output_value_wan"].cell == "D4"


def test_several_products_are_listed_not_chosen():
    p = preview(fx.workbook(lambda wb: fx.sheet_b204_1(wb, [("离心泵", "台", "1", 100, 90), ("电机", "台", "2", 50, 50)])),
                "b.xlsx")
    assert "inputs.production_volume" not in p.changes() and "inputs.product_name" not in p.changes()
    shown = [t for t in p.taken if t.target == "inputs.production_volume"]
    assert len(shown) == 2 and all(t.note and t.note.code == "forms.several_products" for t in shown)


def test_unknown_rows_and_wrong_units_are_listed():
    rows = [*fx.ENERGY_ROWS[:1],
            ("焦炭", "吨", "09", 5, 5, 5, None),  # a carrier the wizard does not collect
            ("电力", "吨", "33", 1, 1, 1, None),  # electricity in tonnes: no conversion
            ("天然气", "立方米", "15", 1000, 1000, 900, None)]  # another unit the table knows
    p = preview(fx.workbook(lambda wb: fx.sheet_205_1(wb, rows)), "x.xlsx")
    reasons = {u.label: u.reason.code for u in p.unknown}
    assert reasons == {"焦炭": "forms.unknown_carrier", "电力": "forms.unit_not_convertible"}
    assert "inputs.energy.electricity" not in p.changes()
    assert p.changes()["inputs.energy.natural_gas"] == 900.0
    text = render("zh", p.unknown[1].reason)
    assert "吨" in text and "万千瓦时" in text


def test_water_in_tonnes_and_an_unknown_water_row():
    rows = [("取水量合计", "吨", "01", 100), ("海水利用量", "立方米", "09", 20)]
    p = preview(fx.workbook(lambda wb: fx.sheet_205_4(wb, rows)), "w.xlsx")
    assert {u.label: u.reason.code for u in p.unknown} == {"取水量合计": "forms.unit_not_convertible",
                                                           "海水利用量": "forms.unknown_row"}
    assert p.changes() == {}


@pytest.mark.parametrize(("cell", "code"), [
    (dt.datetime(2025, 3, 1), "intake.date_cell"),  # an Excel date where a number belongs
    ("2025-03-01", "intake.date_text"),
    ("860 万千瓦时", "intake.unit_text"),  # a unit typed after the number
    ("很多", "intake.not_number_unit"),
    ("=H7*2", "pool_msg.cell.formula_no_value"),  # openpyxl saves no value for a formula: calamine would read it as empty
])
def test_bad_cells_are_listed_with_their_cell(cell, code):
    rows = [("电力", "万千瓦时", "33", 900, 900, cell, None), *fx.ENERGY_ROWS[:1]]
    p = preview(fx.workbook(lambda wb: fx.sheet_205_1(wb, rows)), "x.xlsx")
    assert [u.label for u in p.unknown] == ["电力"]
    reason = p.unknown[0].reason
    assert reason.code == "forms.bad_cell" and reason.params["cell"] == "H6"
    assert reason.params["reason"].code == code
    assert "inputs.energy.electricity" not in p.changes() and p.changes()["inputs.energy.raw_coal"] == 110.0


def test_full_width_digits_and_thousands_separators_are_read():
    rows = [("电力", "万千瓦时", "33", None, None, "１,２３４.５", None)]
    p = preview(fx.workbook(lambda wb: fx.sheet_205_1(wb, rows)), "x.xlsx")
    assert p.changes() == {"inputs.energy.electricity": pytest.approx(12_345_000.0)}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_in_the_encodings_excel_writes(encoding):
    p = preview(fx.csv_205_4(encoding), "205-4.csv")
    assert p.forms == ["205-4"]
    assert p.changes() == {"inputs.water_withdrawal_m3": 52_000.0, "inputs.water_reused_m3": 185_000.0}


def test_a_workbook_without_a_form_and_a_file_that_is_no_table():
    p = preview(fx.workbook(lambda wb: wb.create_sheet("其他").append(["名称", "数值"])), "x.xlsx")
    assert p.forms == [] and [m.code for m in p.notices] == ["forms.no_form"]
    with pytest.raises(FileRejected):
        preview(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "x.png")


def test_target_labels_name_the_wizard_fields():
    assert target_label("inputs.energy.electricity") == "分品种能源消费量 · 电力（kWh）"
    assert target_label("inputs.water_withdrawal_m3", "en").startswith("Water withdrawal")


def test_applied_values_score_like_typed_ones():
    base = example_assessment()
    p = preview(fx.all_forms(), "forms.xlsx")
    data = base.model_dump(mode="json")
    data["inputs"]["energy"] = {}
    for path, value in p.changes().items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    imported = Assessment.model_validate(data)
    typed = base.model_copy(deep=True)
    typed.inputs.energy = {"raw_coal": 110, "natural_gas": 300_000, "diesel": 8.5, "heat": 4800,
                           "electricity": 8_602_500}
    typed.inputs.feedstock_energy_tce = 24.286
    typed.inputs.water_withdrawal_m3, typed.inputs.water_reused_m3 = 52_000, 185_000
    typed.inputs.output_value_wan = 4800
    typed.inputs.product_name, typed.inputs.product_unit, typed.inputs.production_volume = "离心泵", "台", 12_000
    a, b = score(imported), score(typed)
    assert a.total == pytest.approx(b.total)
    values = {i.id: i.value for i in a.indicators}
    assert values == pytest.approx({i.id: i.value for i in b.indicators})
    assert values["energy_intensity_output"] is not None and values["energy_intensity_output"] > 0  # the energy reached the score
    assert a.total != pytest.approx(score(base).total)  # the imported values changed the result


def test_an_old_xls_reads_like_the_xlsx():
    """Reporting software still saves the forms as Excel 97–2003 (.xls): read the same, cell by cell."""
    xlsx = fx.all_forms()
    old, new = preview(fx.as_xls(xlsx), "forms.xls"), preview(xlsx, "forms.xlsx")
    assert old.forms == new.forms == ["205-1", "205-4", "B204-1"]
    assert old.changes() == new.changes() and old.changes()
    assert [(t.sheet, t.cell, t.target, t.value) for t in old.taken] == \
        [(t.sheet, t.cell, t.target, t.value) for t in new.taken]
    assert [(u.sheet, u.row, u.label) for u in old.unknown] == [(u.sheet, u.row, u.label) for u in new.unknown]


def test_a_hidden_xls_sheet_is_skipped():
    p = preview(fx.as_xls(fx.all_forms(), hidden=["205-4"]), "forms.xls")
    assert p.forms == ["205-1", "B204-1"]


def test_an_xls_too_large_and_a_protected_workbook_are_refused():
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("205-1").write(65_535, 255, "x")  # one cell at IV65536: a used area of 16.7 million cells
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(FileRejected) as wide:
        preview(buf.getvalue(), "wide.xls")
    assert wide.value.message.code.endswith("file.area") and "IV65536" in render("zh", wide.value.message)
    # a password-protected .xlsx is a compound file holding an EncryptedPackage stream, not a workbook
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(FileRejected) as locked:
        preview(cfb, "locked.xlsx")
    assert locked.value.message.code.endswith("file.encrypted")

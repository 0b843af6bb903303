"""The dimension pages' tables: a number typed in the unit of the source form is stored once in the canonical unit,
a unit change alone keeps the quantity, a foreign unit is refused in Chinese naming the field, and values carried
over from last year are marked 待核对 until changed or confirmed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.wizard_helpers import cell, edit_table, goto, tables, type_value


def _draft(at: AppTest) -> dict:
    return at.session_state["_wiz"]["draft"]


def _notes(at: AppTest) -> str:
    return " ".join(str(x.value) for x in [*at.markdown, *at.warning, *at.caption, *at.info])


def test_a_value_in_10k_kwh_is_stored_in_kwh_and_shown_back_in_10k_kwh(started: AppTest) -> None:
    at = goto(started, "dim-energy_low_carbon")
    type_value(at, "inputs.energy.electricity", 900.0, unit="万千瓦时")
    assert not at.exception, at.exception
    assert _draft(at)["inputs"]["energy"]["electricity"] == 9_000_000.0
    assert cell(at, "inputs.energy.electricity") == 900.0  # the unit chosen stays
    assert "电力 9,000,000 kWh × 0.1229 kgce/kWh = 1,106.10 tce" in _notes(at)  # the working, with separators
    type_value(at, "inputs.energy.electricity", None, unit="kWh")  # emptied
    assert _draft(at)["inputs"]["energy"].get("electricity") is None


def test_a_unit_change_alone_keeps_the_quantity(started: AppTest) -> None:
    at = goto(started, "dim-land_intensive")
    type_value(at, "inputs.land_area_m2", 30.0, unit="亩")
    assert _draft(at)["inputs"]["land_area_m2"] == 20_000.0  # 1 亩 = 10000/15 m², exactly
    key = next(k for k, cells in tables(at).items() if "inputs.land_area_m2" in cells)
    row = tables(at)[key]["inputs.land_area_m2"][0]
    edit_table(at, key, {row: {"单位": "m²"}})
    assert _draft(at)["inputs"]["land_area_m2"] == 20_000.0
    assert cell(at, "inputs.land_area_m2") == 20_000.0


def test_a_foreign_unit_is_refused_naming_the_field(started: AppTest) -> None:
    at = goto(started, "dim-land_intensive")
    type_value(at, "inputs.land_area_m2", 5.0, unit="万千瓦时")
    assert "inputs" not in _draft(at) or "land_area_m2" not in _draft(at)["inputs"] \
        or _draft(at)["inputs"]["land_area_m2"] is None
    assert "厂区用地面积：单位“万千瓦时”不能换算为“m²”" in _notes(at)


def test_carried_values_are_marked_until_changed_or_confirmed(started: AppTest) -> None:
    at = goto(started, "dim-land_intensive")
    _draft(at)["carried"] = ["inputs.land_area_m2", "inputs.building_floor_area_m2", "inputs.energy.electricity"]
    at.run()
    key = next(k for k, cells in tables(at).items() if "inputs.land_area_m2" in cells)
    notes = list(next(d for d in at.data_editor if d.key == key).value["说明"])
    assert notes.count("待核对（由上年数据带入）") == 2
    type_value(at, "inputs.land_area_m2", 20_000.0)
    assert _draft(at)["carried"] == ["inputs.building_floor_area_m2", "inputs.energy.electricity"]
    button = next(b for b in at.button if (b.key or "").endswith("|carried.confirm_page"))
    assert "1 项待核对" in button.label
    button.click().run()
    assert _draft(at)["carried"] == ["inputs.energy.electricity"]  # another page's field stays to check
    assert not [b for b in at.button if (b.key or "").endswith("|carried.confirm_page")]

"""Rules as data: every constant of criteria.rules has its source, the pool and the planner read them from there,
and the municipal level is found by the catalogue's `recognition`, not by a level's Chinese name."""

from __future__ import annotations

import criteria.rules as rules
from criteria import load_catalogue
from pool.targets import municipal_level


def test_every_rule_has_a_source() -> None:
    names = {n for n in vars(rules) if n.isupper() and n != "SOURCES"}
    assert names == set(rules.SOURCES)
    assert all(rules.SOURCES[n].strip() for n in names)


def test_users_read_the_one_definition() -> None:
    import pool.intake
    import pool.validation
    import pool.xlsx
    import scoring.io
    import scoring.whatif

    assert scoring.whatif.EFFORT_COST is rules.EFFORT_COST
    assert scoring.io.MAX_JSON_BYTES == pool.intake.MAX_JSON_BYTES == rules.MAX_JSON_BYTES
    assert pool.xlsx.MAX_SHEET_ROWS == pool.validation.MAX_ROWS == rules.MAX_ROWS


def test_municipal_level_is_catalogue_data() -> None:
    profile = load_catalogue().profile("ningbo_star")
    idx = municipal_level(profile)
    assert idx is not None and profile.levels[idx].recognition == "municipal"
    renamed = profile.model_copy(update={"levels": [
        lv.model_copy(update={"name": lv.name.model_copy(update={"zh": f"第 {i + 1} 级"})})
        for i, lv in enumerate(profile.levels)]})
    assert municipal_level(renamed) == idx  # the name no longer says 市级; the data still does
    plain = profile.model_copy(update={"levels": [lv.model_copy(update={"recognition": None})
                                                  for lv in profile.levels]})
    assert municipal_level(plain) is None

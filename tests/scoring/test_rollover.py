"""复制上年数据新建: answers carried over, year + 1, evidence states reset, the original untouched."""

from __future__ import annotations

import datetime as dt

from scoring.engine import score
from scoring.example import example_assessment
from scoring.io import parse_lenient
from scoring.models import Assessment
from scoring.rollover import copy_forward


def test_copy_forward_keeps_answers_and_resets_evidence() -> None:
    old = example_assessment().model_dump(mode="json")
    old["id"] = "abc"
    new = copy_forward(old)
    assert new["year"] == old["year"] + 1 and new["id"] == ""
    assert new["inputs"] == old["inputs"] and new["answers"] == old["answers"]
    assert new["benchmarks"] == old["benchmarks"] and new["enterprise"] == old["enterprise"]
    assert old["evidence"] and all(e["state"] is None for e in new["evidence"].values())
    assert [e["note"] for e in new["evidence"].values()] == [e["note"] for e in old["evidence"].values()]
    assert any(e["state"] for e in old["evidence"].values())  # the original is untouched
    a = Assessment.model_validate(new)
    assert score(a).total == score(Assessment.model_validate(old)).total


def test_copy_forward_of_odd_drafts() -> None:
    assert copy_forward({}, today=dt.date(2027, 5, 1))["year"] == 2027
    assert copy_forward({"year": "2025"}, today=dt.date(2027, 5, 1))["year"] == 2027
    assert copy_forward({"year": 2100})["year"] == 2100
    weird = {"year": 2024, "evidence": {"x": "not a dict", "y": {"state": "ready"}}}
    assert copy_forward(weird)["evidence"] == {"x": "not a dict", "y": {"state": None}}
    parse_lenient(copy_forward(weird), "zh")


def test_copy_forward_marks_every_copied_value_carried() -> None:
    old = example_assessment().model_dump(mode="json")
    old["carried"] = ["inputs.stale"]  # last year's own unconfirmed marks are replaced, not kept
    new = copy_forward(old)
    marks = new["carried"]
    assert len(marks) == len(set(marks)) and "inputs.stale" not in marks
    assert "inputs.land_area_m2" in marks and "inputs.energy.electricity" in marks
    assert "inputs.pollutants.0.annual_mean" in marks  # a list of records row by row
    assert "inputs.energy_platform_functions" in marks  # a list of ids as one value
    assert any(p.startswith("answers.") for p in marks)
    assert not any(p.startswith(("enterprise.", "options.", "evidence.", "year")) for p in marks)
    # every mark names a value that is there (and not empty); every non-empty scalar input is marked
    for path in marks:
        node = new
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
        assert node not in (None, "", [], {})
    filled = {f"inputs.{k}" for k, v in old["inputs"].items()
              if v not in (None, "", [], {}) and not isinstance(v, dict | list)}
    assert filled <= set(marks)
    assert old["carried"] == ["inputs.stale"]
    Assessment.model_validate(new)


def test_copy_forward_marks_nothing_empty() -> None:
    new = copy_forward({"year": 2025, "inputs": {"land_area_m2": None, "product_name": "", "energy": {},
                                                 "pollutants": [], "gec_kwh": 0.0},
                        "answers": {"g": False, "h": None}})
    assert new["carried"] == ["inputs.gec_kwh", "answers.g"]  # 0 and 否 are values; None, "" and [] are not

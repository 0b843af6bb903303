"""scoring.draft_diff: the per-field changes between two revisions."""

from __future__ import annotations

from scoring.draft_diff import FieldChange, changes


def test_changes_walk_nested_fields_rows_and_lists() -> None:
    before = {"id": "a", "year": 2025, "enterprise": {"name": "甲", "town": ""},
              "inputs": {"energy": {"electricity": 9e6}, "products": [{"name": "泵", "output": 10}],
                         "energy_platform_functions": ["a"]},
              "answers": {"g1": True, "q1": "full"}, "confirmed": []}
    after = {"id": "b", "year": 2025, "enterprise": {"name": "甲", "town": "gulin"},
             "inputs": {"energy": {"electricity": 8e6, "natural_gas": 5.0},
                        "products": [{"name": "泵", "output": 12}, {"name": "阀"}],
                        "energy_platform_functions": ["a", "b"]},
             "answers": {"g1": True, "q1": None}, "confirmed": ["x"]}
    assert changes(before, after) == [
        FieldChange(("enterprise", "town"), None, "gulin"),
        FieldChange(("inputs", "energy", "electricity"), 9e6, 8e6),
        FieldChange(("inputs", "energy", "natural_gas"), None, 5.0),
        FieldChange(("inputs", "products", 0, "output"), 10, 12),
        FieldChange(("inputs", "products", 1, "name"), None, "阀"),
        FieldChange(("inputs", "energy_platform_functions"), ["a"], ["a", "b"]),
        FieldChange(("confirmed",), None, ["x"]),
        FieldChange(("answers", "q1"), "full", None),
    ]
    assert changes(after, after) == []

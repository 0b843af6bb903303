"""Assessment JSON import/export. Export → import round-trips exactly; bad input raises InputError with
messages that name the field, and a lenient parser keeps every valid part of a draft."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from criteria.rules import MAX_JSON_BYTES
from locales import Msg, msg, render
from scoring.errors import field_problem, json_problem, validation_problems
from scoring.models import Assessment

# Inputs used as denominators: 0 cannot be scored and is almost always a typing slip.
DENOMINATORS = ("land_area_m2", "output_value_wan", "production_volume", "output_value_3y_wan",
                "same_class_material_t", "wastewater_treated_m3", "product_categories")


class InputError(ValueError):
    """Invalid assessment input. `problems` holds one message per problem (a `locales.Msg`, or words from a
    caller that has them); `messages` are the same in the language the error was raised for."""

    def __init__(self, problems: Sequence[Msg | str], lang: str = "zh") -> None:
        self.problems = list(problems)
        self.lang = lang
        self.messages = self.lines(lang)
        super().__init__("\n".join(self.messages))

    def lines(self, lang: str) -> list[str]:
        return [render(lang, p) for p in self.problems]


def dump_assessment(a: Assessment) -> str:
    return json.dumps(a.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)


def _load_json(text: str | bytes, lang: str) -> Any:
    if len(text) > MAX_JSON_BYTES:
        raise InputError([msg("invalid.too_large")], lang)
    try:
        return json.loads(text)
    except UnicodeDecodeError:
        raise InputError([msg("invalid.not_utf8")], lang) from None
    except json.JSONDecodeError as exc:
        raise InputError([json_problem(exc)], lang) from None
    except RecursionError:  # e.g. 100 000 nested brackets: well under the size limit, deeper than the parser goes
        raise InputError([msg("invalid.too_deep")], lang) from None


def parse_assessment(text: str | bytes, lang: str = "zh") -> Assessment:
    data = _load_json(text, lang)
    if not isinstance(data, dict):
        raise InputError([msg("invalid.not_object")], lang)
    return validate_assessment(data, lang)


def validate_assessment(data: dict[str, Any], lang: str = "zh") -> Assessment:
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise InputError(list(validation_problems(exc)), lang) from None


def zero_denominator_problems(a: Assessment) -> list[Msg]:
    return [field_problem(("inputs", name), msg("invalid.zero_denominator"))
            for name in DENOMINATORS if getattr(a.inputs, name) == 0]


def zero_denominators(a: Assessment, lang: str = "zh") -> list[str]:
    return [render(lang, m) for m in zero_denominator_problems(a)]


def parse_lenient(data: dict[str, Any], lang: str = "zh") -> tuple[Assessment, list[str]]:
    """Validate a draft, dropping each invalid field (reported) so the rest still scores."""
    work = copy.deepcopy(data)
    problems: list[str] = []
    for _ in range(200):
        try:
            return Assessment.model_validate(work), problems
        except ValidationError as exc:
            problems.extend(render(lang, m) for m in validation_problems(exc))
            for err in exc.errors():
                loc = tuple(err["loc"])
                while loc and not _drop(work, loc):  # a missing key: drop the element that lacks it
                    loc = loc[:-1]
                if not loc:
                    return Assessment(), problems
    return Assessment(), problems


def _drop(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Remove the value at `loc` (or its nearest existing parent key)."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1] if loc else None
    try:
        if isinstance(node, dict) and last in node:
            del node[last]
            return True
        if isinstance(node, list) and isinstance(last, int) and last < len(node):
            node.pop(last)
            return True
    except TypeError:
        return False
    return False

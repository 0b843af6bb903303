"""Assessment JSON import/export. Export → import round-trips exactly; bad input raises InputError with
messages that name the field, and a lenient parser keeps every valid part of a draft."""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import ValidationError

from scoring.errors import describe_json_error, describe_validation_error, field_path
from scoring.models import Assessment

MAX_JSON_BYTES = 2 * 1024 * 1024

# Inputs used as denominators: 0 cannot be scored and is almost always a typing slip.
DENOMINATORS = ("land_area_m2", "output_value_wan", "production_volume", "output_value_3y_wan",
                "same_class_material_t", "wastewater_treated_m3", "product_categories")


class InputError(ValueError):
    """Invalid assessment input; `messages` holds one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def dump_assessment(a: Assessment) -> str:
    return json.dumps(a.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)


def _load_json(text: str | bytes, lang: str) -> Any:
    if len(text) > MAX_JSON_BYTES:
        raise InputError(["文件过大（超过 2 MB）" if lang != "en" else "file larger than 2 MB"])
    try:
        return json.loads(text)
    except UnicodeDecodeError:
        raise InputError(["文件不是 UTF-8 编码的文本" if lang != "en" else "not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        raise InputError([describe_json_error(exc, lang)]) from None
    except RecursionError:  # e.g. 100 000 nested brackets: well under the size limit, deeper than the parser goes
        raise InputError(["JSON 嵌套层数过深" if lang != "en" else "JSON nested too deeply"]) from None


def parse_assessment(text: str | bytes, lang: str = "zh") -> Assessment:
    data = _load_json(text, lang)
    if not isinstance(data, dict):
        raise InputError(["顶层应为 JSON 对象" if lang != "en" else "top level must be a JSON object"])
    return validate_assessment(data, lang)


def validate_assessment(data: dict[str, Any], lang: str = "zh") -> Assessment:
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, lang)) from None


def zero_denominators(a: Assessment, lang: str = "zh") -> list[str]:
    msg = "不能为 0（用作分母）" if lang != "en" else "must not be 0 (used as a denominator)"
    return [f"{'字段' if lang != 'en' else 'field'} {field_path(('inputs', name), lang)}: {msg}"
            for name in DENOMINATORS if getattr(a.inputs, name) == 0]


def parse_lenient(data: dict[str, Any], lang: str = "zh") -> tuple[Assessment, list[str]]:
    """Validate a draft, dropping each invalid field (reported) so the rest still scores."""
    work = copy.deepcopy(data)
    problems: list[str] = []
    for _ in range(200):
        try:
            return Assessment.model_validate(work), problems
        except ValidationError as exc:
            problems.extend(describe_validation_error(exc, lang))
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

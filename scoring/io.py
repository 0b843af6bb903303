"""Assessment JSON import/export. Export → import round-trips exactly; bad input raises InputError with
messages that name the field, and a lenient parser keeps every valid part of a draft."""

from __future__ import annotations

import copy
import json
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from criteria.rules import MAX_JSON_BYTES
from locales import Msg, msg, render
from scoring.cells import NotText, clean_free_text, decode_text, needs_cleaning
from scoring.errors import field_problem, json_problem, path_msg, validation_problems
from scoring.models import Assessment

MAX_JSON_DEPTH = 32  # an assessment nests 5 deep; every reader (CLI, wizard, pool) refuses deeper files alike
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .xls, or an encrypted .xlsx

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


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def _depth_over(data: Any, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, dict | list):
            if d > limit:
                return True
            stack.extend((v, d + 1) for v in (node.values() if isinstance(node, dict) else node))
    return False


def wrong_kind(data: bytes) -> Msg | None:
    """A file that is not JSON at all, named with the command that reads it (an xlsx, a zip, an old .xls)."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return msg("intake.json_is_zip") if b"xl/" not in data[:65536] else msg("intake.json_is_xlsx")
    if data[:8] == CFB_MAGIC:
        return msg("intake.json_is_xls")
    return None


def load_json(text: str | bytes) -> Any:
    """The JSON value of a file by the shared rules: size, kind, UTF-8 (± BOM) or UTF-16 with BOM, no duplicate
    keys, at most MAX_JSON_DEPTH deep. InputError problems are `locales.Msg` (no parser English)."""
    if len(text) > MAX_JSON_BYTES:
        raise InputError([msg("invalid.too_large")])
    if isinstance(text, bytes):
        other = wrong_kind(text)
        if other is not None:
            raise InputError([other])
        try:
            text = decode_text(text, legacy=False)
        except NotText:
            raise InputError([msg("invalid.not_utf8")]) from None
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise InputError([msg("intake.duplicate_key", key=exc.key[:60])]) from None
    except json.JSONDecodeError as exc:
        raise InputError([json_problem(exc)]) from None
    except RecursionError:  # e.g. 100 000 nested brackets: well under the size limit, deeper than the parser goes
        raise InputError([msg("invalid.too_deep")]) from None
    if _depth_over(data, MAX_JSON_DEPTH):
        raise InputError([msg("invalid.too_deep")])
    return data


def _load_json(text: str | bytes, lang: str) -> Any:
    try:
        return load_json(text)
    except InputError as exc:
        raise InputError(exc.problems, lang) from None


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _bool_in_number(ann: Any, v: Any, loc: tuple[int | str, ...]) -> list[Msg]:
    """Problems where `v` is true/false but `ann` wants a number (pydantic would read true as 1)."""
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin is typing.Annotated:
        return _bool_in_number(args[0], v, loc)
    if origin in (typing.Union, types.UnionType):
        plain = {typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a for a in args}
        if isinstance(v, bool) and bool not in plain and plain & {int, float}:
            return [field_problem(loc, msg("intake.bool_for_number"))]
        return [p for a in args if _is_model(a) or typing.get_origin(a) in (list, dict)
                for p in _bool_in_number(a, v, loc)]
    if ann in (int, float) and isinstance(v, bool):
        return [field_problem(loc, msg("intake.bool_for_number"))]
    if origin is list and isinstance(v, list):
        return [p for i, x in enumerate(v) for p in _bool_in_number(args[0], x, (*loc, i))]
    if origin is dict and isinstance(v, dict) and len(args) == 2:
        return [p for k, x in v.items() for p in _bool_in_number(args[1], x, (*loc, k))]
    if _is_model(ann) and isinstance(v, dict):
        return [p for name, f in ann.model_fields.items() if name in v
                for p in _bool_in_number(f.annotation, v[name], (*loc, name))]
    return []


def _clean_strings(node: Any, loc: tuple[int | str, ...], notices: list[Msg]) -> Any:
    """Every text value without control characters and bidi overrides; a notice per field changed."""
    if isinstance(node, str):
        if not needs_cleaning(node):
            return node
        text, removed = clean_free_text(node, multiline=True)
        if removed:
            notices.append(msg("intake.text_cleaned", path=path_msg(loc)))
        return text
    if isinstance(node, dict):
        return {k: _clean_strings(v, (*loc, k), notices) for k, v in node.items()}
    if isinstance(node, list):
        return [_clean_strings(v, (*loc, i), notices) for i, v in enumerate(node)]
    return node


def read_assessment(text: str | bytes, lang: str = "zh") -> tuple[Assessment, list[Msg]]:
    """An Assessment from a JSON file by the shared rules, and the notices of what intake changed (control
    characters removed)."""
    data = _load_json(text, lang)
    if not isinstance(data, dict):
        raise InputError([msg("invalid.not_object")], lang)
    problems = _bool_in_number(Assessment, data, ())
    if problems:
        raise InputError(problems, lang)
    notices: list[Msg] = []
    data = _clean_strings(data, (), notices)
    return validate_assessment(data, lang), notices


def parse_assessment(text: str | bytes, lang: str = "zh") -> Assessment:
    return read_assessment(text, lang)[0]


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

"""Messages for invalid input that say what is wrong and where, as codes (locales/, section `invalid`).

`validation_problems` / `json_problem` return `locales.Msg` values; `describe_*` render them in a language for
callers that want words (the CLI, the wizard). A pydantic error type with no entry in the table gets the generic
`intake.invalid_value`; a validator's own ValueError keeps its words.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from locales import DEFAULT, Msg, msg, render, table
from scoring.fields import FIELDS

# the assessment's own parts, named when no input field is (a whole section of the wrong kind, say)
SECTIONS = ("schema_version", "id", "ruleset", "ruleset_version", "profile", "year", "enterprise", "inputs",
            "answers", "evidence", "benchmarks", "confirmed", "options", "name", "uscc", "industry", "town", "scale",
            "contact", "assessor")


def path_msg(loc: tuple[int | str, ...]) -> Msg | str:
    """('inputs', 'land_area_m2') → 'inputs.land_area_m2（厂区用地面积）' once rendered; ('year',) → 'year（评价年度）'."""
    path = ".".join(str(p) for p in loc)
    named = next((str(p) for p in reversed(loc) if isinstance(p, str) and p in FIELDS), None)
    if named:
        return msg("invalid.path_named", path=path, label=FIELDS[named])
    if loc[:1] == ("enterprise",) and len(loc) == 2 and loc[1] in SECTIONS:
        return msg("invalid.path_named", path=path, label=msg(f"invalid.section.{loc[1]}"))
    if len(loc) == 1 and loc[0] in SECTIONS:
        return msg("invalid.path_named", path=path, label=msg(f"invalid.section.{loc[0]}"))
    return path


def field_problem(loc: tuple[int | str, ...], problem: Msg | str) -> Msg:
    """'字段 <path>: <problem>'."""
    return msg("invalid.field", path=path_msg(loc), problem=problem)


def validation_problems(exc: ValidationError) -> list[Msg]:
    out = []
    for err in exc.errors():
        code = f"invalid.type.{err['type']}"
        if code in table(DEFAULT):
            problem: Msg | str = msg(code, **(err.get("ctx") or {}), input=str(err.get("input"))[:40])
        elif err["type"] == "value_error":  # a validator's own words
            problem = str(err["msg"]).removeprefix("Value error, ")
        else:  # a type without wording of ours: never pydantic's English to a Chinese reader
            problem = msg("intake.invalid_value", input=str(err.get("input"))[:40])
        out.append(field_problem(tuple(err["loc"]), problem))
    return out


def describe_validation_error(exc: ValidationError, lang: str = "zh") -> list[str]:
    return [render(lang, m) for m in validation_problems(exc)]


# the json module's English reasons → locales codes (intake.json_reason.*); any other: the generic one
_JSON_REASONS = {
    "Expecting value": "value", "Expecting ',' delimiter": "comma", "Expecting ':' delimiter": "colon",
    "Expecting property name enclosed in double quotes": "key", "Extra data": "extra",
    "Unterminated string starting at": "string", "Invalid control character at": "control",
    "Invalid \\escape": "escape", "Illegal trailing comma before end of object": "trailing",
    "Illegal trailing comma before end of array": "trailing",
}


def json_problem(exc: json.JSONDecodeError) -> Msg:
    """Where the JSON breaks and why, in the reader's words (never the parser's English)."""
    reason = _JSON_REASONS.get(exc.msg, "other")
    return msg("invalid.json", line=exc.lineno, col=exc.colno, msg=msg(f"intake.json_reason.{reason}"))

"""Chinese (or English) messages for invalid input that say what is wrong and where."""

from __future__ import annotations

import json

from pydantic import ValidationError

from scoring.fields import FIELDS

_MESSAGES_ZH = {
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "必须大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "float_parsing": "应为数字，收到「{input}」",
    "float_type": "应为数字，收到「{input}」",
    "int_parsing": "应为整数，收到「{input}」",
    "int_type": "应为整数，收到「{input}」",
    "int_from_float": "应为整数，收到「{input}」",
    "bool_parsing": "应为 是/否（true/false），收到「{input}」",
    "bool_type": "应为 是/否（true/false），收到「{input}」",
    "finite_number": "必须是有限数值（不能是 NaN 或无穷大）",
    "extra_forbidden": "未知字段",
    "missing": "缺少必填字段",
    "literal_error": "取值无效，应为 {expected}",
    "string_type": "应为文字",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "string_too_short": "不能为空",
    "dict_type": "应为对象（键值对）",
    "list_type": "应为列表",
    "model_type": "应为对象（键值对）",
}
_MESSAGES_EN = {
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be greater than {gt}",
    "less_than_equal": "must be at most {le}",
    "float_parsing": "should be a number, got '{input}'",
    "float_type": "should be a number, got '{input}'",
    "finite_number": "must be a finite number",
    "extra_forbidden": "unknown field",
    "missing": "required field missing",
    "literal_error": "invalid value, expected {expected}",
}


def field_path(loc: tuple[int | str, ...], lang: str = "zh") -> str:
    """'inputs.land_area_m2' → 'inputs.land_area_m2（厂区用地面积）'."""
    path = ".".join(str(p) for p in loc)
    named = next((str(p) for p in reversed(loc) if isinstance(p, str) and p in FIELDS), None)
    if named:
        label = FIELDS[named].en if lang == "en" else FIELDS[named].zh
        return f"{path}（{label}）" if lang != "en" else f"{path} ({label})"
    return path


def describe_validation_error(exc: ValidationError, lang: str = "zh") -> list[str]:
    out = []
    for err in exc.errors():
        ctx = {**(err.get("ctx") or {}), "input": str(err.get("input"))[:40]}
        table = _MESSAGES_EN if lang == "en" else _MESSAGES_ZH
        template = table.get(err["type"])
        if template:
            try:
                msg = template.format(**ctx)
            except (KeyError, IndexError):
                msg = template
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
        where = "field " if lang == "en" else "字段 "
        out.append(f"{where}{field_path(tuple(err['loc']), lang)}: {msg}")
    return out


def describe_json_error(exc: json.JSONDecodeError, lang: str = "zh") -> str:
    if lang == "en":
        return f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    return f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）"

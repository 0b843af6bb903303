"""The one string table: every user-facing string, one YAML file per language (zh.yaml first, en.yaml second).

Keys are dotted paths into the YAML (`report.title`, `gaps.mandatory_not_met`); a text is a `str.format`
template over named parameters (`第 {n} 页`). Lower layers (criteria/, scoring/, pool/, report/, store/) do not
hold words: they return a `Msg`, a code with its parameters, and the edge (the UI, a CLI, the PDF) turns it into
words with `say(lang, code, **params)` or `render(lang, msg)`. A parameter may itself be a `Msg` or any object
with `localized(lang)`; it is rendered in the same language.

A key missing in a language falls back to Chinese, then to the key itself (a test keeps the files in step, so the
fallback is a safety net). No streamlit here: ui/i18n.py is the Streamlit edge over this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

LOCALES = Path(__file__).resolve().parent
LANGS = ("zh", "en")
DEFAULT = "zh"


class Localized(Protocol):
    def localized(self, lang: str) -> str: ...


@dataclass(frozen=True)
class Msg:
    """A message as a code and its parameters, in no language; `localized(lang)` gives the words."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def localized(self, lang: str) -> str:
        return say(lang, self.code, **self.params)


def msg(code: str, /, **params: Any) -> Msg:
    return Msg(code, params)


def _flatten(node: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in node.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@lru_cache(maxsize=len(LANGS))
def table(lang: str) -> dict[str, str]:
    """Every key of one language, flattened (`{"report.title": "绿色工厂自评价报告", …}`)."""
    lang = lang if lang in LANGS else DEFAULT
    data = yaml.safe_load((LOCALES / f"{lang}.yaml").read_text(encoding="utf-8")) or {}
    return _flatten(data)


def norm(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT


def say(lang: str, code: str, /, **params: Any) -> str:
    """The words for `code` in `lang` (falling back to Chinese, then to the code), formatted with `params`."""
    text = table(norm(lang)).get(code)
    if text is None:
        text = table(DEFAULT).get(code, code)
    if not params:
        return text
    values = {k: _word(lang, v) for k, v in params.items()}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def _word(lang: str, value: Any) -> Any:
    """A parameter in words: a message or catalogue text localized, a list joined with the language's separator,
    a `{"zh": …, "en": …}` mapping (catalogue text after a JSON round trip) picked; anything else as it is."""
    if hasattr(value, "localized"):
        return value.localized(lang)
    if isinstance(value, list | tuple):
        return say(lang, "common.list_sep").join(str(_word(lang, v)) for v in value)
    if isinstance(value, dict) and "zh" in value:
        return value.get("en") or value["zh"] if norm(lang) == "en" else value["zh"]
    if isinstance(value, dict) and "code" in value:
        return say(lang, value["code"], **value.get("params", {}))
    return value


def render(lang: str, message: Msg | Localized | str | None) -> str:
    """A message (or anything localized) in words; a plain string is already words and passes through."""
    if message is None:
        return ""
    return message.localized(lang) if hasattr(message, "localized") else str(message)


class Words:
    """`say` bound to one language and a section: `L = Words("en", "report"); L("page", n=1, total=9)`."""

    def __init__(self, lang: str, section: str = "") -> None:
        self.lang = norm(lang)
        self.prefix = f"{section}." if section else ""

    def __call__(self, key: str, /, **params: Any) -> str:
        return say(self.lang, self.prefix + key, **params)

    def of(self, message: Msg | Localized | str | None) -> str:
        return "" if message is None else render(self.lang, message)


def in_words(value: Any, lang: str) -> Any:
    """A language-free structure (a pydantic model such as a scoring Result, lists, dicts) as plain data in `lang`:
    every message and catalogue text becomes words, for JSON output at an edge. Bilingual text with more fields
    (an action with its effort) keeps them beside `text`."""
    fields = getattr(type(value), "model_fields", None)
    if hasattr(value, "localized"):
        extra = [f for f in fields or () if f not in ("zh", "en")]
        if not extra:
            return value.localized(lang)
        return {"text": value.localized(lang), **{f: in_words(getattr(value, f), lang) for f in extra}}
    if fields is not None:
        return {f: in_words(getattr(value, f), lang) for f in fields}
    if isinstance(value, dict):
        return {k: in_words(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [in_words(v, lang) for v in value]
    return value

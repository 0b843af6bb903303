"""UI strings: one YAML file per language under locales/, Chinese first; `t(key, **values)` looks one up.

Catalogue text (indicator names, guidance, …) is not here: it comes from the catalogue's zh/en fields.
A key missing in the current language falls back to Chinese, then to the key itself (a test keeps the two
files in step, so the fallback is a safety net, not a habit).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ui.session import W

LOCALES = Path(__file__).resolve().parent.parent / "locales"
LANGS = ("zh", "en")
DEFAULT = "zh"


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
    data = yaml.safe_load((LOCALES / f"{lang}.yaml").read_text(encoding="utf-8")) or {}
    return _flatten(data)


def lang() -> str:
    value = W().get("lang", DEFAULT)
    return value if value in LANGS else DEFAULT


def t(key: str, **values: Any) -> str:
    text = table(lang()).get(key) or table(DEFAULT).get(key) or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text

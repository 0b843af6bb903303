"""UI strings: `t(key, **values)` looks one up in the session's language (locales/, Chinese first).

The table itself and its lookup live in the `locales` package, shared with the CLI and the PDF; this module
only adds the session's language. Catalogue text (indicator names, guidance, …) is not in the table: it comes
from the catalogue's zh/en fields. A key missing in the current language falls back to Chinese, then to the key
itself (a test keeps the two files in step, so the fallback is a safety net, not a habit).
"""

from __future__ import annotations

from typing import Any

from locales import DEFAULT, LANGS, LOCALES, Localized, Msg, render, say, table
from ui.session import W

__all__ = ["DEFAULT", "LANGS", "LOCALES", "lang", "say_msg", "t", "table"]


def lang() -> str:
    value = W().get("lang", DEFAULT)
    return value if value in LANGS else DEFAULT


def t(key: str, /, **values: Any) -> str:
    return say(lang(), key, **values)


def say_msg(message: Msg | Localized | str | None) -> str:
    """A lower layer's message (a code with parameters) or catalogue text (a Result's names) in the session's
    language; a plain string passes through, None is empty."""
    return render(lang(), message)

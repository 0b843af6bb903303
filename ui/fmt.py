"""Display helpers: numbers, units and markdown-safe user text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from locales import Localized, Msg
from report.clock import local_now, zone
from ui.i18n import say_msg, t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# GFM turns bare addresses into links after escapes are decoded (in the text of the parsed tree), so no escape
# stops it: a word joiner (U+2060, invisible, zero width) inside "http:", "www." and before "@" does.
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?=@)")


def label_of(names: Mapping[Any, str | None]) -> Callable[[Any], str]:
    """A widget's format_func from a mapping: the option's label, or the option itself where it has none."""
    def label(option: Any) -> str:
        name = names.get(option)
        return str(option) if name is None else name

    return label


def md(text: str | Msg | Localized | None) -> str:
    """Text made inert for st.markdown (no links, images, emphasis or HTML); a message or catalogue text (a Result's
    names and explanations) in the session's language first."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", say_msg(text).replace("\n", " ")))


def num(v: float | None, digits: int = 4) -> str:
    """A readable number: thousands separators for large values, a few significant digits for small ones."""
    if v is None:
        return "—"
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}" if a >= 100000 or float(v).is_integer() else f"{v:,.1f}"
    if a >= 1:
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return f"{v:.{digits}g}"


def unit(u: str, product_unit: str = "") -> str:
    """The catalogue's '产品单位' replaced by the enterprise's own product unit (台, t, …) when known."""
    if not u or u == "—":
        return ""
    return u.replace("产品单位", product_unit) if product_unit else u


def local_time(when: datetime | None = None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A time as users read it (``report.clock``: Beijing time unless APP_TIMEZONE says otherwise); now by default.
    Store timestamps are timezone-aware UTC (``store.sqltypes.UtcDateTime``)."""
    return (when or local_now()).astimezone(zone()).strftime(fmt)


def origin(o: str) -> str:
    return t(f"bench.origin.{o}")


def confidence(c: str) -> str:
    return t(f"confidence.{c}") if c in ("V", "S", "R") else ""

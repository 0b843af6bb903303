"""The one set of reading rules for what people type and what files hold, used by every reader: the scoring CLI and
the wizard's JSON import (`scoring.io`), the pool's xlsx/csv/JSON intake (`pool.intake`, `pool.validation`) and the
store's file names (`store.filetypes` keeps its own stricter name rule).

- Text files: UTF-8 with or without BOM, UTF-16 with its BOM (Excel's "Unicode 文本"), else GB18030 (a superset of
  GBK, Excel's "CSV" on Chinese Windows); the delimiter (comma, semicolon, tab) is sniffed from the first lines.
- Free text (names, notes): control characters (NUL, vertical tab, \\x01 …) are removed, bidi overrides and
  isolates are removed (so a name cannot be displayed reversed); the caller is told something changed.
- Number text: NFKC (full-width digits １２３ and ，), spaces and thousands separators (1,234.5) dropped; a date
  (2025-03-01, 2025/3/1, 2025年3月1日) is refused as a date, never read as its year; a unit typed after the number
  is refused with the number it would be (numbers typed in another unit must never be read as this field's unit);
  "95%" in a percent field is 95.
- 统一社会信用代码: NFKC, every space (inner ones too) removed, upper case.
- Booleans are never numbers (`is_number_value`).

Problems are raised as `CellProblem` carrying a `locales.Msg` (section `intake` of locales/).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Any

from locales import Msg, msg

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell; a longer cell is not a spreadsheet value


class CellProblem(ValueError):
    """A value is refused; `message` says why."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.code)
        self.message = message


# ---- text files ----------------------------------------------------------------------------------------------


class NotText(ValueError):
    """The bytes are not text in an encoding we read; `binary` when they hold binary content."""

    def __init__(self, binary: bool) -> None:
        super().__init__("binary" if binary else "encoding")
        self.binary = binary


def _mostly_text(text: str) -> bool:
    bad = sum(1 for ch in text[:20000] if unicodedata.category(ch) in ("Co", "Cn"))
    return bad <= 2


def decode_text(data: bytes, *, legacy: bool = True) -> str:
    """UTF-16 with BOM, UTF-8 (BOM or not), else GB18030 when `legacy`; NotText otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotText(False) from None
    head = data[:4096]
    if head.count(b"\x00") > max(2, len(head) // 100):  # UTF-16 without BOM, or binary; a stray NUL is cleaned
        raise NotText(True)
    try:
        return data.decode("utf-8-sig")  # valid UTF-8 is text, unassigned code points and all
    except UnicodeDecodeError:
        pass
    if legacy:
        try:
            text = data.decode("gb18030")  # decodes almost anything: only if it reads as text
        except UnicodeDecodeError:
            raise NotText(False) from None
        if _mostly_text(text):
            return text
    raise NotText(False)


def sniff_delimiter(text: str) -> str:
    """',' ';' or '\\t': the one that splits the first non-empty lines most evenly (outside quotes, roughly)."""
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:5]
    best, best_score = ",", 0
    for delim in (",", ";", "\t"):
        counts = [ln.count(delim) for ln in lines]
        if not counts or min(counts) == 0:
            continue
        score = min(counts) * (2 if len(set(counts)) == 1 else 1)
        if score > best_score:
            best, best_score = delim, score
    return best


# ---- free text -----------------------------------------------------------------------------------------------

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _keep(ch: str) -> bool:
    """Kept in free text: not a bidi control, not a control character other than line break and tab."""
    if ch in BIDI_CONTROLS:
        return False
    if ch in "\n\t\r":
        return True
    cat = unicodedata.category(ch)
    return cat not in ("Cc", "Cs", "Co") and not (cat == "Cn" and 0xFDD0 <= ord(ch) <= 0xFDEF)


def needs_cleaning(value: str) -> bool:
    """Whether `clean_free_text` removes something (control characters, bidi overrides); fast for clean text."""
    return not all(map(_keep, value))


def clean_free_text(value: str, *, multiline: bool = False) -> tuple[str, bool]:
    """(the text without control characters and bidi overrides, whether any was removed). Single-line text turns
    tabs and line breaks into spaces; multi-line text keeps line breaks (as \\n) and tabs."""
    text = value  # not NFC: a name is kept as typed, only what cannot be shown is removed
    removed = needs_cleaning(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else re.sub(r"[\r\n\t]+", " ", text)
    return "".join(filter(_keep, text)), removed


# ---- numbers ------------------------------------------------------------------------------------------------

_NUM = r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"
NUM_RE = re.compile(f"^{_NUM}$")
_THOUSANDS_RE = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_UNIT_RE = re.compile(r"^\s*([-+]?[\d.,]+)\s*([^\d\s].*)$")
_DATE_RE = re.compile(r"^(\d{4}\s*[-/]\s*\d{1,2}(\s*[-/]\s*\d{1,2})?|\d{4}\.\d{1,2}\.\d{1,2}|"
                      r"\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|\d{1,2}/\d{1,2}/\d{4})"
                      r"(\s+\d{1,2}:\d{2}(:\d{2})?)?$")  # 2025-03-01, 2025/3, 2025.3.1, 2025年3月1日, 3/1/2025
PLACEHOLDERS = frozenset({"-", "—", "/", "无", "N/A", "n/a", "NA", "空"})


def is_number_value(v: Any) -> bool:
    """An int or float that is not a bool (`True` is not the number 1)."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def number_text(text: str, unit: str = "") -> float:
    """The number typed as text, by the rules above; CellProblem otherwise."""
    s = unicodedata.normalize("NFKC", text).strip()
    if _DATE_RE.match(s):
        raise CellProblem(msg("intake.date_text", text=s[:20]))
    s = re.sub(r"\s+", "", s)
    if unit == "%" and s.endswith("%") and NUM_RE.match(s[:-1]):
        return float(s[:-1])
    if _THOUSANDS_RE.match(s):
        s = s.replace(",", "")
    if NUM_RE.match(s):
        return float(s)
    m = _UNIT_RE.match(s)
    if m:
        number = m.group(1).replace(",", "") if _THOUSANDS_RE.match(m.group(1)) else m.group(1)
        hint = msg("intake.unit_hint", unit=unit) if unit else ""
        raise CellProblem(msg("intake.unit_text", text=m.group(2)[:20], hint=hint, number=number))
    if s in PLACEHOLDERS:
        raise CellProblem(msg("intake.placeholder"))
    raise CellProblem(msg("intake.not_number_unit", unit=unit) if unit else msg("intake.not_number"))


def fraction_for_percent(x: float) -> bool:
    """A value in a percent field that looks like a fraction (0.95 typed for 95 %): worth a confirmation."""
    return 0 < x <= 1


# ---- identifiers ------------------------------------------------------------------------------------------------


def normalise_uscc(value: str) -> str:
    """统一社会信用代码 as stored: NFKC (full-width letters and digits), no spaces anywhere, upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()

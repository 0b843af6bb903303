"""Building blocks of the report: escaped paragraphs, table cells, tables and number formatting.

Report text is never markup: a cell is plain text (`str`), text in a named style (`T`), a list of those
(stacked), or a ready Flowable; `esc()` is applied in exactly one place (`Builder.para`). Short one-line
text stays a plain string that the table draws itself, which is much cheaper than a Paragraph."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from locales import Localized, Words, render
from report.fonts import REPLACEMENT, drawable
from report.styles import CELL_PAD, CELL_SIZE, Styles, clip, esc, grid_table_style


@dataclass(frozen=True)
class T:
    """Plain text in a named style (see report.styles.Styles)."""

    text: str
    style: str = "cell"


Part = str | T
Cell = Part | Flowable | Sequence[Part]

def fmt_num(v: float | None) -> str:
    """Numbers as a Chinese reader expects them: thousands separators, at most 4 significant digits
    below 100, never an exponent for ordinary magnitudes."""
    if v is None:
        return "—"
    a = abs(v)
    if a >= 10000:
        return f"{v:,.0f}"
    if a >= 100:
        s = f"{v:,.1f}"
        return s[:-2] if s.endswith(".0") else s
    if a == 0:
        return "0"
    if a < 0.001:
        return f"{v:.2e}"
    return f"{v:.4g}"


def fmt_unit(u: str | Localized | None, lang: str = "zh") -> str:
    """A unit as printed, in `lang` (a unit may be catalogue text): '—' (dimensionless) becomes nothing."""
    text = render(lang, u)
    return "" if text in ("", "—", "-") else text


def fit_width(text: str, font: str, size: float, width: float) -> str:
    """Cut text to a width in points, with an ellipsis (chart labels, the page header)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def short(name: str) -> str:
    """A level name without its trailing explanation, for tiles and charts: 三星（区县级绿色工厂） → 三星."""
    for opening, closing in (("（", "）"), (" (", ")")):
        head, sep, _ = name.partition(opening)
        if sep and head and name.endswith(closing):
            return head
    return name


def ordinal(k: int, L: Words) -> str:
    """（一）（二）… for Chinese sub-headings, 1. 2. … for English (the template is in locales/)."""
    numerals = L("numerals")
    return L("ordinal", n=k + 1, cn=numerals[k] if k < len(numerals) else k + 1)


class Builder:
    def __init__(self, font: str, lang: str) -> None:
        self.font = font
        self.st = Styles(font)
        self.L = Words(lang, "report")
        self.lang = lang
        # punctuation of the report language
        self.colon, self.list_sep = self.L("colon"), self.L("list_sep")
        self.replaced: dict[str, None] = {}  # characters the font cannot draw, shown as REPLACEMENT (told at the end)

    def drawable(self, text: str) -> str:
        """`text` with what the font cannot draw (an emoji …) shown as □, remembered for the closing note."""
        out, missing = drawable(text)
        for ch in missing:
            self.replaced.setdefault(ch)
        return out

    def replaced_note(self) -> list[Paragraph]:
        """The reader is told which characters stand as □ (empty when none did)."""
        if not self.replaced:
            return []
        chars = " ".join(f"U+{ord(ch):04X}" for ch in self.replaced)
        return [self.para(self.L("replaced_chars", box=REPLACEMENT, chars=chars), "small")]

    def w(self, x: Localized | str | None) -> str:
        """Words in the report's language for a name (catalogue `Text`), a message (`Msg`) or plain text; the
        only way language-free parts of the Result become report text (never an f-string of the object)."""
        return render(self.lang, x)

    def names(self, items: Iterable[Localized | str]) -> str:
        """Names or messages in words, joined with the report language's list separator."""
        return self.list_sep.join(self.w(x) for x in items)

    def paren(self, text: str) -> str:
        return self.L("paren", text=text)

    def para(self, text: str, style: str = "body") -> Paragraph:
        """The only way text reaches a Paragraph: escaped."""
        return Paragraph(esc(self.drawable(text)), self.st[style])

    def paras(self, lines: Iterable[str], style: str = "small") -> list[Paragraph]:
        return [self.para(line, style) for line in lines]

    def cell(self, c: Cell, width: float, style: str = "cell") -> Flowable | str | list[Flowable | str]:
        if isinstance(c, Flowable):
            return c
        if isinstance(c, str):
            c = T(c, style)
        if isinstance(c, T):
            fits = "\n" not in c.text and stringWidth(c.text, self.font, CELL_SIZE) <= width - 2 * CELL_PAD - 0.5
            if fits and c.style in ("cell", "head_cell"):
                return self.drawable(c.text)  # drawn by the table in its font, size and colour
            return self.para(c.text, c.style)
        parts = [x for x in c if x and (not isinstance(x, T) or x.text)]
        if len(parts) <= 1:
            return self.cell(parts[0] if parts else "", width, style)
        return [self.para(x, style) if isinstance(x, str) else self.para(x.text, x.style) for x in parts]

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float],
              extra: Iterable[tuple] = ()) -> Table:
        """A grid table; the header row repeats on every page; rows may split across pages."""
        head = [self.cell(h, w, "head_cell") for h, w in zip(header, widths, strict=True)]
        data = [head] + [[self.cell(c, w) for c, w in zip(row, widths, strict=True)] for row in rows]
        t = Table(data, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
        style = grid_table_style(self.font, rows=len(data))
        for cmd in extra:
            style.add(*cmd)
        t.setStyle(style)
        return t

    def bullets(self, items: Iterable[str], limit: int, clip_at: int) -> list[Part]:
        return [T("· " + clip(x, clip_at)) for x in list(items)[:limit]]

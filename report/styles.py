"""Paragraph and table styles of the report. Every style uses the embedded CJK font with wordWrap='CJK'
(kinsoku: no line starts with 、。）; long Latin words still break). The font has no bold face, so headings
differ by size and colour.

Colour is a property of the style (`cell_red`, `body_amber`), not of inline markup: a paragraph with one
style is wrapped by reportlab's fast single-fragment path, while inline <font> tags force a glyph-by-glyph
path that is several times slower. It also means report text never needs markup, only escaping."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

GREEN = colors.HexColor("#1B5E3B")
GREEN_MID = colors.HexColor("#3C8D5F")
GREEN_LIGHT = colors.HexColor("#EAF4EE")
GREY = colors.HexColor("#5F6B66")
GRID = colors.HexColor("#C5D0CA")
TEXT = colors.HexColor("#1F2622")
RED = colors.HexColor("#B3261E")
RED_LIGHT = colors.HexColor("#FBEAEA")
AMBER = colors.HexColor("#A35F00")
AMBER_LIGHT = colors.HexColor("#FFF4E0")
ZEBRA = colors.HexColor("#F6F8F7")
WHITE = colors.white
CELL_PAD = 4  # left/right padding of table cells
CELL_SIZE, CELL_LEADING = 8.5, 12

TONES = {"": TEXT, "green": GREEN, "red": RED, "amber": AMBER, "grey": GREY, "white": WHITE}


class Styles:
    """`st["cell"]`, `st["cell_red"]`, `st["body_amber"]` …: every base style in every tone."""

    def __init__(self, font: str) -> None:
        self.font = font
        base: dict[str, dict[str, object]] = {
            "body": {"fontSize": 10, "leading": 16, "spaceAfter": 4},
            "note": {"fontSize": 8.5, "leading": 13, "textColor": GREY, "spaceAfter": 3},
            "small": {"fontSize": 8.5, "leading": 12.5, "textColor": GREY},
            "cell": {"fontSize": CELL_SIZE, "leading": CELL_LEADING},
            "cell_small": {"fontSize": 7.5, "leading": 10.5, "textColor": GREY},
            "head_cell": {"fontSize": CELL_SIZE, "leading": CELL_LEADING, "textColor": WHITE},
            "h1": {"fontSize": 16, "leading": 22, "textColor": GREEN, "spaceBefore": 6, "spaceAfter": 8},
            "h2": {"fontSize": 12, "leading": 17, "textColor": GREEN, "spaceBefore": 10, "spaceAfter": 5},
            "h3": {"fontSize": 10.5, "leading": 15, "textColor": GREEN_MID, "spaceBefore": 6, "spaceAfter": 3},
            "title": {"fontSize": 28, "leading": 38, "textColor": GREEN, "alignment": TA_CENTER},
            "subtitle": {"fontSize": 15, "leading": 22, "textColor": GREY, "alignment": TA_CENTER},
            "figure": {"fontSize": 17, "leading": 22, "textColor": GREEN, "alignment": TA_CENTER},
            "figure_small": {"fontSize": 12.5, "leading": 17, "textColor": GREEN, "alignment": TA_CENTER},
            "figure_label": {"fontSize": 8.5, "leading": 12, "textColor": GREY, "alignment": TA_CENTER},
        }
        self._styles: dict[str, ParagraphStyle] = {}
        for name, kw in base.items():
            kw = {"textColor": TEXT, **kw}
            self._styles[name] = ParagraphStyle(name, fontName=font, wordWrap="CJK", **kw)  # type: ignore[arg-type]
            for tone, colour in TONES.items():
                if tone:
                    self._styles[f"{name}_{tone}"] = ParagraphStyle(f"{name}_{tone}", parent=self._styles[name],
                                                                    textColor=colour)

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self._styles[name]


def grid_table_style(font: str, *, header: bool = True, zebra: bool = True, rows: int = 0) -> TableStyle:
    """Header row in green with white text, light grid, top-aligned cells, optional zebra stripes.
    Font, size and colour apply to cells that are plain strings."""
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # else reportlab names Helvetica for every cell
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), GREEN), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                 ("TEXTCOLOR", (0, 0), (-1, 0), WHITE)]
    if zebra:
        cmds += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2 if header else 1, rows, 2)]
    return TableStyle(cmds)


def plain_table_style(font: str, *cmds: tuple) -> TableStyle:
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font), *cmds])


_CONTROL = {c: None for c in range(32) if c not in (9, 10)}


def esc(text: object) -> str:
    """User or catalogue text → safe Paragraph markup: & < > " escaped, control characters dropped,
    line breaks kept."""
    s = str(text).translate(_CONTROL)
    return escape(s, {'"': "&quot;"}).replace("\n", "<br/>")


def clip(text: str, limit: int) -> str:
    """Shorten text for a table cell (the full text is in the appendix)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

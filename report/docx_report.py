"""The 自评价报告 as an editable Word file (python-docx), in the structure of the PDF.

The words are written once: the .docx is drawn from the very story the PDF is built from (``report.pdf.report_story``
over ``report.sections``/``report.appendix``), so it has the same sections, headings, paragraphs and tables in the
same order. Each reportlab piece becomes its Word counterpart: an h1/h2/h3 paragraph a Word heading (the navigation
pane and a Word table of contents see them), the cover and commitment titles the Title style, other paragraphs text
in the style's size and colour, a table a Word table with its column proportions, header row (repeated on every
page), spans and shading; page breaks stay, spacers go. The charts (reportlab drawings) are not redrawn: their cells
say the charts are in the PDF. The page header names the enterprise; the footer has 第 X 页 / 共 Y 页 as Word fields.

Text is taken from the paragraphs after their markup is parsed (report text is escaped, never markup), with every
character XML cannot hold removed. East Asian text is set in ``EAST_ASIA_FONT`` (w:eastAsia on every style used).
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from criteria import Catalogue
from locales import Words
from report.pdf import footer_text, report_sections, report_story
from report.sections import WIDTH, Sections
from report.styles import GREEN, WHITE
from scoring.models import Assessment, Result
from scoring.whatif import Plan

EAST_ASIA_FONT = "微软雅黑"  # Microsoft YaHei: on every Chinese Windows; the PDF's font is a sans face too
LATIN_FONT = "Arial"
CELL_PT = 9
MARGIN_CM = 1.8
HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """Text Word can hold: characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF) removed."""
    return _NOT_XML.sub("", str(text))


def _rgb(colour: Any) -> RGBColor | None:
    if not isinstance(colour, Color):
        return None
    r, g, b = (round(255 * x) for x in (colour.red, colour.green, colour.blue))
    return RGBColor(r, g, b)


def _hex(colour: Any) -> str | None:
    rgb = _rgb(colour)
    return None if rgb is None else str(rgb)


def _set_fonts(rpr_owner: Any, latin: str = LATIN_FONT, east: str = EAST_ASIA_FONT) -> None:
    """Latin and East Asian fonts on a style's or run's rPr, theme fonts removed (they would win)."""
    fonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east)):
        fonts.set(qn(attr), name)


def _plain(p: Paragraph) -> str:
    """A reportlab paragraph's text after its markup was parsed, line breaks kept."""
    return "".join("\n" if getattr(f, "lineBreak", False) else getattr(f, "text", "") for f in p.frags)


class _Writer:
    def __init__(self, s: Sections) -> None:
        self.s = s
        self.D = Words(s.lang, "docx")
        self.doc: DocxDocument = Document()
        self._pending_break = False
        self._started = False
        self._setup()

    # ---- document, styles, header and footer ---------------------------------------------------------------------

    def _setup(self) -> None:
        doc, s = self.doc, self.s
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(MARGIN_CM)
        sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(1.9)
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer"):
            style = doc.styles[name]
            _set_fonts(style.element)
            if name.startswith(("Heading", "Title")):
                style.font.color.rgb = _rgb(GREEN)
        doc.styles["Normal"].font.size = Pt(10)
        doc.styles["Normal"].paragraph_format.space_after = Pt(3)
        sec.different_first_page_header_footer = True  # the cover has neither, as in the PDF
        enterprise = " ".join(s.a.enterprise.name.split())
        head = sec.header.paragraphs[0]
        self._run(head, xml_text(enterprise), 8, GREEN)
        self._run(head, "\t\t" + s.L("header"), 8)
        foot = sec.footer.paragraphs[0]
        self._run(foot, xml_text(footer_text(s)) + "\t\t", 8)
        self._page_field(foot, s.L("page", n="\x00N", total="\x00T"))
        props = doc.core_properties
        props.title = xml_text(f"{enterprise} {s.L('title')}".strip())[:250]
        props.author = xml_text(s.assessor or enterprise)[:250]
        props.subject = xml_text(f"{s.w(s.r.ruleset_name)} · {s.w(s.r.profile_name)}")[:250]
        props.comments = "green-factory self-assessment"

    def _page_field(self, p: DocxParagraph, template: str) -> None:
        """'第 {PAGE} 页 / 共 {NUMPAGES} 页' from the report's own words, numbers as Word fields."""
        for k, part in enumerate(re.split("\x00([NT])", template)):
            if k % 2 == 0:
                if part:
                    self._run(p, part, 8)
                continue
            self._field(p, "PAGE" if part == "N" else "NUMPAGES")

    def _field(self, p: DocxParagraph, code: str) -> None:
        for kind, text in (("begin", ""), ("instr", f" {code} "), ("separate", ""), ("shown", "1"), ("end", "")):
            run = p.add_run()
            run.font.size = Pt(8)
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            elif kind == "shown":
                run.text = text  # what Word shows until it updates the field
            else:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)

    @staticmethod
    def _run(p: DocxParagraph, text: str, size: float | None = None, colour: Any = None) -> None:
        lines = text.split("\n")
        for k, line in enumerate(lines):
            run = p.add_run(line)
            if size:
                run.font.size = Pt(size)
            rgb = _rgb(colour)
            if rgb is not None and str(rgb) != "1F2622":
                run.font.color.rgb = rgb
            if k < len(lines) - 1:
                run.add_break()

    # ---- the story -----------------------------------------------------------------------------------------------

    def story(self, flowables: list[Flowable]) -> None:
        for f in flowables:
            self.flowable(f)

    def _break(self) -> None:
        if self._started:
            self._pending_break = True

    def _paragraph_here(self) -> DocxParagraph:
        p = self.doc.add_paragraph()
        if self._pending_break:
            p.paragraph_format.page_break_before = True
            self._pending_break = False
        self._started = True
        return p

    def flowable(self, f: Flowable) -> None:
        if isinstance(f, PageBreak):
            self._break()
        elif isinstance(f, CondPageBreak | Spacer):
            return
        elif isinstance(f, KeepTogether):
            inner: Any = f  # reportlab keeps the content in a private attribute
            self.story(list(inner._content))
        elif isinstance(f, Paragraph):
            self.paragraph(f)
        elif isinstance(f, Table):
            if self._pending_break:
                self._paragraph_here()
            self.table(f, self.doc, WIDTH)
            self._started = True
        elif isinstance(f, Drawing):
            self.paragraph_text(self.D("chart_note"), "note")
        # ActionFlowables (NextPageTemplate) and anything else draw nothing in Word

    def paragraph(self, f: Paragraph) -> None:
        name = f.style.name
        text = xml_text(_plain(f))
        if name in HEADINGS or name == "title":
            level = HEADINGS.get(name, 0)
            h = self.doc.add_heading(level=level)
            if self._pending_break:
                h.paragraph_format.page_break_before = True
                self._pending_break = False
            self._started = True
            self._run(h, text, f.style.fontSize, f.style.textColor)
            if name == "title":
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
            return
        p = self._paragraph_here()
        self._styled(p, f, text)

    def paragraph_text(self, text: str, style: str) -> None:
        p = self._paragraph_here()
        st = self.s.st[style]
        self._run(p, xml_text(text), st.fontSize, st.textColor)

    def _styled(self, p: DocxParagraph, f: Paragraph, text: str, cell: bool = False) -> None:
        st = f.style
        size = min(st.fontSize, CELL_PT) if cell and st.fontSize <= 10 else st.fontSize
        self._run(p, text, size, st.textColor)
        if st.alignment == TA_CENTER:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif st.alignment == TA_RIGHT:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if cell:
            p.paragraph_format.space_after = Pt(1)

    # ---- tables --------------------------------------------------------------------------------------------------

    def table(self, table_: Table, where: Any, width: float) -> None:
        t: Any = table_  # what a Table holds after setStyle lives in reportlab's private attributes
        values: list[list[Any]] = t._cellvalues
        rows, cols = len(values), max((len(r) for r in values), default=0)
        if not rows or not cols:
            return
        table = where.add_table(rows=rows, cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER if t.hAlign == "CENTER" else WD_TABLE_ALIGNMENT.LEFT
        if t._linecmds:
            table.style = self.doc.styles["Table Grid"]
        given: list[float | None] = [float(w) if isinstance(w, int | float) else None for w in t._colWidths]
        known = sum(w for w in given if w)
        free = sum(1 for w in given if not w)
        rest = max(width - known, 0) / free if free else 0
        widths = [w or rest for w in given]
        scale = min(1.0, width / sum(widths)) if sum(widths) else 1.0
        widths = [w * scale for w in widths]
        table.autofit = False
        # the cells straight from the XML, once (Table.cell() walks the whole table on every call)
        grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for r in range(rows):
            for c in range(cols):
                cell = grid[r][c]
                cell.width = Pt(widths[c])
                self.cell(cell, values[r][c] if c < len(values[r]) else "", t, r, c, widths[c])
        for r in range(min(getattr(t, "repeatRows", 0) or 0, rows)) if isinstance(t.repeatRows, int) else ():
            trpr = table.rows[r]._tr.get_or_add_trPr()
            head = OxmlElement("w:tblHeader")
            head.set(qn("w:val"), "true")
            trpr.append(head)
        for cmd in t._bkgrndcmds:
            (c0, r0), (c1, r1) = cmd[1], cmd[2]
            colour = _hex(cmd[3]) if len(cmd) > 3 else None
            if colour is None:
                continue
            for r in range(r0 % rows, r1 % rows + 1):
                for c in range(c0 % cols, c1 % cols + 1):
                    self._shade(grid[r][c], colour)
        for cmd in t._spanCmds:
            (c0, r0), (c1, r1) = cmd[1], cmd[2]
            a, b = grid[r0 % rows][c0 % cols], grid[r1 % rows][c1 % cols]
            if (r0 % rows, c0 % cols) != (r1 % rows, c1 % cols):
                keep = [p for p in b.paragraphs if p.text]
                merged = a.merge(b)
                if not keep:  # merging leaves the other cell's empty paragraph behind
                    for p in merged.paragraphs[1:]:
                        if not p.text:
                            p._element.getparent().remove(p._element)

    @staticmethod
    def _shade(cell: _Cell, colour: str) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        for old in tcpr.findall(qn("w:shd")):
            tcpr.remove(old)
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), colour)
        tcpr.append(shd)

    def cell(self, cell: _Cell, value: Any, t: Any, r: int, c: int, width: float) -> None:
        parts = list(value) if isinstance(value, list | tuple) else [value]
        first = True
        style = t._cellStyles[r][c] if r < len(t._cellStyles) and c < len(t._cellStyles[r]) else None
        for part in parts:
            if isinstance(part, Spacer | CondPageBreak) or part is None:
                continue
            if isinstance(part, Table):
                self.table(part, cell, max(width - 8, 40))
                continue
            p = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
            first = False
            if isinstance(part, Paragraph):
                self._styled(p, part, xml_text(_plain(part)), cell=True)
            elif isinstance(part, Drawing):
                self._run(p, self.D("chart_note"), 8, self.s.st["note"].textColor)
            elif isinstance(part, str):
                colour = getattr(style, "color", None)
                size = min(getattr(style, "fontsize", CELL_PT), CELL_PT)
                self._run(p, xml_text(part), size, WHITE if colour == WHITE else colour)
                align = getattr(style, "alignment", "LEFT")
                if align == "RIGHT":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif align in ("CENTER", "CENTRE"):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(1)

    def bytes(self) -> bytes:
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()


def render_docx(s: Sections) -> bytes:
    """The .docx of a Sections (``report.pdf.report_sections``)."""
    w = _Writer(s)
    w.story(report_story(s))
    return w.bytes()


def build_docx(assessment: Assessment, result: Result, *, lang: str = "zh", plan: Plan | None = None,
               assessor: str | None = None, catalogue: Catalogue | None = None,
               report_date: dt.date | None = None) -> bytes:
    """The 自评价报告 as .docx bytes; arguments and errors as ``report.pdf.build_report``."""
    return render_docx(report_sections(assessment, result, lang=lang, plan=plan, assessor=assessor,
                                       catalogue=catalogue, report_date=report_date))

"""The submission package (申报材料): one PDF for the district.

Order: a cover (the report's basic-information table), 目录 (sections and every evidence file with its page),
真实性承诺 with boxes for the legal representative's signature, the seal and the date, the gap report from
一、结论摘要 on (``report.pdf``; its own cover and commitment are the package's), then the evidence files in the
order of the assessment items (gates and basic requirements, then each dimension's indicators, as in 六、证明材料索引).
Every evidence page is an A4 page (landscape for landscape sources) with a header naming the evidence number, the
item and the file; PDF pages are scaled onto it (pypdf), images drawn to fit (reportlab). Every page after the
cover carries the report's footer with the package's 第 N 页 / 共 M 页 (the report is rendered with that offset),
which the contents and the PDF bookmarks point to.

A damaged, encrypted or unreadable file, an Excel or Word file, an image too large to decode, become a note page
saying so in the report's language; nothing in an evidence file raises out of here. Bounded: at most
``Limits.evidence_pages`` evidence pages, ``Limits.evidence_bytes`` of evidence read, ``Limits.file_pages`` pages
per file; files beyond are listed on a closing page 未并入的证明材料 (and in the contents) for separate submission.

``report/`` does not reach the store: the caller hands the files in as ``EvidenceFile`` (``load`` reads one file when
its turn comes, so one file at a time is in memory); ui.download_routes.stored_evidence builds them with the store's
access check.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table

from criteria import Catalogue
from locales import Words
from report.layout import Cell, T, fit_width
from report.pdf import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, footer_text, render_sections, report_sections
from report.sections import WIDTH, Sections
from report.styles import AMBER_LIGHT, GREEN, GREEN_LIGHT, GREY, GRID, plain_table_style
from scoring.models import Assessment, Result
from scoring.whatif import Plan

log = logging.getLogger("gf.package")

MAX_IMAGE_PIXELS = 60_000_000  # larger images are not decoded (a decompression bomb, or a 20 MB panorama)
IMAGE_LONG_SIDE = 2000  # images are re-encoded at most this many pixels on their long side (150 dpi on A4)
HEAD_H = 58  # evidence pages: header band height (pt)
FOOT_H = 44  # room for the footer (line at 36, text at 24, as on the report's pages)
SIDE = 36


@dataclass(frozen=True)
class EvidenceFile:
    """One stored evidence file: ``load()`` returns its bytes (it may raise: the file becomes a note page)."""

    item_id: str
    filename: str
    mime: str
    size: int
    load: Callable[[], bytes]


@dataclass(frozen=True)
class Limits:
    evidence_pages: int = 300
    evidence_bytes: int = 80 * 1024 * 1024
    file_pages: int = 100
    listed: int = 45  # left-out files named one by one on their page (it holds about that many); beyond, counted


@dataclass(frozen=True)
class Entry:
    """A line of the contents: ``level`` 0 section, 1 sub-section or group, 2 evidence file; ``page`` in the package
    (None: not in it)."""

    title: str
    page: int | None
    level: int = 0
    note: str = ""
    file: str = ""


@dataclass(frozen=True)
class Package:
    pdf: bytes
    pages: int
    toc: list[Entry]
    left_out: list[str] = field(default_factory=list)  # file names not included (limits)


# ---- evidence: what each file becomes ------------------------------------------------------------------------------


@dataclass
class _Slot:
    """One evidence page to draw: a scaled PDF page (``pdf_index`` into the file's scaled part), an image, or a note."""

    size: tuple[float, float]
    page: int  # 1-based within its file
    pdf_index: int | None = None
    image: bytes | None = None
    image_px: tuple[int, int] = (0, 0)
    note: tuple[str, str] | None = None  # (title, reason)


@dataclass
class _Item:
    number: int
    ev: EvidenceFile
    name: str  # the item's name
    group: str
    slots: list[_Slot] = field(default_factory=list)
    scaled: bytes | None = None  # the PDF's pages already scaled onto A4 (clean, written by pypdf)
    pages_total: int = 0  # pages of the source PDF
    state: str = "ok"  # ok | note | office | left_out
    first_page: int | None = None


class _Unusable(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def _content_box(size: tuple[float, float]) -> tuple[float, float, float, float]:
    w, h = size
    return SIDE, FOOT_H, w - SIDE, h - HEAD_H


def _page_size(w: float, h: float) -> tuple[float, float]:
    return landscape(A4) if w > h else A4


def _scaled_pdf(data: bytes, limit: int) -> tuple[bytes, int, list[tuple[float, float]]]:
    """The first ``limit`` pages of a PDF, each scaled into the content box of an A4 page, written and read back by
    pypdf (so a broken object fails here, not in the package); (bytes, pages in the source, sizes)."""
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner password only (printing allowed …) opens without one
        except Exception as exc:  # AES without the crypto library, a broken dictionary
            raise _Unusable("reason_encrypted") from exc
        if not opened:
            raise _Unusable("reason_encrypted")
    total = len(reader.pages)
    if total == 0:
        raise _Unusable("reason_empty")
    out = PdfWriter()
    sizes: list[tuple[float, float]] = []
    for src in list(reader.pages)[:limit]:
        src.transfer_rotation_to_content()
        box = src.cropbox
        w, h = float(box.width), float(box.height)
        if w < 1 or h < 1:
            raise _Unusable("reason_damaged")
        size = _page_size(w, h)
        x0, y0, x1, y1 = _content_box(size)
        scale = min((x1 - x0) / w, (y1 - y0) / h)
        tx = x0 + ((x1 - x0) - w * scale) / 2 - float(box.left) * scale
        ty = y0 + ((y1 - y0) - h * scale) / 2 - float(box.bottom) * scale
        page = out.add_blank_page(*size)
        page.merge_transformed_page(src, Transformation().scale(scale).translate(tx, ty))
        sizes.append(size)
    buf = BytesIO()
    out.write(buf)
    PdfReader(BytesIO(buf.getvalue())).pages[0].get_contents()  # readable back
    return buf.getvalue(), total, sizes


def _image(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """A JPEG of the image, upright (EXIF), flattened on white, at most IMAGE_LONG_SIDE px; (bytes, pixels)."""
    try:
        img: Image.Image = Image.open(BytesIO(data))
        w, h = img.size
    except Exception as exc:  # PIL raises many kinds for a broken file
        raise _Unusable("reason_image") from exc
    if w * h > MAX_IMAGE_PIXELS:
        raise _Unusable("reason_image_large", w=f"{w:,}", h=f"{h:,}")
    try:
        img.load()
        img = ImageOps.exif_transpose(img) or img
        if img.mode in ("RGBA", "LA", "P", "PA"):
            img = img.convert("RGBA")
            flat = Image.new("RGB", img.size, "white")
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        elif img.mode != "RGB":
            img = img.convert("RGB")
        img.thumbnail((IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
        out = BytesIO()
        img.save(out, "JPEG", quality=85, optimize=True)
    except Exception as exc:
        raise _Unusable("reason_image") from exc
    return out.getvalue(), img.size


def _kind(ev: EvidenceFile, data: bytes) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return "image"
    name = ev.filename.lower()
    if "spreadsheet" in ev.mime or name.endswith(".xlsx"):
        return "xlsx"
    if "wordprocessing" in ev.mime or name.endswith(".docx"):
        return "docx"
    if ev.mime == "application/pdf" or name.endswith(".pdf"):
        return "pdf"  # a PDF whose header is gone: pypdf decides
    return "other"


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB" if n >= 1024 * 1024 else f"{max(n / 1024, 0.1):,.1f} KB"


# ---- the builder -----------------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, s: Sections, evidence: Sequence[EvidenceFile], limits: Limits) -> None:
        self.s, self.limits = s, limits
        self.P = Words(s.lang, "package")
        self.L = s.L
        self.font = s.font
        self.enterprise = s.drawable(" ".join(s.a.enterprise.name.split()))
        self.items = self._order(evidence)
        self.total = 0  # pages of the package, for the footers (set once the layout is known)
        self.footer_left = footer_text(s)

    # order and names

    def _order(self, evidence: Sequence[EvidenceFile]) -> list[_Item]:
        s, r = self.s, self.s.r
        order: list[tuple[str, str, str]] = [(g.id, s.w(g.name), s.L("gates_group")) for g in r.gates]
        for d in r.dimensions:
            order += [(i.id, s.w(i.name), s.w(d.name)) for i in r.indicators if i.dimension == d.id]
        rank = {item_id: k for k, (item_id, _, _) in enumerate(order)}
        names = {item_id: (name, group) for item_id, name, group in order}
        other = self.P("other_group")
        ranked = sorted(enumerate(evidence), key=lambda p: (rank.get(p[1].item_id, len(rank)), p[0]))
        return [_Item(n, ev, *names.get(ev.item_id, (ev.item_id, other))) for n, (_, ev) in enumerate(ranked, 1)]

    def text(self, value: str) -> str:
        """User text for the canvas: control characters out, undrawable characters as □."""
        clean = "".join(ch for ch in value if ch >= " " or ch == "\t").replace("\t", " ")
        return self.s.drawable(clean)

    # evidence files into slots

    def prepare(self) -> None:
        pages_left, bytes_left = self.limits.evidence_pages, self.limits.evidence_bytes
        for it in self.items:
            ev = it.ev
            if pages_left <= 0 or ev.size > bytes_left:
                it.state = "left_out"
                continue
            bytes_left -= max(ev.size, 0)
            try:
                self._fill(it, min(self.limits.file_pages, pages_left))
            except _Unusable as exc:
                self._note(it, "placeholder_title", self.P(exc.key, **exc.params))
            except Exception:  # whatever a file holds, the package is still built
                log.warning("evidence file %s could not be merged", ev.filename, exc_info=True)
                self._note(it, "placeholder_title", self.P("reason_damaged"))
            pages_left -= len(it.slots)

    def _note(self, it: _Item, title: str, reason: str, state: str = "note") -> None:
        it.slots, it.scaled, it.state = [_Slot(A4, 1, note=(self.P(title), reason))], None, state

    def _fill(self, it: _Item, limit: int) -> None:
        try:
            data = it.ev.load()
        except Exception as exc:  # the store's NotFound / StoreError, a read error
            raise _Unusable("reason_unreadable") from exc
        kind = _kind(it.ev, data)
        if kind == "pdf":
            try:
                it.scaled, it.pages_total, sizes = _scaled_pdf(data, limit)
            except _Unusable:
                raise
            except Exception as exc:  # pypdf's PdfReadError and whatever a broken file triggers
                raise _Unusable("reason_damaged") from exc
            it.slots = [_Slot(size, k + 1, pdf_index=k) for k, size in enumerate(sizes)]
        elif kind == "image":
            jpeg, px = _image(data)
            it.slots = [_Slot(_page_size(*px), 1, image=jpeg, image_px=px)]
        elif kind in ("xlsx", "docx"):
            self._note(it, "office_title", self.P("reason_office", kind=self.P(f"kind_{kind}")), "office")
        else:
            raise _Unusable("reason_unknown")

    # the contents

    def toc(self, front: int, commitment_page: int, report_start: int, headings: list[tuple[str, int]],
            first_report_page: int, evidence_start: int, notice_page: int | None) -> list[Entry]:
        P, L = self.P, self.L
        out = [Entry(L("commitment"), commitment_page), Entry(P("report"), report_start)]
        out += [Entry(title, report_start + page - first_report_page, 1) for title, page in headings]
        out.append(Entry(P("evidence"), evidence_start if self.items else None))
        page, group = evidence_start, None
        for it in self.items:
            if it.group != group:
                group = it.group
                out.append(Entry(group, None, 1))
            note = ""
            if it.state == "left_out":
                entry_page, note = notice_page, P("toc_left_out")
            else:
                entry_page = page
                it.first_page = page
                page += len(it.slots)
                if it.state == "note":
                    note = P("toc_placeholder")
                elif it.state == "office":
                    note = P("toc_office")
                elif it.pages_total > len(it.slots):
                    note = P("truncated", pages=f"{it.pages_total:,}", kept=f"{len(it.slots):,}")
            out.append(Entry(f"{it.number}. {it.name}", entry_page, 2, note, it.ev.filename))
        if notice_page is not None:
            out.append(Entry(P("left_out_title"), notice_page))
        return out

    # the front matter (cover, contents, commitment) as one reportlab document

    def front(self, entries: list[Entry], counts: dict[str, int]) -> tuple[bytes, int, int]:
        """(PDF, pages, page of the commitment)."""
        s, P = self.s, self.P
        story: list[Flowable] = [
            Spacer(1, 70), s.para(P("title"), "title"), Spacer(1, 10), s.para(P("subtitle"), "subtitle"),
            Spacer(1, 40), s.cover_info(), Spacer(1, 24),
            s.para(P("contents", **{k: f"{v:,}" for k, v in counts.items() if k != "left_out"})),
        ]
        if counts.get("left_out"):
            story.append(s.para(P("contents_left_out", n=f"{counts['left_out']:,}"), "body_amber"))
        story += [s.para(self.limits_text(), "note"), PageBreak()]
        story += [s.para(P("toc"), "h1"), self.toc_table(entries), Spacer(1, 8), s.para(P("report_note"), "note")]
        if not self.items:
            story.append(s.para(P("no_evidence"), "note"))
        story += [PageBreak(), _Mark("commitment"), *self.commitment()]
        buf = BytesIO()
        doc = _FrontDoc(buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                        bottomMargin=MARGIN_BOTTOM, initialFontName=self.font)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, A4[1] - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate("front", [frame], onPage=self._front_header)])
        doc.build(story)
        return buf.getvalue(), doc.page, doc.marks.get("commitment", 3)

    def limits_text(self) -> str:
        lim = self.limits
        return self.P("order_note", pages=f"{lim.evidence_pages:,}", mb=f"{lim.evidence_bytes / 1024 / 1024:,.0f}",
                      file_pages=f"{lim.file_pages:,}")

    def _front_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page == 1:
            return
        self._header(canvas, A4, self.enterprise, self.P("title"))
        self._footer(canvas, A4, doc.page)

    def _footer(self, c: Canvas, size: tuple[float, float], n: int) -> None:
        """The report's footer (line, edition · profile, 第 N 页 / 共 M 页) with the package's page numbers."""
        w, font = size[0], self.font
        page = self.L("page", n=n, total=self.total)
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.6)
        c.line(MARGIN_X, 36, w - MARGIN_X, 36)
        c.setFont(font, 8)
        c.setFillColor(GREY)
        c.drawRightString(w - MARGIN_X, 24, page)
        room = w - 2 * MARGIN_X - c.stringWidth(page, font, 8) - 24
        c.drawString(MARGIN_X, 24, fit_width(self.footer_left, font, 8, room))
        c.restoreState()

    def _header(self, c: Canvas, size: tuple[float, float], left: str, right: str, second: str = "") -> None:
        w, h = size
        c.saveState()
        c.setFont(self.font, 8)
        c.setFillColor(GREY)
        c.drawRightString(w - MARGIN_X, h - 38, right)
        room = w - 2 * MARGIN_X - c.stringWidth(right, self.font, 8) - 24
        c.setFillColor(GREEN)
        c.drawString(MARGIN_X, h - 38, fit_width(left, self.font, 8, room))
        c.setStrokeColor(GREEN)
        c.setLineWidth(0.6)
        c.line(MARGIN_X, h - 43, w - MARGIN_X, h - 43)
        c.restoreState()

    def toc_table(self, entries: list[Entry]) -> Table:
        s = self.s
        rows: list[list[Cell]] = []
        extra: list[tuple] = [("ALIGN", (1, 1), (1, -1), "RIGHT")]
        for e in entries:
            page = "—" if e.page is None else f"{e.page:,}"
            if e.level == 0:
                rows.append([T(e.title, "cell_green"), page if e.page else ""])
                extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), GREEN_LIGHT))
            elif e.level == 1:
                rows.append([T("　" + e.title), page if e.page else ""])
            else:
                parts: list[T] = [T("　　" + e.title), T("　　" + e.file, "cell_small")]
                if e.note:
                    parts.append(T("　　" + e.note, "cell_amber"))
                rows.append([parts, page])
        return s.table([self.P("toc_item"), self.P("toc_page")], rows, [435, 60], extra)

    def commitment(self) -> list[Flowable]:
        s, L, P = self.s, self.L, self.P
        half = WIDTH / 2
        label = [s.para(L("legal_rep"), "h3"), s.para(L("seal"), "h3")]
        date = Table([[f"{P('date_box')}{L('colon')}", *self.P("date_parts").split("|")]],
                     colWidths=[60, 70, 20, 40, 20, 40, 20], hAlign="LEFT")
        date.setStyle(plain_table_style(self.font, ("FONTSIZE", (0, 0), (-1, -1), 10), ("ALIGN", (1, 0), (-1, 0), "RIGHT")))
        rows: list[list[Any]] = [label, ["", ""], [date, ""]]
        heights: list[float | None] = [None, 150, 40]
        style = [("BOX", (0, 1), (0, 1), 0.8, GRID), ("BOX", (1, 1), (1, 1), 0.8, GRID),
                 ("SPAN", (0, 2), (1, 2)), ("BOX", (0, 2), (1, 2), 0.8, GRID), ("VALIGN", (0, 2), (-1, 2), "MIDDLE"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, 0), 4)]
        if s.assessor:
            rows += [[s.para(L("assessor_sign"), "h3"), ""], ["", ""]]
            heights += [None, 60]
            style += [("SPAN", (0, 4), (1, 4)), ("BOX", (0, 4), (1, 4), 0.8, GRID)]
        boxes = Table(rows, colWidths=[half - 6, half - 6], rowHeights=heights, hAlign="CENTER")
        boxes.setStyle(plain_table_style(self.font, *style))
        lead = s.para(P("commitment_sign"), "h2")
        return [Spacer(1, 20), s.para(L("commitment"), "title"), Spacer(1, 24), s.para(s.commitment_text()),
                Spacer(1, 30), lead, boxes]

    # the evidence pages (headers, images and notes) as one reportlab document

    def evidence_pages(self, notice: bool, first: int) -> bytes:
        """Every evidence page (and the closing list), numbered from package page ``first``."""
        buf = BytesIO()
        c = Canvas(buf, pagesize=A4, initialFontName=self.font)  # type: ignore[arg-type]  # a name, whatever the stubs say
        c.setTitle(self.P("evidence"))
        n = first
        for it in self.items:
            for slot in it.slots:
                self._evidence_page(c, it, slot, n)
                n += 1
        if notice:
            self._notice_page(c, n)
        c.save()
        return buf.getvalue()

    def _evidence_page(self, c: Canvas, it: _Item, slot: _Slot, n: int) -> None:
        P = self.P
        w, h = slot.size
        c.setPageSize(slot.size)
        name = self.text(it.ev.filename)
        head = P("evidence_head", n=it.number, item=self.text(it.name))
        pages = max(it.pages_total, len(it.slots))
        line2 = P("evidence_file", name=name, page=slot.page, pages=pages) if pages > 1 else \
            P("evidence_file_one", name=name)
        group = fit_width(self.text(it.group), self.font, 8, 180)
        c.saveState()
        c.setFont(self.font, 8)
        c.setFillColor(GREY)
        c.drawRightString(w - MARGIN_X, h - 26, group)
        c.drawString(MARGIN_X, h - 40, fit_width(line2, self.font, 8, w - 2 * MARGIN_X))
        c.setFont(self.font, 10)
        c.setFillColor(GREEN)
        c.drawString(MARGIN_X, h - 26, fit_width(head, self.font, 10, w - 2 * MARGIN_X - c.stringWidth(group, self.font, 8) - 16))
        c.setStrokeColor(GREEN)
        c.setLineWidth(0.6)
        c.line(MARGIN_X, h - 47, w - MARGIN_X, h - 47)
        c.restoreState()
        if slot.image is not None:
            x0, y0, x1, y1 = _content_box(slot.size)
            pw, ph = slot.image_px
            scale = min((x1 - x0) / pw, (y1 - y0) / ph, 1.0 if max(pw, ph) < 600 else 10.0)
            iw, ih = pw * scale, ph * scale
            c.drawImage(ImageReader(BytesIO(slot.image)), x0 + ((x1 - x0) - iw) / 2, y0 + ((y1 - y0) - ih) / 2,
                        iw, ih)
        elif slot.note is not None:
            self._note_box(c, slot.size, slot.note, it)
        self._footer(c, slot.size, n)
        c.showPage()

    def _note_box(self, c: Canvas, size: tuple[float, float], note: tuple[str, str], it: _Item) -> None:
        s, P = self.s, self.P
        w, h = size
        title, reason = note
        facts = P("file_facts", name=it.ev.filename, size=_size_text(it.ev.size), item=it.name)
        parts: list[Paragraph] = [s.para(title, "h2"), s.para(reason), s.para(facts, "small")]
        if it.state == "note":
            parts.append(s.para(P("placeholder_advice"), "note"))
        box = Table([[parts]], colWidths=[w - 2 * MARGIN_X - 40])
        box.setStyle(plain_table_style(self.font, ("BOX", (0, 0), (-1, -1), 0.8, GRID),
                                       ("BACKGROUND", (0, 0), (-1, -1), AMBER_LIGHT),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                                       ("TOPPADDING", (0, 0), (-1, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 14)))
        bw, bh = box.wrap(w - 2 * MARGIN_X - 40, h)
        box.drawOn(c, (w - bw) / 2, h * 0.62 - bh / 2)

    def _notice_page(self, c: Canvas, n: int) -> None:
        s, P, lim = self.s, self.P, self.limits
        c.setPageSize(A4)
        self._header(c, A4, self.enterprise, P("title"))
        gone = [it for it in self.items if it.state == "left_out"]
        lines = [f"{it.number}. {it.name}{s.colon}{it.ev.filename}{s.paren(_size_text(it.ev.size))}"
                 for it in gone[:lim.listed]]
        if len(gone) > lim.listed:
            lines.append(P("left_out_more", n=f"{len(gone) - lim.listed:,}"))
        story: list[Flowable] = [s.para(P("left_out_title"), "h1"), s.para(P(
            "left_out_intro", n=f"{len(gone):,}", pages=f"{lim.evidence_pages:,}",
            mb=f"{lim.evidence_bytes / 1024 / 1024:,.0f}")), *s.paras(lines)]
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, A4[1] - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        frame.addFromList(story, c)  # what does not fit on one page is cut: the contents list every file anyway
        self._footer(c, A4, n)
        c.showPage()


class _Mark(Flowable):
    """A zero-size flowable whose page the document records."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab API name
        return 0, 0

    def draw(self) -> None:
        pass


class _FrontDoc(BaseDocTemplate):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.marks: dict[str, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab API name
        if isinstance(flowable, _Mark):
            self.marks[flowable.name] = self.page


def render_package(assessment: Assessment, result: Result, evidence: Sequence[EvidenceFile] = (), *,
                   lang: str = "zh", plan: Plan | None = None, assessor: str | None = None,
                   catalogue: Catalogue | None = None, report_date: dt.date | None = None,
                   limits: Limits | None = None) -> Package:
    """The submission package (see the module doc) and its contents; arguments as ``report.pdf.build_report``."""
    limits = limits or Limits()
    s = report_sections(assessment, result, lang=lang, plan=plan, assessor=assessor, catalogue=catalogue,
                        report_date=report_date)
    rendered = render_sections(s)
    report = PdfReader(BytesIO(rendered.pdf))
    first = rendered.headings[0][1] if rendered.headings else min(3, len(report.pages))
    report_pages = list(report.pages)[first - 1:]

    b = _Builder(s, evidence, limits)
    b.prepare()
    notice = any(it.state == "left_out" for it in b.items)
    evidence_count = sum(len(it.slots) for it in b.items)

    # the contents' own length moves every page after it: lay out with a guess, then again with the real numbers
    front_pages, commitment_page = 3, 3
    entries: list[Entry] = []
    front = b""
    for _ in range(3):
        report_start = front_pages + 1
        evidence_start = report_start + len(report_pages)
        notice_page = evidence_start + evidence_count if notice else None
        entries = b.toc(front_pages, commitment_page, report_start, rendered.headings, first, evidence_start,
                        notice_page)
        total = evidence_start + evidence_count + (1 if notice else 0) - 1
        counts = {"pages": total, "toc": commitment_page - 2, "commitment": front_pages - commitment_page + 1,
                  "report": len(report_pages), "files": sum(1 for it in b.items if it.state != "left_out"),
                  "evidence": evidence_count, "left_out": sum(1 for it in b.items if it.state == "left_out")}
        b.total = total
        front, pages, commitment_at = b.front(entries, counts)
        if (pages, commitment_at) == (front_pages, commitment_page):
            break
        front_pages, commitment_page = pages, commitment_at

    total = b.total = front_pages + len(report_pages) + evidence_count + (1 if notice else 0)
    again = render_sections(s, page_offset=front_pages - (first - 1), page_total=total)
    report_pages = list(PdfReader(BytesIO(again.pdf)).pages)[first - 1:]
    writer = PdfWriter()
    for page in PdfReader(BytesIO(front)).pages:
        writer.add_page(page)
    for page in report_pages:
        writer.add_page(page)
    overlay = PdfReader(BytesIO(b.evidence_pages(notice, front_pages + len(report_pages) + 1)))
    k = 0
    for it in b.items:
        scaled = PdfReader(BytesIO(it.scaled)) if it.scaled is not None else None
        for slot in it.slots:
            page = writer.add_page(overlay.pages[k])
            k += 1
            if scaled is not None and slot.pdf_index is not None:
                page.merge_page(scaled.pages[slot.pdf_index], over=False)
    if notice:
        writer.add_page(overlay.pages[k])
    _outline(writer, entries)
    name = " ".join(assessment.enterprise.name.split())
    writer.add_metadata({"/Title": f"{name} {b.P('title')}".strip(), "/Creator": "green-factory self-assessment"})
    out = BytesIO()
    writer.write(out)
    left = [it.ev.filename for it in b.items if it.state == "left_out"]
    return Package(out.getvalue(), len(writer.pages), entries, left)


def _outline(writer: PdfWriter, entries: list[Entry]) -> None:
    """PDF bookmarks mirroring the contents."""
    parents: dict[int, object] = {}
    for e in entries:
        parent = parents.get(e.level - 1) if e.level else None
        page = e.page
        if page is None:  # a group heading: the page of its first file
            later = next((x.page for x in entries[entries.index(e) + 1:] if x.page is not None), None)
            page = later
        if page is None:
            continue
        title = e.title if e.level < 2 else f"{e.title} · {e.file}"
        ref = writer.add_outline_item(title[:120], page - 1, parent=parent, is_open=e.level == 0)  # type: ignore[arg-type]
        parents[e.level] = ref
        for deeper in [lv for lv in parents if lv > e.level]:
            del parents[deeper]


def build_package(assessment: Assessment, result: Result, evidence: Sequence[EvidenceFile] = (), **kwargs: object
                  ) -> bytes:
    """The submission package as PDF bytes (``render_package`` without the contents)."""
    return render_package(assessment, result, evidence, **kwargs).pdf  # type: ignore[arg-type]

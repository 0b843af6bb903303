"""The gap report: `build_report(assessment, result) -> bytes` (A4 PDF; pure, no file I/O).

Structure of the official 自评价报告: a cover with the basic information, 真实性承诺 with blanks for
signature and seal, 一 结论摘要, 二 否决项与基本要求, 三 分维度评价, 四 差距清单, 五 改进路线,
六 证明材料索引, and an appendix with every input and formula (report.sections, report.appendix).
Pages after the cover carry the enterprise name in the header and 第 X 页 / 共 Y 页 in the footer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from criteria import Catalogue, load_catalogue
from locales import LANGS, Words
from report.appendix import appendix
from report.clock import local_today
from report.fonts import cjk_font
from report.layout import fit_width
from report.sections import WIDTH, Sections
from report.styles import GREEN, GREY, GRID, clip
from scoring.models import Assessment, Result
from scoring.whatif import Plan

# Binary (zlib only) streams instead of ASCII85 on top: a fifth smaller and ~7 % faster to write. reportlab only
# offers this as a process-wide setting; nothing else in this project writes PDFs.
rl_config.useA85 = 0

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50, 62, 52
assert abs(PAGE_W - 2 * MARGIN_X - WIDTH) < 1


def _canvas_class(font: str, labels: Words, enterprise: str, footer_left: str, offset: int = 0,
                  of: int | None = None) -> type[Canvas]:
    """A canvas that holds its pages until the end, so the footer can say 第 X 页 / 共 Y 页; header and
    footer go on every page but the cover. Inside a larger document (the submission package) page X is the
    report's page plus ``offset`` and Y is ``of``."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []

        def showPage(self) -> None:  # reportlab API name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's private API (not in types-reportlab)

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # type: ignore[attr-defined]  # likewise
                    self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            right = PAGE_W - MARGIN_X
            title = labels("header")
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(GREY)
            self.drawRightString(right, PAGE_H - 38, title)
            self.setFillColor(GREEN)
            self.drawString(MARGIN_X, PAGE_H - 38, fit_width(enterprise, font, 8, WIDTH - self.stringWidth(title, font, 8) - 24))
            self.setStrokeColor(GREEN)
            self.setLineWidth(0.6)
            self.line(MARGIN_X, PAGE_H - 43, right, PAGE_H - 43)
            self.setStrokeColor(GRID)
            self.line(MARGIN_X, 36, right, 36)
            self.setFillColor(GREY)
            page = labels("page", n=self._pageNumber + offset, total=of or total)  # type: ignore[attr-defined]
            self.drawRightString(right, 24, page)
            self.drawString(MARGIN_X, 24, fit_width(footer_left, font, 8, WIDTH - self.stringWidth(page, font, 8) - 24))
            self.restoreState()

    return NumberedCanvas


@dataclass(frozen=True)
class RenderedReport:
    """The report's PDF and the page each top-level section (the h1 headings, 一 … 附录) starts on (1-based)."""

    pdf: bytes
    pages: int
    headings: list[tuple[str, int]]


def report_sections(assessment: Assessment, result: Result, *, lang: str = "zh", plan: Plan | None = None,
                    assessor: str | None = None, catalogue: Catalogue | None = None,
                    report_date: dt.date | None = None) -> Sections:
    """The report's text-building layer for one assessment (shared by the PDF, the .docx and the package)."""
    if lang not in LANGS:
        raise ValueError(f"unsupported report language lang={lang!r} (choose from {', '.join(LANGS)})")
    font = cjk_font().name
    cat = catalogue or load_catalogue()
    return Sections(assessment, result, cat, plan, assessor, report_date or local_today(), font, lang)


def report_story(s: Sections) -> list[Flowable]:
    """The report's content in order: cover, 真实性承诺, 一 … 六, appendix (the .docx walks the same list)."""
    story: list[Flowable] = [
        *s.cover(), NextPageTemplate("body"), PageBreak(),
        *s.commitment(), PageBreak(),
        *s.summary(), PageBreak(),
        *s.gates(), *s.dimensions(), PageBreak(),
        *s.gaps(), CondPageBreak(260),
        *s.path_section(), PageBreak(),
        *s.evidence_index(), PageBreak(),
        *appendix(s),
    ]
    return story + s.replaced_note()


class _Doc(BaseDocTemplate):
    """Records the page each h1 heading lands on (the package's table of contents points into the report)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headings: list[tuple[str, int]] = []

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab API name
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            self.headings.append((flowable.getPlainText(), self.page))


def render_report(assessment: Assessment, result: Result, *, lang: str = "zh", plan: Plan | None = None,
                  assessor: str | None = None, catalogue: Catalogue | None = None,
                  report_date: dt.date | None = None) -> RenderedReport:
    """`build_report` with the page count and the page of each section (see there)."""
    return render_sections(report_sections(assessment, result, lang=lang, plan=plan, assessor=assessor,
                                           catalogue=catalogue, report_date=report_date))


def render_sections(s: Sections, *, page_offset: int = 0, page_total: int | None = None) -> RenderedReport:
    """The report PDF of a Sections (``report_sections``); ``page_offset``/``page_total``: the footer's numbers
    inside a larger document (see ``_canvas_class``)."""
    story = report_story(s)
    buf = BytesIO()
    assessment, result = s.a, s.r
    name = s.drawable(" ".join(assessment.enterprise.name.split()))
    doc = _Doc(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{name} {s.L('title')}".strip(), author=s.assessor or name,
        subject=f"{s.w(result.ruleset_name)} · {s.w(result.profile_name)}", creator="green-factory self-assessment",
        initialFontName=s.font,  # no stray, unembedded Helvetica in the font list
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame])])
    doc.build(story, canvasmaker=_canvas_class(s.font, s.L, name, footer_text(s), page_offset, page_total))
    return RenderedReport(buf.getvalue(), doc.page, doc.headings)


def footer_text(s: Sections) -> str:
    """The left of every page's footer: the edition and the profile."""
    return clip(f"{s.rs.edition} · {s.w(s.r.profile_name)}", 80)


def build_report(assessment: Assessment, result: Result, *, lang: str = "zh", plan: Plan | None = None,
                 assessor: str | None = None, catalogue: Catalogue | None = None,
                 report_date: dt.date | None = None) -> bytes:
    """The gap report as PDF bytes.

    A Result carries no language: `lang` ("zh" by default, or "en") decides the words of the whole report, the
    Result's names and messages included, so one Result gives the report in either language; another language
    raises ValueError. `plan` defaults to the cheapest plan to the next level (scoring.whatif.plan_to_level);
    `assessor` defaults to the one entered in the assessment. Raises report.fonts.CJKFontError when no embeddable
    Chinese font exists: a report in boxes is never produced."""
    return render_report(assessment, result, lang=lang, plan=plan, assessor=assessor, catalogue=catalogue,
                         report_date=report_date).pdf

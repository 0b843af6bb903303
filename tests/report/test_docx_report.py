"""The .docx report opened with python-docx: headings in the order of the PDF's sections, the same tables and words,
East Asian fonts, page fields, and user text that cannot break the file."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from criteria import Catalogue
from locales import render, say
from report.docx_report import EAST_ASIA_FONT, build_docx, xml_text
from report.pdf import render_report
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment, Enterprise, Result


@pytest.fixture(scope="module")
def example(cat: Catalogue) -> tuple[Assessment, Result]:
    a = example_assessment(catalogue=cat)
    return a, score(a, cat)


def _headings(data: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headings_follow_the_pdfs_sections(example: tuple[Assessment, Result], cat: Catalogue, lang: str) -> None:
    a, r = example
    data = build_docx(a, r, lang=lang, catalogue=cat)
    heads = _headings(data)
    pdf_sections = [title for title, _ in render_report(a, r, lang=lang, catalogue=cat).headings]
    assert [t for style, t in heads if style == "Heading 1"] == pdf_sections
    assert [t for style, t in heads if style == "Title"] == [say(lang, "report.title"), say(lang, "report.commitment")]
    assert heads[0][0] == "Title" and heads[2][1] == pdf_sections[0]
    dims = [t for style, t in heads if style == "Heading 2"]
    for d in r.dimensions:
        assert any(render(lang, d.name) in t for t in dims), d.name


def test_tables_hold_the_reports_rows(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    doc = Document(io.BytesIO(build_docx(a, r, catalogue=cat)))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    words = " ".join(cells)
    assert a.enterprise.name in cells and a.enterprise.uscc in cells  # the cover table
    for i in r.indicators:
        assert render("zh", i.name) in words, i.name
    assert f"{r.total:.2f}" in words
    header_rows = [t for t in doc.tables if t.rows[0]._tr.find(qn("w:trPr")) is not None]
    assert header_rows  # tables that repeat their header row on every page
    body = doc.element.body.xml
    assert "（图表见 PDF 版报告）" in body  # the charts are not redrawn, and say so
    assert "　　　　年　　月　　日" in body  # the date blanks of the commitment kept


def test_fonts_and_page_fields(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    data = build_docx(a, r, catalogue=cat)
    doc = Document(io.BytesIO(data))
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == EAST_ASIA_FONT, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert a.enterprise.name in section.header.paragraphs[0].text
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer and "第" in footer
    assert doc.core_properties.title.startswith(a.enterprise.name)


def test_user_text_cannot_break_the_file(cat: Catalogue) -> None:
    name = '<w:t>Evil & "Co"</w:t>\x01\x0b 宁波绿源\ufffe'
    a = Assessment(enterprise=Enterprise(name=name, assessor="A&B <x>"), answers={"basic_no_violation_3y": True})
    data = build_docx(a, score(a, cat), catalogue=cat)
    doc = Document(io.BytesIO(data))  # opens: every character is XML-safe
    cover = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    # markup stays text; what the report font cannot draw is □ as in the PDF (its closing note names it)
    assert '<w:t>Evil & "Co"</w:t>□□ 宁波绿源□' in cover
    assert "\x01" not in doc.element.body.xml and "U+0001" in doc.element.body.xml
    assert "A&B <x>" in cover
    assert xml_text("a\x00b\x1fc\td\n\ud800\uffff") == "abc\td\n"

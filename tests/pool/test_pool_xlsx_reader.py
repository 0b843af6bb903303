"""The xlsx reader (python-calamine and the checks around it) against workbooks shaped as Excel, WPS and other
tools save them (every package has its _rels/.rels and typed relationships, as the OPC format requires): shared strings with rich
text and phonetic runs, numbers without a type, booleans, error and formula cells, escaped text, prefixed XML
namespaces and cells without a reference (the general path), hidden sheets and merged ranges."""

from __future__ import annotations

import io
import zipfile

import pytest

from pool.xlsx import ErrorCell, FormulaNoValue, read_xlsx

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _book(sheet_xml: str, shared: str | None = None, sheets: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {NS} {RNS}><sheets>'
                   + (sheets or '<sheet name="企业数据" sheetId="1" r:id="rId1"/>') + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="{PKG}">'
                   f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        z.writestr("xl/worksheets/sheet2.xml", f"<worksheet {NS}><sheetData/></worksheet>")
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f"<sst {NS}>{shared}</sst>")
    return buf.getvalue()


EXCEL_SHARED = ("<si><t>企业名称</t></si>"
                "<si><r><rPr><b/></rPr><t>示例</t></r><r><t>企业（虚构）</t></r></si>"
                "<si><t>高桥镇</t><rPh sb=\"0\" eb=\"1\"><t>ガオ</t></rPh></si>"
                "<si><t xml:space=\"preserve\"> A&amp;B &lt;1&gt; </t></si>")


def test_excel_style_cells() -> None:
    sheet = (f"<worksheet {NS}><sheetData>"
             '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             '<row r="2" spans="1:7"><c r="A2" s="1" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c>'
             '<c r="C2" s="2"><v>1234.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#DIV/0!</v></c>'
             '<c r="F2"><f>SUM(C2:C2)</f><v>1234.5</v></c><c r="G2" t="str"><f>A1</f><v>x&amp;y</v></c>'
             '<c r="H2"><f>1+1</f></c><c r="I2" s="3"/><c r="J2" t="s"><v>3</v></c></row>'
             '</sheetData><mergeCells count="1"><mergeCell ref="A5:C6"/></mergeCells></worksheet>')
    s = read_xlsx(_book(sheet, EXCEL_SHARED), "x.xlsx")[0]
    assert s.rows[1] == {0: "企业名称"}
    row = s.rows[2]
    assert row[0] == "示例企业（虚构）"  # rich-text runs joined
    assert row[1] == "高桥镇"  # phonetic run skipped
    assert row[2] == 1234.5 and row[3] is True
    assert isinstance(row[4], ErrorCell) and row[4].code == "#DIV/0!"
    assert row[5] == 1234.5  # formula: the cached value
    assert row[6] == "x&y"
    assert isinstance(row[7], FormulaNoValue)
    assert 8 not in row  # an empty styled cell
    assert row[9] == " A&B <1> "
    assert s.merged == [(5, 0, 6, 2)]


@pytest.mark.parametrize("sheet", [
    # prefixed namespace (some generators): the fast path sees no "<c " and falls back to the XML parser
    ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
     '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>企业名称</x:t></x:is></x:c><x:c r="B1"><x:v>7</x:v></x:c>'
     "</x:row></x:sheetData></x:worksheet>"),
    # cells and rows without a reference (allowed by the schema): positions follow the order
    (f"<worksheet {NS}><sheetData><row><c t=\"inlineStr\"><is><t>企业名称</t></is></c><c><v>7</v></c></row>"
     "</sheetData></worksheet>"),
    # attributes in another order and a rich inline string
    (f'<worksheet {NS}><sheetData><row r="1"><c t="inlineStr" r="A1"><is><r><t>企业</t></r><r><t>名称</t></r></is>'
     '</c><c s="0" r="B1"><v>7</v></c></row></sheetData></worksheet>'),
])
def test_other_shapes_take_the_general_path(sheet: str) -> None:
    s = read_xlsx(_book(sheet), "x.xlsx")[0]
    assert s.rows[1] == {0: "企业名称", 1: 7.0}


def test_sheet_names_order_and_hidden_state() -> None:
    sheets = ('<sheet name="企业数据" sheetId="1" r:id="rId1"/>'
              '<sheet name="模板信息" sheetId="2" state="hidden" r:id="rId2"/>')
    out = read_xlsx(_book(f"<worksheet {NS}><sheetData/></worksheet>", sheets=sheets), "x.xlsx")
    assert [(s.name, s.hidden) for s in out] == [("企业数据", False), ("模板信息", True)]


@pytest.mark.parametrize("sheet", [
    # two cells far apart: calamine would allocate the grid between them (500 GB) and abort the process
    f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
    '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>',
    f'<worksheet {NS}><sheetData><row r="1"><c r="LA1"><v>1</v></c></row></sheetData></worksheet>',
    # positions implied by order: counted, then refused
    f'<worksheet {NS}><sheetData><row r="900000"><c><v>1</v></c></row></sheetData></worksheet>',
    f'<worksheet {NS}><sheetData><row>{"<c><v>1</v></c>" * 400}</row></sheetData></worksheet>',
])
def test_sheets_beyond_the_grid_caps_are_refused_before_reading(sheet: str) -> None:
    from pool.xlsx import FileRejected

    with pytest.raises(FileRejected, match="超过 100000 行或 312 列"):
        read_xlsx(_book(sheet), "x.xlsx")


@pytest.mark.parametrize(("cells", "verdict"), [
    (b'<c r="A1"><v>1</v></c><c r="KZ100050" t="inlineStr"><is><t>x</t></is></c>', True),  # at the caps
    (b'<col min="1"/><cfRule/><c\n r="B2"/>', True),  # other elements starting with <c; whitespace
    (b'<c r="kz2"/>', True),  # lowercase references are read as what they name
    # beyond column KZ or the row cap: refused when the cell holds something (issue 14: an empty formatted cell,
    # which calamine does not put in its grid, does not count: tests/pool/test_input_layer.py)
    (b'<c r="LA9"><v>1</v></c>', False), (b'<c r="AAA1"><v>1</v></c>', False), (b'<c r="la2"><f>1</f></c>', False),
    (b'<c r="A100051" t="inlineStr"><is><t>x</t></is></c>', False), (b'<c r="B1234567"><v>1</v></c>', False),
    (b'<c r="LA9"/>', True), (b'<c r="A100051" s="1"></c>', True), (b'<c r="B1234567" s="2" t="n" />', True),
    (b'<c s="1" r="A1"/>', None), (b"<c><v>1</v></c>", None), (b"<c/>", None),  # positions to be counted
])
def test_position_check_of_the_sheet_xml(cells: bytes, verdict: bool | None) -> None:
    from pool.xlsx import _extent_ok

    assert _extent_ok(b"<worksheet><sheetData><row>" + cells + b"</row></sheetData></worksheet>") is verdict

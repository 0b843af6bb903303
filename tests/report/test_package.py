"""The submission package read back with pypdf: page count and order (cover, contents, commitment, the report's
pages, evidence in item order with a header naming item and file), the contents' page numbers, note pages for
damaged, encrypted, unreadable and Office files, and the limits."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from criteria import Catalogue
from locales import render
from report import package as pkg
from report.package import EvidenceFile, Limits, Package, render_package
from report.pdf import render_report
from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Assessment, Result

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_file(pages: int, marker: str, size: tuple[float, float] = A4) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 24)
        c.drawString(72, size[1] - 120, f"{marker} page {n}")
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted(user_password: str) -> bytes:
    w = PdfWriter()
    w.append(io.BytesIO(pdf_file(1, "SECRET")))
    w.encrypt(user_password, "owner-pw", algorithm="RC4-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def image(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buf, fmt)
    return buf.getvalue()


def ev(item: str, name: str, data: bytes, mime: str = "application/pdf") -> EvidenceFile:
    return EvidenceFile(item, name, mime, len(data), lambda: data)


def broken_load() -> bytes:
    raise OSError("the file is gone")


def texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def example(cat: Catalogue) -> tuple[Assessment, Result]:
    a = example_assessment(catalogue=cat)
    return a, score(a, cat)


def _items(r: Result) -> dict[str, str]:
    """item id → its name, for a gate and indicators in two dimensions."""
    d1, d2 = r.dimensions[0].id, r.dimensions[1].id
    first = next(i for i in r.indicators if i.dimension == d1)
    second = next(i for i in r.indicators if i.dimension == d2)
    return {"gate": r.gates[0].id, "d1": first.id, "d2": second.id,
            **{f"name_{k}": render("zh", x.name) for k, x in (("gate", r.gates[0]), ("d1", first), ("d2", second))}}


@pytest.fixture(scope="module")
def built(example: tuple[Assessment, Result], cat: Catalogue) -> tuple[Package, dict[str, str], list[str]]:
    a, r = example
    ids = _items(r)
    # handed in out of order: the package sorts by item (gates, then each dimension), upload order within an item
    files = [
        ev(ids["d2"], "二维度台账.pdf", pdf_file(3, "DIMTWO")),
        ev(ids["d1"], "能耗统计.pdf", pdf_file(1, "DIMONE", landscape(A4))),
        ev(ids["gate"], "营业执照.png", image((800, 1100))),
        ev(ids["d1"], "坏文件.pdf", b"%PDF-1.7\nthis is not a pdf at all"),
        ev(ids["d1"], "加密.pdf", encrypted("user-pw")),
        ev(ids["d1"], "台账.xlsx", b"PK\x03\x04 not really", XLSX_MIME),
        EvidenceFile(ids["d1"], "丢失.pdf", "application/pdf", 100, broken_load),
    ]
    p = render_package(a, r, files, catalogue=cat)
    return p, ids, texts(p.pdf)


def test_pages_come_in_order_cover_contents_commitment_report_evidence(
        built: tuple[Package, dict[str, str], list[str]], example: tuple[Assessment, Result], cat: Catalogue) -> None:
    p, ids, pages = built
    a, r = example
    report = render_report(a, r, catalogue=cat)
    first = report.headings[0][1]  # the report from 一、结论摘要 on: its cover and commitment are the package's
    report_pages = report.pages - (first - 1)
    evidence_pages = 3 + 1 + 1 + 4  # two PDFs, one image, four note pages
    assert p.pages == len(pages) == 3 + report_pages + evidence_pages  # cover, one contents page, the commitment
    assert "绿色工厂评价申报材料" in pages[0] and flat(a.enterprise.name) in flat(pages[0])
    assert "目录" in pages[1]
    commitment = flat(pages[2])
    for words in ("真实性承诺", "法定代表人（签字）", "企业（盖章）", "日期", "年", "月", "日"):
        assert flat(words) in commitment
    assert "一、结论摘要" in pages[3]
    assert f"第 4 页 / 共 {p.pages} 页" in pages[3]  # the report's footer counts the package's pages
    for n, text in enumerate(pages[1:], 2):  # so does every other page after the cover
        assert f"第 {n} 页 / 共 {p.pages} 页" in text, n
    assert "页 / 共" not in pages[0]
    assert "附录" in "".join(pages[3:3 + report_pages])
    order = [flat(t) for t in pages[3 + report_pages:]]
    numbers = [next(n for n in range(1, 8) if f"证明材料{n}｜" in t) for t in order]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 7, 7]  # every evidence page names its file's number, in item order
    assert flat(f"证明材料 1｜{ids['name_gate']}") in order[0] and "营业执照.png" in order[0]
    assert flat(f"证明材料 2｜{ids['name_d1']}") in order[1] and "DIMONEpage1" in order[1]
    for k in range(3):  # the 3-page PDF of the second dimension comes after every file of the first
        assert flat(f"证明材料 7｜{ids['name_d2']}") in order[-3 + k]
        assert flat(f"文件：二维度台账.pdf（第 {k + 1} / 3 页）") in order[-3 + k]
        assert f"DIMTWOpage{k + 1}" in order[-3 + k]


def test_the_contents_point_at_the_pages_that_hold_them(built: tuple[Package, dict[str, str], list[str]]) -> None:
    p, _, pages = built
    by_title = {e.title: e for e in p.toc if e.level < 2}
    assert by_title["真实性承诺"].page == 3 and by_title["自评价报告"].page == 4
    for title in ("一、结论摘要", "四、差距清单", "六、证明材料索引"):
        assert flat(title) in flat(pages[by_title[title].page - 1])
    files = [e for e in p.toc if e.level == 2]
    assert [e.file for e in files] == ["营业执照.png", "能耗统计.pdf", "坏文件.pdf", "加密.pdf", "台账.xlsx", "丢失.pdf",
                                       "二维度台账.pdf"]
    for e in files:
        assert e.page is not None and e.file in pages[e.page - 1], e
    contents = flat(pages[1])
    for e in files:
        assert flat(e.file) in contents
    assert flat(f"{files[-1].title}") in contents


def test_damaged_encrypted_unreadable_and_office_files_become_note_pages(
        built: tuple[Package, dict[str, str], list[str]]) -> None:
    p, _, pages = built
    page_of = {e.file: e.page for e in p.toc if e.level == 2}
    notes = {"坏文件.pdf": "文件已损坏或不是有效的PDF", "加密.pdf": "文件已加密，须输入密码才能打开",
             "丢失.pdf": "文件无法从存储中读取", "台账.xlsx": "Excel文件无法并入PDF"}
    for name, words in notes.items():
        page = page_of[name]
        assert page is not None
        text = flat(pages[page - 1])
        assert words in text and name in text, (name, text)
        assert "Traceback" not in text
    assert "SECRET" not in "".join(pages)
    toc = {e.file: e.note for e in p.toc if e.level == 2}
    assert toc["坏文件.pdf"] == "未能并入，见说明页" and toc["台账.xlsx"] == "需另行提交，见说明页"
    assert toc["能耗统计.pdf"] == ""


def test_landscape_sources_get_landscape_pages_and_an_owner_password_alone_does_not_block(
        example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    ids = _items(r)
    p = render_package(a, r, [ev(ids["d1"], "owner-only.pdf", encrypted("")),
                              ev(ids["d1"], "wide.pdf", pdf_file(1, "WIDE", landscape(A4))),
                              ev(ids["d1"], "wide.jpg", image((1600, 900), "JPEG"), "image/jpeg")], catalogue=cat)
    reader = PdfReader(io.BytesIO(p.pdf))
    last = list(reader.pages)[-3:]
    assert "SECRETpage1" in flat(last[0].extract_text())  # opens without a password: merged
    for page in last[1:]:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    assert float(last[0].mediabox.width) < float(last[0].mediabox.height)


def test_limits_cut_files_and_list_what_was_left_out(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    ids = _items(r)
    files = [ev(ids["d1"], "long.pdf", pdf_file(5, "LONG")), ev(ids["d1"], "second.pdf", pdf_file(2, "SECOND")),
             ev(ids["d2"], "third.pdf", pdf_file(1, "THIRD"))]
    p = render_package(a, r, files, catalogue=cat, limits=Limits(evidence_pages=4, file_pages=3))
    pages = texts(p.pdf)
    assert p.left_out == ["third.pdf"]
    long_pages = [t for t in pages if "LONG page" in t]
    assert len(long_pages) == 3  # the per-file limit
    assert len([t for t in pages if "SECOND page" in t]) == 1  # what was left of the evidence pages
    assert "THIRD" not in "".join(pages)
    assert "未并入的证明材料" in pages[-1] and "third.pdf" in pages[-1]
    toc = {e.file: e for e in p.toc if e.level == 2}
    assert toc["third.pdf"].note == "未并入（超出上限）" and toc["third.pdf"].page == p.pages
    assert toc["long.pdf"].note == "共 5 页，仅并入前 3 页（超出上限）。"
    cover = flat(pages[0])
    assert "另有1份证明材料超出上限" in cover and "最多并入4页" in cover

    small = render_package(a, r, files, catalogue=cat, limits=Limits(evidence_bytes=len(files[0].load()) + 10))
    assert small.left_out == ["second.pdf", "third.pdf"]


def test_no_evidence_and_hostile_names(example: tuple[Assessment, Result], cat: Catalogue,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    a, r = example
    none = render_package(a, r, [], catalogue=cat)
    pages = texts(none.pdf)
    assert "尚未上传证明材料" in flat(pages[1])
    monkeypatch.setattr(pkg, "MAX_IMAGE_PIXELS", 1000)
    hostile = a.model_copy(update={"enterprise": a.enterprise.model_copy(update={"name": '<b>X&Y</b>\x07 "公司"'})})
    ids = _items(r)
    p = render_package(hostile, r, [ev(ids["gate"], "<i>扫描件</i>\x00.png", image((200, 300)), "image/png"),
                                    ev("retired_item", "old.pdf", pdf_file(1, "OLD"))], catalogue=cat)
    pages = texts(p.pdf)
    assert "<b>X&Y</b>" in pages[0]
    big = flat(pages[-2])
    assert "图片尺寸过大（200×300像素）" in big and "<i>扫描件</i>" in big
    other = flat(pages[-1])  # a file of an item the rule-set no longer has: kept, at the end
    assert "其他证明材料" in other and "OLDpage1" in other


def test_a_file_that_breaks_in_an_unexpected_way_is_a_note_page(example: tuple[Assessment, Result], cat: Catalogue,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    a, r = example
    ids = _items(r)

    def explode(data: bytes, limit: int) -> tuple[bytes, int, list]:
        raise RecursionError("a pathological object tree")

    monkeypatch.setattr(pkg, "_scaled_pdf", explode)
    p = render_package(a, r, [ev(ids["d1"], "deep.pdf", pdf_file(1, "DEEP"))], catalogue=cat)
    assert "文件已损坏" in flat(texts(p.pdf)[-1])


def test_build_package_returns_the_pdf(example: tuple[Assessment, Result], cat: Catalogue) -> None:
    a, r = example
    loads: list[str] = []

    def counted(name: str, data: bytes) -> Callable[[], bytes]:
        def load() -> bytes:
            loads.append(name)
            return data
        return load

    ids = _items(r)
    files = [EvidenceFile(ids["d1"], n, "application/pdf", 10, counted(n, pdf_file(1, n))) for n in ("a.pdf", "b.pdf")]
    out = pkg.build_package(a, r, files, catalogue=cat, lang="en")
    assert out.startswith(b"%PDF") and loads == ["a.pdf", "b.pdf"]  # each file read once, in order
    pages = texts(out)
    assert "Green factory application package" in pages[0] and "Evidence 1 | " in pages[-2]

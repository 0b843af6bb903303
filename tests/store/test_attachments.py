"""Evidence attachments: content checked by magic bytes, size limit, random names on disk, access through the
assessment, audit rows."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

import pytest

from store import AccessDenied, FileTooLarge, InvalidData, NotFound, StoreError, attachments, audit, db, filetypes, orgs
from tests.store.conftest import World

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64) + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64) + b"This program cannot be run in DOS mode."


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["能源消耗", 123.4])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


DOCX = _zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
GOOD = [
    ("能源审计报告.pdf", PDF, "application/pdf"),
    ("厂区照片.PNG", _png(), "image/png"),
    ("现场.jpg", JPEG, "image/jpeg"),
    ("photo.jpeg", JPEG, "image/jpeg"),
    ("能耗台账.xlsx", _xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("管理制度.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
]


def _files(world: World) -> list[Path]:
    folder = attachments.attachments_dir()
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(("name", "data", "mime"), GOOD, ids=[g[0] for g in GOOD])
def test_good_files_are_stored_under_random_names_and_read_back(
    world: World, name: str, data: bytes, mime: str
) -> None:
    ent_a, aid = world.actor("ent_a"), world.assessments["A"]
    info = attachments.save(ent_a, aid, "energy_per_output", name, data, engine=world.engine)
    assert (info.filename, info.mime, info.size, info.item_id) == (name, mime, len(data), "energy_per_output")
    assert info.uploaded_by == ent_a.user_id
    [path] = _files(world)
    assert path.read_bytes() == data
    assert len(path.name) == 32 and all(c in "0123456789abcdef" for c in path.name)  # no extension, no original name
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    got, content = attachments.read(ent_a, info.id, engine=world.engine)
    assert (got, content) == (info, data)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("报告.pdf", EXE, "Windows 可执行程序"),  # an .exe renamed .pdf
        ("table.xlsx", EXE, "Windows 可执行程序"),
        ("证书\u202efdp.exe", EXE, r"不支持的文件类型（\.exe）"),  # right-to-left override hides .exe
        ("setup.exe", EXE, "不支持的文件类型"),
        ("page.html", b"<html><script>alert(1)</script>", "不支持的文件类型"),
        ("图片.png", JPEG, "与内容（JPG 图片）不符"),
        ("报告.pdf", _png(), "与内容（PNG 图片）不符"),
        ("表格.xlsx", DOCX, "与内容（Word 文档）不符"),
        ("宏.xlsx", _zip(["[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"]), "含宏"),
        ("压缩包.docx", _zip(["word/document.xml"]), "ZIP 压缩包"),
        ("坏的.xlsx", b"PK\x03\x04" + bytes(100), "损坏"),
        ("旧版.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "不支持的文件类型"),
        ("旧版.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "旧版 Office"),
        ("无扩展名", PDF, "无扩展名"),
        (".pdf", PDF, "无扩展名"),
        ("文本.pdf", "这不是PDF".encode(), "无法识别"),
        ("空.pdf", b"", "空的"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(world: World, name: str, data: bytes, words: str) -> None:
    with pytest.raises(InvalidData, match=words):
        attachments.save(world.actor("ent_a"), world.assessments["A"], "item1", name, data, engine=world.engine)
    assert _files(world) == []
    assert attachments.list_attachments(world.actor("ent_a"), world.assessments["A"], engine=world.engine) == []


def test_oversized_file_is_refused(world: World) -> None:
    big = PDF + bytes(attachments.MAX_BYTES - len(PDF) + 1)
    with pytest.raises(FileTooLarge, match="20 MB") as err:
        attachments.save(world.actor("ent_a"), world.assessments["A"], "item1", "大文件.pdf", big, engine=world.engine)
    assert err.value.size_bytes == attachments.MAX_BYTES + 1
    assert _files(world) == []
    at_limit = big[:-1]
    info = attachments.save(
        world.actor("ent_a"), world.assessments["A"], "item1", "刚好.pdf", at_limit, engine=world.engine
    )
    assert info.size == attachments.MAX_BYTES


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("２０２５年度 能源审计报告·终稿 🌱 Ünïcödé 𠀀 ﷽.pdf", "２０２５年度 能源审计报告·终稿 🌱 Ünïcödé 𠀀 ﷽.pdf"),
        ("e\u0301te\u0301.pdf", "été.pdf"),  # NFC
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\Desktop\\证明.pdf", "证明.pdf"),
        ("tab\there\nnew\u200bline\u0000.pdf", "tab here newline.pdf"),
        ("  ..隐藏文件.pdf  ", "隐藏文件.pdf"),
        ("坏\ud800字.pdf", "坏?字.pdf"),
        ("报告．ｐｄｆ", "报告．ｐｄｆ"),  # full-width extension: shown as typed, recognised as .pdf
        ("长" * 300 + ".pdf", "长" * 146 + ".pdf"),
    ],
)
def test_unicode_heavy_names_are_kept_as_safe_metadata(world: World, given: str, shown: str) -> None:
    info = attachments.save(world.actor("ent_a"), world.assessments["A"], "item1", given, PDF, engine=world.engine)
    assert info.filename == shown
    [listed] = attachments.list_attachments(world.actor("ent_a"), world.assessments["A"], engine=world.engine)
    assert listed.filename == shown
    [path] = _files(world)
    assert path.parent == attachments.attachments_dir() and len(path.name) == 32


def test_attachments_follow_the_assessment_access(world: World) -> None:
    engine, aid = world.engine, world.assessments["A"]
    info = attachments.save(world.actor("cons"), aid, "item1", "咨询报告.pdf", PDF, engine=engine)  # cons: granted
    for who in ("ent_a", "ent_a2", "cons", "off_gulin", "off_haishu", "admin"):
        assert attachments.read(world.actor(who), info.id, engine=engine)[1] == PDF, who
        assert [a.id for a in attachments.list_attachments(world.actor(who), aid, engine=engine)] == [info.id]
    for who in ("ent_b", "cons_other", "off_yinzhou", "guest", "local"):
        with pytest.raises(AccessDenied):
            attachments.read(world.actor(who), info.id, engine=engine)
        with pytest.raises(AccessDenied):
            attachments.list_attachments(world.actor(who), aid, engine=engine)
        with pytest.raises(AccessDenied):
            attachments.save(world.actor(who), aid, "item1", "x.pdf", PDF, engine=engine)
        with pytest.raises(AccessDenied):
            attachments.delete(world.actor(who), info.id, engine=engine)
    for who in ("off_haishu", "admin"):  # read-only roles
        with pytest.raises(AccessDenied, match="不能修改"):
            attachments.save(world.actor(who), aid, "item1", "x.pdf", PDF, engine=engine)
        with pytest.raises(AccessDenied, match="不能修改"):
            attachments.delete(world.actor(who), info.id, engine=engine)
    orgs.revoke_access(world.actor("ent_a"), world.grants["A-cons"], engine=engine)
    with pytest.raises(AccessDenied, match="撤销"):
        attachments.read(world.actor("cons"), info.id, engine=engine)
    for crafted in ("no-such-id", info.id.upper(), f"{info.id}' OR '1'='1", "../" + info.id):
        with pytest.raises(NotFound):
            attachments.read(world.actor("ent_a"), crafted, engine=engine)
    assert len(_files(world)) == 1


def test_list_per_item_delete_and_audit(world: World) -> None:
    engine, ent_a, aid = world.engine, world.actor("ent_a"), world.assessments["A"]
    first = attachments.save(ent_a, aid, "gate_1", "a.pdf", PDF, engine=engine)
    second = attachments.save(ent_a, aid, "gate_2", "b.png", _png(), engine=engine)
    assert [a.id for a in attachments.list_attachments(ent_a, aid, item_id="gate_2", engine=engine)] == [second.id]
    assert [a.id for a in attachments.list_attachments(ent_a, aid, engine=engine)] == [first.id, second.id]
    attachments.read(world.actor("off_haishu"), first.id, engine=engine)
    attachments.delete(ent_a, first.id, engine=engine)
    assert [a.id for a in attachments.list_attachments(ent_a, aid, engine=engine)] == [second.id]
    assert len(_files(world)) == 1
    with pytest.raises(NotFound, match="附件"):
        attachments.read(ent_a, first.id, engine=engine)
    with pytest.raises(NotFound):
        attachments.delete(ent_a, first.id, engine=engine)
    log = audit.list_audit(world.actor("admin"), limit=4, engine=engine)
    assert [(e.action, e.who_name, e.target) for e in log] == [
        ("attachment_delete", "ent_a", first.id),
        ("attachment_download", "off_haishu", first.id),
        ("attachment_upload", "ent_a", second.id),
        ("attachment_upload", "ent_a", first.id),
    ]
    assert first.sha256 in log[0].detail


def test_bad_item_id_and_deleted_assessment(world: World) -> None:
    from store import assessments as repo

    engine, ent_a = world.engine, world.actor("ent_a")
    with pytest.raises(InvalidData, match="评价项"):
        attachments.save(ent_a, world.assessments["A"], "../x", "a.pdf", PDF, engine=engine)
    info = attachments.save(ent_a, world.assessments["A"], "item1", "a.pdf", PDF, engine=engine)
    repo.delete(ent_a, world.assessments["A"], engine=engine)
    with pytest.raises(NotFound):
        attachments.read(ent_a, info.id, engine=engine)
    with pytest.raises(NotFound):
        attachments.save(ent_a, world.assessments["A"], "item1", "a.pdf", PDF, engine=engine)


def test_tampered_or_missing_file_is_reported(world: World) -> None:
    engine, ent_a = world.engine, world.actor("ent_a")
    info = attachments.save(ent_a, world.assessments["A"], "item1", "a.pdf", PDF, engine=engine)
    [path] = _files(world)
    path.write_bytes(PDF.replace(b"Catalog", b"Catalof"))
    with pytest.raises(StoreError, match="已损坏"):
        attachments.read(ent_a, info.id, engine=engine)
    path.unlink()
    with pytest.raises(NotFound, match="缺失"):
        attachments.read(ent_a, info.id, engine=engine)


def test_failed_database_write_leaves_no_file(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit failed")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        attachments.save(world.actor("ent_a"), world.assessments["A"], "item1", "a.pdf", PDF, engine=world.engine)
    assert _files(world) == []


def test_default_folder_is_under_data_which_nothing_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(attachments.ATTACHMENTS_ENV)
    assert attachments.attachments_dir() == db.REPO_ROOT / "data" / "attachments"
    monkeypatch.setenv(attachments.ATTACHMENTS_ENV, "/srv/gf-files")
    assert attachments.attachments_dir() == Path("/srv/gf-files")


def test_validate_stores_nothing_for_guests() -> None:
    assert attachments.validate("报告.pdf", PDF) == ("报告.pdf", "application/pdf")
    with pytest.raises(InvalidData):
        attachments.validate("报告.pdf", EXE)
    assert filetypes.sniff(EXE) == "exe" and filetypes.sniff(_xlsx()) == "xlsx"
    assert not os.environ.get("ATTACHMENTS_DIR", "").startswith(str(db.REPO_ROOT))

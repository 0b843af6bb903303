"""What an uploaded file really is (magic bytes, never the browser's claim), and a safe display name for it."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from store.errors import InvalidData


@dataclass(frozen=True)
class FileKind:
    kind: str
    mime: str
    label: str  # Chinese, for messages
    extensions: tuple[str, ...]


ALLOWED: dict[str, FileKind] = {
    k.kind: k
    for k in (
        FileKind("pdf", "application/pdf", "PDF 文档", ("pdf",)),
        FileKind("png", "image/png", "PNG 图片", ("png",)),
        FileKind("jpeg", "image/jpeg", "JPG 图片", ("jpg", "jpeg")),
        FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格", ("xlsx",)),
        FileKind(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档", ("docx",)
        ),
    )
}
ALLOWED_EXTENSIONS: tuple[str, ...] = tuple(e for k in ALLOWED.values() for e in k.extensions)
_OTHER_LABELS = {
    "exe": "Windows 可执行程序",
    "elf": "Linux 可执行程序",
    "ole": "旧版 Office 文档（.doc/.xls）",
    "macro": "含宏的 Office 文档",
    "zip": "ZIP 压缩包",
    "broken_zip": "损坏的 ZIP/Office 文件",
    "gif": "GIF 图片",
    "empty": "空文件",
    "unknown": "无法识别的格式",
}
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}  # controls, bidi overrides and zero-width, surrogates, unassigned
MAX_NAME_CHARS = 150


def sniff(data: bytes) -> str:
    """The kind of ``data`` from its first bytes: a key of ALLOWED, or one of the other kinds (exe, zip, …)."""
    if not data:
        return "empty"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(b"MZ"):
        return "exe"
    if data.startswith(b"\x7fELF"):
        return "elf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    return "unknown"


def _sniff_zip(data: bytes) -> str:
    """XLSX and DOCX are ZIP files with [Content_Types].xml and an xl/ or word/ folder. Only the central directory
    is read: nothing is decompressed, so a ZIP bomb costs nothing here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return "broken_zip"
    if "[Content_Types].xml" not in names:
        return "zip"
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return "macro"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return "zip"


def label(kind: str) -> str:
    return ALLOWED[kind].label if kind in ALLOWED else _OTHER_LABELS.get(kind, kind)


def display_name(filename: object) -> str:
    """The original name made safe to keep and show: the last path component, NFC, without control, bidi-override or
    zero-width characters, at most MAX_NAME_CHARS characters (extension kept). Chinese and other scripts stay."""
    text = filename if isinstance(filename, str) else ""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_NAME_CHARS:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            text = stem[: MAX_NAME_CHARS - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            text = text[:MAX_NAME_CHARS]
    return text or "附件"


def extension(name: str) -> str:
    """Lower-case extension without the dot (full-width characters folded), '' when there is none."""
    folded = unicodedata.normalize("NFKC", name).lower()
    stem, dot, ext = folded.rpartition(".")
    return ext.strip() if dot and stem else ""


def check(filename: object, data: bytes) -> tuple[str, FileKind]:
    """(display name, kind) of an acceptable file, else InvalidData saying what is wrong, in Chinese."""
    name = display_name(filename)
    ext = extension(name)
    allowed = "、".join(e.upper() for e in ALLOWED_EXTENSIONS if e != "jpeg")
    if ext not in ALLOWED_EXTENSIONS:
        shown = f".{ext}" if ext else "无扩展名"
        raise InvalidData(f"不支持的文件类型（{shown}）。可上传：{allowed}")
    kind = sniff(data)
    if kind not in ALLOWED:
        raise InvalidData(f"文件“{name}”的扩展名是 .{ext}，但内容是{label(kind)}，已拒绝。可上传：{allowed}")
    if ext not in ALLOWED[kind].extensions:
        raise InvalidData(f"文件“{name}”的扩展名 .{ext} 与内容（{label(kind)}）不符，请改正扩展名后再上传")
    return name, ALLOWED[kind]

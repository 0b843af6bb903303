"""Cleaning short user-supplied text (names, ids) before it is stored or shown."""

from __future__ import annotations

import re
import unicodedata

from store.errors import InvalidData

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}  # controls, format (bidi overrides, zero width), surrogates, unassigned
USERNAME_RE = re.compile(r"[\w.@+\-]{2,64}")  # \w is Unicode: Chinese user names are fine
ID_RE = re.compile(r"[A-Za-z0-9_\-.]{1,64}")  # town / district / item ids


def clean_text(value: object, *, limit: int, field: str, required: bool = False) -> str:
    """NFC text without control or format characters, whitespace collapsed, at most ``limit`` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidData(f"{field}必须是文本")
    text = unicodedata.normalize("NFC", value)
    text = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    text = " ".join(text.split())
    if required and not text:
        raise InvalidData(f"{field}不能为空")
    if len(text) > limit:
        raise InvalidData(f"{field}不能超过 {limit} 个字符")
    return text


def normalise_username(username: object) -> str:
    """NFKC, trimmed, lower case; InvalidData unless 2–64 letters, digits or . @ + - _"""
    if not isinstance(username, str):
        raise InvalidData("用户名必须是文本")
    name = unicodedata.normalize("NFKC", username).strip().lower()
    if not USERNAME_RE.fullmatch(name):
        raise InvalidData("用户名应为 2–64 个字符，只能包含文字、字母、数字及 . @ + - _")
    return name


def clean_id(value: object, *, field: str, required: bool = True) -> str:
    """A short code such as a town or district id (``criteria/reference/district.yaml``)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidData(f"{field}必须是文本")
    text = value.strip()
    if not text and not required:
        return ""
    if not ID_RE.fullmatch(text):
        raise InvalidData(f"{field}应为 1–64 位字母、数字或 _ - .（收到：{text[:20]!r}）")
    return text

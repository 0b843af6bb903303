"""Cleaning short user-supplied text (names, ids) before it is stored or shown, and the checks that keep one
user name or display name from passing for another.

- ``username_skeleton``: what a name looks like. NFKC, lower case, every character that Unicode's confusables
  data (the ``confusable_homoglyphs`` package) lists as a look-alike of a Latin letter or digit replaced by it, then
  the ASCII look-alikes ``0→o``, ``1→l``, ``rn→m``, ``vv→w``. Two names with the same skeleton are confusable:
  ``аdmin`` (Cyrillic а) and ``admin``, ``adm1n`` and ``admin``, ``rnary`` and ``mary``.
- ``mixes_scripts``: letters of more than one script, except Chinese (Han, with Japanese kana or Korean Hangul)
  beside Latin letters: ``张三abc`` is fine, ``pаypal`` (Latin + Cyrillic) is not. Digits and . @ + - _ belong to
  no script.
- ``imitates_role``: a self-registered name may not contain a word that claims an office (``ROLE_WORDS``), after
  the skeleton, with spaces and punctuation dropped: 区管理员（admin）, 经信局-王, Admin_01 are refused.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import categories, confusables  # type: ignore[import-untyped]

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


# ---- look-alikes -------------------------------------------------------------------------------------------

_ASCII_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"))
_CJK_SCRIPTS = {"HAN", "HIRAGANA", "KATAKANA", "HANGUL"}
_NO_SCRIPT = {"COMMON", "INHERITED"}
# Words a self-registered user name or display name may not contain: the roles of this system and the offices
# that run it (administrator, official, the district's economy and information bureau and its usual short forms).
ROLE_WORDS: tuple[str, ...] = (
    "管理员", "管理者", "超级用户", "官方", "政府", "主管部门", "经信局", "经信委", "工信局", "工信部", "经济和信息化",
    "工业和信息化", "生态环境局", "发改委", "客服",
    "admin", "administrator", "root", "superuser", "sysop", "official", "government", "support", "moderator",
)


@lru_cache(maxsize=4096)
def _latin_of(ch: str) -> str:
    """The ASCII letter or digit ``ch`` looks like, or ``ch`` itself."""
    if ch.isascii():
        return ch
    found = confusables.is_confusable(ch, greedy=True) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            letter = str(glyph["c"])
            if letter.isascii() and letter.isalnum():
                return letter.lower()
    return ch


def username_skeleton(name: str) -> str:
    """The look of ``name``: equal skeletons mean the names can pass for each other."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(_latin_of(ch) for ch in text)
    for look, letter in _ASCII_LOOKALIKES:
        text = text.replace(look, letter)
    return text


def mixes_scripts(name: str) -> bool:
    """True when ``name`` has letters of two scripts other than Chinese/Japanese/Korean beside Latin."""
    scripts = {categories.alias(ch) for ch in name} - _NO_SCRIPT
    if len(scripts) <= 1:
        return False
    return not (scripts - {"LATIN"}) <= _CJK_SCRIPTS


def imitates_role(text: str) -> bool:
    """True when ``text`` contains one of ``ROLE_WORDS`` (compared on skeletons, without spaces or punctuation)."""
    bare = "".join(ch for ch in username_skeleton(text) if ch.isalnum())
    return any(username_skeleton(word) in bare for word in ROLE_WORDS)

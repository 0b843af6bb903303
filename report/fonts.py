"""The one place that finds a Chinese TrueType font, checks it and embeds it.

reportlab embeds only TrueType-outline fonts (subset, `FontFile2`). OpenType/CFF fonts such as Noto Sans CJK
fail with "postscript outlines are not supported", and the built-in CID fonts (STSong-Light) are not
embedded, so a reader without the font sees empty boxes. We therefore never fall back to them: if no
usable font is found, `cjk_font()` raises `CJKFontError` with a Chinese message that says what to install.

Order of resolution:
1. the environment variable `GF_CJK_FONT` (a .ttf/.ttc path, optionally `#N` for the subfont of a .ttc);
   when it is set but unusable, that is an error, not a silent fallback;
2. known locations: Debian/Ubuntu (fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic, Droid),
   Windows (Microsoft YaHei, SimHei, DengXian, SimSun), macOS (STHeiti, Songti, Arial Unicode);
3. `fc-list :lang=zh` where fontconfig is present (other Linux distributions).

A candidate is accepted only if it loads as TrueType and has glyphs for a Chinese probe string.
The font is registered once per process under the name `FONT_NAME`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

ENV_VAR = "GF_CJK_FONT"
FONT_NAME = "GFCJK"
PROBE = "绿色工厂自评价报告基准值引领值否决项统一社会信用代码"


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def known_candidates() -> list[tuple[Path, int]]:
    """Font files to try, best first, as (path, subfont index)."""
    win = _windows_fonts()
    return [
        # Debian / Ubuntu
        (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
        (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
        (Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"), 0),  # Fedora
        (Path("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"), 0),  # Arch
        (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
        (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
        # Windows
        (win / "msyh.ttc", 0),  # Microsoft YaHei
        (win / "msyh.ttf", 0),
        (win / "simhei.ttf", 0),  # SimHei
        (win / "Deng.ttf", 0),  # DengXian
        (win / "simsun.ttc", 0),
        # macOS
        (Path("/System/Library/Fonts/STHeiti Light.ttc"), 0),
        (Path("/System/Library/Fonts/STHeiti Medium.ttc"), 0),
        (Path("/System/Library/Fonts/Supplemental/Songti.ttc"), 0),
        (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
        (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0),
    ]


class CJKFontError(RuntimeError):
    """No embeddable Chinese TrueType font; the message says what was tried and what to install."""


@dataclass(frozen=True)
class ResolvedFont:
    name: str  # the reportlab font name to use in styles and on the canvas
    path: Path
    subfont: int
    family: str


def _parse_env(value: str) -> tuple[Path, int]:
    path, sep, index = value.rpartition("#")
    if sep and index.isdigit():
        return Path(path), int(index)
    return Path(value), 0


def _try(path: Path, subfont: int) -> tuple[TTFont | None, str]:
    """Load a candidate; return the font or the reason it was refused."""
    if not path.is_file():
        return None, "文件不存在"
    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=subfont)
    except TTFError as exc:
        reason = str(exc)
        if "postscript" in reason.lower():
            return None, "OpenType/CFF 轮廓（如 Noto CJK），reportlab 无法嵌入"
        return None, f"无法读取：{reason}"
    except (OSError, ValueError, IndexError) as exc:
        return None, f"无法读取：{exc}"
    glyphs = font.face.charToGlyph
    lacking = [c for c in PROBE if ord(c) not in glyphs]
    if lacking:
        return None, f"不含中文字形（缺少「{''.join(lacking[:5])}」等）"
    return font, ""


def _fontconfig_candidates() -> list[tuple[Path, int]]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run([fc_list, ":lang=zh", "file", "index"], capture_output=True, text=True, timeout=5,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(out.splitlines()):
        path, _, rest = line.partition(":")
        if not path.lower().endswith((".ttf", ".ttc")):
            continue  # .otf is CFF: never embeddable
        index = rest.strip().removeprefix("index=")
        found.append((Path(path.strip()), int(index) if index.isdigit() else 0))
    return found


def resolve_cjk_font() -> tuple[TTFont, Path, int]:
    """Find the font without registering it (raises CJKFontError)."""
    tried: list[str] = []
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        path, subfont = _parse_env(env)
        font, reason = _try(path, subfont)
        if font is None:
            raise CJKFontError(
                f"环境变量 {ENV_VAR} 指定的字体不可用：{path}（子字体 {subfont}）— {reason}。\n"
                "请指向 TrueType 轮廓的中文字体文件（.ttf 或 .ttc），例如 "
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc 或 C:\\Windows\\Fonts\\simhei.ttf。"
            )
        return font, path, subfont
    seen: set[tuple[Path, int]] = set()
    for source in (known_candidates, _fontconfig_candidates):
        for path, subfont in source():
            if (path, subfont) in seen:
                continue
            seen.add((path, subfont))
            font, reason = _try(path, subfont)
            if font is not None:
                return font, path, subfont
            if reason != "文件不存在":
                tried.append(f"  - {path}：{reason}")
    detail = ("\n已尝试但不可用：\n" + "\n".join(tried)) if tried else ""
    raise CJKFontError(
        "找不到可嵌入 PDF 的中文 TrueType 字体，无法生成报告（否则中文会显示为方框）。\n"
        "解决办法（任选其一）：\n"
        "  - Debian/Ubuntu：apt-get install fonts-wqy-microhei\n"
        "  - Windows：确认 C:\\Windows\\Fonts 下有 msyh.ttc（微软雅黑）或 simhei.ttf（黑体）\n"
        f"  - 任意系统：设置环境变量 {ENV_VAR}=字体文件路径（.ttf/.ttc，可加 #序号 选择 .ttc 中的子字体）\n"
        "注意：Noto Sans CJK / 思源黑体等 OpenType(CFF) 字体无法被 reportlab 嵌入。" + detail
    )


_lock = threading.Lock()
_resolved: ResolvedFont | None = None


def cjk_font() -> ResolvedFont:
    """Resolve, check and register the Chinese font (once per process); raise CJKFontError if there is none."""
    global _resolved
    with _lock:
        if _resolved is None:
            font, path, subfont = resolve_cjk_font()
            pdfmetrics.registerFont(font)
            # No bold or italic face: map them to the regular face so <b> never switches to a Latin font.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            family = font.face.familyName
            _resolved = ResolvedFont(name=FONT_NAME, path=path, subfont=subfont,
                                     family=family.decode("latin-1") if isinstance(family, bytes) else str(family))
        return _resolved



# ---- characters the font lacks ---------------------------------------------------------------------------------

REPLACEMENT = "□"  # drawn for a character the embedded font has no glyph for (an emoji, a rare CJK extension)


def lacking(text: str) -> list[str]:
    """The distinct characters of `text` the embedded font cannot draw (line breaks and tabs aside), in order."""
    font = pdfmetrics.getFont(cjk_font().name)
    glyphs = font.face.charToGlyph if isinstance(font, TTFont) else {}
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in "\n\r\t" and ord(ch) not in glyphs:
            seen.setdefault(ch)
    return list(seen)


def drawable(text: str) -> tuple[str, list[str]]:
    """(`text` with every character the font lacks shown as REPLACEMENT, the characters replaced): the caller tells
    the reader, instead of reportlab silently dropping them or drawing an empty box without a word."""
    missing = lacking(text)
    if not missing:
        return text, []
    gone = set(missing)
    return "".join(REPLACEMENT if ch in gone else ch for ch in text), missing

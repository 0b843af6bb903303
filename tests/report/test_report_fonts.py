"""Font resolution: the environment override, the refusal of fonts without Chinese glyphs or with CFF
outlines, and a clear Chinese error when nothing usable exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from report import fonts
from report.fonts import ENV_VAR, CJKFontError, cjk_font, resolve_cjk_font

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "known_candidates", lambda: [])
    monkeypatch.setattr(fonts, "_fontconfig_candidates", lambda: [])


@needs_wqy
def test_env_override_with_subfont(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, f"{WQY}#1")
    font, path, subfont = resolve_cjk_font()
    assert path == WQY and subfont == 1
    assert "Mono" in font.face.familyName.decode("latin-1")


def test_env_pointing_nowhere_is_an_error_not_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "/no/such/font.ttf")
    with pytest.raises(CJKFontError, match=ENV_VAR) as info:
        resolve_cjk_font()
    assert "文件不存在" in str(info.value)


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu not installed")
def test_a_font_without_chinese_glyphs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(DEJAVU))
    with pytest.raises(CJKFontError, match="不含中文字形"):
        resolve_cjk_font()


def test_a_cff_font_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file with an OpenType 'OTTO' (CFF) signature: reportlab cannot embed it, and we say why."""
    fake = tmp_path / "NotoSansCJK-Regular.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 200)
    monkeypatch.setenv(ENV_VAR, str(fake))
    with pytest.raises(CJKFontError) as info:
        resolve_cjk_font()
    assert ENV_VAR in str(info.value) and "TrueType" in str(info.value)


def test_no_font_anywhere_gives_a_chinese_error_with_the_fix(no_system_fonts: None) -> None:
    with pytest.raises(CJKFontError) as info:
        resolve_cjk_font()
    message = str(info.value)
    assert "找不到可嵌入 PDF 的中文 TrueType 字体" in message
    assert "fonts-wqy-microhei" in message and ENV_VAR in message and "simhei.ttf" in message
    assert "Noto" in message  # says why the obvious alternative does not work


def test_unusable_candidates_are_listed_in_the_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     no_system_fonts: None) -> None:
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "known_candidates", lambda: [(bad, 0), (tmp_path / "absent.ttf", 0)])
    with pytest.raises(CJKFontError) as info:
        resolve_cjk_font()
    assert str(bad) in str(info.value)
    assert "absent.ttf" not in str(info.value)  # absent files are not noise in the message


@needs_wqy
def test_registered_once_per_process() -> None:
    first = cjk_font()
    assert cjk_font() is first
    assert first.name == fonts.FONT_NAME

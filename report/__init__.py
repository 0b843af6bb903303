"""The PDF gap report (reportlab): `build_report(assessment, result) -> bytes`."""

from report.fonts import CJKFontError, cjk_font
from report.pdf import build_report

__all__ = ["CJKFontError", "build_report", "cjk_font"]

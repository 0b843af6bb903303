"""Helpers of the report tests: read a PDF back with poppler (pdftotext, pdffonts)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                   reason="poppler-utils (pdftotext, pdffonts) not installed")


def pdf_text(pdf: bytes, tmp: Path, *, first: int | None = None, last: int | None = None) -> str:
    path = tmp / "r.pdf"
    path.write_bytes(pdf)
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, check=True,
                          text=True, encoding="utf-8").stdout


def pdf_pages(pdf: bytes, tmp: Path) -> list[str]:
    """Text per page (pdftotext separates pages with a form feed)."""
    return pdf_text(pdf, tmp).split("\f")[:-1]


def pdf_fonts(pdf: bytes, tmp: Path) -> list[list[str]]:
    path = tmp / "f.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def squash(text: str) -> str:
    """Text without whitespace, so a name wrapped over several lines can be found."""
    return "".join(text.split())

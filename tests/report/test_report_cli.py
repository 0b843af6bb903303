"""`python -m report` as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.report.report_helpers import REPO_ROOT, needs_poppler, pdf_text


def run(*args: str, env: dict[str, str] | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", *args], input=stdin, capture_output=True, cwd=REPO_ROOT,
                          env=full_env, timeout=120, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def example_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = run("scoring", "example")
    assert p.returncode == 0, p.stderr
    path = tmp_path_factory.mktemp("cli") / "ex.json"
    path.write_text(p.stdout, encoding="utf-8")
    return path


@needs_poppler
def test_done_criterion(example_file: Path, tmp_path: Path) -> None:
    """python -m scoring example > ex.json && python -m report ex.json -o ex.pdf"""
    out = tmp_path / "ex.pdf"
    p = run("report", str(example_file), "-o", str(out))
    assert p.returncode == 0, p.stderr
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "一、结论摘要" in text and "78.92" in text  # 2025 uses the 2023 浙江 grid factor 0.4974 (公告2025年第47号)


def test_default_output_name_and_options(example_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "企业.json"
    src.write_bytes(example_file.read_bytes())
    p = run("report", str(src), "--lang", "en", "--profile", "hebei_star", "--target", "star5")
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "企业.pdf").read_bytes().startswith(b"%PDF-")


def test_stdin_to_stdout(example_file: Path) -> None:
    p = subprocess.run([sys.executable, "-m", "report", "-", "-o", "-"], input=example_file.read_bytes(),
                       capture_output=True, cwd=REPO_ROOT, timeout=120, check=False)
    assert p.returncode == 0 and p.stdout.startswith(b"%PDF-")


def test_a_zero_denominator_is_reported_and_the_report_still_built(tmp_path: Path) -> None:
    """工业总产值 0 scores its indicators as incomplete (scoring.io since issue 14), as the wizard does: said on stderr."""
    p = run("report", "-", "-o", str(tmp_path / "x.pdf"), stdin=b'{"inputs": {"output_value_wan": 0}}')
    assert p.returncode == 0 and "不能为 0" in p.stderr and "Traceback" not in p.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(("args", "stdin", "fragment"), [
    (["-"], b"{not json", "输入有误"),
    (["-"], b'{"enterprise": {"uscc": "123"}}', "统一社会信用代码"),
    (["/no/such/file.json"], b"", "找不到文件"),
    (["-", "--profile", "nowhere"], b"{}", "未知的地方评价方案"),
    (["-", "--target", "star9"], b"{}", "未知的等级"),
])
def test_bad_input_exits_2_with_a_chinese_message(args: list[str], stdin: bytes, fragment: str,
                                                  tmp_path: Path) -> None:
    p = run("report", *args, "-o", str(tmp_path / "x.pdf"), stdin=stdin)
    assert p.returncode == 2
    assert fragment in p.stderr
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_missing_font_exits_2_with_the_fix(example_file: Path, tmp_path: Path) -> None:
    p = run("report", str(example_file), "-o", str(tmp_path / "x.pdf"), env={"GF_CJK_FONT": "/no/such/font.ttc"})
    assert p.returncode == 2
    assert "GF_CJK_FONT" in p.stderr and "Traceback" not in p.stderr


def test_unwritable_output(example_file: Path, tmp_path: Path) -> None:
    p = run("report", str(example_file), "-o", str(tmp_path / "missing-dir" / "x.pdf"))
    assert p.returncode == 2 and "无法写入" in p.stderr

"""python -m forms preview: the preview in words, exit 0 with something to import, 1 with nothing, 2 refused."""

from __future__ import annotations

from forms.__main__ import main
from tests.forms import fixtures as fx


def test_preview_prints_cells_and_conversions(tmp_path, capsys):
    path = tmp_path / "forms.xlsx"
    path.write_bytes(fx.all_forms())
    assert main(["preview", str(path)]) == 0
    out = capsys.readouterr().out
    assert "205-1!H10\t电力\t860.25 万千瓦时\t→ 8,602,500 kWh" in out
    assert "报表「能源合计」为 1,900.00 吨标准煤" in out


def test_nothing_to_import_and_a_refused_file(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("名称,数值\n", encoding="utf-8")
    assert main(["preview", str(empty)]) == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    assert main(["preview", str(bad)]) == 2
    assert "文件未导入" in capsys.readouterr().err

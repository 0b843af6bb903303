"""导出 (AppTest): the Word report and the submission package are offered beside the PDF; the package says how many
stored evidence files it will hold."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from store import LOCAL, attachments
from tests.app.wizard_helpers import current_page, goto


def _pdf() -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "evidence")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_export_offers_the_docx_and_the_package(at, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATTACHMENTS_DIR", str(tmp_path / "files"))
    at.selectbox(key="home-ruleset").set_value("gbt36132_2025_platform")
    at.button(key="home-example").click().run()
    assert current_page(at) == "results"
    goto(at, "export")
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "生成并下载 DOCX 报告" in labels and "生成并下载申报材料包" in labels and "生成并下载 PDF 报告" in labels
    subheaders = [s.value for s in at.subheader]
    assert subheaders.index("自评价报告（可编辑 DOCX）") < subheaders.index("申报材料包（PDF）")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("尚未上传证明材料") for c in captions)

    aid = at.query_params["a"]
    attachments.save(LOCAL, aid, "basic_no_violation_3y", "守法证明.pdf", _pdf())
    attachments.save(LOCAL, aid, "energy_intensity_output", "台账.pdf", _pdf())
    at.run()
    assert not at.exception, at.exception
    assert "将并入已上传的 2 份证明材料（共 " in " ".join(c.value for c in at.caption)

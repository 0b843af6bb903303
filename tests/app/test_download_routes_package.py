"""The Word report and the submission package as download routes (over ASGI, SQLite and PostgreSQL): rebuilt from the
store for the user of the sign-in cookie, evidence read through store.attachments (access checked, audited), a file
damaged on disk a note page; nobody and another enterprise refused."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from docx import Document
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from store import attachments, sessions
from store.tables import audit_log
from tests.app.auth_helpers import district_on
from tests.app.download_helpers import get, routes_app  # noqa: F401 (routes_app: the fixture app)
from ui import download_routes


def _pdf(marker: str) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, marker)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def district(request, tmp_path, monkeypatch, cheap_accounts) -> Iterator[Any]:
    monkeypatch.setenv("ATTACHMENTS_DIR", str(tmp_path / "files"))
    yield from district_on(request.param, tmp_path, monkeypatch, "test_dl_package")


def _token(district, name: str) -> str:
    return sessions.create(district.users[name], engine=district.engine)


def test_the_package_holds_the_stored_evidence_and_the_docx_opens(district, app) -> None:
    aid = district.assessments["A"]
    ent = district.actors["ent_a"]
    ok = attachments.save(ent, aid, "basic_no_violation_3y", "守法证明.pdf", _pdf("LAWFUL"), engine=district.engine)
    bad = attachments.save(ent, aid, "energy_intensity_output", "能源台账.pdf", _pdf("LEDGER"), engine=district.engine)
    stored = attachments.attachments_dir()
    with district.engine.connect() as conn:
        from store.tables import attachments as files_table

        name = conn.execute(select(files_table.c.stored_name).where(files_table.c.id == bad.id)).scalar_one()
    (stored / name).write_bytes(b"%PDF-1.4 tampered after upload")  # the checksum no longer matches

    token = _token(district, "ent_a")
    status, head, body = get(app, download_routes.package_url(aid, lang="zh"), token)
    assert status == 200 and head["content-type"] == "application/pdf"
    assert "申报材料" in unquote(head["content-disposition"])
    pages = ["".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(body)).pages]
    assert "绿色工厂评价申报材料" in pages[0]
    lawful = next(k for k, t in enumerate(pages) if "LAWFUL" in t)
    assert "证明材料1｜" in pages[lawful] and "守法证明.pdf" in pages[lawful]
    assert "文件无法从存储中读取" in pages[lawful + 1] and "能源台账.pdf" in pages[lawful + 1]
    assert "LEDGER" not in "".join(pages)
    with district.engine.connect() as conn:
        reads = conn.execute(select(audit_log.c.target).where(audit_log.c.action == "attachment_download")).scalars()
        assert ok.id in set(reads)  # the package read the file through the store: audited

    status, head, body = get(app, download_routes.docx_url(aid, lang="zh"), token)
    assert status == 200 and head["content-type"].startswith("application/vnd.openxmlformats")
    assert unquote(head["content-disposition"]).endswith(".docx")
    doc = Document(io.BytesIO(body))
    assert next(p.text for p in doc.paragraphs if p.style.name == "Heading 1") == "一、结论摘要"


def test_nobody_and_another_enterprise_are_refused(district, app) -> None:
    aid = district.assessments["A"]
    for url in (download_routes.package_url(aid), download_routes.docx_url(aid)):
        status, _, body = get(app, url)
        assert status == 401 and b"%PDF" not in body
        status, _, body = get(app, url, _token(district, "ent_b"))
        assert status in (403, 404) and b"%PDF" not in body and not body.startswith(b"PK")
    assert get(app, download_routes.package_url(aid) + "&rev=x", _token(district, "ent_a"))[0] == 400
    status, _, body = get(app, download_routes.package_url(aid, lang="en"), _token(district, "cons"))
    assert status == 200  # the consultant the enterprise granted access to
    assert "Green factory application package" in (PdfReader(io.BytesIO(body)).pages[0].extract_text() or "")

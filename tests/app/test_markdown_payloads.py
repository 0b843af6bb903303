"""User text written as Markdown or HTML renders as text, never as an image, a link, emphasis or an element.

Streamlit's Markdown does not render raw HTML without unsafe_allow_html, but it does render Markdown images and
links (an image makes every viewer's browser fetch its address). Every user text that reaches Markdown (notices,
captions, messages, the sidebar) goes through ``ui.fmt.md``; these tests put payloads into the enterprise and
organisation name, a display name, an evidence note, an uploaded file's name and a review note, walk the pages
that show them, and check every rendered Markdown body: the payload is there escaped, nowhere raw.

Not covered here (AppTest has no browser): that no request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from typing import Any

from streamlit.testing.v1 import AppTest

from scoring.models import uscc_with_check
from store import accounts, orgs, reviews
from store import assessments as repo
from tests.app.auth_helpers import PASSWORD, signed_in_app
from tests.app.wizard_helpers import goto, new_app

PAYLOAD = "![i](https://example.invalid/x.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**"
FILE_NAME = "![i](javascript:alert(1))<img src=x onerror=alert(1)>**bold**.pdf"  # no slash: a file name
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RAW = {  # what Markdown would turn into an element, unescaped
    "image": re.compile(r"(?<!\\)!(?<!\\)\["),
    "link": re.compile(r"(?<!\\)\]\("),
    "html": re.compile(r"(?<!\\)<img"),
    "bold": re.compile(r"(?<!\\)\*\*bold"),
}
KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader", "header", "toast")


def bodies(at: AppTest) -> list[str]:
    """The Markdown source of every message element on the page, main area and sidebar."""
    out = []
    for kind in KINDS:
        try:
            found = at.get(kind)
        except Exception:
            continue
        out.extend(str(e.value) for e in found)
    return out


def assert_inert(at: AppTest, *, expect: str) -> None:
    """No element renders a payload raw; the escaped payload marker ``expect`` is shown somewhere."""
    assert not at.exception, at.exception
    seen = bodies(at)
    for body in seen:
        for what, pattern in RAW.items():
            assert not pattern.search(body), f"unescaped {what} in {body!r}"
    assert any(expect in b for b in seen), (expect, seen)


ESCAPED = r"\!\[i\]\("  # the image part of both payloads, as md() writes it


def _district_with_payloads(district: Any) -> None:
    """The enterprise, its organisation, the consultant and the official carry payloads; A's draft has an
    evidence note with one."""
    admin, engine = district.actors["admin"], district.engine
    orgs.update_organisation(admin, district.orgs["A"], name=PAYLOAD, engine=engine)
    for name in ("cons", "off", "ent_a"):
        accounts.update_user(admin, district.users[name], display_name=PAYLOAD, engine=engine)
    aid = district.assessments["A"]
    data, rev = repo.load(district.actors["admin"], aid, engine=engine)
    data["enterprise"]["name"] = PAYLOAD
    data["enterprise"]["assessor"] = PAYLOAD
    item = next(iter(data["evidence"]))
    data["evidence"][item]["note"] = PAYLOAD
    repo.save(accounts.authenticate("ent_a", PASSWORD, engine=engine), aid, data, base_revision=rev, engine=engine)


def test_registration_notice_escapes_the_display_name(district):
    at = new_app()
    at.run()
    goto(at, "register")
    at.text_input(key="reg-org").input(PAYLOAD)
    at.text_input(key="reg-uscc").input(uscc_with_check("91330203MA2H00009"))
    at.text_input(key="reg-user").input("payload_co")
    at.text_input(key="reg-display").input(PAYLOAD)
    at.text_input(key="reg-pass").input("新公司的密码-2026")
    at.text_input(key="reg-pass2").input("新公司的密码-2026")
    at.selectbox(key="reg-town").set_value("gulin")
    at.button(key="FormSubmitter:register-注册并登录").click().run()
    assert at.session_state["_wiz"]["auth_actor"].display_name == PAYLOAD
    assert_inert(at, expect=ESCAPED)
    assert any(b.startswith("注册已提交") for b in bodies(at)), bodies(at)


def test_enterprise_pages_escape_names_notes_and_file_names(district):
    _district_with_payloads(district)
    aid = district.assessments["A"]
    at = signed_in_app("ent_a")
    assert_inert(at, expect=ESCAPED)  # the sidebar's 已登录 line
    goto(at, "my")
    at.button(key=f"my-open-{aid}").click().run()
    assert_inert(at, expect=ESCAPED)
    for page in ("profile", "gates", "results", "export", "grants", "account", "evidence"):
        goto(at, page)
        assert_inert(at, expect=ESCAPED)
    at.get("file_uploader")[0].set_value((FILE_NAME, PDF, "application/pdf"))
    at.run()
    at.button(key="ev-upload-go").click().run()
    assert_inert(at, expect=r"\!\[i\]\(javascript\:alert\(1\)\)")  # the 已上传 notice and the listing
    assert any(b.startswith("已上传") for b in bodies(at)), bodies(at)
    # a refused upload names the file in the error
    at.get("file_uploader")[0].set_value((FILE_NAME, b"MZ\x90\x00 executable" + b"\x00" * 64, "application/pdf"))
    at.run()
    at.button(key="ev-upload-go").click().run()
    assert at.error
    assert_inert(at, expect=r"\!\[i\]\(javascript\:alert\(1\)\)")
    # revoking and granting again: both notices name the consultant
    goto(at, "grants")
    [revoke] = [b for b in at.button if str(b.key).startswith("revoke-")]
    revoke.click().run()
    assert any(b.startswith("已撤销") for b in bodies(at)), bodies(at)
    assert_inert(at, expect=ESCAPED)
    at.selectbox(key="grant-who").set_value("cons").run()
    at.button(key="grant-go").click().run()
    assert any(b.startswith("已授权") for b in bodies(at)), bodies(at)
    assert_inert(at, expect=ESCAPED)


def test_json_import_notice_escapes_the_enterprise_name(district):
    _district_with_payloads(district)
    data, _ = repo.load(district.actors["admin"], district.assessments["A"], engine=district.engine)
    at = signed_in_app("ent_a")
    goto(at, "")
    at.get("file_uploader")[0].set_value(("导出.json", json.dumps(data).encode("utf-8"), "application/json"))
    at.run()
    assert not at.exception, at.exception
    assert any(b.startswith("已导入") for b in bodies(at)), bodies(at)
    assert_inert(at, expect=ESCAPED)


def test_consultant_bundle_caption_and_official_review_notes(district):
    _district_with_payloads(district)
    aid = district.assessments["A"]
    at = signed_in_app("cons")
    for page in ("clients", "bundle", "diagnose"):
        goto(at, page)
        assert_inert(at, expect=ESCAPED)
    assert any(b.startswith("报告中的评价人") for b in bodies(goto(at, "bundle"))), bodies(at)

    reviews.add_note(district.actors["off"], aid, PAYLOAD, revision=None, engine=district.engine)
    at = signed_in_app("off")
    goto(at, "enterprise")
    assert_inert(at, expect=ESCAPED)  # the 初审意见 line names the author; the note itself is plain text
    assert [t.value for t in at.get("text")] == [PAYLOAD]
    goto(at, "notes")
    assert_inert(at, expect=ESCAPED)

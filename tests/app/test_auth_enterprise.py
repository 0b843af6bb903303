"""An enterprise's own pages (AppTest): 我的评价 with history and 复制上年数据新建, 证明材料 upload and download with
the store's checks, 授权咨询机构 grant and revoke."""

from __future__ import annotations

from store import assessments as repo
from store import attachments, orgs
from tests.app.auth_helpers import signed_in_app, texts
from tests.app.wizard_helpers import goto

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_my_assessments_lists_history_and_copies_forward(district):
    at = signed_in_app("ent_a")
    goto(at, "my")
    aid = district.assessments["A"]
    assert at.title[0].value == "我的评价"
    assert "示例企业·海曙绿源泵业有限公司（虚构）" in texts(at) and "B精密机械有限公司" not in texts(at)
    assert at.dataframe[0].value.iloc[0]["保存人"] == "甲企业填报人"
    at.button(key=f"my-copy-{aid}").click().run()
    assert not at.exception and at.title[0].value == "企业概况"
    new = at.session_state["_wiz"]["aid"]
    assert new != aid and "已按上年数据新建 2026 年度评价" in texts(at)
    data, _ = repo.load(district.actors["ent_a"], new, engine=district.engine)
    old, _ = repo.load(district.actors["ent_a"], aid, engine=district.engine)
    assert data["year"] == old["year"] + 1 and data["inputs"] == old["inputs"] and data["answers"] == old["answers"]
    assert all(e["state"] is None for e in data["evidence"].values())
    info = next(i for i in repo.list_assessments(district.actors["ent_a"], engine=district.engine) if i.id == new)
    assert info.org_id == district.orgs["A"]


def test_evidence_upload_download_and_refusals(district):
    at = signed_in_app("ent_a")
    goto(at, "my")
    at.button(key=f"my-open-{district.assessments['A']}").click().run()
    goto(at, "evidence")
    assert at.title[0].value == "证明材料" and "还没有上传证明材料。" in texts(at)
    item = at.selectbox(key="ev-item").value
    at.get("file_uploader")[0].set_value(("能源台账.pdf", PDF, "application/pdf"))
    at.run()
    at.button(key="ev-upload-go").click().run()
    assert not at.exception and r"已上传“能源台账\.pdf”。" in texts(at)
    [f] = attachments.list_attachments(district.actors["ent_a"], district.assessments["A"], engine=district.engine)
    assert (f.item_id, f.filename, f.mime) == (item, "能源台账.pdf", "application/pdf")
    assert at.get("download_button") and at.button(key=f"del-{f.id}")
    fake = b"MZ\x90\x00 this is an executable" + b"\x00" * 64
    at.get("file_uploader")[0].set_value(("报告.pdf", fake, "application/pdf"))
    at.run()
    at.button(key="ev-upload-go").click().run()
    assert at.error and "文件" in at.error[0].value
    assert len(attachments.list_attachments(district.actors["ent_a"], district.assessments["A"],
                                            engine=district.engine)) == 1
    at.button(key=f"del-{f.id}").click().run()
    assert r"已删除“能源台账\.pdf”。" in texts(at)
    assert attachments.list_attachments(district.actors["ent_a"], district.assessments["A"], engine=district.engine) == []


def test_evidence_needs_an_open_assessment(district):
    at = signed_in_app("ent_b")
    goto(at, "evidence")
    assert "请先在向导中新建或打开一份评价" in texts(at)


def test_grant_and_revoke_a_consultant(district):
    at = signed_in_app("ent_b")
    goto(at, "grants")
    assert "尚未授权任何咨询机构。" in texts(at)
    at.selectbox(key="grant-who").set_value("cons").run()
    at.button(key="grant-go").click().run()
    assert "已授权“绿研咨询（cons）”。" in texts(at)
    [g] = orgs.list_grants(district.actors["ent_b"], engine=district.engine)
    assert g.consultant_username == "cons"
    cons = signed_in_app("cons")
    goto(cons, "clients")
    assert "B精密机械有限公司" in texts(cons)
    at.button(key=f"revoke-{g.id}").click().run()
    assert "已撤销对“绿研咨询”的授权。" in texts(at)
    goto(cons, "clients")
    assert "B精密机械有限公司" not in texts(cons)

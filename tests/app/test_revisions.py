"""保存历史 (AppTest): autosaves grouped into sittings, an earlier version viewed and compared with the current one
(figures from the engine, as the wizard scores), and restored as a new revision that the open wizard adopts."""

from __future__ import annotations

import copy
from datetime import timedelta

from sqlalchemy import update

from scoring.engine import score
from scoring.io import validate_assessment
from store import LOCAL, db
from store import assessments as repo
from store.tables import assessment_revisions as revisions_t
from tests.app.auth_helpers import signed_in_app, texts
from tests.app.wizard_helpers import goto
from ui.catalogue import catalogue


def _total(data: dict) -> float:
    return score(validate_assessment(data), catalogue()).total


def _two_sittings(db_url: str, aid: str) -> tuple[dict, dict, int]:
    """A second sitting an hour after the first: electricity doubled, the enterprise renamed."""
    engine = db.get_engine(db_url)
    earlier, rev = repo.load(LOCAL, aid, engine=engine)
    later = copy.deepcopy(earlier)
    later["inputs"]["energy"]["electricity"] = earlier["inputs"]["energy"]["electricity"] * 2
    later["enterprise"]["name"] = "改名后的企业"
    with engine.begin() as conn:  # the first sitting happened an hour ago
        for r in repo.list_revisions(LOCAL, aid, engine=engine):
            conn.execute(update(revisions_t)
                         .where(revisions_t.c.assessment_id == aid, revisions_t.c.revision == r.revision)
                         .values(saved_at=r.saved_at - timedelta(hours=1)))
    repo.save(LOCAL, aid, later, base_revision=rev, engine=engine)
    repo.save(LOCAL, aid, later | {"year": later["year"]}, base_revision=rev + 1, engine=engine)
    return earlier, later, rev


def test_history_groups_views_compares_and_restores(at, db_url):
    at.button(key="home-example").click().run()
    aid = at.session_state["_wiz"]["aid"]
    earlier, later, rev = _two_sittings(db_url, aid)
    goto(at, "export")
    assert not at.exception
    assert at.session_state["_wiz"]["rev"] == rev + 2  # the wizard adopted the newer revisions
    assert f"共 {rev + 2} 版，合并为 2 次编辑" in texts(at) and "不足 10 分钟" in texts(at)
    table = at.dataframe[0].value
    assert list(table["版本"]) == [f"第 {rev + 1}–{rev + 2} 版", f"第 1–{rev} 版" if rev > 1 else "第 1 版"]
    assert list(table["保存次数"]) == [2, rev]
    pick = at.selectbox(key="export-history-pick")
    assert pick.options == [f"第 {rev} 版 · " + pick.options[0].split(" · ", 1)[1]]
    pick.set_value(rev).run()
    assert not at.exception
    before, after = _total(earlier), _total(later)
    assert before != after
    total = next(m for m in at.metric if m.label == "总分（当前版本）")
    assert total.value == f"{after:.2f}" and total.delta == f"{after - before:+.2f}"
    fields = next(d.value for d in at.dataframe if "填写项" in d.value.columns)
    changed = dict(zip(fields["填写项"], zip(fields["所选版本"], fields["当前版本"], strict=True), strict=True))
    assert changed["企业名称"] == (earlier["enterprise"]["name"], "改名后的企业")
    assert any(k.startswith("分品种能源消费量 · 电力") for k in changed) and len(changed) == 2
    at.button(key="export-history-restore").click().run()
    assert f"将第 {rev} 版的全部填写内容另存为新的第 {rev + 3} 版" in texts(at)
    at.button(key="export-history-restore.yes").click().run()
    assert not at.exception
    data, latest = repo.load(LOCAL, aid, engine=db.get_engine(db_url))
    assert latest == rev + 3 and data == earlier
    assert repo.list_revisions(LOCAL, aid, engine=db.get_engine(db_url))[-1].restored_from == rev
    assert at.session_state["_wiz"]["rev"] == rev + 3 and at.session_state["_wiz"]["draft"] == earlier
    assert at.sidebar.metric[0].value.startswith(f"{before:.2f} ")  # the live total is the restored one
    assert f"已将第 {rev} 版恢复为新的第 {rev + 3} 版" in texts(at)
    assert at.dataframe[0].value["说明"].iloc[0] == f"恢复自第 {rev} 版"


def test_an_official_sees_no_restore_and_a_single_sitting_has_nothing_earlier(district):
    at = signed_in_app("ent_a")
    goto(at, "my")
    aid = district.assessments["A"]
    assert not at.exception and "合并为 1 次编辑" in texts(at)
    assert "目前只有一次编辑，没有更早的版本可查看。" in texts(at)
    assert not [s for s in at.selectbox if s.key == f"my-history-{aid}-pick"]


def test_the_history_in_english(at, db_url):
    at.button(key="home-example").click().run()
    aid = at.session_state["_wiz"]["aid"]
    _, _, rev = _two_sittings(db_url, aid)
    at.sidebar.get("button_group")[0].set_value("en").run()
    goto(at, "export")
    at.selectbox(key="export-history-pick").set_value(rev).run()
    assert not at.exception
    assert "autosaves by one user less than 10 minutes apart count as one sitting" in texts(at)
    fields = next(d.value for d in at.dataframe if "Entry" in d.value.columns)
    assert set(fields["Entry"]) == {"Enterprise name", "Energy use by carrier · Electricity"}
    assert at.button(key="export-history-restore").label == f"Restore revision {rev}"

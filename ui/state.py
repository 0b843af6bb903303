"""The wizard's state: one draft assessment per browser session, autosaved through store/ on every change.

The draft is a plain JSON dict in the shape of `scoring.models.Assessment`, kept even when parts of it are
invalid (validation is shown next to the field, never blocks saving). Its id lives in `st.query_params["a"]`,
so a refresh, a second tab with the same address or a server restart load it back from the store.

Every store call passes the session's actor (ui.auth): LOCAL without accounts, the signed-in user with them. A
guest's draft never reaches the store: it lives in this session only (export it as JSON to keep it).

Widgets are views: each writes one path of the draft in its on_change callback (`update`). Widget keys carry
a generation number that changes whenever the draft is replaced wholesale (new, open, import, a newer
revision saved from another tab), so no widget keeps showing a value of the previous draft.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import secrets
from datetime import datetime
from typing import Any

import streamlit as st
from pydantic import ValidationError

from scoring.engine import score
from scoring.errors import describe_validation_error
from scoring.io import DENOMINATORS, InputError, parse_lenient, read_assessment
from scoring.io import _drop as drop_at
from scoring.models import Assessment, Result
from store import AccessDenied, Actor, NotFound, StoreError, resume, submissions
from store import assessments as repo
from store.db import get_engine, read_transaction
from ui import auth, yardsticks
from ui import catalogue as catmod
from ui.fmt import md
from ui.i18n import LANGS, lang, t
from ui.session import W

log = logging.getLogger("gf.ui")
QP = "a"
SPARSE = ("inputs.energy", "inputs.catalogue_tech")  # dict inputs where an empty value removes the entry


# ---- paths into the draft -----------------------------------------------------------------------------


def _parts(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def get(path: str, default: Any = None) -> Any:
    node: Any = W()["draft"]
    for part in _parts(path):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return default
        if node is None:
            return default
    return node


def _assign(data: dict[str, Any], path: str, value: Any) -> None:
    parts = _parts(path)
    node: Any = data
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
            continue
        if not isinstance(node.get(part), dict | list):
            node[part] = {}
        node = node[part]
    last = parts[-1]
    parent = path.rsplit(".", 1)[0]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None and parent in SPARSE:
        node.pop(last, None)
    else:
        node[last] = value


# ---- lifecycle -------------------------------------------------------------------------------------------


def blank(ruleset: str | None = None, profile: str | None = None) -> dict[str, Any]:
    data = Assessment().model_dump(mode="json")
    data["ruleset"] = catmod.ruleset(ruleset or catmod.default_ruleset()).id
    data["profile"] = catmod.profile(profile or catmod.default_profile()).id
    data["ruleset_version"] = catmod.ruleset(data["ruleset"]).version
    return data


def _replace(data: dict[str, Any], aid: str | None, rev: int | None, saved: str | None) -> None:
    W()["draft"], W()["aid"], W()["rev"], W()["saved"] = data, aid, rev, saved
    W()["status"] = "draft"  # the stored status (store.submissions); open_assessment / sync read it back
    W()["gen"] = W().get("gen", 0) + 1
    W()["serial"] = W().get("serial", 0) + 1


def _payload(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def init_session() -> None:
    """Session defaults and the language (from the URL on the first run); before anything is shown."""
    # Widget keys carry the generation. A new session (a restart, another replica) starts from a random one, so
    # no key of its widgets matches one the browser still holds a stale value for from the previous session.
    W().setdefault("gen", secrets.randbelow(1_000_000) * 1000)
    W().setdefault("serial", 0)
    W().setdefault("notices", [])
    qlang = st.query_params.get("lang")
    if "lang" not in W():
        W()["lang"] = qlang if qlang in LANGS else "zh"
    elif W()["lang"] != "zh" and qlang != W()["lang"]:
        st.query_params["lang"] = W()["lang"]


def bootstrap() -> None:
    """Called at the top of every run of the wizard: restore the draft named in the URL, keep the URL naming it."""
    init_session()
    qid = st.query_params.get(QP)
    aid = W().get("aid")
    if W().pop("_carry_guest_draft", False) and "draft" in W() and not is_blank():
        W()["saved"] = None  # a guest registered: the draft is stored now
        autosave()
        aid = W().get("aid")
    if qid and qid != aid and not auth.stores():
        notice(t("auth.guest_no_open"), "warning")
        st.query_params.pop(QP, None)
    elif qid and qid != aid:
        open_assessment(qid)
    elif aid:
        if not qid:  # a page switch dropped the query string
            st.query_params[QP] = aid
        sync()
    elif "draft" not in W() and not qid:
        _resume()
    if "draft" not in W():
        _replace(blank(), None, None, None)


def _resume() -> None:
    """A new browser session opened at the bare address: carry on with the assessment this browser last worked on
    (or the most recent one), never a blank draft that looks as if the data were lost."""
    who = auth.actor()
    if not auth.stores(who):
        return
    try:
        aid = resume.recall(who, auth.browser_id())  # type: ignore[arg-type]
    except Exception:
        log.exception("finding the assessment to resume failed")
        return
    if aid and open_assessment(aid):
        info = get("enterprise.name") or t("sb.unnamed")
        notice(t("state.resumed", name=md(info), rev=W()["rev"]), "info")


def _remember(aid: str) -> None:
    """Note the assessment this browser works on (once per change; a failure only costs the next resume)."""
    if W().get("_remembered") == aid:
        return
    W()["_remembered"] = aid
    try:
        resume.remember(auth.actor(), auth.browser_id(), aid)  # type: ignore[arg-type]
    except Exception:
        log.exception("remembering the open assessment failed")


def is_blank() -> bool:
    """The draft holds nothing but the rule-set and profile it was started with."""
    draft = W().get("draft") or {}
    return _payload(draft) == _payload(blank(draft.get("ruleset"), draft.get("profile")))


def open_assessment(aid: str) -> bool:
    who = auth.actor()
    try:
        if who is None or who.role == "guest":
            raise StoreError(t("auth.guest_no_open"))
        data, rev = repo.load(who, aid)
    except StoreError as exc:
        notice(md(str(exc)), "error")
        st.query_params.pop(QP, None)
        if "draft" not in W() or W().get("aid") == aid:
            _replace(blank(), None, None, None)
        return False
    except Exception:
        log.exception("loading assessment %s failed", aid)
        notice(t("state.load_failed"), "error")
        st.query_params.pop(QP, None)
        _replace(blank(), None, None, None)
        return False
    _replace(data, aid, rev, _payload(data))
    with contextlib.suppress(StoreError):
        W()["status"] = submissions.info(who, aid).status
    st.query_params[QP] = aid
    _remember(aid)
    W()["repair"] = aid if assessment()[1] else None  # a stored draft that fails validation: ui/repair.py asks
    return True


def sync() -> None:
    """Adopt a newer revision saved meanwhile (another tab, another replica) before showing or changing.

    Runs on every rerun and before every change, so it asks the store for the latest revision number only (one
    row, no payload) and loads the assessment only when that number differs from the draft's."""
    aid = W().get("aid")
    who = auth.actor()
    if not aid or not auth.stores(who):
        return
    try:
        latest, W()["status"] = _latest_revision(who, aid)  # type: ignore[arg-type]
        if latest == W().get("rev"):
            return
        data, rev = repo.load(who, aid)  # type: ignore[arg-type]
    except (AccessDenied, NotFound):
        _close_withdrawn()
        return
    except StoreError as exc:
        notice(md(str(exc)), "error")
        return
    except Exception:
        log.exception("sync of %s failed", aid)
        return
    if rev != W().get("rev"):
        status = W().get("status")
        _replace(data, aid, rev, _payload(data))
        W()["status"] = status
        notice(t("state.adopted_newer", rev=rev), "info")


def _close_withdrawn() -> None:
    """Access to the open assessment was withdrawn (grant revoked, role or organisation changed) or it was deleted:
    close it at once, so nothing of it stays on screen and no change is typed in vain."""
    name = get("enterprise.name") or t("sb.unnamed")
    st.query_params.pop(QP, None)
    W()["_remembered"] = None
    _replace(blank(), None, None, None)
    notice(t("state.access_withdrawn", name=md(str(name))), "warning")


def _latest_revision(who: Actor, aid: str) -> tuple[int, str]:
    """The stored assessment's latest revision number and its status, after the store's access check."""
    with read_transaction(get_engine()) as conn:
        row = repo.check_access(conn, who, aid, write=False)
        return int(row.latest_revision), str(row.status)


def close() -> None:
    """Close the open assessment (deleted, or handed over): a blank draft, nothing in the address."""
    st.query_params.pop(QP, None)
    W()["_remembered"] = None
    _replace(blank(), None, None, None)


def locked() -> bool:
    """The open assessment is submitted or reviewed: it is read-only (editing opens a new draft)."""
    return bool(W().get("aid")) and W().get("status", "draft") != "draft"


def status() -> str:
    """The open assessment's status code (draft for one not stored yet)."""
    return str(W().get("status") or "draft")


def new_assessment(ruleset: str | None = None, profile: str | None = None,
                   data: dict[str, Any] | None = None, org_id: str | None = None) -> None:
    """Start a new draft: stored as soon as it holds something (a blank one is not stored, so no empty
    未命名企业 draft is left behind; a copy or an import is stored at once), never for a guest. ``org_id``: the
    client a consultant creates it for (an enterprise user's own organisation is the store's default)."""
    _replace(data if data is not None else blank(ruleset, profile), None, None, None)
    W()["org"] = org_id or W().get("client")
    st.query_params.pop(QP, None)
    autosave()


def import_json(raw: bytes) -> list[str]:
    """Validate an export and open it as a new assessment; on any problem nothing changes."""
    try:
        a, cleaned = read_assessment(raw, lang())
    except InputError as exc:
        return exc.messages
    cat = catmod.catalogue()
    errors = []
    if a.ruleset not in cat.rulesets:
        errors.append(t("import.unknown_ruleset", id=a.ruleset))
    if a.profile not in cat.profiles:
        errors.append(t("import.unknown_profile", id=a.profile))
    if errors:
        return errors
    new_assessment(data=a.model_dump(mode="json"))
    for note in cleaned:  # what intake changed (control characters removed), said with the import
        notice(md(note.localized(lang())), "warning")
    return []


# ---- changes and autosave ----------------------------------------------------------------------------------


def update(path: str, value: Any) -> None:
    """Write one value into the draft and autosave. Other tabs' saves are adopted first (a field-level merge)."""
    update_many({path: value})


def update_many(changes: dict[str, Any]) -> None:
    """Several values in one change: one revision."""
    aid = W().get("aid")
    sync()
    if aid and W().get("aid") != aid:
        return  # closed meanwhile (access withdrawn): the change belonged to it, not to a new draft
    if locked():
        notice(t("state.locked", status=t(f"cycle.{status()}")), "warning")
        W()["gen"] += 1  # the widgets are rebuilt from the unchanged draft
        return
    for path, value in changes.items():
        _assign(W()["draft"], path, value)
    W()["serial"] += 1
    autosave()


def replace_list(path: str, items: list[Any]) -> None:
    """Replace a list input (rows added or removed): widgets of the rows are rebuilt."""
    update(path, items)
    W()["gen"] += 1


def autosave() -> None:
    payload = _payload(W()["draft"])
    if payload == W().get("saved"):
        return
    who = auth.actor()
    if who is None or who.role == "guest":  # guest mode: the draft stays in this session only
        return
    if not W().get("aid") and is_blank():  # nothing entered yet: nothing to store
        return
    total, level = _scores()
    try:
        if not W().get("aid"):
            W()["aid"] = repo.create(who, W()["draft"], org_id=W().get("org"), total=total, level=level)
            W()["rev"] = 1
            st.query_params[QP] = W()["aid"]
            W()["_qp_resend"] = True  # set in a widget's callback, the address changes only by a page switch (app.py)
            _remember(W()["aid"])
        else:
            out = repo.save(who, W()["aid"], W()["draft"], base_revision=W().get("rev"), total=total, level=level)
            W()["rev"] = out.revision
            if out.conflict:
                notice(md(out.message), "warning")
        W()["saved"] = payload
        W()["saved_at"] = datetime.now().astimezone()
    except StoreError as exc:
        notice(md(str(exc)), "error")
    except Exception:
        log.exception("autosave failed")
        notice(t("state.save_failed"), "error")


def returned_comments() -> dict[str, str]:
    """Indicator id → the official's reason for returning it, for the open assessment (or the returned one this
    draft was opened from); empty when nothing was returned. Read once per change of assessment or status."""
    aid, who = W().get("aid"), auth.actor()
    if not aid or not auth.stores(who):
        return {}
    key = (aid, status(), W().get("rev"))
    cached = W().get("_returned")
    if cached and cached[0] == key:
        return dict(cached[1])
    try:
        found = submissions.returned_comments(who, aid)  # type: ignore[arg-type]
    except StoreError:
        found = {}
    W()["_returned"] = (key, found)
    return dict(found)


def _scores() -> tuple[float | None, str]:
    """The draft's total and level name (Chinese) for the lists, or (None, "") when it cannot be scored yet."""
    try:
        r = result()
    except Exception:
        return None, ""
    return float(r.total), (r.level_name.zh if r.level and r.level_name else "")


def notice(message: str, kind: str = "info") -> None:
    W().setdefault("notices", []).append((kind, message))


# ---- derived views (cached per draft change) -------------------------------------------------------------


def _cached(name: str, build: Any, extra: Any = None) -> Any:
    key = (W()["serial"], lang(), extra)
    hit = W().get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = build()
    W()[name] = (key, value)
    return value


def _validated() -> tuple[Assessment, list[str], dict[str, str]]:
    """The draft validated once per change: the Assessment (invalid parts left out), what was left out, and the
    problems per draft path (including zero denominators). A valid draft is validated exactly once; an invalid
    one is pruned of what the first validation reported, then parsed leniently (`scoring.io.parse_lenient`)."""
    def build() -> tuple[Assessment, list[str], dict[str, str]]:
        draft, language = W()["draft"], lang()
        errors: dict[str, str] = {}
        try:
            a, problems = Assessment.model_validate(draft), []
        except ValidationError as exc:
            problems = describe_validation_error(exc, language)
            pruned = copy.deepcopy(draft)
            whole = True
            for err, line in zip(exc.errors(), problems, strict=True):
                errors[".".join(str(p) for p in err["loc"])] = line.split(": ", 1)[-1]
                loc = tuple(err["loc"])
                while loc and not drop_at(pruned, loc):  # as parse_lenient: a missing key drops its element
                    loc = loc[:-1]
                whole = whole and bool(loc)
            if whole:
                a, more = parse_lenient(pruned, language)
                problems = problems + more
            else:
                a = Assessment()
        for name in DENOMINATORS:
            if getattr(a.inputs, name) == 0:
                errors.setdefault(f"inputs.{name}", t("field.zero_denominator"))
        return a, problems, errors
    return _cached("_validated", build)


def assessment() -> tuple[Assessment, list[str]]:
    """The draft as a valid Assessment (invalid parts left out) and what was left out."""
    a, problems, _ = _validated()
    return a, problems


def result() -> Result:
    """The engine's result of the draft, with the administrator's settings of its profile and the district's
    published yardstick set the draft is pinned to (ui.yardsticks)."""
    a, _ = assessment()
    prof = catmod.profile(a.profile)
    settings = yardsticks.with_set(prof.id, yardsticks.for_draft())

    def build() -> Result:
        rs = catmod.ruleset(a.ruleset)
        return score(a, catmod.catalogue(), ruleset_id=rs.id, profile_id=prof.id, settings=settings)
    return _cached("_result", build, settings)


def field_errors() -> dict[str, str]:
    """Problems per draft path ('inputs.land_area_m2' → Chinese message), including zero denominators."""
    return _validated()[2]


# ---- a stored draft that fails validation (ui/repair.py) -------------------------------------------------------


def repair_problems() -> list[str]:
    """What is wrong with the stored draft just opened, per field, until it is fixed, kept as it is or closed."""
    if not W().get("aid") or W().get("repair") != W().get("aid"):
        return []
    return assessment()[1]


def repair(action: str) -> None:
    """``fix``: keep what is valid and drop the rest, as a new revision (the old one stays in the history);
    ``keep``: leave it as it is (the problems stay marked on the pages); ``close``: do not work on it now."""
    W()["repair"] = None
    if action == "fix":
        a, problems = assessment()
        fixed = a.model_dump(mode="json")
        _replace(fixed, W()["aid"], W()["rev"], W()["saved"])
        autosave()
        notice(t("repair.fixed", n=len(problems), rev=W()["rev"]), "info")
    elif action == "close":
        st.query_params.pop(QP, None)
        _replace(blank(), None, None, None)

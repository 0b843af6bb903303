"""Downloads that work on whichever replica a request reaches: plain HTTP routes that rebuild each file from the
database (Streamlit 1.67 ``st.App(routes=...)``, registered by ``serve.py``).

Why: ``st.download_button`` keeps its payload in the memory of the process that rendered the page and serves it
from ``/media/…``; behind a proxy with several replicas that link dies with its replica (a 404 after failover).
These routes hold nothing in memory: every request is authenticated from the sign-in cookie ``gf_session``
(``store.sessions``; single sign-on: Streamlit's identity cookie plus the browser's live bound session; the
single-user deployment without accounts is ``LOCAL``), the store checks access for that
user on every read (``store.assessments.load``, ``store.attachments.read``) and the file is read or regenerated
from the stored revision.

- ``GET {base}/_download/report/{aid}.pdf?lang=zh&rev=N``: the gap report of revision N (default the latest),
  scored with the administrator's settings and the district set the assessment is scored with (as on screen);
  a consultant is printed as the assessor.
- ``GET {base}/_download/json/{aid}.json?rev=N``: the wizard's JSON export of that revision.
- ``GET {base}/_download/bundle.zip?ids=a,b,c&lang=zh``: the consultant's zip of reports (at most
  ``MAX_BUNDLE``); an assessment the user may no longer read is left out, as on the page.
- ``GET {base}/_download/file/{attachment_id}``: an evidence file (``store.attachments``; audited there).
- ``GET {base}/_download/report/{aid}.docx?lang=zh&rev=N``: the same report as an editable Word file (report.docx_report).
- ``GET {base}/_download/package/{aid}.pdf?lang=zh&rev=N``: the submission package (report.package): the report with
  its evidence files in item order, each file read through ``store.attachments.read`` (access checked, audited).

Answers: 200 with ``Content-Disposition: attachment`` (the name in UTF-8 and an ASCII fallback),
``Cache-Control: no-store`` and ``X-Content-Type-Options: nosniff``; 401 without a live session, 403/404 from the
store's refusal, 400 for a malformed request, each a short text in the requested language. A request another site
started (``Sec-Fetch-Site: cross-site`` or ``same-site``) is refused: a download changes nothing, but nobody else
should make the browser fetch a report. The pages link here through ``ui.downloads``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from locales import norm, say
from report.clock import local_today
from store import LOCAL, AccessDenied, Actor, NotFound, StoreError, accounts, attachments, identities, sessions
from store import assessments as repo
from ui import session_routes, sso_cookie

log = logging.getLogger("gf.download")

PREFIX = "_download"
MAX_BUNDLE = 30
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class Payload:
    data: bytes
    file_name: str
    mime: str


class Refused(Exception):
    """A request answered with ``status`` and the message ``key`` (locales ``download.*``)."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


# ---- addresses the pages link to ---------------------------------------------------------------------------------


def url(path: str, query: dict[str, str]) -> str:
    """The address of the download route ``path`` (under ``{base}/_download/``) with the non-empty ``query``."""
    q = {k: v for k, v in query.items() if v}
    return f"{session_routes.base_path()}/{PREFIX}/{path}" + ("?" + urlencode(q) if q else "")


def report_url(aid: str, *, lang: str = "zh", revision: int | None = None) -> str:
    return url(f"report/{quote(aid)}.pdf", {"lang": norm(lang), "rev": str(revision or "")})


def json_url(aid: str, *, revision: int | None = None) -> str:
    return url(f"json/{quote(aid)}.json", {"rev": str(revision or "")})


def bundle_url(ids: list[str], *, lang: str = "zh") -> str:
    return url("bundle.zip", {"ids": ",".join(ids), "lang": norm(lang)})


def file_url(attachment_id: str) -> str:
    return url(f"file/{quote(attachment_id)}", {})


def docx_url(aid: str, *, lang: str = "zh", revision: int | None = None) -> str:
    return url(f"report/{quote(aid)}.docx", {"lang": norm(lang), "rev": str(revision or "")})


def package_url(aid: str, *, lang: str = "zh", revision: int | None = None) -> str:
    return url(f"package/{quote(aid)}.pdf", {"lang": norm(lang), "rev": str(revision or "")})


# ---- building the files (no streamlit session: values in, bytes out) -------------------------------------------------


def stem(name: str) -> str:
    """A file-name stem from an enterprise name (what the export page uses), never empty."""
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", name.strip())[:60] or "assessment"


def _stored(actor: Actor, aid: str, revision: int | None, lang: str) -> Any:
    from scoring.io import parse_lenient

    data, _ = repo.load(actor, aid, revision)
    return parse_lenient(data, lang)[0].model_copy(update={"id": aid})


def report_pdf(actor: Actor, aid: str, *, lang: str = "zh", revision: int | None = None) -> Payload:
    """The gap report of a stored revision, as the export page builds it (the store checks read access)."""
    from report.pdf import build_report
    from scoring.engine import score
    from ui import yardsticks

    a = _stored(actor, aid, revision, lang)
    result = score(a, settings=yardsticks.settings_for(actor, aid, a.profile))
    assessor = actor.display_name if actor.role == "consultant" else None
    return Payload(build_report(a, result, lang=lang, assessor=assessor),
                   f"{stem(a.enterprise.name)}-{local_today():%Y%m%d}.pdf", "application/pdf")


def assessment_json(actor: Actor, aid: str, *, revision: int | None = None) -> Payload:
    from scoring.io import dump_assessment

    a = _stored(actor, aid, revision, "zh")
    return Payload(dump_assessment(a).encode("utf-8"), f"{stem(a.enterprise.name)}-{local_today():%Y%m%d}.json",
                   "application/json")


def reports_bundle(actor: Actor, ids: list[str], *, lang: str = "zh") -> Payload:
    from report.bundle import reports_zip
    from ui import yardsticks

    items, settings = [], {}
    for aid in ids[:MAX_BUNDLE]:
        try:
            a = _stored(actor, aid, None, lang)
        except StoreError:  # access withdrawn since the page was shown: that report is left out
            continue
        settings[aid] = yardsticks.settings_for(actor, aid, a.profile)
        items.append(a)
    if not items:
        raise NotFound("没有可导出的评价")
    return Payload(reports_zip(items, lang=lang, assessor=actor.display_name, settings=settings),
                   f"自评价报告-{local_today():%Y%m%d}.zip", "application/zip")


def evidence_file(actor: Actor, attachment_id: str) -> Payload:
    info, content = attachments.read(actor, attachment_id)
    return Payload(content, info.filename, info.mime)


def _scored(actor: Actor, aid: str, revision: int | None, lang: str) -> tuple[Any, Any, str | None]:
    """(assessment, result, assessor) of a stored revision, scored as the report route scores it."""
    from scoring.engine import score
    from ui import yardsticks

    a = _stored(actor, aid, revision, lang)
    result = score(a, settings=yardsticks.settings_for(actor, aid, a.profile))
    return a, result, actor.display_name if actor.role == "consultant" else None


def report_docx(actor: Actor, aid: str, *, lang: str = "zh", revision: int | None = None) -> Payload:
    """The report of a stored revision as .docx (same structure and words as the PDF)."""
    from report.docx_report import MIME, build_docx

    a, result, assessor = _scored(actor, aid, revision, lang)
    return Payload(build_docx(a, result, lang=lang, assessor=assessor),
                   f"{stem(a.enterprise.name)}-{local_today():%Y%m%d}.docx", MIME)


def stored_evidence(actor: Actor, aid: str) -> list[Any]:
    """The assessment's evidence files for report.package, each read when the package reaches it (through
    ``attachments.read``: access checked, audited, checksum verified; a failed read becomes a note page)."""
    from report.package import EvidenceFile

    def reader(attachment_id: str) -> Callable[[], bytes]:
        return lambda: attachments.read(actor, attachment_id)[1]

    return [EvidenceFile(f.item_id, f.filename, f.mime, f.size, reader(f.id))
            for f in attachments.list_attachments(actor, aid)]


def package_file_name(name: str, lang: str) -> str:
    return f"{stem(name)}-{say(lang, 'export.package_file')}-{local_today():%Y%m%d}.pdf"


def package_pdf(actor: Actor, aid: str, *, lang: str = "zh", revision: int | None = None) -> Payload:
    """The submission package of a stored revision: report and evidence in one PDF (report.package)."""
    from report.package import build_package

    a, result, assessor = _scored(actor, aid, revision, lang)
    return Payload(build_package(a, result, stored_evidence(actor, aid), lang=lang, assessor=assessor),
                   package_file_name(a.enterprise.name, lang), "application/pdf")


# ---- the HTTP side ---------------------------------------------------------------------------------------------------


def actor_for(cookies: Mapping[str, str]) -> Actor | None:
    """Who sent the request: LOCAL while the deployment has no accounts, else the user of a live ``gf_session``
    session, else the enabled account of a single-sign-on identity (Streamlit's signed cookie, ``ui.sso_cookie``)
    while this browser's single-sign-on session (``gf_browser``, ``sessions.lookup_bound``) is live for that same
    user: 30 minutes idle, 12 hours, sign-out and revocation end it here as on the page."""
    if not accounts.accounts_enabled():
        return LOCAL
    who = sessions.resolve(cookies.get(session_routes.COOKIE))
    if who is not None:
        return who
    email = sso_cookie.verified_email(cookies)
    if not email:
        return None
    account = identities.external_actor(email)
    if account is None:
        return None
    bound = sessions.lookup_bound(cookies.get(session_routes.BROWSER_COOKIE)).actor
    return account if bound is not None and bound.user_id == account.user_id else None


def content_disposition(file_name: str) -> str:
    safe = _UNSAFE_NAME.sub("_", file_name) or "download"
    ascii_name = safe.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


def one_id(value: object) -> str:
    """A path or query value of the ids' fixed shape, else Refused(400)."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise Refused(400, "bad_request")
    return value


def _revision(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 10**9:
        raise Refused(400, "bad_request")
    return int(value)


Build = Callable[[Any, Actor], Payload]  # (the Starlette request, who sent it) -> the file


def _report(request: Any, actor: Actor) -> Payload:
    return report_pdf(actor, one_id(request.path_params["aid"]), lang=norm(request.query_params.get("lang")),
                      revision=_revision(request.query_params.get("rev")))


def _json(request: Any, actor: Actor) -> Payload:
    return assessment_json(actor, one_id(request.path_params["aid"]),
                           revision=_revision(request.query_params.get("rev")))


def _bundle(request: Any, actor: Actor) -> Payload:
    ids = [one_id(i) for i in (request.query_params.get("ids") or "").split(",") if i]
    if not ids or len(ids) > MAX_BUNDLE:
        raise Refused(400, "bad_request")
    return reports_bundle(actor, ids, lang=norm(request.query_params.get("lang")))


def _file(request: Any, actor: Actor) -> Payload:
    return evidence_file(actor, one_id(request.path_params["fid"]))


def _docx(request: Any, actor: Actor) -> Payload:
    return report_docx(actor, one_id(request.path_params["aid"]), lang=norm(request.query_params.get("lang")),
                       revision=_revision(request.query_params.get("rev")))


def _package(request: Any, actor: Actor) -> Payload:
    return package_pdf(actor, one_id(request.path_params["aid"]), lang=norm(request.query_params.get("lang")),
                       revision=_revision(request.query_params.get("rev")))


def _text(status: int, lang: str, key: str) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(say(lang, f"download.{key}"), status_code=status,
                             headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _handler(build: Build) -> Callable[[Any], Any]:
    async def handle(request: Any) -> Any:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response

        lang = norm(request.query_params.get("lang"))
        if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            return _text(403, lang, "cross_site")

        def work() -> Payload:
            actor = actor_for(request.cookies)
            if actor is None:
                raise Refused(401, "signed_out")
            return build(request, actor)

        try:
            payload = await run_in_threadpool(work)
        except Refused as exc:
            return _text(exc.status, lang, exc.key)
        except AccessDenied:
            return _text(403, lang, "denied")
        except NotFound:
            return _text(404, lang, "not_found")
        except StoreError:
            log.exception("a download failed in the store")
            return _text(500, lang, "failed")
        except Exception:
            log.exception("building a download failed")
            return _text(500, lang, "failed")
        return Response(payload.data, media_type=payload.mime, headers={
            "Content-Disposition": content_disposition(payload.file_name),
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    return handle


def routes() -> list[Any]:
    """The download routes for ``st.App(routes=...)`` (after ``session_routes.routes()``, which reads the base
    path)."""
    from starlette.routing import Route

    from ui import pool_routes

    root = f"{session_routes.base_path()}/{PREFIX}"
    builds: list[tuple[str, Build]] = [("report/{aid}.pdf", _report), ("json/{aid}.json", _json),
                                       ("bundle.zip", _bundle), ("file/{fid}", _file), ("report/{aid}.docx", _docx),
                                       ("package/{aid}.pdf", _package), *pool_routes.ROUTES]
    return [Route(f"{root}/{path}", _handler(build), methods=["GET"]) for path, build in builds]

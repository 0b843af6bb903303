"""Download buttons that work on every replica: a link to the download routes (ui/download_routes.py,
ui/pool_routes.py) when this process serves them and the browser carries what they authenticate with, else
Streamlit's ``st.download_button``.

The routes authenticate every request, so they serve the single-user deployment (no accounts), users signed in
through the sign-in route (``auth_method == "cookie"``: the ``gf_session`` cookie) and single sign-on users
(``"oidc"``: Streamlit's signed ``_streamlit_user`` cookie, verified by ui.sso_cookie). What stays on
``st.download_button`` (bytes in this process, served from ``/media/…`` by the replica that drew the page, which
HAProxy's cookie stickiness sends the browser back to):

- without ``serve.py`` (``streamlit run app.py``, AppTest) there are no routes at all;
- guests: nothing of theirs is stored, the file can only come from the session;
- a sign-in kept in one tab (the login form or a registration without the routes; under ``serve.py`` a registration
  becomes the cookie at once, ui/handoff.js): the browser holds no credential a route could check, only the
  Streamlit session does; a reload signs that tab out anyway;
- an uploaded pool, its template with the file's own benchmarks and its yardstick candidates: the pool exists only in
  that session's memory, so after a failover the page itself has lost it and storing its downloads elsewhere
  would serve nothing the page can still show.

The link is an ``<a download>`` styled like Streamlit's button, rendered with ``st.html`` (sanitised, no script);
labels are escaped, addresses are built from ids of a fixed shape.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from store import Actor
from ui import auth, download_routes, session_routes
from ui.i18n import lang
from ui.session import W

# sign-ins whose browser carries what the routes verify: the gf_session cookie, or Streamlit's signed identity
# cookie of single sign-on (ui.sso_cookie)
ROUTE_METHODS = ("cookie", "oidc")
_KEY = re.compile(r"[^A-Za-z0-9_-]+")
_STYLE = """<style>
a.gf-dl{display:flex;align-items:center;justify-content:center;box-sizing:border-box;min-height:2.5rem;
padding:.25rem .75rem;border-radius:.5rem;border:1px solid rgba(49,51,63,.2);background:#fff;color:inherit;
text-decoration:none;font:inherit;width:fit-content}
a.gf-dl:hover{border-color:#1a7f37;color:#1a7f37}
a.gf-dl.gf-primary{background:#1a7f37;border-color:#1a7f37;color:#fff}
a.gf-dl.gf-stretch{width:100%}
</style>"""


def routable(who: Actor | None = None) -> bool:
    """True when the download routes can serve this user in this browser (see module doc)."""
    who = auth.actor() if who is None else who
    if who is None or not session_routes.active():
        return False
    if who.role == "local":
        return True
    return who.role != "guest" and W().get("auth_method") in ROUTE_METHODS


def link_html(label: str, url: str, key: str, *, primary: bool = False, stretch: bool = False) -> str:
    classes = ["gf-dl", f"gf-dl-{_KEY.sub('-', key)}"] + (["gf-primary"] if primary else []) + \
        (["gf-stretch"] if stretch else [])
    return (f'{_STYLE}<a class="{" ".join(classes)}" href="{html.escape(url)}" download '
            f'rel="nofollow">{html.escape(label)}</a>')


def offer(label: str, *, url: str | None, data: Callable[[], bytes], file_name: str, mime: str, key: str,
          primary: bool = False, disabled: bool = False, stretch: bool = False, where: Any = None) -> None:
    """A link to ``url`` (a download route) when it is given and the routes serve this user; else
    ``st.download_button`` with ``data`` built on click. ``where``: a container or column (default the page)."""
    target = st if where is None else where
    if url is not None and not disabled and routable():
        target.html(link_html(label, url, key, primary=primary, stretch=stretch))
        return
    target.download_button(label, data=data, file_name=file_name, mime=mime, on_click="ignore", key=key,
                           type="primary" if primary else "secondary", disabled=disabled,
                           width="stretch" if stretch else "content")


def report_pdf(label: str, *, aid: str | None, data: Callable[[], bytes], file_name: str, key: str,
               primary: bool = False, where: Any = None) -> None:
    """The gap report of the stored assessment ``aid`` (its latest revision, what autosave stored), in the page's
    language: from the route on any replica, else built by ``data`` in this process."""
    url = download_routes.report_url(aid, lang=lang()) if aid else None
    offer(label, url=url, data=data, file_name=file_name, mime="application/pdf", key=key, primary=primary,
          where=where)


def report_docx(label: str, *, aid: str | None, data: Callable[[], bytes], file_name: str, key: str,
                primary: bool = False, where: Any = None) -> None:
    """The report as an editable .docx, like ``report_pdf``."""
    url = download_routes.docx_url(aid, lang=lang()) if aid else None
    offer(label, url=url, data=data, file_name=file_name,
          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key=key, primary=primary,
          where=where)


def package_pdf(label: str, *, aid: str | None, data: Callable[[], bytes], file_name: str, key: str,
                primary: bool = False, where: Any = None) -> None:
    """The submission package (report and evidence files), like ``report_pdf``."""
    url = download_routes.package_url(aid, lang=lang()) if aid else None
    offer(label, url=url, data=data, file_name=file_name, mime="application/pdf", key=key, primary=primary,
          where=where)


def assessment_json(label: str, *, aid: str | None, data: Callable[[], bytes], file_name: str, key: str,
                    primary: bool = False, where: Any = None) -> None:
    url = download_routes.json_url(aid) if aid else None
    offer(label, url=url, data=data, file_name=file_name, mime="application/json", key=key, primary=primary,
          where=where)


def reports_zip(label: str, *, ids: list[str], data: Callable[[], bytes], file_name: str, key: str,
                primary: bool = False, where: Any = None) -> None:
    url = download_routes.bundle_url(ids, lang=lang()) if ids else None
    offer(label, url=url, data=data, file_name=file_name, mime="application/zip", key=key, primary=primary,
          disabled=not ids, where=where)


def evidence(label: str, *, attachment_id: str, data: Callable[[], bytes], file_name: str, mime: str, key: str,
             where: Any = None) -> None:
    offer(label, url=download_routes.file_url(attachment_id), data=data, file_name=file_name, mime=mime, key=key,
          stretch=True, where=where)

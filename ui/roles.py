"""The page set of each role, for st.navigation (Streamlit's dynamic-navigation pattern).

Hiding a page is not access control (store/ refuses what a role may not read or write); it only keeps each
role's menu to its own work. Every address of another role's page stays registered as a hidden page that sends
the user to their own start page, so a stale address (after signing in or out) never shows "page not found".
"""

from __future__ import annotations

import streamlit as st

from store import Actor, accounts
from ui.catalogue import catalogue
from ui.i18n import t
from ui.session import W

# url_path → (script, title key)
PAGES: dict[str, tuple[str, str]] = {
    "login": ("views/login.py", "nav.login"),
    "register": ("views/register.py", "nav.register"),
    "my": ("views/my_assessments.py", "nav.my"),
    "evidence": ("views/evidence.py", "nav.evidence"),
    "grants": ("views/grants.py", "nav.grants"),
    "clients": ("views/clients.py", "nav.clients"),
    "diagnose": ("views/diagnose.py", "nav.diagnose"),
    "compare": ("views/compare.py", "nav.compare"),
    "bundle": ("views/bundle.py", "nav.bundle"),
    "screening": ("views/official_pool.py", "nav.pool"),
    "pool": ("views/pool.py", "nav.pool_upload"),
    "enterprise": ("views/enterprise_view.py", "nav.enterprise_view"),
    "notes": ("views/review_notes.py", "nav.notes"),
    "users": ("views/admin_users.py", "nav.users"),
    "orgs": ("views/admin_orgs.py", "nav.orgs"),
    "claims": ("views/claims.py", "nav.claims"),
    "areas": ("views/admin_areas.py", "nav.areas"),
    "params": ("views/admin_params.py", "nav.params"),
    "yardsticks": ("views/yardsticks.py", "nav.yardsticks"),
    "audit": ("views/admin_audit.py", "nav.audit"),
    "account": ("views/account.py", "nav.account"),
    "submit": ("views/submit.py", "nav.submit"),
    "review": ("views/review.py", "nav.review"),
    "deleted": ("views/admin_deleted.py", "nav.deleted"),
}
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": ("login", "register"),
    "guest": ("login", "register"),
    "enterprise": ("my", "submit", "evidence", "grants", "claims", "account"),
    "consultant": ("clients", "diagnose", "compare", "submit", "bundle", "evidence", "account"),
    "official": ("screening", "review", "pool", "yardsticks", "enterprise", "notes", "claims", "account"),
    "admin": ("users", "orgs", "claims", "areas", "params", "yardsticks", "audit", "deleted", "account"),
}
SECTIONS = {"guest": "nav.section_account", "enterprise": "nav.section_mine", "consultant": "nav.section_consult",
            "official": "nav.section_official", "admin": "nav.section_admin"}
WIZARD_PATHS = ("profile", "stat-import", "questionnaire", "gates", "results", "export")
ELSEWHERE = "views/elsewhere.py"
ROOT = "start"  # the registered name of the hidden page at "/" of a role without the wizard


def _wizard_paths() -> list[str]:
    dims = {f"dim-{d.id}" for rs in catalogue().rulesets.values() for d in rs.dimensions}
    return [*WIZARD_PATHS, *sorted(dims)]


def page_set(who: Actor | None, wizard: dict[str, list[st.Page]] | None) -> dict[str, list[st.Page]]:
    """The sections for st.navigation: the wizard (``nav.build``) for roles that fill in assessments, then the
    role's own pages; the single-user mode gets the wizard exactly as it was."""
    if who is not None and who.role == "local" and wizard is not None:  # single-user: the wizard and the pool
        script, title = PAGES["pool"]
        return {**wizard, t("nav.section_pool"): [st.Page(script, title=t(title), url_path="pool")]}
    key = "anonymous" if who is None else who.role
    names = [p for p in ROLE_PAGES.get(key, ()) if p != "register" or accounts.registration_open()]
    own = [st.Page(PAGES[path][0], title=t(PAGES[path][1]), url_path=path) for path in names]
    W()["_start"] = own[0] if wizard is None and own else (wizard or {}).get("", [None])[0]
    shown = set(names) | ({"", *_wizard_paths()} if wizard is not None else set())
    hidden = [st.Page(ELSEWHERE, url_path=p, visibility="hidden")
              for p in [*PAGES, *_wizard_paths()] if p not in shown]
    if wizard is None:
        # Streamlit serves the default page at "/" only: its own address (/screening) is "page not found". So
        # the root is a hidden page that moves on to the start page, and every page of the role keeps its address.
        root = st.Page(ELSEWHERE, url_path=ROOT, visibility="hidden", default=True)
        return {"": [*own, root, *hidden]}
    first, *rest = list(wizard.items())
    section = t(SECTIONS.get(key, "nav.section_account"))
    return {first[0]: [*first[1], *hidden], section: own, **dict(rest)}


def visible(pages: dict[str, list[st.Page]], url_path: str) -> st.Page | None:
    """The visible page at ``url_path`` in a page set, if any."""
    return next((p for section in pages.values() for p in section
                 if p.url_path == url_path and p.visibility != "hidden"), None)


def start_page() -> st.Page | None:
    """The page this user starts on (the wizard's home, or the role's first page)."""
    return W().get("_start")

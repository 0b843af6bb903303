"""The server: `streamlit run serve.py` (scripts/run.sh does) serves the wizard `app.py` with more routes.

Streamlit (1.67) finds the ``st.App`` below and runs it with uvicorn: its own routes (WebSocket, uploads, media,
health, ``st.login``) plus ``POST <base>/_session/login`` and ``POST <base>/_session/logout`` (ui/session_routes.py),
which set and clear the sign-in cookie, so that a reload or a new tab stays signed in, and ``GET <base>/_download/…``
(ui/download_routes.py, ui/pool_routes.py), which rebuild reports, exports, pool files and evidence files from the
database on any replica; Streamlit's own ``/media/…`` downloads get ``Cache-Control: no-store`` and are refused to
other sites and to bare clients (ui/media_guard.py). Every browser session runs
``app.py`` as before. ``streamlit run app.py`` still serves the wizard, but a password sign-in then lasts for one
tab only (a script cannot set a cookie).
"""

import streamlit as st

from store import db
from ui import download_routes, media_guard, session_routes

db.get_engine()  # migrate at start-up: replicas starting together on an empty PostgreSQL migrate once (advisory lock)

app = st.App("app.py", routes=[*session_routes.routes(), *download_routes.routes()],
             middleware=[*session_routes.middleware(), *media_guard.middleware()])

if __name__ == "__main__":
    app.run()

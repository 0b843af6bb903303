"""Who a single-sign-on identity is, read-only: the download routes (ui/download_routes.py) meet a user of
``st.login`` through Streamlit's signed identity cookie on every request and need the account behind it without
recording a sign-in each time (``accounts.authenticate_external`` does that once, when the page signs the user in).
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from store.access import Actor
from store.db import get_engine, read_transaction
from store.errors import InvalidData
from store.scope import user_actor
from store.tables import users
from store.textclean import normalise_username


def external_actor(username: str, *, engine: Engine | None = None) -> Actor | None:
    """The Actor of the enabled account whose user name is ``username`` (the provider's verified e-mail address,
    matched as ``authenticate_external`` matches it); None for an unknown, malformed or disabled account."""
    try:
        name = normalise_username(username)
    except InvalidData:
        return None
    with read_transaction(engine or get_engine()) as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first()
    if row is None or row.disabled:
        return None
    return user_actor(row)

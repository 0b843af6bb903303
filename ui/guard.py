"""No traceback reaches the user: an unexpected error shows a Chinese message and is logged on the server.

Streamlit's own control flow (st.rerun, st.switch_page, st.stop) raises BaseException subclasses, which pass.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ui.i18n import t

log = logging.getLogger("gf.ui")
if not log.handlers:  # the server log (stderr of `streamlit run`), whatever the root logger is set to
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False


@contextmanager
def guard(where: str) -> Iterator[None]:
    try:
        yield
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error in %s (ref %s)", where, ref)
        st.error(t("error.unexpected", ref=ref))

"""Streamlit's own English in the page's language: the rules (a pattern over one text node or a title, aria-label
or placeholder, and the words) are the ``chrome.*`` keys of the locale files, applied in the browser by
``chrome.js`` (a components-v2 element, mounted once per run, invisible). In English nothing is rewritten.

What stays English: the browser's own pages (a connection refused before the app loads) and text Streamlit draws
inside a canvas (the data-grid's column menus), which no DOM rewrite reaches.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.i18n import lang, t

# Streamlit 1.67's texts, as regular expressions over one text node or attribute, and the locale key of the words
_SOURCES: tuple[tuple[str, str], ...] = (
    (r"^Press Enter to apply", "chrome.enter_apply"),
    (r"^Press Enter to submit form", "chrome.enter_submit"),
    (r"^Press (⌘|Ctrl)\+Enter to apply", "chrome.ctrl_enter_apply"),
    (r"^Drag and drop files? here$", "chrome.drop_here"),
    (r"^(.+) per file", "chrome.per_file"),
    (r"^Browse files$", "chrome.browse"),
    (r"^Upload$", "chrome.upload"),
    (r"^Stop$", "chrome.stop"),
    (r"^Stopping\.\.\.$", "chrome.stopping"),
    (r"^Running\.\.\.$", "chrome.running"),
    (r"^Download as CSV$", "chrome.download_csv"),
    (r"^Search$", "chrome.search"),
    (r"^Fullscreen$", "chrome.fullscreen"),
    (r"^Close fullscreen$", "chrome.close_fullscreen"),
    (r"^No results$", "chrome.no_results"),
    (r"^Clear all$", "chrome.clear_all"),
    (r"^Show password$", "chrome.show_password"),
    (r"^Hide password$", "chrome.hide_password"),
    (r"^Print$", "chrome.print"),
    (r"^Record a screencast$", "chrome.record"),
    (r"^Settings$", "chrome.settings"),
    (r"^About$", "chrome.about"),
    (r"^Rerun$", "chrome.rerun"),
    (r"^Clear cache$", "chrome.clear_cache"),
    (r"^Choose an option$", "chrome.choose_option"),
    (r"^Choose options$", "chrome.choose_options"),
    (r"^Page not found$", "chrome.page_not_found"),
    (r"^The page that you have requested does not seem to exist.*$", "chrome.page_not_found_body"),
)
_CHROME = st.components.v2.component("gf_chrome", js=(Path(__file__).with_name("chrome.js")).read_text("utf-8"))


def rules(language: str) -> list[tuple[str, str]]:
    """The rewrite rules for ``language`` (JavaScript replacement strings: ``$1`` is the first group)."""
    if language == "en":
        return []
    return [(pattern, t(key)) for pattern, key in _SOURCES]


def mount() -> None:
    _CHROME(key="gf-chrome", data={"rules": rules(lang())})

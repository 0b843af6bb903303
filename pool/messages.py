"""The pool's messages: codes under `pool_msg.` in locales/ (zh.yaml first, en.yaml second), never words.

`pmsg("cell.not_integer")` is `locales.msg("pool_msg.cell.not_integer")`. A list inside a message (the options of a
column, the rows a code repeats in) is a `Joined`: it is joined with the reader's separator when rendered, so
nothing in pool/ picks a language. The edge (the pool page, the CLI, the Excel export in Chinese) renders with
`locales.render(lang, message)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from locales import Localized, Msg, msg, render, say

PREFIX = "pool_msg."


def pmsg(code: str, /, **params: Any) -> Msg:
    """A message of the pool (`pool_msg.<code>`)."""
    return msg(PREFIX + code, **params)


def verbatim(text: str) -> Msg:
    """Words a lower layer gave as words (pydantic's message of an unknown error type): shown as they are."""
    return pmsg("verbatim", text=text)


@dataclass(frozen=True)
class Joined:
    """Items (words or messages) joined with a separator of the reader's language (`pool_msg.sep.<sep>`), with
    `…` when `more` (the list was cut)."""

    items: tuple[Msg | Localized | str, ...]
    sep: str = "list"
    more: bool = False

    def localized(self, lang: str) -> str:
        text = say(lang, PREFIX + "sep." + self.sep).join(render(lang, i) for i in self.items)
        return text + (say(lang, PREFIX + "sep.more") if self.more else "")


def joined(items: Iterable[Msg | Localized | str], limit: int | None = None, sep: str = "list") -> Joined:
    """The first `limit` items (all if None), with `…` if some were left out."""
    seq = tuple(items)
    cut = seq if limit is None else seq[:limit]
    return Joined(cut, sep, len(cut) < len(seq))

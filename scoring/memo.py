"""What the engine derives from one catalogue object alone (a rubric's levels by id, a rule-set's items by id, an
item's texts in a language), computed once per live object. Catalogue models are frozen, so the derived value
never goes stale; an entry is dropped when its object is garbage-collected."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

_T = TypeVar("_T")
_CACHE: dict[tuple[int, Hashable], tuple[weakref.ref[Any], Any]] = {}


def _drop(key: tuple[int, Hashable], ref: weakref.ref[Any]) -> None:
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ref:  # not an entry of a newer object that reuses the id
        del _CACHE[key]


def per_object(obj: Any, key: Hashable, build: Callable[[], _T]) -> _T:
    """`build()` for (`obj`, `key`), computed once while `obj` lives; `build` must depend on `obj` and `key` only."""
    k = (id(obj), key)
    hit = _CACHE.get(k)
    if hit is not None and hit[0]() is obj:
        return hit[1]  # type: ignore[no-any-return]
    value = build()
    _CACHE[k] = (weakref.ref(obj, lambda r, k=k: _drop(k, r)), value)  # type: ignore[misc]
    return value

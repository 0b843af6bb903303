"""The string table: both languages parse, hold the same keys, and no mapping repeats a key (YAML would keep the
last one silently, so a duplicate hides a word a screen shows)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from locales import LANGS, LOCALES, table


class _Strict(yaml.SafeLoader):
    pass


def _mapping(loader: _Strict, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ValueError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("lang", LANGS)
def test_no_duplicate_keys(lang: str) -> None:
    yaml.load(Path(LOCALES, f"{lang}.yaml").read_text(encoding="utf-8"), Loader=_Strict)


def test_same_keys_in_both_languages() -> None:
    assert set(table("zh")) == set(table("en"))

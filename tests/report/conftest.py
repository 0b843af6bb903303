"""Fixtures of the report tests."""

from __future__ import annotations

import pytest

from criteria import Catalogue, load_catalogue


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return load_catalogue()

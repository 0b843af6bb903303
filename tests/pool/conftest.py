"""Fixtures of the pool tests: the column model, a demo pool and its benchmark table."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from pool.columns import ColumnModel, pool_model
from pool.demo import demo_bench, demo_pool

logging.getLogger("streamlit").setLevel(logging.ERROR)


@pytest.fixture(scope="session")
def model() -> ColumnModel:
    return pool_model()


@pytest.fixture(scope="session")
def demo() -> pd.DataFrame:
    return demo_pool(40, seed=5)


@pytest.fixture(scope="session")
def bench() -> pd.DataFrame:
    return demo_bench()

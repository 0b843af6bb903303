"""Shared fixtures of the scoring tests: the repository root, the reference data and the shipped catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from criteria.schema import Reference

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def reference() -> Reference:
    """The reference data read straight from its YAML file, so formula tests do not depend on rule-sets or profiles."""
    path = REPO_ROOT / "criteria" / "reference" / "reference.yaml"
    return Reference.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))

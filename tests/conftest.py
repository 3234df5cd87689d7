"""Shared fixtures: paths to the project's examples and to ../shared (real data, optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The real dev data beside the checkout; tests that need it skip without it."""
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared (real dev data) is not beside this checkout")
    return SHARED

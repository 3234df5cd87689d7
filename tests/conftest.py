"""Shared fixtures: paths to the project's examples and to ../shared (real data, optional)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """The tests (and the commands they start) build their caches (``bitranscript.cache``)
    in a folder of their own, not in the user's: a fresh cache each session."""
    if "BITRANSCRIPT_CACHE_DIR" not in os.environ:
        _OWN_CACHE.append(tempfile.mkdtemp(prefix="bitranscript-test-cache-"))
        os.environ["BITRANSCRIPT_CACHE_DIR"] = _OWN_CACHE[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _OWN_CACHE:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The real dev data beside the checkout; tests that need it skip without it."""
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared (real dev data) is not beside this checkout")
    return SHARED

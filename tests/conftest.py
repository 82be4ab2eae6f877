"""Shared fixtures: the real open data beside the checkout and small file writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from gesundheitsregion.datadir import find_data_dir


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real open data (../shared/data beside the checkout, as in CI)."""
    return find_data_dir()


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file in ``tmp_path`` in the given encoding and return its path."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write

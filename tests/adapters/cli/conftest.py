"""The storage commands' fixtures: a SQLite log in ``tmp_path``, no token."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``NAZH_DATABASE_URL`` points at a SQLite file in ``tmp_path``; no token is set."""
    path = tmp_path / "db" / "nazh.sqlite3"
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("DISCORD_TOKEN", "NAZH_DATA_DIR", "NAZH_HISTORY_DAYS", "NAZH_JOURNAL_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NAZH_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    return path

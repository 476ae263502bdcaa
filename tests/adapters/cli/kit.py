"""Shared arrange code of the command line's tests: consoles that record what the CLI prints."""

from __future__ import annotations

import io
from pathlib import Path

from nazh.adapters.cli.app import (
    Console,
)

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def pipes() -> Console:
    return Console(io.StringIO(), io.StringIO(), io.StringIO())


def output(console: Console) -> str:
    stream = console.stdout
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def errors(console: Console) -> str:
    stream = console.stderr
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()

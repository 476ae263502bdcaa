"""Shared arrange code of the tests in tests/adapters/rng."""

from __future__ import annotations

DIE_SIZES = [2, 4, 6, 8, 10, 12, 20, 100, 1000]

"""What every benchmark prints at the end: one line per target, met or not."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target: what, whether it is met, and the figures."""

    target: str
    passed: bool
    detail: str

    def line(self) -> str:
        """``  PASS  target: detail``."""
        return f"  {'PASS' if self.passed else 'FAIL'}  {self.target}: {self.detail}"

"""``python -m nazh`` and the ``nazh`` console script."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    from nazh.bootstrap import run_cli  # noqa: PLC0415 - keeps `python -m nazh --help` light

    return run_cli(argv)


if __name__ == "__main__":
    sys.exit(main())

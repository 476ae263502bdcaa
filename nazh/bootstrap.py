"""The composition root: the dependency-injector container and the entry points built on it."""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from types import ModuleType

from nazh.adapters.cli.app import Console, build_parser, run_roll
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.application.rolls import RollDice


class _HidePydantic(importlib.abc.MetaPathFinder):
    """An import hook that makes pydantic look absent (see :func:`_without_pydantic`)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in {"pydantic", "pydantic_settings"}:
            raise ModuleNotFoundError(f"{fullname} is hidden while the container loads")
        return None


@contextmanager
def _without_pydantic() -> Iterator[None]:
    """Import dependency-injector without its optional pydantic integration.

    dependency-injector imports pydantic-settings eagerly (about 140 ms) for
    ``Configuration.from_pydantic``, which Nazh does not use; hiding it keeps ``nazh roll``
    fast. Nothing changes when pydantic is already loaded (the bot loads it for settings).
    """
    if "pydantic_settings" in sys.modules:
        yield
        return
    finder = _HidePydantic()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


with _without_pydantic():
    from dependency_injector import containers, providers


class Container(containers.DeclarativeContainer):
    """Every service of Nazh; tests and entry points override providers, never patch."""

    rng = providers.Singleton(SystemRandomSource)
    roll_dice = providers.Factory(RollDice, rng=rng)


def use_seed(container: Container, seed: int) -> None:
    """Make the container's random source deterministic."""
    container.rng.override(providers.Singleton(SeededRandomSource, seed))


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``nazh`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    container = Container()
    if args.command == "roll":
        if args.seed is not None:
            use_seed(container, args.seed)
        return run_roll(args, container.roll_dice(), Console.system())
    return run_bot()


def run_bot() -> int:
    """``nazh run``: the Discord bot."""
    print("nazh run: the Discord bot is not available in this build", file=sys.stderr)
    return 2

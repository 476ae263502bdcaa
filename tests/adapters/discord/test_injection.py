"""Commands' dependencies are worked out once per command class, not once per interaction, and
the copy of an injecting method bound to each command lets go of itself once called."""

from __future__ import annotations

from types import ModuleType
from unittest import mock

import lightbulb
import linkd
import pytest

from nazh.adapters.discord.log import history
from nazh.adapters.discord.rolls import odds, roll
from nazh.adapters.discord.runtime.core import CycleFreeInjecting, prime_injection
from nazh.adapters.discord.saved import commands as saved


def injecting_methods(module: ModuleType) -> list[tuple[type, str]]:
    return [(command, name) for command in vars(module).values()
            if isinstance(command, type) and issubclass(command, lightbulb.commands.CommandBase)
            for name, method in vars(command).items()
            if isinstance(method, linkd.AutoInjecting | CycleFreeInjecting)]


@pytest.mark.parametrize("module", [roll, odds, history, saved])
def test_every_command_resolves_its_dependencies_once(module: ModuleType) -> None:
    methods = injecting_methods(module)
    assert methods, f"{module.__name__} has injected command methods"
    prime_injection(module)
    for command, name in methods:
        held = vars(command)[name]
        assert isinstance(held, CycleFreeInjecting)
        method = held.wrapped
        assert method._dependency_func is not None
        with mock.patch.object(linkd.AutoInjecting, "_codegen_dependency_func") as codegen:
            bound = method.__get__(object.__new__(command), command)  # as bound per invocation
            assert bound._dependency_func is method._dependency_func
        codegen.assert_not_called()


def test_priming_twice_wraps_once() -> None:
    prime_injection(roll)
    held = vars(roll.Roll)["invoke"]
    prime_injection(roll)
    assert vars(roll.Roll)["invoke"] is held

"""Each command gets the features it asks for by type, bound once as it is added (no
resolving per interaction), and lightbulb's own injection is off in the bot's process."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import types
import weakref
from typing import Any

import hikari
import lightbulb
import linkd
import pytest

from nazh.adapters.discord.features import FEATURES
from nazh.adapters.discord.runtime.core import bind_features, unbind_features


class Dice:
    """A feature."""


class Table:
    """Another feature."""


async def suggest(ctx: lightbulb.AutocompleteContext[str], dice: Dice = lightbulb.di.INJECTED,
                  ) -> None:
    seen.append(("suggest", ctx, dice))


class Throw(lightbulb.SlashCommand, name="throw", description="Throw dice"):
    """A command asking for two features, with an option whose suggestions ask for one."""

    pool = lightbulb.string("pool", "The pool", autocomplete=suggest)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, dice: Dice = lightbulb.di.INJECTED,
                     table: Table = lightbulb.di.INJECTED) -> None:
        seen.append(("invoke", ctx, dice, table))


class Plain(lightbulb.SlashCommand, name="plain", description="Asks for nothing"):
    """A command asking for no feature."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context) -> None:
        seen.append(("plain", ctx))


seen: list[tuple[object, ...]] = []


def new_client() -> lightbulb.Client:
    return lightbulb.client_from_app(hikari.RESTBot("x.y.z", "Bot", banner=None),
                                     sync_commands=False)


def context_of(client: lightbulb.Client) -> Any:
    """What a command or a suggestion is given (only its client is read)."""
    return types.SimpleNamespace(client=client)


def module_of(*commands: type) -> types.ModuleType:
    module = types.ModuleType("commands")
    for command in commands:
        setattr(module, command.__name__, command)
    return module


@pytest.fixture(autouse=True)
def fresh_commands() -> Any:
    """Each test binds the command classes afresh (binding changes the classes)."""
    kept = {command: (vars(command)["invoke"],
                      {name: option.autocomplete_provider
                       for name, option in
                       lightbulb.utils.get_command_data(command).options.items()})
            for command in (Throw, Plain)}
    seen.clear()
    yield
    for command, (invoke, providers) in kept.items():
        setattr(command, "invoke", invoke)  # noqa: B010
        for name, provider in providers.items():
            options = lightbulb.utils.get_command_data(command).options
            options[name].autocomplete_provider = provider


async def test_a_command_and_its_suggestions_get_the_features_their_annotations_name() -> None:
    client = new_client()
    dice, table, ctx = Dice(), Table(), context_of(client)
    bind_features(module_of(Throw, Plain), client, {Dice: dice, Table: table})
    await Throw().invoke(ctx)
    await Plain().invoke(ctx)
    provider = lightbulb.utils.get_command_data(Throw).options["pool"].autocomplete_provider
    assert callable(provider)
    await provider(ctx)
    assert seen == [("invoke", ctx, dice, table), ("plain", ctx), ("suggest", ctx, dice)]


async def test_two_bots_in_one_process_each_give_their_commands_their_own_features() -> None:
    first, second = new_client(), new_client()
    mine, theirs = (Dice(), Table()), (Dice(), Table())
    bind_features(module_of(Throw), first, dict(zip((Dice, Table), mine, strict=True)))
    bound = vars(Throw)["invoke"]
    bind_features(module_of(Throw), second, dict(zip((Dice, Table), theirs, strict=True)))
    assert vars(Throw)["invoke"] is bound  # worked out once per class
    one, other = context_of(first), context_of(second)
    await Throw().invoke(one)
    await Throw().invoke(other)
    assert seen == [("invoke", one, *mine), ("invoke", other, *theirs)]


async def test_an_unbound_client_holds_its_features_no_more() -> None:
    first, second = new_client(), new_client()
    dice, theirs = Dice(), (Dice(), Table())
    bind_features(module_of(Throw), first, {Dice: dice, Table: Table()})
    bind_features(module_of(Throw), second, dict(zip((Dice, Table), theirs, strict=True)))
    kept = weakref.ref(dice)
    unbind_features(first)
    del dice
    gc.collect()
    assert kept() is None
    other = context_of(second)
    await Throw().invoke(other)  # the other client's commands are still served theirs
    assert seen == [("invoke", other, *theirs)]


async def test_a_function_wrapped_by_linkd_is_unwrapped_and_bound_the_same() -> None:
    """As when lightbulb was imported with its injection on: nothing is resolved through it."""
    setattr(Throw, "invoke", linkd.AutoInjecting(vars(Throw)["invoke"]))  # noqa: B010
    client = new_client()
    dice, table, ctx = Dice(), Table(), context_of(client)
    bind_features(module_of(Throw), client, {Dice: dice, Table: table})
    assert not isinstance(vars(Throw)["invoke"], linkd.AutoInjecting)
    await Throw().invoke(ctx)
    assert seen == [("invoke", ctx, dice, table)]


def test_a_parameter_naming_no_built_feature_is_refused_as_the_command_is_added() -> None:
    with pytest.raises(LookupError, match=r"Throw.invoke: its parameter 'table'"):
        bind_features(module_of(Throw), new_client(), {Dice: Dice()})


def test_every_command_of_the_feature_table_asks_only_for_features_the_table_builds() -> None:
    built = {row.serves: object() for row in FEATURES}
    modules = [row.commands for row in FEATURES if row.commands is not None]
    assert len(modules) >= 10
    client = new_client()
    for module in modules:
        bind_features(module, client, built)  # raises on a parameter no row serves


@pytest.mark.parametrize(("setting", "enabled"), [(None, "False"), ("false", "True")])
def test_lightbulb_runs_without_its_injection_unless_the_operator_asks_for_it(
        setting: str | None, enabled: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "LINKD_DI_DISABLED"}
    if setting is not None:
        env["LINKD_DI_DISABLED"] = setting
    script = "import nazh.adapters.discord.runtime.core, linkd; print(linkd.DI_ENABLED)"
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == enabled

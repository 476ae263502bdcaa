"""The load benchmark's floors run their command as Nazh does: its objects let go when it ends
(else the collector, tuned as ``nazh run`` tunes it, pauses the floor and flatters Nazh); the
lightbulb floor takes in the same /roll, /attack and click Nazh is offered."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import hikari
import lightbulb
import pytest

from benchmarks.floor_bot import attack_command, make_bot
from benchmarks.load import ROOT, collector_paused
from nazh.adapters.discord.runtime.commands_client import RELEASE, RELEASE_HOOK
from nazh.application.shared.json_types import JsonObject
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import DEFAULT_APPLICATION_ID, component_click
from tests.e2e.load import attacks, offer, rolls, settle

TOKEN = "MTA1MDUwNTA1MDUwNTA1MDUw.GfAkEd.Zm9yIHRoZSBmbG9vciBib3QgdGVzdCBvbmx5"


@pytest.mark.parametrize("mode", ["lightbulb", "durable"])
def test_the_floors_command_client_releases_each_command_as_nazhs_does(
        mode: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    made: list[lightbulb.Client] = []
    real = lightbulb.client_from_app

    def client_from_app(app: hikari.GatewayBot, **options: Any) -> lightbulb.Client:
        client: lightbulb.Client = real(app, **options)
        made.append(client)
        return client

    monkeypatch.setattr(lightbulb, "client_from_app", client_from_app)
    make_bot(TOKEN, "http://127.0.0.1:1/api/v10", mode, tmp_path)
    (client,) = made
    assert client.execution_step_order[-1] is RELEASE
    assert RELEASE_HOOK in client.hooks  # run for every command, failed or not


def test_the_fakes_collector_is_paused_during_a_phase_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0  # what was there before is frozen, never walked
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a phase that fails")
    assert gc.isenabled()


def test_the_floors_attack_declares_the_options_nazhs_attack_does() -> None:
    """lightbulb resolves every option a command declares: the floor's bare /attack must take
    in what Nazh's takes, name for name and type for type, to be its floor."""
    from nazh.adapters.discord.rolls.attack import Attack

    floor = attack_command()
    ours, theirs = (lightbulb.utils.get_command_data(command).options
                    for command in (Attack, floor))
    assert {name: option.type for name, option in theirs.items()} == {
        name: option.type for name, option in ours.items()}


async def test_the_lightbulb_floor_answers_the_same_roll_attack_and_click_nazh_is_offered(
        tmp_path: Path) -> None:
    async with FakeDiscord(validate_every=1) as fake:
        bot = BotProcess(fake, tmp_path, "", "lightbulb", module="benchmarks.floor_bot",
                         PYTHONPATH=str(ROOT))
        await bot.start()
        try:
            offered = [*rolls(2), *attacks(2),
                       component_click("plot:abc", message=fake_message("plot:abc"))]
            await offer(fake, offered)
            result = await settle(fake, offered)
        finally:
            await bot.stop()
    assert result.answers == {"other": 5}  # each with the fixed answer, none left over
    assert not fake.spec_violations


def fake_message(custom_id: str) -> JsonObject:
    """A message of the bot's with a result's embed and one button, as a click carries it."""
    return {"id": "1190000000000000001", "channel_id": "881111111111111100", "type": 20,
            "content": "", "author": {"id": DEFAULT_APPLICATION_ID, "username": "Nazh",
                                      "discriminator": "0", "avatar": None, "bot": True},
            "embeds": [{"title": "a1d20+5, 2d6+3", "description": "**17** · **9**",
                        "fields": [{"name": "a1d20+5", "value": "12 + 5", "inline": True}]}],
            "components": [{"type": 1, "id": 1, "components": [
                {"type": 2, "id": 2, "style": 2, "label": "Add Plot Die",
                 "custom_id": custom_id}]}],
            "timestamp": "2026-11-27T06:00:00+00:00", "edited_timestamp": None, "flags": 0,
            "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "pinned": False}

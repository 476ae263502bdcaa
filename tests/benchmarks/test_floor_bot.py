"""The load benchmark's floors run their command as Nazh does: its objects let go when it ends
(else the collector, tuned as ``nazh run`` tunes it, pauses the floor and flatters Nazh)."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import hikari
import lightbulb
import pytest

from benchmarks.floor_bot import make_bot, spend
from benchmarks.load import collector_paused
from nazh.adapters.discord.runtime.commands_client import RELEASE, RELEASE_HOOK

TOKEN = "MTA1MDUwNTA1MDUwNTA1MDUw.GfAkEd.Zm9yIHRoZSBmbG9vciBib3QgdGVzdCBvbmx5"


@pytest.mark.parametrize("mode", ["lightbulb", "durable", "costly"])
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


def test_the_costly_floor_spends_at_least_the_cpu_it_is_asked_for() -> None:
    """Its busy loop counts the thread's own CPU time: a machine's other load does not end it
    early."""
    before = time.thread_time()
    spend(0.02)
    assert time.thread_time() - before >= 0.02

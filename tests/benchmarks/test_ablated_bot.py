"""The ablation benchmark's bot removes what it names, and only that: each removal still finds
the function it replaces (a removal of nothing would measure nothing), and a bot without its
result message still rolls and keeps every roll."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

from benchmarks import ablated_bot
from benchmarks.ablated_bot import REMOVALS, remove
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord, assert_no_spec_violations
from tests.e2e.load import offer, rolls, settle
from tests.e2e.log_kit import logged_entry_counts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(REMOVALS))
def test_each_removal_replaces_a_function_that_exists_by_one_of_its_kind(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    owner, attribute, replacement = REMOVALS[name][1]
    original = getattr(owner, attribute)
    monkeypatch.setattr(owner, attribute, original)  # put back after the test
    assert remove([name]) == [name]
    assert getattr(owner, attribute) is replacement
    assert inspect.iscoroutinefunction(replacement) == inspect.iscoroutinefunction(original)


def test_an_unknown_part_is_refused() -> None:
    with pytest.raises(KeyError):
        remove(["dice"])


def test_a_removal_of_a_function_that_moved_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REMOVALS, "gone", ("nothing", (ablated_bot, "no_such_function",
                                                      ablated_bot._nothing)))
    with pytest.raises(AttributeError):
        remove(["gone"])


async def test_without_its_result_message_the_bot_answers_plainly_and_keeps_every_roll(
        tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'nazh.db'}"
    async with FakeDiscord() as fake:
        bot = BotProcess(fake, tmp_path, database_url, module="benchmarks.ablated_bot",
                         PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
                         NAZH_ABLATE="render", NAZH_DEV_GUILDS="")
        await bot.start()
        try:
            offered = rolls(12)
            await offer(fake, offered)
            answered = await settle(fake, offered)
        finally:
            await bot.stop()
        assert dict(answered.answers) == {"other": 12}  # "rolled": no embed
        assert_no_spec_violations(fake)
    assert len(await logged_entry_counts(database_url)) == 12

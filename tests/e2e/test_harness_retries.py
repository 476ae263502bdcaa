"""The harness sends an interaction once more when the machine stalled the test's process past
Discord's 3 s, as its user would after "The application did not respond", and only once: over
the gateway the bot gives up an answer that can no longer arrive in time (shed as expired);
over HTTP its late reply is the answer, which Discord refuses."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.e2e.harness import TRANSPORTS, NazhUnderTest
from tests.fakes import ScriptedDice

STALL_SECONDS = 3.3
"""Longer than Discord waits for an answer."""
WAIT_SECONDS = 6.0
"""How long each attempt waits for its answer: the stall and more."""


class StallingDice(ScriptedDice):
    """The bot's dice, stalling the whole process (its event loop too) at the next draws."""

    stalls = 0

    def roll(self, sides: int) -> int:
        """Stop the process for :data:`STALL_SECONDS` first, while stalls are left."""
        if self.stalls:
            self.stalls -= 1
            time.sleep(STALL_SECONDS)  # as a loaded machine that stops the process for a while
        return super().roll(sides)


@pytest.fixture(params=TRANSPORTS)
async def stalling(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                   tmp_path: Path) -> AsyncIterator[tuple[NazhUnderTest, StallingDice]]:
    """The bot on each transport, its dice stalling it when told."""
    bot = NazhUnderTest(fake_discord, tmp_path, transport=request.param)
    dice = bot.dice = StallingDice(bot.dice)
    await bot.start()
    try:
        yield bot, dice
    finally:
        await bot.stop()


async def rolled(bot: NazhUnderTest) -> tuple[JsonObject, JsonObject]:
    """A /roll of a d20, each attempt waiting :data:`WAIT_SECONDS`."""
    async def sent() -> JsonObject:
        interaction = slash_command("roll", {"dice": "1d20"})
        await bot.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    return await bot.asked(sent, wait=WAIT_SECONDS)


async def test_an_interaction_stalled_past_its_time_is_sent_once_more(
        stalling: tuple[NazhUnderTest, StallingDice]) -> None:
    bot, dice = stalling
    dice.stalls = 1
    # the stalled /roll draws 17 unseen; the one sent again is scripted the same: 17 too
    dice.script(20, 17, 4)
    interaction, body = await rolled(bot)
    assert (dice.stalls, dice.unused) == (0, {20: [4]})
    assert "**17**" in str(body)
    assert bot.fake.late_answers(interaction) == []  # the one sent again: answered in time


async def test_one_stalled_again_fails_saying_why(
        stalling: tuple[NazhUnderTest, StallingDice]) -> None:
    bot, dice = stalling
    dice.stalls = 2
    why = r"shed meanwhile: expired 1$" if bot.transport == "gateway" else \
        r"shed meanwhile: nothing\nanswered \d+\.\d s after the interaction: too late$"
    with pytest.raises(TimeoutError, match=why):
        await rolled(bot)


async def test_a_stalled_interaction_sent_again_unchanged_fails_saying_so(
        stalling: tuple[NazhUnderTest, StallingDice]) -> None:
    # a user's second press is a new interaction; the same id again is one the bot has seen
    bot, dice = stalling
    dice.stalls = 1
    interaction = slash_command("roll", {"dice": "1d20"})

    async def resent() -> JsonObject:
        await bot.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    with pytest.raises(AssertionError, match="sent the same interaction again"):
        await bot.asked(resent, wait=WAIT_SECONDS)

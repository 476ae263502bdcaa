"""The encounter's public card is table-ready on a phone: a fight played on the fake Discord
(two players and enemies, a defeated one, conditions, each phase of a round, then a horde of
30 combatants) keeps every state of its card at most 600 px tall at a phone's 390 px as
Discord's client draws it (tests/render_kit.py, headless Chromium), with at most 5 controls,
and the GM's hidden health is a word there, never a number. With ``NAZH_RENDER_OUT`` set, the
states are drawn as PNGs into that folder (docs/images/ keeps the main ones)."""

from __future__ import annotations

import copy
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_text
from tests.e2e.encounter_kit import (
    card_edits,
    card_showing,
    command,
    live_card,
    panel,
    press,
    set_up_fight,
)
from tests.e2e.fake_discord import FakeDiscord, assert_healthy
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, running
from tests.e2e.roll_kit import GM, PLAYER, ROLLER
from tests.render_kit import PHONE, controls, heights, render_html, screenshot
from tests.waiting import until

MAX_HEIGHT = 600
MAX_CONTROLS = 5


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot as ``conftest.nazh`` runs it, but for the rate limit: one GM sets up two fights
    and plays their rounds in seconds, over a player's 120 clicks and commands a minute."""
    async with running(fake_discord, tmp_path, request.param,
                       NAZH_USER_RATE_PER_MINUTE="600") as bot:
        yield bot
    assert_healthy(fake_discord)


class States:
    """Every state the channel's card showed, one after each step."""

    def __init__(self, nazh: NazhUnderTest) -> None:
        self.nazh = nazh
        self.shown: list[tuple[str, JsonObject]] = []

    async def after(self, name: str, since: int, *showing: str) -> None:
        """The card once its edit asked by the step that began at request ``since`` is in
        (and it shows each of ``showing``)."""
        fake = self.nazh.fake
        card = live_card(fake)
        await until(lambda: card_edits(fake, card, since) or None, what=f"{name}: an edit")
        await card_showing(fake, *showing)
        await self.nazh.cards_sent()  # the edit seen may be an earlier step's, sent late
        self.shown.append((name, copy.deepcopy(live_card(fake))))

    async def step(self, name: str, *acts: tuple[str, JsonObject, dict[str, object]]) -> None:
        """Run the slash commands ``acts`` (name, user, options), then keep the card's state."""
        since = len(self.nazh.fake.requests)
        for slash, user, options in acts:
            await command(self.nazh, slash, user, **options)
        await self.after(name, since)

    async def pressed(self, name: str, label: str, user: JsonObject) -> None:
        """Press ``label`` on ``user``'s panel, then keep the card's state."""
        since = len(self.nazh.fake.requests)
        await press(self.nazh, label, user)
        await self.after(name, since)


async def play(nazh: NazhUnderTest) -> States:
    """A fight through each phase with conditions and a defeated enemy, its end, then a
    30-combatant horde through a round."""
    states = States(nazh)
    since = len(nazh.fake.requests)
    await set_up_fight(nazh)
    await states.after("fast players: the round starts", since, "Shallan", "Teft")
    await states.pressed("fast players: Kaladin goes fast", "Fast", PLAYER)
    await states.step("fast players: conditions and wounds",
                      ("encounter condition", GM, {"combatant": "Kaladin",
                                                   "condition": "exhausted", "value": 2,
                                                   "rounds": 2}),
                      ("encounter condition", GM, {"combatant": "Bandit 2",
                                                   "condition": "prone"}),
                      ("encounter damage", GM, {"combatant": "Szeth", "amount": 16}),
                      ("encounter damage", GM, {"combatant": "Shallan", "amount": 8}),
                      ("encounter damage", GM, {"combatant": "Bandit 1", "amount": 6}))
    await states.pressed("fast players: Kaladin is done", "Done", PLAYER)
    await states.pressed("fast enemies", "Next phase", GM)
    await states.pressed("slow players", "Next phase", GM)
    await states.pressed("slow enemies", "Next phase", GM)
    since = len(nazh.fake.requests)
    await command(nazh, "encounter end", GM)
    await states.after("ended", since)
    since = len(nazh.fake.requests)
    await command(nazh, "encounter start", GM, name="The horde at the Shattered Plains")
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "encounter join", ROLLER)
    await command(nazh, "encounter add", GM, name="Parshendi warrior", health=10, count=10,
                  role="minion")
    await command(nazh, "encounter add", GM, name="Bandit", health=6, count=10, role="minion")
    for name in ("Szeth", "Eshonai", "Venli", "Amaram", "Ialai", "Moash", "Graves", "Sadeas"):
        await command(nazh, "encounter add", GM, name=name, health=40, role="rival")
    await states.after("horde: 30 combatants", since, "Kaladin", "Parshendi")
    await states.step("horde: wounds and conditions",
                      ("encounter damage", GM, {"combatant": "Bandit 3", "amount": 6}),
                      ("encounter damage", GM, {"combatant": "Parshendi warrior 4",
                                                "amount": 7}),
                      ("encounter condition", GM, {"combatant": "Bandit 5",
                                                   "condition": "prone"}),
                      ("encounter condition", GM, {"combatant": "Eshonai",
                                                   "condition": "stunned",
                                                   "until": "end-of-next-turn"}))
    await states.pressed("horde: Kaladin goes fast", "Fast", PLAYER)
    await states.pressed("horde: fast enemies", "Next phase", GM)
    await states.pressed("horde: slow players", "Next phase", GM)
    await states.pressed("horde: slow enemies", "Next phase", GM)
    return states


async def test_every_state_of_the_card_fits_a_phone_with_at_most_five_controls(
        nazh: NazhUnderTest, tmp_path: Path) -> None:
    states = await play(nazh)
    page = render_html([message for _, message in states.shown], PHONE)
    measured = heights(page, PHONE)
    found = {name: (height, controls(message))
             for (name, message), height in zip(states.shown, measured, strict=True)}
    out = os.environ.get("NAZH_RENDER_OUT")
    if out:
        for n, (name, message) in enumerate(states.shown):
            slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
            screenshot(render_html([message], PHONE), Path(out) / f"{n:02d}-{slug}.png", PHONE)
    too_big = {name: seen for name, seen in found.items()
               if seen[0] > MAX_HEIGHT or seen[1] > MAX_CONTROLS}
    assert not too_big, f"over {MAX_HEIGHT} px or {MAX_CONTROLS} controls at {PHONE} px: {found}"
    texts = [card_text(message) for _, message in states.shown]
    assert all("Szeth" in text for text in texts[:6])
    assert "Critical" not in texts[0]
    assert "🟧 Bloodied" in texts[2]  # Szeth's 14/30, hidden from the players
    assert not any("/30" in text or "14" in text for text in texts[:6])
    assert "1 defeated" in texts[2]  # Bandit 1
    assert "🟥 Health 2/10" in texts[2]  # Shallan


async def test_the_cards_controls_open_private_panels_and_a_player_is_refused_the_gms(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    mine = await panel(nazh, PLAYER)
    assert mine["data"]["flags"] & (1 << 6)
    text = card_text(mine)
    assert "Kaladin" in text
    assert "Shallan" not in text
    assert controls(mine) > MAX_CONTROLS  # the acts are on the panel, not the card
    refusal = await panel(nazh, PLAYER, "GM")
    assert str(refusal["data"]["content"]).startswith("**Can't do that.** only a GM")
    gm = await panel(nazh, GM, "GM")
    assert "Next phase" in str(gm)
    assert gm["data"]["flags"] & (1 << 6)
    pressed = await press(nazh, "Fast", PLAYER)
    assert card_text(pressed).startswith("**Kaladin**: go fast ✓\n🙋 **Your turn**")
    out = os.environ.get("NAZH_RENDER_OUT")
    if out:
        for name, shown in (("panel-my-turn", pressed), ("panel-gm", gm)):
            screenshot(render_html([shown], PHONE), Path(out) / f"{name}.png", PHONE)

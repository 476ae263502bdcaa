"""/encounter's card at the feature level: real interactions, the use cases on the in-memory
store, the first answer read in memory. A click answers with the card as its change left it;
when a newer change was kept meanwhile (another click at once, on any replica), an edit of the
card follows so that it does not stay behind. No network."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import hikari

from nazh.adapters.discord.encounters.controls import CardControl
from nazh.adapters.discord.encounters.feature import EncounterFeature
from nazh.adapters.discord.runtime.card_edits import CardEdits
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.service import Characters
from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.encounters.turns import TurnAct
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.settings.server import GuildSettings, Member
from tests.adapters.discord.feature_kit import FeatureKit
from tests.app_fakes import FakeClock, MemoryStore
from tests.character_fakes import FakeCharacterStore
from tests.e2e.fake_discord import DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, make_user
from tests.encounter_fakes import FakeEncounterStore

MESSAGE_UPDATE = 7
GUILD = int(DEFAULT_GUILD_ID)
CHANNEL = int(DEFAULT_CHANNEL_ID)
KALADINS = make_user("781111111111111111", "kaladins")
SHALLANS = make_user("782222222222222222", "shallans")
GM = Member(783333333333333333, GUILD, manages_guild=True)


def member(user: dict[str, object]) -> Member:
    return Member(int(str(user["id"])), GUILD)


class RacingStore(FakeEncounterStore):
    """The store, with another change slipped in right after the next one kept."""

    def __init__(self) -> None:
        super().__init__()
        self.meanwhile: Callable[[], Awaitable[object]] | None = None

    async def update(self, record: EncounterRecord, entries: Sequence[LogEntry], *,
                     once: str | None = None) -> bool:
        kept = await super().update(record, entries, once=once)
        slipped, self.meanwhile = self.meanwhile, None
        if kept and slipped is not None:
            await slipped()
        return kept


class Duel:
    """Kaladin and Shallan, each their player's, in the channel's encounter, its card posted
    as the message the kit's clicks come from; the card's REST edits recorded."""

    def __init__(self) -> None:
        self.kit = FeatureKit()
        self.store = RacingStore()
        clock = FakeClock()
        settings = GuildSettings(MemoryStore(), clock)
        self.characters = Characters(FakeCharacterStore(), settings, clock,
                                     SeededRandomSource(7))
        self.uses = EncounterUseCases.of(self.store, settings, self.characters, clock,
                                         SeededRandomSource(11))
        self.feature = EncounterFeature(self.uses, self.characters, self.kit.wrapper)
        self.edited: list[tuple[int, int]] = []
        self.feature.edits = CardEdits(self._record_edit)

    async def _record_edit(self, channel_id: int, message_id: int) -> None:
        self.edited.append((channel_id, message_id))

    async def open(self, message_id: int) -> EncounterRecord:
        for user, name in ((KALADINS, "Kaladin"), (SHALLANS, "Shallan")):
            await self.characters.new(member(user), name)
        record = await self.uses.lifecycle.start(GM, CHANNEL, "Duel")
        for user in (KALADINS, SHALLANS):
            await self.uses.roster.join(member(user), CHANNEL, None)
        await self.uses.lifecycle.card_posted(GM, CHANNEL, message_id)
        return record

    async def done(self, click: hikari.ComponentInteraction, encounter_id: str) -> int:
        """Kaladin's player presses the card's Done; the answer's type."""
        answer = await self.kit.answer(click, self.feature.on_control(
            click, CardControl(encounter_id, TurnAct.DONE.value)))
        await self.feature.edits.flush()
        return int(answer["type"])


def done_click(duel: Duel) -> hikari.ComponentInteraction:
    return duel.kit.click("nz1:enc:placeholder:done", KALADINS)


async def test_a_click_answers_with_the_card_and_asks_no_edit() -> None:
    duel = Duel()
    click = done_click(duel)
    record = await duel.open(int(click.message.id))
    assert await duel.done(click, record.encounter_id) == MESSAGE_UPDATE
    assert duel.edited == []


async def test_a_change_kept_after_the_clicks_own_is_edited_onto_the_card() -> None:
    duel = Duel()
    click = done_click(duel)
    record = await duel.open(int(click.message.id))
    duel.store.meanwhile = lambda: duel.uses.turns.take(member(SHALLANS), CHANNEL,
                                                         TurnAct.DONE)
    assert await duel.done(click, record.encounter_id) == MESSAGE_UPDATE
    assert duel.edited == [(CHANNEL, int(click.message.id))]

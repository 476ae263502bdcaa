"""The characters' use cases on the in-memory store: made, found, changed with an audit trail,
limits, the one rule at every door, and no update lost when changes race."""

from __future__ import annotations

import asyncio

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.access import Act, NotYourCharacterError
from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.model import MAX_PER_USER
from nazh.application.characters.service import (
    CharacterConflictError,
    CharacterNotFoundError,
    Characters,
    Why,
)
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.character import Attribute, Character, CharacterError, Kind, Resource, Weapon
from nazh.domain.errors import LimitError
from tests.app_fakes import FakeClock, MemoryStore
from tests.character_fakes import FakeCharacterStore

SERVER = 500
PLAYER = Member(1, SERVER)
GM = Member(2, SERVER, manages_guild=True)
OTHER = Member(3, SERVER)


def characters(store: FakeCharacterStore | None = None) -> tuple[Characters, FakeCharacterStore]:
    kept = store or FakeCharacterStore()
    return Characters(kept, GuildSettings(MemoryStore(), FakeClock()), FakeClock(),
                      SeededRandomSource(7)), kept


async def test_the_first_character_becomes_active_and_is_found_without_a_name() -> None:
    table, _ = characters()
    made = await table.new(PLAYER, "Veyla Tarn", attributes={Attribute.WILLPOWER: 3})
    await table.new(PLAYER, "Second")
    found = await table.find(PLAYER, None)
    assert found.character_id == made.character_id
    assert found.sheet.focus.current == 5
    assert (await table.use(PLAYER, "second")).name == "Second"
    assert (await table.find(PLAYER, None)).name == "Second"


async def test_without_an_active_character_the_answer_says_how_to_get_one() -> None:
    table, _ = characters()
    with pytest.raises(CharacterNotFoundError) as raised:
        await table.find(PLAYER, None)
    assert raised.value.reason == "you have no active character here"
    assert raised.value.hint == ("make one with /character new, or choose one with "
                                 "/character use")


async def test_a_name_is_one_character_per_owner_and_the_limit_is_kept() -> None:
    table, _ = characters()
    await table.new(PLAYER, "Veyla")
    with pytest.raises(CharacterError, match="already have a character named 'VEYLA'"):
        await table.new(PLAYER, "VEYLA")
    await table.new(OTHER, "Veyla")
    for index in range(MAX_PER_USER - 1):
        await table.new(PLAYER, f"Spare {index}")
    with pytest.raises(LimitError) as raised:
        await table.new(PLAYER, "One too many")
    assert raised.value.reason.startswith("at most 20 characters per person in a server")


async def test_only_a_gm_keeps_adversaries_and_rolls_for_them() -> None:
    table, _ = characters()
    with pytest.raises(NotYourCharacterError, match="only a server's GMs keep adversaries"):
        await table.new(PLAYER, "Warden", Kind.ADVERSARY)
    warden = await table.new(GM, "Warden", Kind.ADVERSARY)
    assert (await table.find(GM, "warden", Act.ROLL)).character_id == warden.character_id
    with pytest.raises(CharacterNotFoundError):
        await table.find(PLAYER, "Warden", Act.ROLL)
    assert [r.name for r in await table.rollable(GM)] == ["Warden"]


async def test_an_unshared_sheet_is_unknown_to_others_and_a_shared_one_only_seen() -> None:
    table, _ = characters()
    veyla = await table.new(PLAYER, "Veyla")
    for door in (table.find(OTHER, "Veyla"), table.get(OTHER, veyla.character_id, Act.SEE)):
        with pytest.raises(CharacterNotFoundError):
            await door
    await table.share(PLAYER, "Veyla", True)
    assert (await table.find(OTHER, "Veyla")).shared
    with pytest.raises(NotYourCharacterError):
        await SheetEdits(table).adjust(OTHER, veyla.character_id, Resource.HEALTH, -1)
    gm_changed = await SheetEdits(table).adjust(GM, veyla.character_id, Resource.HEALTH, -1)
    assert gm_changed.changes == (("health", "10", "9"),)


async def test_a_character_of_another_server_is_answered_as_unknown() -> None:
    table, _ = characters()
    veyla = await table.new(PLAYER, "Veyla")
    with pytest.raises(CharacterNotFoundError):
        await table.get(Member(1, SERVER + 1), veyla.character_id, Act.SEE)


async def test_every_change_is_audited_with_who_what_old_new_and_why() -> None:
    table, _ = characters()
    veyla = await table.new(PLAYER, "Veyla")
    await SheetEdits(table).set(PLAYER, None, "insight", "2")
    await SheetEdits(table).adjust(PLAYER, veyla.character_id, Resource.FOCUS, -1, reason="a graze")
    entries = await table.audit(await table.find(PLAYER, None))
    assert [(e.user_id, e.field, e.old, e.new, e.reason) for e in entries] == [
        (1, "focus", "2", "1", "a graze"),
        (1, "skill insight", "Awareness 0", "Awareness 2", None),
        (1, "created", "", "Veyla", None),
    ]


async def test_a_change_with_a_key_is_kept_once_and_names_whose_it_is() -> None:
    table, store = characters()
    veyla = await table.new(PLAYER, "Veyla")
    def spent(sheet: Character) -> Character:
        return sheet.changed(Resource.FOCUS, -1)[0]
    first = await table.change(GM, veyla.character_id, spent, Why("roll r1", "k:r1", by=1))
    again = await table.change(GM, veyla.character_id, spent, Why("roll r1", "k:r1", by=1))
    assert (first.changes, again.changes) == ((("focus", "2", "1"),), ())
    assert store.records[veyla.character_id].sheet.focus.current == 1
    assert [(e.user_id, e.reason) for e in store.entries][-1] == (1, "roll r1")


async def test_a_long_rest_fills_health_and_focus() -> None:
    table, store = characters()
    veyla = await table.new(PLAYER, "Veyla")
    await SheetEdits(table).adjust(PLAYER, veyla.character_id, Resource.HEALTH, -5)
    await SheetEdits(table).rest_long(PLAYER, None)
    assert store.records[veyla.character_id].sheet.health.current == 10


async def test_racing_changes_are_all_kept() -> None:
    table, store = characters(FakeCharacterStore(yielding=True))
    veyla = await table.new(PLAYER, "Veyla")
    await asyncio.gather(*(SheetEdits(table).adjust(PLAYER, veyla.character_id, Resource.HEALTH, -1)
                           for _ in range(4)))
    assert store.records[veyla.character_id].sheet.health.current == 6
    assert store.refused > 0


async def test_a_change_that_keeps_losing_gives_up_with_a_clear_message() -> None:
    class Losing(FakeCharacterStore):
        async def update(self, *args: object, **kwargs: object) -> bool:
            return False

    table, _ = characters(Losing())
    veyla = await table.new(PLAYER, "Veyla")
    with pytest.raises(CharacterConflictError):
        await table.change(PLAYER, veyla.character_id, lambda s: s.changed(
            Resource.HEALTH, -1)[0], Why("test"))


async def test_weapons_and_skills_are_added_changed_and_removed() -> None:
    table, store = characters()
    veyla = await table.new(PLAYER, "Veyla")
    await SheetEdits(table).train(PLAYER, None, "Adhesion", Attribute.PRESENCE, 1)
    await SheetEdits(table).arm(PLAYER, None, Weapon("Spear", "Heavy Weaponry", "1d8", "keen"))
    sheet = store.records[veyla.character_id].sheet
    assert sheet.weapon("spear").skill == "heavy-weaponry"
    assert sheet.skill("adhesion").ranks == 1
    with pytest.raises(CharacterError, match="Insight is a standard skill"):
        await SheetEdits(table).forget(PLAYER, None, "insight")
    await SheetEdits(table).forget(PLAYER, None, "adhesion")
    await SheetEdits(table).disarm(PLAYER, None, "SPEAR")
    sheet = store.records[veyla.character_id].sheet
    assert sheet.weapons == ()
    assert [s.key for s in sheet.skills if not s.standard] == []


async def test_import_is_all_or_nothing() -> None:
    table, store = characters()
    await table.new(PLAYER, "Veyla")
    with pytest.raises(CharacterError):
        await table.keep(PLAYER, [Character.new("Kal"), Character.new("veyla")])
    assert [r.name for r in store.records.values()] == ["Veyla"]


async def test_a_deleted_character_is_gone_for_everyone() -> None:
    table, _ = characters()
    await table.new(PLAYER, "Veyla")
    with pytest.raises(NotYourCharacterError):
        await _shared_then_delete(table)
    await table.delete(PLAYER, "Veyla")
    with pytest.raises(CharacterNotFoundError):
        await table.find(PLAYER, None)


async def _shared_then_delete(table: Characters) -> None:
    await table.share(PLAYER, "Veyla", True)
    await table.delete(OTHER, "Veyla")


async def test_a_rename_to_a_name_the_owner_has_is_refused() -> None:
    table, store = characters()
    await table.new(PLAYER, "Veyla")
    second = await table.new(PLAYER, "Kal")
    with pytest.raises(CharacterError) as raised:
        await SheetEdits(table).set(PLAYER, "Kal", "name", "VEYLA")
    assert raised.value.reason == "its owner already has a character named 'VEYLA' here"
    assert store.records[second.character_id].name == "Kal"

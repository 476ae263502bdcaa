"""Characters outside servers (DMs, group DMs, servers where Nazh is only user-installed): each
user's own. Two users there never see, list, autocomplete or find each other's characters
(shared or not), each has their own 20, a crowd of others never refuses anyone, and nothing is
shared where there is no table."""

from __future__ import annotations

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.access import Act
from nazh.application.characters.model import MAX_PER_SERVER, MAX_PER_USER, CharacterRecord
from nazh.application.characters.scopes import NoTableError, own_scope
from nazh.application.characters.service import CharacterNotFoundError, Characters
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.character import Character
from nazh.domain.errors import LimitError
from tests.app_fakes import FakeClock, MemoryStore
from tests.application.characters.kit import ALICE, BOB, SERVER
from tests.character_fakes import FakeCharacterStore


def characters(store: FakeCharacterStore | None = None) -> tuple[Characters, FakeCharacterStore]:
    kept = store or FakeCharacterStore()
    return Characters(kept, GuildSettings(MemoryStore(), FakeClock()), FakeClock(),
                      SeededRandomSource(7)), kept


def shared_of(member: Member, character_id: str, name: str) -> CharacterRecord:
    """A shared sheet in the member's own scope (as a row kept before sharing was refused
    there could be)."""
    return CharacterRecord(character_id, own_scope(member.user_id), member.user_id,
                           Character.new(name), shared=True)


async def test_two_users_outside_servers_never_see_each_others_characters() -> None:
    table, _ = characters(FakeCharacterStore(shared_of(ALICE, "alicelegac", "Lift")))
    veyla = await table.new(ALICE, "Veyla Tarn")
    lopen = await table.new(BOB, "Lopen")
    assert [r.name for r in await table.visible(ALICE)] == ["Lift", "Veyla Tarn"]
    assert [r.name for r in await table.visible(BOB)] == ["Lopen"]
    assert [r.name for r in await table.rollable(BOB)] == ["Lopen"]
    for name in ("Veyla Tarn", "Lift"):
        with pytest.raises(CharacterNotFoundError):
            await table.find(BOB, name)
    for character_id in (veyla.character_id, "alicelegac"):
        with pytest.raises(CharacterNotFoundError):
            await table.get(BOB, character_id, Act.SEE)
    with pytest.raises(CharacterNotFoundError):
        await table.get(ALICE, lopen.character_id, Act.SEE)


async def test_each_user_has_an_active_character_of_their_own_outside_servers() -> None:
    table, _ = characters()
    veyla = await table.new(ALICE, "Veyla Tarn")
    with pytest.raises(CharacterNotFoundError):
        await table.find(BOB, None)
    with pytest.raises(CharacterNotFoundError):
        await table.use(BOB, "Veyla Tarn")
    lopen = await table.new(BOB, "Veyla Tarn")  # the same name: another user's own
    assert (await table.find(ALICE, None)).character_id == veyla.character_id
    assert (await table.find(BOB, None)).character_id == lopen.character_id
    assert await table.active_id(BOB) == lopen.character_id


async def test_characters_outside_servers_are_not_in_a_server_nor_the_other_way() -> None:
    table, _ = characters()
    outside = await table.new(ALICE, "Veyla Tarn")
    inside = await table.new(Member(ALICE.user_id, SERVER), "Shallan")
    with pytest.raises(CharacterNotFoundError):
        await table.get(Member(ALICE.user_id, SERVER), outside.character_id, Act.SEE)
    with pytest.raises(CharacterNotFoundError):
        await table.get(ALICE, inside.character_id, Act.SEE)
    assert [r.name for r in await table.visible(ALICE)] == ["Veyla Tarn"]


async def test_outside_servers_each_user_has_their_own_twenty() -> None:
    table, _ = characters()
    for index in range(MAX_PER_USER):
        await table.new(ALICE, f"Hero {index}")
    with pytest.raises(LimitError) as raised:
        await table.new(ALICE, "One too many")
    assert raised.value.reason == ("at most 20 characters of your own outside servers "
                                   "(you have 20 here, this adds 1)")
    assert raised.value.hint == "delete one with /character delete first"
    assert (await table.new(BOB, "Hero 0")).owner_id == BOB.user_id


async def test_a_crowd_of_characters_outside_servers_refuses_no_newcomer() -> None:
    crowd = [CharacterRecord(f"c{n:09d}", own_scope(n + 1), n + 1, Character.new("Hero"))
             for n in range(MAX_PER_SERVER)]
    table, store = characters(FakeCharacterStore(*crowd))
    made = await table.new(ALICE, "Veyla Tarn")
    assert len(store.records) == MAX_PER_SERVER + 1
    assert [r.character_id for r in await table.visible(ALICE)] == [made.character_id]


async def test_nothing_is_shared_outside_a_server() -> None:
    table, store = characters()
    with pytest.raises(NoTableError) as raised:
        await table.new(ALICE, "Veyla Tarn", shared=True)
    assert raised.value.reason == ("outside a server a sheet is yours alone: there is no "
                                   "table to share it with")
    assert store.records == {}
    with pytest.raises(NoTableError):
        await table.keep(ALICE, [Character.new("Lift")], shared=True)
    veyla = await table.new(ALICE, "Veyla Tarn")
    with pytest.raises(NoTableError):
        await table.share(ALICE, "Veyla Tarn", True)
    assert not store.records[veyla.character_id].shared
    assert not (await table.share(ALICE, "Veyla Tarn", False)).shared


async def test_a_sheet_shared_before_is_unshared_outside_servers_by_its_owner() -> None:
    table, store = characters(FakeCharacterStore(shared_of(ALICE, "alicelegac", "Lift")))
    assert not (await table.share(ALICE, "Lift", False)).shared
    assert not store.records["alicelegac"].shared


async def test_sharing_in_a_server_still_shows_the_table() -> None:
    table, _ = characters()
    owner, other = Member(ALICE.user_id, SERVER), Member(BOB.user_id, SERVER)
    await table.new(owner, "Veyla Tarn", shared=True)
    assert (await table.find(other, "Veyla Tarn")).shared

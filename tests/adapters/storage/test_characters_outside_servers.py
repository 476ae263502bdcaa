"""Characters outside servers in SQL (SQLite and PostgreSQL): each user's own, seen, counted
and limited apart from everyone else's, also on two replicas at once; and migration 0009, which
moves the characters kept together at scope 0 to each owner's own scope."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from alembic import command
from sqlalchemy import Connection, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.character_sheet import sheet_document
from nazh.adapters.storage.characters import SqlCharacterStore
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.migrations import alembic_config, head_revision, upgrade_database
from nazh.adapters.storage.tables import active_characters, characters
from nazh.application.characters.model import MAX_PER_USER
from nazh.application.characters.scopes import own_scope
from nazh.application.characters.service import Characters
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.character import Character
from nazh.domain.errors import LimitError
from tests.app_fakes import T0, FakeClock

GUILD = 900
ALICE, BOB = 761111111111111111, 761111111111111112


def table(engine: AsyncEngine) -> Characters:
    clock = FakeClock()
    return Characters(SqlCharacterStore(engine, clock),
                      GuildSettings(SqlGuildSettingsStore(engine, clock), clock), clock,
                      SystemRandomSource())


@pytest.fixture
async def replica(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A second engine on the (migrated) database: another process of the bot."""
    other = create_engine(database_url)
    yield other
    await other.dispose()


async def test_two_users_outside_servers_see_only_their_own(engine: AsyncEngine) -> None:
    alice, bob = Member(ALICE, None), Member(BOB, None)
    made = await table(engine).new(alice, "Veyla Tarn")
    await table(engine).new(bob, "Lopen")
    assert made.scope == own_scope(ALICE)
    assert [r.name for r in await table(engine).visible(alice)] == ["Veyla Tarn"]
    assert [r.name for r in await table(engine).visible(bob)] == ["Lopen"]
    assert [r.name for r in await table(engine).visible(Member(ALICE, GUILD))] == []


async def test_outside_servers_each_user_has_their_own_twenty(engine: AsyncEngine) -> None:
    alice, bob = Member(ALICE, None), Member(BOB, None)
    for n in range(MAX_PER_USER):
        await table(engine).new(alice, f"Hero {n}")
    with pytest.raises(LimitError) as refused:
        await table(engine).new(alice, "One too many")
    assert refused.value.reason == ("at most 20 characters of your own outside servers "
                                    "(you have 20 here, this adds 1)")
    assert (await table(engine).new(bob, "Hero 0")).owner_id == BOB


async def test_three_hundred_characters_of_others_outside_servers_refuse_no_one(
        engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(characters), [row(f"o{n:09d}", own_scope(n + 1), n + 1,
                                                          "Hero") for n in range(300)])
    made = await table(engine).new(Member(ALICE, None), "Veyla Tarn")
    assert [r.name for r in await table(engine).visible(Member(ALICE, None))] == [made.name]


async def test_one_user_creating_on_two_replicas_at_once_keeps_twenty(
        engine: AsyncEngine, replica: AsyncEngine) -> None:
    alice = Member(ALICE, None)
    outcomes = await asyncio.gather(*(table((engine, replica)[n % 2]).new(alice, f"Hero {n}")
                                      for n in range(MAX_PER_USER + 4)),
                                    return_exceptions=True)
    assert sum(isinstance(o, LimitError) for o in outcomes) == 4
    assert len(await table(engine).visible(alice)) == MAX_PER_USER


# -- migration 0009 -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kept:
    """A row of ``characters`` as the test reads it back."""

    character_id: str
    scope: int
    owner_id: int
    shared: bool


def row(character_id: str, scope: int, owner_id: int, name: str,
        shared: bool = False) -> dict[str, object]:
    sheet = Character.new(name)
    return {"character_id": character_id, "scope": scope, "owner_id": owner_id, "name": name,
            "name_key": name.casefold(), "kind": sheet.kind.value, "shared": shared,
            "version": 1, "sheet": sheet_document(sheet), "created_at": T0, "updated_at": T0}


async def kept(engine: AsyncEngine) -> tuple[list[Kept], list[tuple[int, int, str]]]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(characters).order_by(
            characters.c.character_id))).all()
        actives = (await connection.execute(select(active_characters).order_by(
            active_characters.c.character_id))).all()
    return ([Kept(str(r.character_id), int(r.scope), int(r.owner_id), bool(r.shared))
             for r in rows],
            [(int(a.scope), int(a.user_id), str(a.character_id)) for a in actives])


async def at_0008_with_characters(database_url: str) -> AsyncEngine:
    """A database at 0008 with Alice's and Bob's characters made outside servers (both
    named Kaladin, Alice's shared) and one of Alice's in a server, each active."""
    engine = create_engine(database_url)
    assert await upgrade_database(engine, "0008") == "0008"
    async with engine.begin() as connection:
        await connection.execute(insert(characters), [
            row("alice0001", 0, ALICE, "Kaladin", shared=True),
            row("bob000001", 0, BOB, "Kaladin"),
            row("server001", GUILD, ALICE, "Shallan", shared=True)])
        await connection.execute(insert(active_characters), [
            {"scope": 0, "user_id": ALICE, "character_id": "alice0001"},
            {"scope": 0, "user_id": BOB, "character_id": "bob000001"},
            {"scope": GUILD, "user_id": ALICE, "character_id": "server001"}])
    return engine


async def test_migration_0009_makes_each_character_outside_servers_its_owners_own(
        database_url: str) -> None:
    engine = await at_0008_with_characters(database_url)
    try:
        assert await upgrade_database(engine) == head_revision()
        assert await kept(engine) == (
            [Kept("alice0001", -ALICE, ALICE, False), Kept("bob000001", -BOB, BOB, False),
             Kept("server001", GUILD, ALICE, True)],
            [(-ALICE, ALICE, "alice0001"), (-BOB, BOB, "bob000001"),
             (GUILD, ALICE, "server001")])
        alice, bob = Member(ALICE, None), Member(BOB, None)
        assert [r.character_id for r in await table(engine).visible(alice)] == ["alice0001"]
        assert [r.character_id for r in await table(engine).visible(bob)] == ["bob000001"]
        assert (await table(engine).find(bob, None)).character_id == "bob000001"
        assert (await table(engine).find(alice, None)).character_id == "alice0001"
    finally:
        await engine.dispose()


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_migration_0009_downgrades_to_scope_0_unshared(database_url: str) -> None:
    engine = await at_0008_with_characters(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade, "0008")
        assert await kept(engine) == (
            [Kept("alice0001", 0, ALICE, False), Kept("bob000001", 0, BOB, False),
             Kept("server001", GUILD, ALICE, True)],
            [(0, ALICE, "alice0001"), (0, BOB, "bob000001"), (GUILD, ALICE, "server001")])
    finally:
        await engine.dispose()

"""Private rolls stay private and every check is scoped to its guild: forged custom ids of every
kind, for another user's private roll and for another guild's roll, are refused without showing
anything of the roll; ``/verify`` answers only in the roll's own guild."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.log.history import history_control
from nazh.adapters.discord.rolls.builder import builder_control
from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.application.rolls.builder import BuilderAction, BuilderState
from tests.e2e.fake_discord import (
    DEFAULT_USER_ID,
    FakeDiscord,
    JsonObject,
    component_click,
    make_user,
    modal_submit,
    slash_command,
)
from tests.e2e.harness import NazhUnderTest, embed_of

FORGER = make_user("999999999999999999", "forger")
OTHER_GUILD = "323456789012345670"
EPHEMERAL = 1 << 6
SECRET_LABEL = "Secret plan"


def roll_id_of(body: JsonObject) -> str:
    """The roll id in a result's footer (``... · roll k3v9x0q2md``)."""
    return str(embed_of(body)["footer"]["text"].rsplit("roll ", 1)[1])


async def private_roll(nazh: NazhUnderTest, pool: str) -> str:
    nazh.dice.script(20, 13).script(6, 2, 5)
    _, body = await nazh.slash(pool=pool, private=True, label=SECRET_LABEL, dc=17)
    assert body["data"]["flags"] & EPHEMERAL
    return roll_id_of(body)


async def public_roll(nazh: NazhUnderTest, pool: str) -> str:
    nazh.dice.script(20, 13).script(6, 2, 5)
    _, body = await nazh.slash(pool=pool, label=SECRET_LABEL, dc=17)
    return roll_id_of(body)


async def press(fake: FakeDiscord, custom_id: str, *, user: JsonObject | None = None,
                guild_id: str | None = None) -> JsonObject:
    """Click a component with a forged custom id (no message of the bot holds it)."""
    click = component_click(custom_id, user=user, guild_id=guild_id or
                            fake.guild_ids[0], application_id=str(fake.application_id))
    await fake.dispatch("INTERACTION_CREATE", click)
    return await fake.wait_for_interaction_response(click)


def assert_refused_without_a_leak(body: JsonObject) -> None:
    assert body["type"] == 4, body  # an answer, not a modal and not an update of a message
    assert body["data"]["flags"] & EPHEMERAL
    text = str(body["data"])
    assert SECRET_LABEL not in text
    assert "1d20" not in text
    assert "DC 17" not in text


@pytest.mark.parametrize("action", [RollAction.ADD_PLOT, RollAction.COPY, RollAction.KEEP_FACE])
async def test_a_forged_roll_control_for_another_users_private_roll_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, action: RollAction) -> None:
    roll_id = await private_roll(nazh, "1d20" if action is RollAction.ADD_PLOT else "1d20, ap")
    body = await press(fake_discord, roll_control(action, roll_id), user=FORGER)
    assert_refused_without_a_leak(body)
    assert "no longer available" in body["data"]["content"]


@pytest.mark.parametrize("action", [RollAction.ADD_PLOT, RollAction.COPY, RollAction.KEEP_FACE])
async def test_a_forged_roll_control_for_another_guilds_roll_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, action: RollAction) -> None:
    roll_id = await public_roll(nazh, "1d20" if action is RollAction.ADD_PLOT else "1d20, ap")
    roller = make_user(DEFAULT_USER_ID, "tester")  # even the roller, from another guild
    body = await press(fake_discord, roll_control(action, roll_id), user=roller,
                       guild_id=OTHER_GUILD)
    assert_refused_without_a_leak(body)


@pytest.mark.parametrize("where", ["private roll of another user", "roll of another guild"])
async def test_a_forged_copy_form_takes_nothing_from_a_roll_it_may_not_see(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, where: str) -> None:
    private = where.startswith("private")
    roll_id = await (private_roll(nazh, "1d20") if private else public_roll(nazh, "1d20"))
    submit = modal_submit(roll_control(RollAction.MODAL, roll_id), {"pool": "2d6"},
                          user=FORGER, guild_id=fake_discord.guild_ids[0] if private
                          else OTHER_GUILD, application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", submit)
    body = await fake_discord.wait_for_interaction_response(submit)
    embed = embed_of(body)
    assert "title" not in embed  # a new public plain roll of the forger's own pool
    assert "`2d6`" in embed["description"]
    assert SECRET_LABEL not in str(body)
    assert "DC 17" not in embed["description"]


async def test_a_forged_builder_control_of_another_user_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    owner = int(DEFAULT_USER_ID)
    for action in (BuilderAction.DICE_PLUS, None):
        body = await press(fake_discord, builder_control(action, owner, BuilderState()),
                           user=FORGER)
        assert body["type"] == 4
        assert body["data"]["flags"] & EPHEMERAL
        assert "only the person who opened this builder" in body["data"]["content"]


async def test_a_forged_history_page_never_lists_another_users_private_rolls(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    private_id = await private_roll(nazh, "1d20")
    public_id = await public_roll(nazh, "1d20")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    history = slash_command("history", user=FORGER)
    await fake_discord.dispatch("INTERACTION_CREATE", history)
    await fake_discord.wait_for_interaction_response(history)
    message = fake_discord.original_message(history)
    click = component_click(history_control(int(DEFAULT_USER_ID), 10, 0), message=message,
                            user=FORGER, guild_id=fake_discord.guild_ids[0],
                            application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", click)
    page = await fake_discord.wait_for_interaction_response(click)
    # the page names rolls by their lines; its Verify select carries their ids
    listed = str(page["data"].get("components"))
    assert public_id in listed
    assert private_id not in listed
    assert len(embed_of(page)["description"].splitlines()) == 1


async def test_verify_answers_only_in_the_rolls_own_guild(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    roll_id = await public_roll(nazh, "1d20")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    here = slash_command("verify", {"roll_id": roll_id})
    await fake_discord.dispatch("INTERACTION_CREATE", here)
    assert roll_id in embed_of(await fake_discord.wait_for_interaction_response(here))["title"]
    elsewhere = slash_command("verify", {"roll_id": roll_id}, guild_id=OTHER_GUILD,
                              command_guild_id=fake_discord.guild_ids[0])
    await fake_discord.dispatch("INTERACTION_CREATE", elsewhere)
    body = await fake_discord.wait_for_interaction_response(elsewhere)
    assert_refused_without_a_leak(body)
    assert f"no roll '{roll_id}' in the log" in body["data"]["content"]

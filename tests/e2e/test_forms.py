"""Forms of Discord's current modal components end to end, on both transports: the GM panel's
condition with its value and duration (a select in a Label, text inputs, a checkbox), and
``/character import`` by File Upload (the file read from the submit's resolved attachments; a
character sheet, or an adversary's stat block a GM's alone), each bad answer a specific
refusal; the fake checks every modal against the spec and submits it as Discord does."""

from __future__ import annotations

import copy

import pytest

from nazh.adapters.discord.characters.import_form import FILE_INPUT, SHARED_INPUT
from nazh.adapters.discord.encounters.condition_form import (
    CONDITION_INPUT,
    ROUNDS_INPUT,
    UNTIL_INPUT,
    VALUE_INPUT,
)
from nazh.adapters.discord.encounters.health_form import (
    AMOUNT_INPUT,
    OTHERS_INPUT,
    PIERCE_INPUT,
    TYPE_INPUT,
)
from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id
from tests.e2e.encounter_kit import (
    card_with_lines,
    command,
    panel,
    refused,
    said,
    set_up_fight,
)
from tests.e2e.fake_discord import form_submit
from tests.e2e.fake_discord.forms import Answer, fields
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.import_kit import FIXTURES, OWNER
from tests.e2e.roll_kit import GM, PLAYER

MODAL = 9
LABEL = 18
CHECKBOX_GROUP = 22
EPHEMERAL = 1 << 6
WHO = "Condition, value and duration"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def submitted(nazh: NazhUnderTest, form: JsonObject, answers: dict[str, Answer],
                    user: JsonObject, message: JsonObject | None = None) -> JsonObject:
    """``form`` filled in with ``answers`` by ``user``, as Discord submits it; the bot's answer."""
    async def sent() -> JsonObject:
        submit = form_submit(form, answers, user=user, message=message,
                             application_id=str(nazh.fake.application_id))
        await nazh.fake.dispatch("INTERACTION_CREATE", submit)
        return submit

    _, answer = await nazh.asked(sent)
    return answer


async def test_the_gm_panel_gives_a_condition_with_its_value_and_duration(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    gm = await panel(nazh, GM, "GM")
    who = card_custom_id(gm, WHO)
    _, form = await nazh.click(who, ["Szeth"], user=GM)
    assert form["type"] == MODAL
    assert form["data"]["title"] == "Condition on Szeth"
    labels = [c["label"] for c in form["data"]["components"] if c["type"] == LABEL]
    assert labels == ["Condition", "Value", "Rounds", "Until the end of its next turn"]
    [select] = [f for f in fields(form["data"]) if f["custom_id"] == CONDITION_INPUT]
    offered = [option["value"] for option in select["options"]]
    assert offered == ["afflicted", "determined", "disoriented", "empowered", "exhausted",
                       "focused", "immobilized", "prone", "restrained", "slowed", "stunned",
                       "surprised", "unconscious"]  # Enhanced needs an attribute: the command
    on = copy.deepcopy(nazh.fake.message_with_component(who))

    async def give(answers: dict[str, Answer], user: JsonObject = GM) -> JsonObject:
        return await submitted(nazh, form, answers, user, on)

    assert said(await give({CONDITION_INPUT: ["exhausted"], VALUE_INPUT: "2",
                            ROUNDS_INPUT: "3"})) == "**Szeth** is now Exhausted -2."
    assert said(await give({CONDITION_INPUT: ["slowed"], UNTIL_INPUT: True})) == (
        "**Szeth** is now Slowed.")
    assert said(await give({CONDITION_INPUT: ["afflicted"]})) == "**Szeth** is now Afflicted 1."
    await card_with_lines(nazh.fake, "⏳ **Szeth** · fast & slow · reaction ✓ · Healthy · "
                          "Exhausted -2 (3 rounds), Slowed (until end of next turn), Afflicted 1")
    assert refused(await give({CONDITION_INPUT: ["prone"], VALUE_INPUT: "2"})) == (
        "**Can't do that.** Prone has no value: leave Value empty")
    assert refused(await give({CONDITION_INPUT: ["prone"], ROUNDS_INPUT: "x9"})) == (
        "**Can't do that.** Rounds: type a whole number from 1 to 100")
    assert refused(await give({CONDITION_INPUT: ["prone"], ROUNDS_INPUT: "2",
                               UNTIL_INPUT: True})) == (
        "**Can't do that.** give rounds or tick until the end of its next turn, not both")
    assert refused(await give({CONDITION_INPUT: ["exhausted"], VALUE_INPUT: "0"})) == (
        "**Can't do that.** Value: type a whole number from 1 to 99")
    assert "only Szeth" in refused(await give({CONDITION_INPUT: ["prone"]}, PLAYER))
    _, asked = await nazh.click(who, ["Szeth"], user=PLAYER)  # the GM's select, forged
    assert refused(asked) == (
        "**Can't do that.** giving a condition from the GM panel is a GM's\n"
        "Hint: the GM panel is for the GMs")


async def test_the_gm_panel_deals_typed_damage_to_several_combatants_in_one_form(
        nazh: NazhUnderTest) -> None:
    """An area's damage (or healing) in one form: its type, Pierce, and a Checkbox Group of the
    other combatants still standing who take the same."""
    await set_up_fight(nazh)
    await command(nazh, "encounter add", GM, name="Shardbearer", health=20, deflect=3)
    gm = await panel(nazh, GM, "GM")
    target = card_custom_id(gm, "Damage or heal")
    _, form = await nazh.click(target, ["Bandit 1"], user=GM)
    assert form["type"] == MODAL
    labels = [c["label"] for c in form["data"]["components"] if c["type"] == LABEL]
    assert labels == ["Damage (6), or healing with a + (+6)", "Damage type", "Pierce", "Also to"]
    [group] = [f for f in fields(form["data"]) if f["custom_id"] == OTHERS_INPUT]
    assert group["type"] == CHECKBOX_GROUP
    assert [o["value"] for o in group["options"]] == [
        "Bandit 2", "Bandit 3", "Szeth", "Teft", "Kaladin", "Shallan", "Shardbearer"]
    [kinds] = [f for f in fields(form["data"]) if f["custom_id"] == TYPE_INPUT]
    assert [o["label"] for o in kinds["options"]] == ["Energy", "Impact", "Keen", "Spirit",
                                                      "Vital"]
    on = copy.deepcopy(nazh.fake.message_with_component(target))

    async def deal(answers: dict[str, Answer], user: JsonObject = GM) -> JsonObject:
        return await submitted(nazh, form, answers, user, on)

    assert said(await deal({AMOUNT_INPUT: "4", TYPE_INPUT: ["keen"],
                            OTHERS_INPUT: ["Bandit 2", "Shardbearer"]})) == "\n".join((
        "4 keen -> Bandit 1: 6 -> 2", "4 keen -> Bandit 2: 6 -> 2",
        "4 keen - 3 deflect = 1 -> Shardbearer: 20 -> 19"))
    assert said(await deal({AMOUNT_INPUT: "4", TYPE_INPUT: ["keen"], PIERCE_INPUT: True,
                            OTHERS_INPUT: ["Shardbearer"]})).endswith(
        "-> Shardbearer: 19 -> 15")
    await card_with_lines(nazh.fake, "⏳ **Shardbearer** · slow · reaction ✓ · Injured")
    assert said(await deal({AMOUNT_INPUT: "+2", OTHERS_INPUT: ["Shardbearer"]})) == "\n".join((
        "**Bandit 1** recovers 2 health: 2/6.", "**Shardbearer** recovers 2 health: 17/20."))
    assert refused(await deal({AMOUNT_INPUT: "+2", TYPE_INPUT: ["vital"]})) == (
        "**Can't do that.** healing has no damage type nor Pierce: leave them empty")
    assert refused(await deal({AMOUNT_INPUT: "lots"})) == (
        "**Can't do that.** type an amount from 1 to 9999: 6 deals 6 damage, +6 heals 6")
    assert "only" in refused(await deal({AMOUNT_INPUT: "5"}, PLAYER))
    # Bandit 2 defeated since the form opened: nothing is dealt to anyone
    await command(nazh, "encounter damage", GM, combatant="Bandit 2", amount=6)
    assert refused(await deal({AMOUNT_INPUT: "3", OTHERS_INPUT: ["Bandit 2", "Shardbearer"]})) == (
        "**Can't do that.** Bandit 2 is defeated: untick it")
    await card_with_lines(nazh.fake, "⏳ **Shardbearer** · slow · reaction ✓ · Injured")


def actor() -> bytes:
    return (FIXTURES / "veyla-tarn.json").read_bytes()


async def test_character_import_by_file_upload_and_its_refusals(nazh: NazhUnderTest) -> None:
    _, form = await nazh.slash("character import", _user=OWNER)
    assert form["type"] == MODAL
    assert form["data"]["title"] == "Import characters"
    [upload, shared] = list(fields(form["data"]))
    assert (upload["type"], shared["type"]) == (19, 23)

    async def sent(data: bytes, filename: str, content_type: str = "application/json", *,
                   shared: bool = False) -> JsonObject:
        attachment = nazh.fake.attachment(data, filename, content_type)
        return await submitted(nazh, form, {FILE_INPUT: [attachment], SHARED_INPUT: shared},
                               OWNER)

    assert refused(await sent(b"", "empty.json")) == (
        '**Can\'t do that.** file "empty.json" is empty')
    assert refused(await sent(b"\x89PNG", "portrait.png", "image/png")) == (
        "**Can't do that.** file \"portrait.png\" is not a JSON file\nHint: attach the .json "
        "file /character export wrote, or a Foundry VTT actor's export")
    too_large = await sent(b"{" + b" " * (1024 * 1024) + b"}", "huge.json")
    assert refused(too_large) == ("**Can't do that.** file \"huge.json\" (1025 KiB) is over the "
                                  "1024 KiB limit\nHint: export fewer characters at once")
    answer = await sent(actor(), "veyla.json", shared=True)
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "Imported 1 character from a Foundry VTT export."
    _, listed = await nazh.slash("character list", _user=OWNER)
    assert "Veyla Tarn" in str(embed_of(listed)["description"])
    _, shown = await nazh.slash("character show", _user=PLAYER, name="Veyla Tarn")
    assert not shown["data"].get("flags", 0) & EPHEMERAL  # shared: the table sees it
    with pytest.raises(ValueError, match="0 value"):  # Discord's client sends no empty upload
        form_submit(form, {}, user=OWNER, application_id=str(nazh.fake.application_id))


async def test_an_adversarys_stat_block_is_imported_by_the_form_a_gms_alone(
        nazh: NazhUnderTest) -> None:
    stat_block = (FIXTURES / "cinder-reaver.json").read_bytes()

    async def imported_by(user: JsonObject) -> JsonObject:
        _, form = await nazh.slash("character import", _user=user)
        attachment = nazh.fake.attachment(stat_block, "cinder-reaver.json")
        return await submitted(nazh, form, {FILE_INPUT: [attachment]}, user)

    refused_to_player = await imported_by(PLAYER)
    assert refused(refused_to_player) == (
        "**Can't do that.** only a server's GMs keep adversaries\n"
        "Hint: make a player character (kind:character)")
    answer = await imported_by(GM)
    assert answer["data"]["content"] == "Imported 1 character from a Foundry VTT export."
    _, shown = await nazh.slash("character show", _user=GM, name="Cinder Reaver")
    sheet = str(embed_of(shown)["description"]).split("\n")
    assert sheet[1] == "Tier 3 boss adversary · only its owner and the GMs see it"
    assert sheet[2].startswith("**Health** 60/60")

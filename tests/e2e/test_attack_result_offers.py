"""What an attack's result offers as its encounter stands, end to end on both transports
(scripted dice): a minion's attack offers no critical hit (neither the button nor the
Opportunity's choice; a forged click is refused); the Injury button stays on every redraw of the
attack that felled its target until the injury is rolled, by its owner or a GM (anyone else is
refused), counted on the sheet once, and the result is drawn again without it; a change to the
roll after its damage landed says the damage stays and how a GM takes it back."""

from __future__ import annotations

import json

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, refused
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import (
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    pressed_from_a_stale_copy,
    redrawn,
    roll_id_of,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


def labels(message: JsonObject) -> list[str]:
    """The labels of a message's buttons and of its selects' options."""
    found: list[str] = []
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            found.append(str(component.get("label", "")))
            found += [str(option["label"]) for option in component.get("options") or []]
    return found


async def kaladin_and_the_chasmfiend(nazh: NazhUnderTest, role: str = "rival") -> None:
    """Kaladin (12 health) in the GM's encounter, and the GM's Chasmfiend (Claws: 2d6 keen,
    Athletics +4) as a combatant of ``role``."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "character new", GM, name="Chasmfiend", kind="adversary", strength=4)
    await command(nazh, "character weapon", GM, name="Claws", skill="athletics", damage="2d6",
                  type="keen", character="Chasmfiend")
    await command(nazh, "encounter add", GM, character="Chasmfiend", role=role)


async def claws(nazh: NazhUnderTest) -> tuple[JsonObject, JsonObject]:
    """The Chasmfiend's attack on Kaladin: the interaction and its answer."""
    return await nazh.slash("attack", weapon="Claws", target="Kaladin", character="Chasmfiend",
                            _user=GM)


async def test_a_minion_s_attack_offers_no_critical_hit_and_a_forged_one_is_refused(
        nazh: NazhUnderTest) -> None:
    await kaladin_and_the_chasmfiend(nazh, "minion")
    nazh.dice.script(20, 20).script(6, 1, 1)  # a natural 20: an Opportunity
    interaction, hit = await claws(nazh)
    assert "To spend: 1 Opportunity" in description(hit)
    shown = labels(hit["data"])
    assert "Critical hit" not in shown
    assert "Recover 1 focus" in shown  # the Opportunity's other uses stay
    # a forged Critical hit button on the message is refused
    forged = f"nz1:crit:{roll_id_of(hit)}"
    stored = nazh.fake.state.messages[nazh.fake.original_message(interaction)["id"]]
    stored["components"][0]["components"][0]["custom_id"] = forged
    answer = await click(nazh, forged, GM)
    assert "Chasmfiend is a minion: a minion's attack is never a critical hit" in json.dumps(
        answer["data"])


async def test_a_rival_s_natural_20_offers_the_critical_hit(nazh: NazhUnderTest) -> None:
    await kaladin_and_the_chasmfiend(nazh, "rival")
    nazh.dice.script(20, 20).script(6, 1, 1)
    _, hit = await claws(nazh)
    assert labels(hit["data"]).count("Critical hit") == 2  # the button, and the choice


async def pressed_on_an_earlier_copy(nazh: NazhUnderTest, message_id: str, custom_id: str,
                                     user: JsonObject) -> JsonObject:
    """A press of ``custom_id`` as a client still showing an earlier drawing of the message
    ``message_id`` sends it (the button put back on the stored message)."""
    stored = nazh.fake.state.messages[message_id]
    stored["components"][0]["components"][0]["custom_id"] = custom_id
    return await click(nazh, custom_id, user)


async def test_the_injury_button_stays_on_the_attack_s_redraws_until_a_gm_rolls_it(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await kaladin_and_the_chasmfiend(nazh)
    nazh.dice.script(20, 15).script(6, 6, 6, 4)  # 16 keen fells Kaladin; the plot die: 4
    interaction, felled = await claws(nazh)
    assert "Kaladin falls Unconscious and takes an injury" in description(felled)
    assert "Injury" in labels(felled["data"])
    assert "Add Plot Die" not in labels(felled["data"])  # the damage landed: its dice settled
    await nazh.restart()  # what the button needs is kept in the database
    # the button pressed on a copy of the message drawn before the damage landed
    plotted = await pressed_on_an_earlier_copy(
        nazh, str(fake_discord.original_message(interaction)["id"]),
        roll_control(RollAction.ADD_PLOT, roll_id_of(felled)), GM)
    assert "`p` | [**4**]" in description(plotted)
    assert "Injury" in labels(plotted["data"])  # the redraw keeps it
    nazh.dice.script(20, 15).script(6, 1)
    injury = await click(nazh, custom_id_of(plotted["data"], "Injury"), GM)
    assert "✏️ Kaladin: injuries 0 → 1" in description(injury)
    assert str(embed_of(injury)["footer"]["text"]).startswith("Gm · ")
    attack = await redrawn(nazh, fake_discord.original_message(interaction)["id"])
    assert "Injury" not in labels(attack)  # drawn again without it
    assert "Copy Command" in labels(attack)


async def kaladin_felled(nazh: NazhUnderTest) -> tuple[str, str]:
    """Kaladin felled by the Chasmfiend's claws: the Injury button's custom id and the
    message's id."""
    await kaladin_and_the_chasmfiend(nazh)
    nazh.dice.script(20, 15, 15).script(6, 6, 6, 1)
    interaction, felled = await claws(nazh)
    return (custom_id_of(felled["data"], "Injury"),
            str(nazh.fake.original_message(interaction)["id"]))


@pytest.mark.parametrize("presser", [PLAYER, GM], ids=["owner", "gm"])
async def test_the_injury_is_rolled_by_its_owner_or_a_gm_and_counted_once(
        nazh: NazhUnderTest, presser: JsonObject) -> None:
    button, message_id = await kaladin_felled(nazh)
    answer = await click(nazh, button, presser)
    assert "✏️ Kaladin: injuries 0 → 1" in description(answer)
    assert "Injury" not in labels(await redrawn(nazh, message_id))
    for again in (PLAYER, GM):
        assert "Kaladin's injury from this attack is rolled already" in refused(
            await pressed_from_a_stale_copy(nazh, message_id, button, again))


async def test_another_player_pressing_injury_is_refused_and_nothing_is_counted(
        nazh: NazhUnderTest) -> None:
    button, _ = await kaladin_felled(nazh)
    answer = await click(nazh, button, ROLLER)
    assert "only Kaladin's player or a GM may roll Kaladin's injury" in refused(answer)
    # nothing was counted: Kaladin's player still rolls it, from 0 injuries
    assert "✏️ Kaladin: injuries 0 → 1" in description(await click(nazh, button, PLAYER))


async def test_a_change_after_the_damage_landed_says_the_damage_stays(
        nazh: NazhUnderTest) -> None:
    await kaladin_and_the_chasmfiend(nazh)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    await command(nazh, "encounter settings", GM, **{"show-health": True})
    await command(nazh, "encounter add", GM, name="Bandit", health=20, defense=12, deflect=2)
    nazh.dice.script(20, 15).script(8, 8, 1)  # 8 + 3 = 11 keen lands; advantage rolls a 1
    interaction, hit = await nazh.slash("attack", weapon="Spear", target="Bandit", _user=PLAYER)
    assert "hit: 11 keen - 2 deflect = 9 -> Bandit" in description(hit)
    stays = ("ℹ️ the roll changed after its damage landed: Bandit keeps the damage it took "
             "(landing is not redone); a GM takes it back with /encounter undo "
             "combatant:Bandit")
    assert stays not in description(hit)
    shown = labels(hit["data"])
    for settled in ("Add Plot Die", "Advantage", "Disadvantage"):  # the damage landed
        assert settled not in shown
    # Advantage pressed on a copy of the message drawn before the damage landed
    chooser = await pressed_on_an_earlier_copy(
        nazh, str(nazh.fake.original_message(interaction)["id"]),
        roll_control(RollAction.ADVANTAGE, roll_id_of(hit)), PLAYER)
    menu = chooser["data"]["components"][0]["components"][0]
    chosen = await click(nazh, menu["custom_id"], PLAYER, ["1.0"])
    assert stays not in description(chosen)  # a face still to choose
    kept = await click(nazh, buttons(chosen["data"])["Keep 1"]["custom_id"], PLAYER)
    assert stays in description(kept)
    await card_showing(nazh.fake, "Health 11/20")  # what landed stays


async def test_the_injury_button_stays_through_a_critical_hit_and_comes_at_a_reveal(
        nazh: NazhUnderTest) -> None:
    await kaladin_and_the_chasmfiend(nazh)
    nazh.dice.script(20, 20).script(6, 5, 5)  # 14 keen fells Kaladin; a natural 20
    _, felled = await claws(nazh)
    assert "Injury" in labels(felled["data"])
    critical = await click(nazh, buttons(felled["data"])["Critical hit"]["custom_id"], GM)
    assert "critical: 16 keen, less 14 already taken = 2 -> Kaladin" in description(critical)
    assert "Injury" in labels(critical["data"])
    nazh.dice.script(20, 12).script(6, 5, 5)  # a secret attack on him at 0
    _, secret = await nazh.slash("attack", weapon="Claws", target="Kaladin",
                                 character="Chasmfiend", visibility="gm", _user=GM)
    assert "Injury" not in labels(secret["data"])
    revealed = await click(nazh, custom_id_of(secret["data"], "Reveal"), GM)
    assert "Kaladin is at 0 health and takes an injury" in description(revealed)
    assert "Injury" in labels(revealed["data"])

"""An enemy reduced to 0 health is defeated, and the final blow may knock it out instead, end to
end on both transports: the attack's result offers Knock out instead to the attacker's player
and the GMs, once; the enemy is then Unconscious on the card, the table is told, and the
result's buttons are drawn again with its Injury button (part 7, Using Adversaries, Defeated
Adversaries: "When an adversary is reduced to 0 health, they are defeated ... the PC who deals
the final blow can choose for the NPC to fall Unconscious with an injury")."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, log_lines, refused
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import GM, PLAYER, ROLLER, pressed_anyway

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def labels(body: JsonObject) -> list[str]:
    return [str(button.get("label")) for row in body.get("components") or []
            for button in row.get("components") or []]


async def kaladin_strikes_down(nazh: NazhUnderTest, role: str = "rival"
                               ) -> tuple[JsonObject, JsonObject]:
    """Kaladin's Spear (1d8) hits the Bandit (health 6) for 8: the blow that defeats it."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8")
    await command(nazh, "character new", ROLLER, name="Shallan", intellect=3)
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter add", GM, name="Bandit", health=6, defense=12, role=role)
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "encounter join", ROLLER)
    nazh.dice.script(20, 15).script(8, 8)
    interaction, attacked = await nazh.slash("attack", weapon="Spear", target="Bandit",
                                             _user=PLAYER)
    assert "Bandit is defeated" in str(embed_of(attacked)["description"])
    return interaction, attacked


async def test_the_final_blow_knocks_a_defeated_enemy_out_instead_once(
        nazh: NazhUnderTest) -> None:
    interaction, attacked = await kaladin_strikes_down(nazh)
    assert "Knock out instead" in labels(attacked["data"])
    assert "Injury" not in labels(attacked["data"])
    await card_showing(nazh.fake, "**Bandit** · defeated")
    knock = custom_id_of(attacked["data"], "Knock out instead")
    result_id = str(nazh.fake.original_message(interaction)["id"])
    _, other = await nazh.click(knock, user=ROLLER)
    assert refused(other) == ("**Can't do that.** only Kaladin's player or a GM may knock out "
                              "what Kaladin's attack defeated")
    _, knocked = await nazh.click(knock, user=PLAYER)
    assert knocked["data"]["content"] == (
        "💫 **Kaladin** knocks **Bandit** out: Unconscious, not dead. Its injury: the Injury "
        "button on the attack.")
    await card_showing(nazh.fake, "Unconscious", absent=("defeated",))
    await nazh.fake.wait_for_request(
        lambda request: request.matches("PATCH", f"/messages/{result_id}$"))
    redrawn = nazh.fake.message(result_id)
    assert "Injury" in labels(redrawn)
    assert "Knock out instead" not in labels(redrawn)
    again = await pressed_anyway(nazh, knock, redrawn, user=GM)  # from an older copy
    assert str(again["data"]["content"]) == "**Bandit** is already knocked out."
    lines = await log_lines(nazh)
    assert any(line.endswith("Bandit was knocked out instead: Unconscious, not dead")
               for line in lines)


async def test_a_minion_is_defeated_with_no_knockout_offered(nazh: NazhUnderTest) -> None:
    _, attacked = await kaladin_strikes_down(nazh, role="minion")
    assert "Knock out instead" not in labels(attacked["data"])
    await card_showing(nazh.fake, "**Bandit** · defeated")

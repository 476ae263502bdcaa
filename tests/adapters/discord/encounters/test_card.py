"""The encounter's card as hikari builds it: its text displays are the presentation's texts, its
buttons' custom ids decode to their acts (Next with the moment shown, Spend action with the
version), a GM's view has no controls, and 30 crowded combatants stay within Discord's limits,
counted on the payloads that would be sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.encounters.card import (
    BETWEEN_ACCENT,
    ENDED_ACCENT,
    PHASE_ACCENTS,
    accent,
    card_components,
    choose_components,
    ended_components,
    moved_components,
    panel_components,
    target_components,
)
from nazh.adapters.discord.encounters.controls import (
    CODEC,
    GM_PANEL_KIND,
    TURN_PANEL_KIND,
    CardControl,
    ChooseControl,
    ConditionsControl,
    ConditionTargetControl,
    target_select,
    who_select,
)
from nazh.adapters.discord.runtime.controls import parts_of
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.turns import TurnAct
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter, open_encounter
from nazh.domain.encounter.flow import choose_speed, next_phase
from nazh.domain.encounter.roster import add_combatant, add_copies
from nazh.domain.encounter.summary import summarize
from nazh.domain.encounter.timing import PHASES, Moment, Phase, Speed
from nazh.presentation.chat import DiscordLimits, text_units
from nazh.presentation.encounter_card import card_view
from nazh.presentation.encounter_panels import gm_panel, turn_panel
from tests.e2e.fake_discord.message_rules import (
    CONTAINER,
    IS_COMPONENTS_V2,
    MAX_COMPONENTS,
    MAX_TEXT_DISPLAY_CHARS,
    TEXT_DISPLAY,
    broken_rules,
    walk,
)
from tests.e2e.fake_discord.spec import validate_request

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
ID = "k3v9x0q2md"
GM, PLAYER = 1, 2
BUTTON, STRING_SELECT = 2, 3


def payloads(components: list[hikari.api.ComponentBuilder]) -> list[JsonObject]:
    """The components as hikari sends them (through JSON, as on the wire)."""
    built: list[JsonObject] = json.loads(json.dumps([c.build()[0] for c in components]))
    return built


def texts(built: list[JsonObject]) -> list[str]:
    return [str(c["content"]) for c in walk(built) if c["type"] == TEXT_DISPLAY]


def controls(built: list[JsonObject]) -> list[JsonObject]:
    return [c for c in walk(built) if c["type"] in (BUTTON, STRING_SELECT)]


def decoded(custom_id: str) -> object:
    parts = parts_of(custom_id)
    assert parts is not None
    return CODEC.decode(parts)


def record_of(encounter: Encounter, version: int = 7) -> EncounterRecord:
    return EncounterRecord(ID, 500, 77, GM, encounter, NOW, NOW, version=version,
                           card_message_id=900)


def skirmish() -> EncounterRecord:
    """Kaladin's fast turn running in round 1; two bandits wait for theirs."""
    encounter = open_encounter("Skirmish at the chasm")
    kaladin = Combatant("Kaladin", Side.PLAYER, Role.RIVAL, PLAYER, 15, 15, focus=3)
    encounter = add_combatant(encounter, kaladin).encounter
    bandit = Combatant("Bandit", Side.ENEMY, Role.MINION, GM, 6, 6)
    encounter = add_copies(encounter, bandit, 2).encounter
    return record_of(choose_speed(encounter, "Kaladin", Speed.FAST).encounter)


def test_the_card_shows_the_presentations_texts_in_one_v2_container() -> None:
    record = skirmish()
    built = payloads(card_components(record, NOW))
    assert [c["type"] for c in built] == [CONTAINER]
    assert texts(built) == list(card_view(record, NOW).texts)
    assert texts(built)[0].split("\n")[0] == ("⚔️ **Skirmish at the chasm** — Round 1 · "
                                             "Fast players")
    assert broken_rules({"components": built, "flags": IS_COMPONENTS_V2}) == []
    assert validate_request("POST", "/channels/77/messages",
                            {"components": built, "flags": IS_COMPONENTS_V2}) == []


def test_the_cards_two_buttons_open_the_panels() -> None:
    buttons = {str(c["label"]): decoded(str(c["custom_id"]))
               for c in controls(payloads(card_components(skirmish(), NOW)))}
    assert buttons == {"My turn": CardControl(ID, "mine"), "GM": CardControl(ID, "gm")}


def gm_panel_of(record: EncounterRecord) -> list[JsonObject]:
    return payloads(panel_components(record, GM_PANEL_KIND, gm_panel(record)))


def test_the_panels_buttons_decode_to_their_acts_next_with_the_moment_and_spend_with_the_version(
        ) -> None:
    record = skirmish()
    buttons = {str(c["label"]): decoded(str(c["custom_id"]))
               for c in controls(gm_panel_of(record)) if c["type"] == BUTTON}
    gm = GM_PANEL_KIND
    assert buttons == {
        "Fast": CardControl(ID, "fast", panel=gm),
        "Slow": CardControl(ID, "slow", panel=gm),
        "Done: end the turn": CardControl(ID, "done", panel=gm),
        "Next phase": CardControl(ID, "next", moment=Moment(1, 0), panel=gm),
        "Spend an action": CardControl(ID, "action", version=7, panel=gm),
        "Spend the reaction": CardControl(ID, "reaction", panel=gm),
        "GM view": CardControl(ID, "gm-view", panel=gm),
        "Dodge": CardControl(ID, "dodge", panel=gm),
        "Aid": CardControl(ID, "aid", panel=gm),
        "Reactive strike": CardControl(ID, "strike", panel=gm),
        "Extra action": CardControl(ID, "extra", version=7, panel=gm),
        "Recover": CardControl(ID, "recover", version=7, panel=gm),
        "Brace": CardControl(ID, "brace", panel=gm),
        "Leave cover": CardControl(ID, "cover", panel=gm),
    }
    mine = payloads(panel_components(record, TURN_PANEL_KIND,
                                     turn_panel(record, PLAYER, gm=False)))
    assert {decoded(str(c["custom_id"])) for c in controls(mine) if c["type"] == BUTTON} == {
        CardControl(ID, "fast", panel=TURN_PANEL_KIND),
        CardControl(ID, "slow", panel=TURN_PANEL_KIND),
        CardControl(ID, "done", panel=TURN_PANEL_KIND),
        CardControl(ID, "action", version=7, panel=TURN_PANEL_KIND),
        CardControl(ID, "reaction", panel=TURN_PANEL_KIND),
        CardControl(ID, "dodge", panel=TURN_PANEL_KIND),
        CardControl(ID, "aid", panel=TURN_PANEL_KIND),
        CardControl(ID, "strike", panel=TURN_PANEL_KIND),
        CardControl(ID, "recover", version=7, panel=TURN_PANEL_KIND),
        CardControl(ID, "brace", panel=TURN_PANEL_KIND),
        CardControl(ID, "cover", panel=TURN_PANEL_KIND)}
    for built in (mine, gm_panel_of(record)):
        assert broken_rules({"components": built, "flags": IS_COMPONENTS_V2}) == []


def test_the_conditions_select_offers_every_condition() -> None:
    [menu, targets, who] = [c for c in controls(gm_panel_of(skirmish()))
                            if c["type"] == STRING_SELECT]
    assert decoded(str(menu["custom_id"])) == ConditionsControl(ID)
    assert targets["custom_id"] == target_select(ID)  # the GM panel's damage and healing
    assert [o["value"] for o in targets["options"]] == ["Kaladin", "Bandit 1", "Bandit 2"]
    assert who["custom_id"] == who_select(ID)  # its condition with a value and a duration
    assert who["options"] == targets["options"]
    assert [(o["label"], o["value"]) for o in menu["options"]] == [
        (c.title, c.value) for c in ConditionName]


def test_the_accent_says_whose_phase_it_is() -> None:
    record = skirmish()  # the fast players' phase: Kaladin's turn runs
    assert accent(record) == PHASE_ACCENTS[Phase.FAST_PLAYERS]
    encounter, seen = record.encounter, {record.encounter.phase}
    for _ in range(3):  # the phases with someone in them
        encounter = next_phase(encounter).encounter
        seen.add(encounter.phase)
        assert accent(record_of(encounter)) == PHASE_ACCENTS[encounter.phase]
    assert len(seen) > 1
    assert len(set(PHASE_ACCENTS.values())) == len(PHASES) == len(PHASE_ACCENTS)
    nobody = record_of(open_encounter("Empty"))  # nobody to wait for: between
    assert accent(nobody) == BETWEEN_ACCENT
    [ended] = payloads(ended_components(summarize(record.encounter)))
    assert ended["accent_color"] == int(ENDED_ACCENT)
    assert ENDED_ACCENT not in {*PHASE_ACCENTS.values(), BETWEEN_ACCENT}
    [card] = payloads(card_components(record, NOW))
    assert card["accent_color"] == int(PHASE_ACCENTS[PHASES[0]])


def test_a_gms_view_has_no_controls() -> None:
    record = skirmish()
    built = payloads(card_components(record, NOW, gm_view=True))
    assert controls(built) == []
    assert texts(built) == list(card_view(record, NOW, gm_view=True).texts)
    assert texts(built)[0].split("\n")[0].endswith(" · GM view")


def long_name(stem: str) -> str:
    return (stem + " " + "of the Shattered Plains " * 3)[:64].strip()


def crowd() -> EncounterRecord:
    """30 combatants: three players and three allies with 64-character names and many
    conditions, two bosses, and three minion groups (22 copies)."""
    encounter = open_encounter("The last stand at the Tower " * 3)
    for n in range(3):
        owner = PLAYER + n
        encounter = add_combatant(encounter, Combatant(
            long_name(f"Player {n}"), Side.PLAYER, Role.RIVAL, owner, 999, 999,
            focus=999)).encounter
        encounter = add_combatant(encounter, Combatant(
            long_name(f"Ally {n}"), Side.ALLY, Role.RIVAL, GM, 999, 999)).encounter
    for n in range(2):
        encounter = add_combatant(encounter, Combatant(
            long_name(f"Boss {n}"), Side.ENEMY, Role.BOSS, GM, 999, 999, focus=99)).encounter
    for stem, count in (("Bandit", 8), ("Archer", 8), ("Cultist", 6)):
        encounter = add_copies(encounter, Combatant(stem, Side.ENEMY, Role.MINION, GM, 12, 12),
                               count).encounter
    afflictions = [Affliction(name, rounds=100, until_next_turn_end=True)
                   for name in (ConditionName.DETERMINED, ConditionName.DISORIENTED,
                                ConditionName.EMPOWERED, ConditionName.FOCUSED,
                                ConditionName.IMMOBILIZED, ConditionName.PRONE,
                                ConditionName.RESTRAINED, ConditionName.SLOWED)]
    afflictions += [Affliction(ConditionName.ENHANCED, 99, a, rounds=99) for a in Attribute]
    afflictions += [Affliction(ConditionName.AFFLICTED, 99, source=f"{n} stormlight burn",
                               rounds=99) for n in range(4)]
    for combatant in encounter.combatants:
        if combatant.role is not Role.MINION:
            for affliction in afflictions:
                encounter = give_condition(encounter, combatant.name, affliction).encounter
    assert len(encounter.combatants) == 30
    return record_of(encounter, version=123_456)


@pytest.mark.parametrize("gm_view", [False, True])
def test_thirty_crowded_combatants_fit_discords_limits(gm_view: bool) -> None:
    built = payloads(card_components(crowd(), NOW, gm_view=gm_view))
    assert len(list(walk(built))) <= MAX_COMPONENTS
    shown = texts(built)
    assert sum(text_units(text) for text in shown) <= MAX_TEXT_DISPLAY_CHARS
    assert all(shown)
    # every side keeps its heading; what a phone's screen cannot hold is counted
    assert [text.split("\n")[0] for text in shown[1:]] == ["**Players**", "**Allies**",
                                                          "**Enemies**"]
    assert shown[-1].endswith(" more") != gm_view  # a GM's own view is not held to a phone
    assert broken_rules({"components": built, "flags": IS_COMPONENTS_V2}) == []
    assert validate_request("PATCH", "/channels/77/messages/900",
                            {"components": built, "flags": IS_COMPONENTS_V2}) == []


def full_of_players(name_length: int) -> EncounterRecord:
    """30 players with long names, under an encounter name of ``name_length``: for some
    lengths the card's text fills Discord's limit to the character."""
    encounter = open_encounter("n" * name_length)
    for n in range(30):
        name = f"{n:02d}" + "a" * 62 if n < 29 else "z"
        encounter = add_combatant(encounter, Combatant(name, Side.PLAYER, Role.RIVAL, PLAYER,
                                                       999, 999, focus=999)).encounter
    return record_of(encounter)


def test_the_cards_text_is_the_views_to_the_character_within_the_limit() -> None:
    # a phone's rows are the tighter bound now; the presentation's tests fill the characters
    for name_length in range(0, 101, 2):
        record = full_of_players(name_length)
        shown = sum(text_units(t) for t in texts(payloads(card_components(record, NOW))))
        assert shown == card_view(record, NOW).text_length <= MAX_TEXT_DISPLAY_CHARS


def test_a_crowded_card_still_has_its_two_controls_and_the_gm_panel_every_act() -> None:
    labels = [c.get("label") or c.get("placeholder")
              for c in controls(payloads(card_components(crowd(), NOW)))]
    assert labels == ["My turn", "GM"]
    labels = [c.get("label") or c.get("placeholder") for c in controls(gm_panel_of(crowd()))]
    assert labels == ["Next phase", "GM view", "Fast", "Slow", "Done: end the turn",
                      "Spend an action", "Spend the reaction", "Dodge", "Aid",
                      "Reactive strike", "Extra action", "Recover", "Brace", "Leave cover",
                      "Give a condition…", "Damage or heal…", "Condition, value and duration…"]


NAMES = [f"Bandit {n}" for n in range(1, 31)] + ["x" * 140]


def test_a_choose_select_offers_at_most_25_combatants() -> None:
    [row] = payloads(choose_components(ID, TurnAct.FAST, NAMES))
    [menu] = row["components"]
    assert decoded(str(menu["custom_id"])) == ChooseControl(ID, TurnAct.FAST)
    assert menu["placeholder"] == "Who will go fast?"
    assert [o["value"] for o in menu["options"]] == NAMES[:DiscordLimits.SELECT_OPTIONS]


def test_a_target_select_offers_at_most_25_and_cuts_long_labels() -> None:
    names = ["x" * 140, *NAMES]
    [row] = payloads(target_components(ID, ConditionName.PRONE, names))
    [menu] = row["components"]
    assert decoded(str(menu["custom_id"])) == ConditionTargetControl(ID, ConditionName.PRONE)
    assert menu["placeholder"] == "Who takes Prone?"
    options = menu["options"]
    assert len(options) == DiscordLimits.SELECT_OPTIONS
    assert options[0]["label"] == "x" * 99 + "…"
    assert all(len(o["label"]) <= DiscordLimits.SELECT_OPTION_LABEL for o in options)


def test_an_ended_card_holds_the_summary_and_no_controls() -> None:
    record = crowd()
    built = payloads(ended_components(summarize(record.encounter)))
    assert controls(built) == []
    assert sum(text_units(text) for text in texts(built)) <= MAX_TEXT_DISPLAY_CHARS
    assert broken_rules({"components": built, "flags": IS_COMPONENTS_V2}) == []


def test_an_old_card_says_where_the_live_one_went() -> None:
    built = payloads(moved_components(skirmish()))
    assert controls(built) == []
    assert texts(built) == ["⚔️ Skirmish at the chasm: this card has moved further down "
                            "(/encounter show posts it again)."]

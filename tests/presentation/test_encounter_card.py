"""The live card as plain values: its title, status, lines, buttons, and its limits."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from nazh.application.encounters.reloads import Reloadable
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction, defeat, give_condition, spend_action
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter, open_encounter
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.roster import add_combatant
from nazh.domain.encounter.summary import record_damage, record_injury, summarize
from nazh.domain.encounter.timing import Phase, Speed
from nazh.presentation.chat import DiscordLimits
from nazh.presentation.encounter_card import (
    NBSP,
    CardBlock,
    CardView,
    card_view,
    cut,
    ended_view,
    numbers_text,
)
from nazh.presentation.encounter_panels import RELOAD_EMOJI, ReloadButton, gm_panel, turn_panel
from tests.presentation.encounter_kit import (
    KALADIN_OWNER,
    SHALLAN_OWNER,
    T0,
    Scene,
    ally,
    enemy,
    player,
    record_of,
    renamed,
)

EXHAUSTED_2_ROUNDS = Affliction(ConditionName.EXHAUSTED, 2, rounds=2)
STUNNED_TO_TURN_END = Affliction(ConditionName.STUNNED, until_next_turn_end=True)


def ambush() -> Scene:
    """Kaladin fast and Exhausted, Shallan Stunned, Syl, five bandits (one down), Szeth."""
    scene = Scene().add(player("Kaladin"), player("Shallan", SHALLAN_OWNER, 12, 4),
                        ally("Syl"))
    scene.copies(enemy("Bandit", Role.MINION, health=6), 5)
    scene.add(enemy("Szeth", Role.BOSS, health=40, focus=5))
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST))
    scene.act(lambda e: give_condition(e, "Kaladin", EXHAUSTED_2_ROUNDS))
    scene.act(lambda e: give_condition(e, "Shallan", STUNNED_TO_TURN_END))
    scene.act(lambda e: record_damage(e, "Bandit 3", 6, dealer="Kaladin"))
    return scene.act(lambda e: record_damage(e, "Bandit 1", 2, dealer="Kaladin"))


def view(encounter: Encounter, *, gm_view: bool = False, show_health: bool = False) -> CardView:
    return card_view(record_of(encounter, show_health=show_health), T0, gm_view=gm_view)


def lines(card: CardView) -> list[str]:
    """The blocks' lines as read (a no-break space, which keeps a field whole, as a space)."""
    return [line.replace(NBSP, " ") for block in card.blocks for line in block.text.split("\n")]


# -- the title and the status -------------------------------------------------------------------


def test_the_title_names_the_encounter_round_and_phase() -> None:
    encounter = ambush().encounter
    assert view(encounter).title == "⚔️ **Ambush** — Round 1 · Fast players"
    assert view(encounter, gm_view=True).title == "⚔️ **Ambush** — Round 1 · Fast players · GM view"
    assert view(renamed(encounter, "")).title == "⚔️ **Encounter** — Round 1 · Fast players"
    assert view(renamed(encounter, "**Big** <@1>")).title \
        == "⚔️ **\\*\\*Big\\*\\* \\<@1>** — Round 1 · Fast players"


def test_a_players_phase_says_who_it_waits_for() -> None:
    assert view(ambush().encounter).status == (
        "Waiting for: Kaladin, Shallan",
        "Players: press My turn to act.",
    )


def test_an_adversaries_phase_is_the_gms() -> None:
    scene = ambush().act(lambda e: done(e, "Kaladin")).act(lambda e: done(e, "Shallan"))
    card = view(scene.encounter)
    assert card.title == "⚔️ **Ambush** — Round 1 · Fast adversaries"
    assert card.status == ("Waiting for: Szeth",)


def test_copies_wait_together_and_the_list_is_cut_at_five() -> None:
    scene = Scene().copies(enemy("Bandit", Role.MINION), 3)
    scene.add(*(enemy(f"Guard {chr(65 + n)}") for n in range(10)))
    scene.act(next_phase)
    assert view(scene.encounter).status == (
        "Waiting for: Bandit ×3 (1–3), Guard A, Guard B, Guard C, Guard D and 6 more",
    )


def test_an_empty_encounter_says_how_to_fill_it() -> None:
    assert view(open_encounter("Ambush")).status == (
        "No combatants yet: a GM adds them with /encounter add, players join with "
        "/encounter join.",)


def test_a_phase_nobody_acts_in_waits_for_next() -> None:
    encounter = Scene().add(enemy("Szeth")).encounter
    assert view(encounter).status == ("Nobody is left to act: the GM presses Next phase.",)


def test_a_stale_encounter_says_so() -> None:
    record = record_of(ambush().encounter, updated_at=T0 - timedelta(hours=24))
    assert card_view(record, T0).status[0] \
        == "⚠️ No change for 24 hours: anyone may end this encounter (/encounter end)."
    assert card_view(record, T0 - timedelta(seconds=1)).status[0].startswith("Waiting for")


# -- the lines ----------------------------------------------------------------------------------


def test_a_player_sees_the_sides_without_the_enemies_numbers() -> None:
    assert lines(view(ambush().encounter)) == [
        "**Players**",
        "▶️ **Kaladin** · fast · 2 actions · reaction ✓ · Health 15/15 · Focus 3 · "
        "Exhausted -2 (2 rounds)",
        "⏳ **Shallan** · slow · reaction ✗ · Health 12/12 · Focus 4 · "
        "Stunned (until end of next turn)",
        "**Allies**",
        "⏳ **Syl** · slow · reaction ✓ · Health 8/8",
        "**Enemies**",
        "⏳ **Bandit** ×4 (1, 2, 4, 5) · slow · reaction ✓ · 1 Injured, 3 Healthy",
        "💀 **Bandit 3** · defeated",  # a minion at 0 health
        "⏳ **Szeth** · fast & slow · reaction ✓ · Healthy",
    ]


def test_a_hidden_health_is_a_word_and_a_low_one_is_marked() -> None:
    scene = Scene().add(player("Kaladin"), enemy("Szeth", health=40))
    assert lines(view(scene.encounter))[1:] == [
        "⏳ **Kaladin** · slow · reaction ✓ · Health 15/15 · Focus 3",
        "**Enemies**", "⏳ **Szeth** · slow · reaction ✓ · Healthy"]
    for damage, kaladin, hurt, szeth in ((1, "Health 14/15", 1, "Injured"),
                                         (7, "🟧 Health 7/15", 19, "🟧 Bloodied"),  # half
                                         (4, "🟥 Health 3/15", 11, "🟥 Critical")):  # 1/4
        scene.act(partial(record_damage, target="Kaladin", amount=damage))
        scene.act(partial(record_damage, target="Szeth", amount=hurt))
        card = lines(view(scene.encounter))
        assert f" · {kaladin} · " in card[1]
        assert card[3].endswith(f" · {szeth}")


@pytest.mark.parametrize(("gm_view", "show_health"), [(True, False), (False, True)])
def test_a_gm_or_a_shown_health_sees_the_enemies_numbers(gm_view: bool,
                                                         show_health: bool) -> None:
    card = view(ambush().encounter, gm_view=gm_view, show_health=show_health)
    assert lines(card)[6:] == [
        "⏳ **Bandit** ×4 (1, 2, 4, 5) · slow · reaction ✓ · Health 4,6,6,6 of 6",
        "💀 **Bandit 3** · defeated · 🟥 Health 0/6",
        "⏳ **Szeth** · fast & slow · reaction ✓ · Health 40/40 · Focus 5",
    ]


def test_a_gms_own_view_is_not_held_to_a_phone() -> None:
    crowd = Scene().add(*(player(f"Player {n}", n) for n in range(8)))
    for n in range(8):
        crowd.act(partial(give_condition, name=f"Player {n}", affliction=EXHAUSTED_2_ROUNDS))
    assert "(2 rounds)" in lines(view(crowd.encounter, gm_view=True))[1]
    assert "(2 rounds)" not in lines(view(crowd.encounter))[1]  # a phone holds less


def test_copies_in_one_state_share_a_line_whatever_their_health() -> None:
    scene = Scene().copies(enemy("Bandit", Role.MINION, health=6), 5)
    scene.act(lambda e: record_damage(e, "Bandit 1", 2)).act(
        lambda e: record_damage(e, "Bandit 2", 2))
    assert lines(view(scene.encounter, gm_view=True)) == [
        "**Enemies**", "⏳ **Bandit** ×5 (1–5) · slow · reaction ✓ · Health 4,4,6,6,6 of 6"]


def test_only_minions_named_as_copies_are_grouped() -> None:
    scene = Scene().add(enemy("Guard 1"), enemy("Guard 2"), ally("Scout 1"))
    scene.copies(enemy("Bandit", Role.MINION), 2)
    assert lines(view(scene.encounter)) == [
        "**Allies**", "⏳ **Scout 1** · slow · reaction ✓ · Health 8/8",
        "**Enemies**", "⏳ **Guard 1** · slow · reaction ✓ · Healthy",
        "⏳ **Guard 2** · slow · reaction ✓ · Healthy",
        "⏳ **Bandit** ×2 (1, 2) · slow · reaction ✓ · Healthy"]


def test_actions_show_once_the_turn_has_started_then_acted() -> None:
    scene = ambush().act(lambda e: spend_action(e, "Kaladin"))
    assert lines(view(scene.encounter))[1].startswith(
        "▶️ **Kaladin** · fast · 1 action · reaction ✓ ·")
    scene.act(lambda e: done(e, "Kaladin"))
    assert lines(view(scene.encounter))[1].startswith(
        "✅ **Kaladin** · fast · acted · reaction ✓ ·")


def test_a_boss_runs_twice_and_has_acted_between() -> None:
    scene = Scene().add(enemy("Szeth", Role.BOSS, health=40)).act(next_phase)
    assert lines(view(scene.encounter))[1] == ("▶️ **Szeth** · fast & slow · 2 actions · "
                                               "reaction ✓ · Healthy")
    scene.act(lambda e: done(e, "Szeth"))
    assert scene.encounter.phase.value == "slow-adversaries"
    assert lines(view(scene.encounter))[1] == ("▶️ **Szeth** · fast & slow · 3 actions · "
                                               "reaction ✓ · Healthy")


def test_defeated_is_marked() -> None:
    scene = ambush().act(lambda e: defeat(e, "Szeth")).act(lambda e: record_injury(e, "Bandit 2"))
    assert lines(view(scene.encounter))[6:] == [
        "⏳ **Bandit** ×3 (1, 4, 5) · slow · reaction ✓ · 1 Injured, 2 Healthy",
        "💀 **Bandit** ×2 (2, 3) · defeated",  # copies in one state share a line
        "💀 **Szeth** · defeated",
    ]


def test_conditions_say_what_is_left_of_them() -> None:
    scene = Scene().add(player("Kaladin"))
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST))
    for affliction in (Affliction(ConditionName.PRONE, rounds=1, until_next_turn_end=True),
                       Affliction(ConditionName.ENHANCED, 1, Attribute.STRENGTH),
                       Affliction(ConditionName.AFFLICTED, 3, source="fire*", rounds=3)):
        scene.act(partial(give_condition, name="Kaladin", affliction=affliction))
    assert lines(view(scene.encounter))[1].split(" · ")[-1] == (
        "Prone (1 round, until end of next turn), Enhanced +1 Strength, "
        "Afflicted 3 (fire\\*) (3 rounds)")


def test_until_the_end_of_this_turn_once_the_next_turn_runs() -> None:
    scene = Scene().add(player("Kaladin"), enemy("Szeth"))
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST))
    scene.act(lambda e: give_condition(e, "Kaladin", Affliction(
        ConditionName.FOCUSED, until_next_turn_end=True)))
    condition = lines(view(scene.encounter))[1].split(" · ")[-1]
    assert condition == "Focused (until end of next turn)"
    while scene.encounter.round == 1:
        scene.act(next_phase)
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST))
    assert lines(view(scene.encounter))[1].split(" · ")[-1] == "Focused (until end of this turn)"


def test_numbers_in_a_row_are_a_range() -> None:
    assert numbers_text([1, 2, 3, 4]) == "1–4"
    assert numbers_text([3, 4]) == "3, 4"
    assert numbers_text([1, 3, 4]) == "1, 3, 4"


# -- the buttons --------------------------------------------------------------------------------


def test_the_card_has_two_controls_the_same_for_everyone() -> None:
    card = view(ambush().encounter)
    assert [[(b.action, b.label, b.disabled) for b in row] for row in card.rows] == [
        [("mine", "My turn", False), ("gm", "GM", False)]]
    assert all(b.emoji for b in card.buttons)


def test_my_turn_holds_the_presser_acts_and_their_own_lines() -> None:
    panel = turn_panel(record_of(ambush().encounter), KALADIN_OWNER, gm=False)
    assert [[(b.action, b.label, b.disabled) for b in row] for row in panel.rows] == [
        # Kaladin's fast turn runs: too late to switch
        [("fast", "Fast", True), ("slow", "Slow", True), ("done", "Done: end the turn", False)],
        [("action", "Spend an action", False), ("reaction", "Spend the reaction", False),
         ("dodge", "Dodge", False)],
        # no sheet to strike with; Kaladin's turn runs with 2 actions to Recover
        [("aid", "Aid", False), ("strike", "Reactive strike", True),
         ("recover", "Recover", False)],
        # Brace (an action of the turn running); Leave cover once Braced
        [("brace", "Brace", False), ("cover", "Leave cover", True)]]
    assert "**Kaladin**" in panel.text
    assert "Shallan" not in panel.text
    assert all(len(row) <= DiscordLimits.ACTION_ROW_BUTTONS for row in panel.rows)
    assert all(b.emoji for b in panel.buttons)
    assert len({b.emoji for b in panel.buttons}) == len(panel.buttons)  # one emoji a meaning


def test_my_turn_offers_its_sheets_reloads_under_the_acts() -> None:
    # part 6, Loaded [X]: "As ▶, you can reload this weapon to full ammunition"
    reload = Reloadable("Kaladin", "c7hr4ctr01", 2, "Crossbow", 0, 1, able=True)
    panel = turn_panel(record_of(ambush().encounter), KALADIN_OWNER, gm=False, reloads=(
        reload, Reloadable("Kaladin", "c7hr4ctr01", 3, "Sling" + "x" * 90, 1, 2, able=False)))
    assert panel.reloads[0] == ReloadButton("c7hr4ctr01", 2, "Reload Crossbow (0/1)", False)
    assert panel.reloads[1].disabled  # its turn cannot spend an action now
    assert len(panel.reloads[1].label) == DiscordLimits.BUTTON_LABEL  # clipped
    assert RELOAD_EMOJI not in {b.emoji for b in panel.buttons}  # one emoji a meaning
    # the presser's combatants named when more than one has a weapon to reload
    two = turn_panel(record_of(ambush().encounter), KALADIN_OWNER, gm=False, reloads=(
        reload, Reloadable("Syl", "c7hr4ctr02", 0, "Crossbow", 0, 1, able=True)))
    assert [b.label for b in two.reloads] == ["Kaladin: Reload Crossbow (0/1)",
                                              "Syl: Reload Crossbow (0/1)"]


def test_my_turn_without_a_combatant_says_how_to_join() -> None:
    panel = turn_panel(record_of(ambush().encounter), 1, gm=False)
    assert (panel.text, panel.rows) == (
        "You have no combatant here: /encounter join brings your character in.", ())


def test_the_gm_panel_moves_on_and_acts_for_the_adversaries() -> None:
    scene = ambush().act(lambda e: done(e, "Kaladin")).act(lambda e: done(e, "Shallan"))
    assert scene.encounter.phase is Phase.FAST_ADVERSARIES  # a GM may still make one fast
    panel = gm_panel(record_of(scene.encounter))
    assert [b.action for b in panel.rows[0]] == ["next", "gm-view"]
    assert {b.action for b in panel.buttons if b.disabled} == {"slow", "strike", "cover"}
    scene.act(next_phase)
    assert {b.action for b in gm_panel(record_of(scene.encounter)).buttons
            if b.disabled} >= {"fast", "slow"}


def test_nothing_to_spend_nor_wait_for_greys_those_out() -> None:
    scene = Scene().add(enemy("Szeth"))
    scene.act(lambda e: give_condition(e, "Szeth", Affliction(ConditionName.STUNNED)))
    disabled = {b.action for b in gm_panel(record_of(scene.encounter)).buttons if b.disabled}
    assert disabled == {"slow", "done", "action", "reaction", "dodge", "aid", "strike",
                        "extra", "recover", "brace", "cover"}


def test_the_conditions_select_offers_the_fourteen() -> None:
    options = turn_panel(record_of(ambush().encounter), 0, gm=True).condition_options
    assert len(options) == 14
    assert options[0] == ("afflicted", "Afflicted")
    assert len(options) <= DiscordLimits.SELECT_OPTIONS


# -- the limits ---------------------------------------------------------------------------------

NAME_CHARS = ["a", "*", "😀", "<@"]
"""A plain name, one escaped whole, one of characters Discord counts twice, a mention's."""


def crowded(char: str) -> Encounter:
    """30 combatants with 64-character names, each holding 20 conditions, the most kept."""
    encounter = open_encounter(((char + "\u202e\ud800") * 100)[:100])
    kinds = [ConditionName.DETERMINED, ConditionName.DISORIENTED, ConditionName.EMPOWERED,
             ConditionName.FOCUSED, ConditionName.IMMOBILIZED, ConditionName.PRONE,
             ConditionName.RESTRAINED, ConditionName.SLOWED]
    afflictions = [Affliction(c, rounds=100, until_next_turn_end=True) for c in kinds]
    afflictions += [Affliction(ConditionName.ENHANCED, 99, a, rounds=99) for a in Attribute]
    afflictions += [Affliction(ConditionName.AFFLICTED, 99, source=f"{n}{char * 39}"[:40],
                               rounds=99) for n in range(4)]
    afflictions += [Affliction(ConditionName.EXHAUSTED, 99, rounds=99)] * 2
    for n in range(30):
        name = f"{n:02d}{char * 62}"[:64]
        combatant = (player(name, health=999, focus=999) if n % 3 == 0
                     else enemy(name, Role.BOSS, health=999, focus=999))
        encounter = add_combatant(encounter, combatant).encounter
        for affliction in afflictions:
            encounter = give_condition(encounter, name, affliction).encounter
    assert all(len(c.conditions) == 20 for c in encounter.combatants)
    return encounter


def accounted(card: CardView) -> int:
    """How many combatants the card's lines stand for (a cut block says how many more)."""
    total = 0
    for block in card.blocks:
        for line in block.lines:
            total += int(line.split()[1]) if line.startswith("…and ") else 1
    return total


@pytest.mark.parametrize("char", NAME_CHARS)
@pytest.mark.parametrize("gm_view", [False, True])
def test_thirty_crowded_combatants_fit_the_card(char: str, gm_view: bool) -> None:
    encounter = crowded(char)
    record = record_of(encounter, updated_at=T0 - timedelta(days=2))
    card = card_view(record, T0, gm_view=gm_view)
    assert card.text_length <= DiscordLimits.COMPONENTS_TEXT
    assert accounted(card) == 30
    for text in card.texts:
        text.encode("utf-8")


def test_lines_that_cannot_fit_are_counted() -> None:
    blocks = (CardBlock("**Players**", ("a" * 10, "b" * 10)), CardBlock("**Enemies**", ("c",)))
    room = 2 * len("**Players**\n…and 30 more") + len("a" * 10 + "\n")
    kept = cut(blocks, room)
    assert kept == (CardBlock("**Players**", ("a" * 10, "…and 1 more")),
                    CardBlock("**Enemies**", ("…and 1 more",)))
    assert sum(len(block.text) for block in kept) <= room


def test_long_lines_lose_their_details_before_their_names() -> None:
    card = view(crowded("a"))
    [first, more] = lines(card)[1:3]
    assert first.startswith("⏳ **00aaaaaaaaaaaaa…** · slow · ")
    assert first.endswith(" · 20 conditions")
    assert more == "…and 9 more"


def test_a_busy_card_keeps_every_detail_when_they_fit() -> None:
    scene = Scene().copies(enemy("Bandit", Role.MINION), 10)
    for n in range(1, 11):
        scene.act(partial(give_condition, name=f"Bandit {n}",
                          affliction=EXHAUSTED_2_ROUNDS))
    card = view(scene.encounter)
    assert lines(card)[1] == ("⏳ **Bandit** ×10 (1–10) · slow · reaction ✓ · Healthy · "
                              "Exhausted -2 (2 rounds)")


# -- the end ------------------------------------------------------------------------------------


def test_the_ended_card_shows_the_summary() -> None:
    assert ended_view(summarize(ambush().encounter)).split("\n")[:4] == [
        "⚔️ **Ambush** — ended after 1 round",
        "🏁 **The fight ended** with both sides standing. Fell: **Bandit 3**.",
        "**Kaladin** · damage dealt 8, taken 0 · suffered Exhausted",
        "**Shallan** · damage dealt 0, taken 0 · suffered Stunned",
    ]


def test_an_ended_crowded_card_is_cut_to_fit() -> None:
    text = ended_view(summarize(crowded("*")))
    assert len(text) <= DiscordLimits.COMPONENTS_TEXT
    assert text.split("\n")[-1].startswith("…and ")

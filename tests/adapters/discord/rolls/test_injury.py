"""/injury at the feature level: real interactions, the real roll actions in memory, scripted
dice, the first answer read in memory. No network."""

from __future__ import annotations

from nazh.adapters.discord.rolls.injury import InjuryFeature, InjuryOptions
from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.adapters.discord.rolls.roll import RollFeature
from nazh.application.characters.rolls import InjuryAsked
from nazh.application.history.queries import RollLogQueries
from nazh.application.history.suggestions import Suggestions
from nazh.application.settings.server import Visibility
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit, answers
from tests.adapters.discord.rolls.kit import ID_FACES, ROLL_ID, ROLLER, control_of, sheets
from tests.fakes import FakeRng, d, script
from tests.log_fakes import InMemoryRollLog


def features(kit: FeatureKit, rng: FakeRng) -> tuple[InjuryFeature, RollFeature]:
    """/injury, and /roll's controls (Show me, Reveal) on the same roll actions (OTHER has no
    character: their injuries are raw rolls)."""
    made = sheets(rng)
    log = InMemoryRollLog()
    return (InjuryFeature(made.rolls, kit.wrapper, answers(made.settings)),
            RollFeature(made.use_cases, Suggestions(made.saved, RollLogQueries(log, log)),
                        kit.wrapper, answers(made.settings)))


async def test_an_injury_is_posted_with_its_total_band_days_and_effect() -> None:
    kit = FeatureKit()
    injury, _ = features(kit, script(d(20, 9), d(6, 4), d(8, 7), ID_FACES))
    interaction = kit.command("injury", {"deflect": 2, "injuries": 1}, user=ROLLER)
    answer = await kit.answer(interaction, injury.injury(
        interaction, InjuryOptions(InjuryAsked(deflect=2, injuries=1))))
    data = answer["data"]
    embed = data["embeds"][0]
    assert embed["title"] == "🩸 Injury"
    assert embed["description"].split("\n") == [
        "**Total 6**: d20 [9], deflect +2, modifier +0, 1 injury taken (-5)",
        "**Shallow injury**: 4 days (1d6 [4])",
        "**Effect**: Surprised (d8 [7])",
    ]
    assert embed["footer"]["text"].endswith(f"roll {ROLL_ID}")
    assert not data.get("components")
    assert not data.get("flags", 0) & EPHEMERAL


async def test_death_has_no_days_and_no_effect_and_the_label_is_the_title() -> None:
    kit = FeatureKit()
    injury, _ = features(kit, script(d(20, 2), ID_FACES))
    interaction = kit.command("injury", {"injuries": 2, "label": "Kal"}, user=ROLLER)
    answer = await kit.answer(interaction, injury.injury(
        interaction, InjuryOptions(InjuryAsked(injuries=2), label="Kal")))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "🩸 Kal"
    assert embed["description"].split("\n") == [
        "**Total -8**: d20 [2], deflect +0, modifier +0, 2 injuries taken (-10)",
        "**Death**: the character dies",
    ]


async def test_a_private_injury_is_ephemeral() -> None:
    kit = FeatureKit()
    injury, _ = features(kit, script(d(20, 20), d(8, 1), ID_FACES))
    interaction = kit.command("injury", {"visibility": "private"}, user=ROLLER)
    answer = await kit.answer(interaction, injury.injury(
        interaction, InjuryOptions(InjuryAsked(deflect=0, injuries=0),
                                   visibility=Visibility.PRIVATE)))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "**Flesh wound**: until after a long rest" in answer["data"]["embeds"][0][
        "description"]


async def test_an_option_out_of_range_is_refused_before_any_die_is_rolled() -> None:
    kit = FeatureKit()
    injury, _ = features(kit, FakeRng())  # any draw fails the test
    interaction = kit.command("injury", {"deflect": 25}, user=ROLLER)
    answer = await kit.answer(interaction, injury.injury(
        interaction, InjuryOptions(InjuryAsked(deflect=25))))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "deflect must be between 0 and 20 (got 25)" in answer["data"]["content"]


async def test_a_gm_injury_shows_the_channel_its_commitment_and_the_roller_the_injury() -> None:
    kit = FeatureKit()
    injury, rolls = features(kit, script(d(20, 10), d(6, 3), d(8, 4), ID_FACES))
    interaction = kit.command("injury", {"visibility": "gm"}, user=ROLLER)
    answer = await kit.answer(interaction, injury.injury(
        interaction, InjuryOptions(InjuryAsked(deflect=0, injuries=0), visibility=Visibility.GM)))
    public = answer["data"]["embeds"][0]
    assert "made a secret roll" in public["description"]
    assert "Total" not in public["description"]
    labels = [c["label"] for row in answer["data"]["components"] for c in row["components"]]
    assert labels == ["Show me", "Reveal"]
    show = kit.click(roll_control(RollAction.SHOW, ROLL_ID), user=ROLLER)
    shown = await kit.answer(show, rolls.on_control(show, control_of(show.custom_id)))
    assert shown["data"]["flags"] & EPHEMERAL
    assert shown["data"]["embeds"][0]["description"].split("\n")[1:] == [
        "**Shallow injury**: 3 days (1d6 [3])", "**Effect**: Slowed (d8 [4])"]


async def test_without_terms_the_active_character_is_injured_and_the_injury_counted() -> None:
    kit = FeatureKit()
    injury, _ = features(kit, script(d(20, 12), d(6, 4), d(8, 3), ID_FACES))
    interaction = kit.command("injury", {}, user=ROLLER)
    answer = await kit.answer(interaction, injury.injury(interaction,
                                                         InjuryOptions(InjuryAsked())))
    lines = answer["data"]["embeds"][0]["description"].split("\n")
    assert lines[0] == "📜 **Veyla Tarn** — Injury"
    assert lines[1] == "**Total 8**: d20 [12], deflect +1, modifier +0, 1 injury taken (-5)"
    assert lines[-1] == ("✏️ Veyla Tarn: injuries 1 → 2, exhausted 0 → -2, wounds none → "
                         "Shallow injury, 4 days left (Exhausted -2)")

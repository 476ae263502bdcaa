"""``/check``: a test by a character's skill, d20 + the skill's modifier, its parts named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.autocomplete import matching, typed_in
from nazh.adapters.discord.runtime.choices import (
    advantage_option,
    character_option,
    chosen,
    complication_option,
    mode_of,
    one_of,
    opportunity_option,
    ranges_of,
    visibility_of,
    visibility_option,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.physical import physical_option, with_faces
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.characters.rolls import MAX_EXTRA, MIN_EXTRA, CharacterRolls, Foe
from nazh.application.encounters.changes import EncounterChanges
from nazh.application.encounters.roll_handler import DEFENSES
from nazh.application.rolls.model import RollRequest
from nazh.application.settings.server import Visibility
from nazh.domain import limits
from nazh.domain.character import MAX_TEXT_LENGTH
from nazh.domain.encounter.maneuvers import BasicAction
from nazh.domain.errors import LimitError, NazhError
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE
from nazh.domain.spec import DieMode
from nazh.presentation.glossary import in_english
from nazh.presentation.i18n import term

loader = lightbulb.Loader()


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """The options of ``/check``."""

    skill: str
    character: str | None = None
    plot: bool = False
    dc: int | None = None
    modifier: int = 0
    mode: DieMode = DieMode.NORMAL
    label: str | None = None
    visibility: Visibility | None = None
    opportunity: int = HIGHEST_FACE
    complication: int = LOWEST_FACE
    escape: bool = False
    physical: str | None = None
    foe: Foe | None = None  # target:, against:, action:


class CheckFeature:
    """Tests by a character's skill."""

    def __init__(self, character_rolls: CharacterRolls, wrapper: InteractionWrapper,
                 answers: RollAnswers, encounters: EncounterChanges | None = None) -> None:
        self._rolls = character_rolls
        self._wrapper = wrapper
        self._answers = answers
        self._encounters = encounters

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the character rolls (and the encounters, for ``target``)."""
        return cls(deps.character_rolls, deps.wrapper, deps.answers, deps.encounters.changes)

    async def check(self, interaction: hikari.CommandInteraction,
                    options: CheckOptions) -> None:
        """``/check``: roll the test with the character, post the result (and the GM's copy)."""
        private = options.visibility is Visibility.PRIVATE
        async with self._wrapper.answering(interaction, Answering(
                "check", "command", ephemeral=private)) as responder:
            member = member_of(interaction)
            await self._answers.answer_roll(responder, interaction, with_faces(RollRequest(
                "", roller_of(interaction), add_plot=options.plot, dc=options.dc,
                label=options.label, visibility=options.visibility,
                received=responder.received,
                opportunity=options.opportunity, complication=options.complication),
                options.physical),
                lambda request: self._rolls.check(
                    member, options.skill, request, character=options.character,
                    modifier=options.modifier, mode=options.mode, escape=options.escape,
                    foe=options.foe))

    async def suggest_skills(self, interaction: hikari.AutocompleteInteraction, typed: str,
                             character: str | None) -> None:
        """Autocomplete of ``skill``: the character's skills matching the text, with modifiers."""
        found = await self._rolls.skills(member_of(interaction), character)
        # shown in the member's language (its value, what the command receives, stays the rules')
        async with self._wrapper.suggesting(interaction) as responder:
            shown = [(label.replace(name, term("skill", name), 1), name) for label, name in found]
            await responder.choices(matching(shown, typed))

    async def suggest_characters(self, interaction: hikari.AutocompleteInteraction,
                                 typed: str) -> None:
        """Autocomplete of ``character``: the characters the user may roll here."""
        await suggest_characters(self._wrapper, self._rolls, interaction, typed)

    async def suggest_targets(self, interaction: hikari.AutocompleteInteraction,
                              typed: str) -> None:
        """Autocomplete of ``target``: the combatants of the channel's encounter."""
        await suggest_combatants(self._wrapper, self._encounters, interaction, typed)


async def suggest_characters(wrapper: InteractionWrapper, rolls: CharacterRolls,
                             interaction: hikari.AutocompleteInteraction, typed: str) -> None:
    """Autocomplete of a roll command's ``character``: the characters the user may roll."""
    names = await rolls.rollable(member_of(interaction))
    await wrapper.responder(interaction).choices(matching([(n, n) for n in names], typed))


async def suggest_combatants(wrapper: InteractionWrapper, encounters: EncounterChanges | None,
                             interaction: hikari.AutocompleteInteraction, typed: str) -> None:
    """Autocomplete of a target: the combatants of the channel's encounter (none without one)."""
    names: list[tuple[str, str]] = []
    if encounters is not None:
        try:
            record = await encounters.current(interaction.channel_id)
            names = [(c.name, c.name) for c in record.encounter.combatants]
        except NazhError:
            names = []
    await wrapper.responder(interaction).choices(matching(names, typed))


async def suggest_skills(ctx: lightbulb.AutocompleteContext[str],
                         feature: CheckFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``skill``."""
    await feature.suggest_skills(ctx.interaction, str(ctx.focused.value or ""),
                                 typed_in(ctx, "character"))


async def suggest_check_characters(ctx: lightbulb.AutocompleteContext[str],
                                   feature: CheckFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``character``."""
    await feature.suggest_characters(ctx.interaction, str(ctx.focused.value or ""))


async def suggest_check_targets(ctx: lightbulb.AutocompleteContext[str],
                                feature: CheckFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``target``."""
    await feature.suggest_targets(ctx.interaction, str(ctx.focused.value or ""))


def foe_of(target: str | None, against: str | None, action: str | None) -> Foe | None:
    """What ``target``, ``against`` and ``action`` ask of a test (refused: one without target)."""
    if target is None:
        if against is not None or action is not None:
            raise LimitError("against and action go with a target",
                             hint="name the combatant the test is against: target:")
        return None
    return Foe(target, None if against is None else one_of("against", against, DEFENSES),
               None if action is None else chosen("action", action, BasicAction))


@loader.command
class Check(
    lightbulb.SlashCommand,
    name="check",
    description="A test by your character's skill: d20 + the skill's modifier, its parts shown",
    **EVERYWHERE, localize=True):
    """``/check skill:Insight plot:true dc:15 modifier:2 advantage:advantage character:Veyla``."""

    skill = lightbulb.string("skill", "The skill tested, e.g. Insight (your character's skills)",
                             min_length=1, max_length=MAX_TEXT_LENGTH,
                             autocomplete=suggest_skills, localize=True)
    plot = lightbulb.boolean("plot", "Raise the stakes: roll the plot die with the test",
                             default=False, localize=True)
    dc = lightbulb.integer("dc", "Difficulty class: success when the test's total meets it",
                           default=None, min_value=limits.MIN_DC, max_value=limits.MAX_DC,
                           localize=True)
    modifier = lightbulb.integer("modifier", "Another bonus or penalty (-20 to 20)", default=0,
                                 min_value=MIN_EXTRA, max_value=MAX_EXTRA, localize=True)
    advantage = advantage_option()
    label = lightbulb.string("label", "What the test is for, shown on the result",
                             default=None, max_length=100, localize=True)
    visibility = visibility_option()
    opportunity = opportunity_option()
    complication = complication_option()
    character = character_option(suggest_check_characters)
    escape = lightbulb.boolean("escape", "A test to escape: Restrained does not apply",
                               default=False, localize=True)
    physical = physical_option()
    target = lightbulb.string(
        "target", "A combatant the test is against: its defense is the DC (the skill's, unless "
        "against: says)", default=None, max_length=64, autocomplete=suggest_check_targets,
        localize=True)
    against = lightbulb.string(
        "against", "With a target: the defense tested (the skill's attribute's unless said)",
        default=None, choices=[lightbulb.Choice(d, d, localize=True) for d in DEFENSES],
        localize=True)
    action = lightbulb.string(
        "action", "With a target: Gain Advantage (1 action), Grapple or Shove (2, Athletics)",
        default=None, choices=[lightbulb.Choice(a.title, a.value, localize=True)
                               for a in BasicAction], localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CheckFeature) -> None:
        """Roll the test."""
        await feature.check(ctx.interaction, CheckOptions(
            in_english(["skill"], self.skill), self.character, self.plot, self.dc, self.modifier,
            mode_of(self.advantage), self.label, visibility_of(self.visibility),
            *ranges_of(self.opportunity, self.complication), self.escape, self.physical,
            foe_of(self.target, self.against, self.action)))

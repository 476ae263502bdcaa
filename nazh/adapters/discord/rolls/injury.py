"""``/injury``: the injury roll, its duration band with the days and its effect, at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.rolls.check import suggest_characters
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.choices import (
    character_option,
    visibility_of,
    visibility_option,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.characters.rolls import CharacterRolls, InjuryAsked
from nazh.application.rolls.model import RollRequest
from nazh.application.settings.server import Visibility
from nazh.domain import injury

loader = lightbulb.Loader()


@dataclass(frozen=True, slots=True)
class InjuryOptions:
    """The options of ``/injury``: the terms and the character asked for."""

    asked: InjuryAsked
    label: str | None = None
    visibility: Visibility | None = None


# Without deflect and injuries the character (active or named) gives them, and the injury is counted
# on its sheet; the result is posted and kept like any roll.
class InjuryFeature:
    """Injury rolls."""

    def __init__(self, character_rolls: CharacterRolls, wrapper: InteractionWrapper,
                 answers: RollAnswers) -> None:
        self._rolls = character_rolls
        self._wrapper = wrapper
        self._answers = answers

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the character rolls."""
        return cls(deps.character_rolls, deps.wrapper, deps.answers)

    async def injury(self, interaction: hikari.CommandInteraction,
                     options: InjuryOptions) -> None:
        """``/injury``: roll it (counted on the character's sheet), post it (and a GM copy)."""
        private = options.visibility is Visibility.PRIVATE
        async with self._wrapper.answering(interaction, Answering(
                "injury", "command", ephemeral=private)) as responder:
            member = member_of(interaction)
            await self._answers.answer_roll(responder, interaction, RollRequest(
                "", roller_of(interaction), label=options.label,
                visibility=options.visibility, received=responder.received),
                lambda request: self._rolls.injury(member, options.asked, request),
                reroll=False)

    async def suggest_characters(self, interaction: hikari.AutocompleteInteraction,
                                 typed: str) -> None:
        """Autocomplete of ``character``: the characters the user may roll here."""
        await suggest_characters(self._wrapper, self._rolls, interaction, typed)


async def suggest_injury_characters(ctx: lightbulb.AutocompleteContext[str],
                                    feature: InjuryFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``character``."""
    await feature.suggest_characters(ctx.interaction, str(ctx.focused.value or ""))


@loader.command
class Injury(
    lightbulb.SlashCommand,
    name="injury",
    description="Roll an injury: d20 + deflect + modifier - 5 per injury, its duration and effect",
    **EVERYWHERE, localize=True):
    """``/injury deflect:2 injuries:1``, or ``/injury`` (the active character's), or a character."""

    deflect = lightbulb.integer("deflect", "Deflect (0-20; default: your character's, else 0)",
                                default=None, min_value=injury.MIN_DEFLECT,
                                max_value=injury.MAX_DEFLECT, localize=True)
    injuries = lightbulb.integer("injuries",
                                 "Injuries taken: -5 each (0-10; default: your character's)",
                                 default=None, min_value=injury.MIN_INJURIES,
                                 max_value=injury.MAX_INJURIES, localize=True)
    modifier = lightbulb.integer("modifier", "Other bonuses or penalties (-20 to 20)",
                                 default=0, min_value=injury.MIN_MODIFIER,
                                 max_value=injury.MAX_MODIFIER, localize=True)
    label = lightbulb.string("label", "Who is injured, or how, shown on the result",
                             default=None, max_length=100, localize=True)
    visibility = visibility_option()
    character = character_option(suggest_injury_characters)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: InjuryFeature) -> None:
        """Roll the injury."""
        visibility = visibility_of(self.visibility)
        await feature.injury(ctx.interaction, InjuryOptions(
            InjuryAsked(self.deflect, self.injuries, self.modifier, self.character),
            self.label, visibility))

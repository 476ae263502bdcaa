"""``/roll`` and everything on its result: Add Plot Die, Keep-face, Copy Command and its form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.rolls.builder import BuilderFeature
from nazh.adapters.discord.rolls.clicks import die_value, ephemeral, message_author, use_of
from nazh.adapters.discord.rolls.gm_panel import ResultPanels
from nazh.adapters.discord.rolls.result import (
    RollAction,
    RollControl,
    die_components,
    roll_control,
    roll_embed,
    rolled_embed,
)
from nazh.adapters.discord.runtime.answer import Drawing, RollAnswers
from nazh.adapters.discord.runtime.choices import (
    complication_option,
    opportunity_option,
    ranges_of,
    visibility_of,
    visibility_option,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.physical import physical_option, with_faces
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import (
    DEFER_MESSAGE,
    DEFER_UPDATE,
    Answering,
    InteractionWrapper,
)
from nazh.application.history.suggestions import Suggestions
from nazh.application.rolls.access import Act
from nazh.application.rolls.model import Rolled, RollRecord, RollRequest
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.settings.server import Visibility
from nazh.domain import limits
from nazh.domain.errors import RollStateError
from nazh.domain.finder import find_rolls
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE
from nazh.domain.spec import DieMode
from nazh.presentation.chat import DiscordLimits, clip
from nazh.presentation.i18n import N_, ToReader, _, ngettext

loader = lightbulb.Loader()

MODAL_TITLE = N_("Copy or edit this roll")
MODAL_INPUT_ID = "pool"


@dataclass(frozen=True, slots=True)
class RollOptions:
    """The options of ``/roll`` (``build`` is handled by the builder feature)."""

    pool: str = "1d20"
    add_plot: bool = False
    label: str | None = None
    dc: int | None = None
    private: bool = False
    visibility: Visibility | None = None
    opportunity: int = HIGHEST_FACE
    complication: int = LOWEST_FACE
    physical: str | None = None


class RollFeature:
    """Rolls and the controls on their results."""

    def __init__(self, rolls: RollUseCases, suggestions: Suggestions,
                 wrapper: InteractionWrapper, answers: RollAnswers) -> None:
        self._answers = answers
        self._table = rolls.table
        self._amend = rolls.amend
        self._reveal = rolls.reveal
        self._steps = rolls.steps
        self._suggestions = suggestions
        self._wrapper = wrapper
        self._panels = ResultPanels(rolls, answers, wrapper)

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the roll use cases and the pools' suggestions."""
        return cls(deps.rolls, deps.suggestions, deps.wrapper, deps.answers)

    async def roll(self, interaction: hikari.CommandInteraction, options: RollOptions) -> None:
        """``/roll``: roll (publicly, privately or as a secret), post the result, the GM's copy."""
        private = options.private or options.visibility is Visibility.PRIVATE
        answering = Answering("roll", "command", ephemeral=private, notation=options.pool)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._answers.answer_roll(responder, interaction, with_faces(RollRequest(
                options.pool, roller_of(interaction), add_plot=options.add_plot, dc=options.dc,
                label=options.label, visibility=options.visibility or (
                    Visibility.PRIVATE if options.private else None),
                received=responder.received,
                opportunity=options.opportunity, complication=options.complication),
                options.physical), self._table.roll)

    async def roll_in_message(self, interaction: hikari.CommandInteraction,
                              message: hikari.Message) -> None:
        """"Roll dice in this message": the one roll written in it, or a choice of them."""
        answering = Answering("roll-message", "command")
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._roll_in_message(responder, interaction, message.content or "")

    async def _roll_in_message(self, responder: Responder,
                               interaction: hikari.CommandInteraction, text: str) -> None:
        found = find_rolls(text)
        if not found:
            with ToReader():
                nothing = _("No dice notation in that message. Nazh looks for rolls like "
                            "`a1d20+5, 2d6+3` or `d20`; roll anything with /roll.")
            await responder.message(nothing, ephemeral=True)
            return
        if len(found) == 1:
            await self._roll_found(responder, interaction, found[0])
            return
        with ToReader():
            which = ngettext("That message has {n} roll: which one?",
                             "That message has {n} rolls: which one?", len(found)).format(
                                 n=len(found))
            components = pick_components(found)
        await responder.message(which, components=components, ephemeral=True)

    async def _roll_found(self, responder: Responder, interaction: hikari.PartialInteraction,
                          notation: str) -> None:
        record = await self._table.roll(RollRequest(notation, roller_of(interaction),
                                                    received=responder.received))
        guild_id = record.roller.guild_id
        await self._answers.results.post(
            responder, interaction, Rolled(record), ephemeral=record.private,
            drawing=Drawing(reroll=await self._table.allows_reroll(guild_id),
                            compact=await self._table.answers_compact(guild_id)))

    async def suggest(self, interaction: hikari.AutocompleteInteraction, typed: str) -> None:
        """Autocomplete for ``pool``: the typed roll, saved and recent rolls, common forms."""
        found = await self._suggestions(typed, interaction.user.id, interaction.channel_id,
                                        limit=DiscordLimits.CHOICES,
                                        max_length=DiscordLimits.CHOICE_VALUE,
                                        guild_id=member_of(interaction).guild_id)
        await self._wrapper.responder(interaction).choices([(roll, roll) for roll in found])

    async def on_control(self, interaction: hikari.ComponentInteraction | hikari.ModalInteraction,
                         control: RollControl) -> None:
        """A click on a result's button, or the Copy Command form submitted."""
        if isinstance(interaction, hikari.ModalInteraction):
            notation = text_input(interaction, MODAL_INPUT_ID)
            answering = Answering("modal", "modal", notation=notation)
            async with self._wrapper.answering(interaction, answering) as responder:
                await self._copy_submitted(responder, interaction, control, notation)
            return
        if control.action is RollAction.PICK:
            picked = (interaction.values or [""])[0]
            answering = Answering("component:pick", "component", notation=picked)
            async with self._wrapper.answering(interaction, answering) as responder:
                await self._roll_found(responder, interaction, picked)
            return
        if control.action is RollAction.GM or control.on is not None:
            await self._panels.on_control(interaction, control)
            return
        if control.action is RollAction.SHOW:
            answering = Answering("component:show", "component", DEFER_MESSAGE, ephemeral=True)
            async with self._wrapper.answering(interaction, answering) as responder:
                await self._show(responder, interaction, control)
            return
        answering = Answering(f"component:{control.action.value}", "component", DEFER_UPDATE)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._clicked(responder, interaction, control)

    async def _show(self, responder: Responder, interaction: hikari.ComponentInteraction,
                    control: RollControl) -> None:
        """Show me: a secret roll's result, to whoever may see it, only to them."""
        record = await self._table.show(control.roll_id, member_of(interaction))
        await responder.message(embed=roll_embed(record, message_author(interaction)),
                                ephemeral=True)

    async def _clicked(self, responder: Responder, interaction: hikari.ComponentInteraction,
                       control: RollControl) -> None:
        member, received = member_of(interaction), responder.received
        if control.action is RollAction.COPY:
            record = await self._table.acted_on(control.roll_id, member, Act.COPY)
            with ToReader():  # the form only the presser sees
                form = copy_modal(record)
            await responder.modal(*form)
            return
        # a message the channel sees shows only what the channel may see: each use case asks
        # the rule for the clicker's act and the channel's sight in one check
        in_channel = not ephemeral(interaction.message)
        if control.action in AMENDING:
            await self._amending(responder, interaction, control, in_channel=in_channel)
            return
        if control.action in SPENDING:
            moved = await self._spent(interaction, control, received)
            await self._redraw(responder, interaction, moved)
            return
        if control.action is RollAction.REVEAL:
            revealed = await self._reveal.reveal(control.roll_id, member, received=received)
            # revealed where only its presser sees it, it offers them only what they may do
            await responder.update(embed=rolled_embed(revealed, message_author(interaction)),
                                   components=self._answers.results.components(
                                       revealed, await self._answers.clicked_drawing(
                                           interaction)))
            return
        if control.action is RollAction.ADD_PLOT:
            rolled = await self._amend.add_plot_die(control.roll_id, member, received=received,
                                                    in_channel=in_channel)
        else:
            rolled = await self._amend.choose_plot_face(control.roll_id, member, control.index,
                                                        received=received,
                                                        in_channel=in_channel)
        await self._redraw(responder, interaction, rolled)

    async def _spent(self, interaction: hikari.ComponentInteraction, control: RollControl,
                     received: float) -> Rolled:
        """An Opportunity or a Complication spent (and what it changed on the roll's character)."""
        member, roll_id = member_of(interaction), control.roll_id
        # a message the channel sees shows only what the channel may see: the use case asks the
        # rule for the clicker's act and the channel's sight in one check
        in_channel = not ephemeral(interaction.message)
        try:
            use = use_of((interaction.values or [""])[0],
                         opportunity=control.action is RollAction.OPPORTUNITY)
        except RollStateError:
            # the rule's refusal comes before what is wrong with the value
            await self._table.acted_on(roll_id, member, act_of(control), in_channel=in_channel)
            raise
        return await self._steps.spend(roll_id, member, use, received=received,
                                       in_channel=in_channel)

    async def _amending(self, responder: Responder, interaction: hikari.ComponentInteraction,
                        control: RollControl, *, in_channel: bool) -> None:
        """Advantage / Disadvantage (the dice to choose), the die chosen, a face kept, or Back."""
        member, received = member_of(interaction), responder.received
        author = message_author(interaction)
        if control.action in (RollAction.ADVANTAGE, RollAction.DISADVANTAGE):
            mode = (DieMode.ADVANTAGE if control.action is RollAction.ADVANTAGE
                    else DieMode.DISADVANTAGE)
            record, dice = await self._amend.dice_for(control.roll_id, member, mode,
                                                      in_channel=in_channel)
            await responder.update(embed=roll_embed(record, author),
                                   components=die_components(record, dice, mode))
            return
        if control.action is RollAction.REROLL:
            record, dice = await self._amend.rerollable(control.roll_id, member,
                                                        in_channel=in_channel)
            await responder.update(embed=roll_embed(record, author),
                                   components=die_components(record, dice, None))
            return
        if control.action is RollAction.REROLL_DIE:
            pool, die = die_value((interaction.values or [""])[0])
            rolled = await self._amend.reroll_die(control.roll_id, member, pool, die,
                                                  received=received, in_channel=in_channel)
        elif control.action is RollAction.DIE:
            mode = DieMode.ADVANTAGE if control.index == 0 else DieMode.DISADVANTAGE
            pool, die = die_value((interaction.values or [""])[0])
            rolled = await self._amend.apply_mode(control.roll_id, member, mode, pool, die,
                                                  received=received, in_channel=in_channel)
        elif control.action is RollAction.KEEP_DIE:
            rolled = await self._amend.keep_die_face(control.roll_id, member, control.index,
                                                     received=received, in_channel=in_channel)
        else:  # Back: the result as it stands
            record = await self._table.acted_on(control.roll_id, member, Act.PUBLISH,
                                                in_channel=in_channel)
            rolled = Rolled(record, offers=await self._steps.offers(record))
        await self._redraw(responder, interaction, rolled)

    async def _redraw(self, responder: Responder, interaction: hikari.ComponentInteraction,
                      rolled: Rolled) -> None:
        """The result drawn again as the roll (amended) and the places it was made in stand,
        in the form it was posted in (a private one: what its one reader may do)."""
        await self._answers.redraw(responder, interaction, rolled)

    async def _copy_submitted(self, responder: Responder, interaction: hikari.ModalInteraction,
                              control: RollControl, notation: str) -> None:
        record = await self._table.reroll(notation, roller_of(interaction),
                                          original_id=control.roll_id,
                                          received=responder.received)
        guild_id = record.roller.guild_id
        await self._answers.results.post(
            responder, interaction, Rolled(record), ephemeral=False,
            drawing=Drawing(reroll=await self._table.allows_reroll(guild_id),
                            compact=await self._table.answers_compact(guild_id)))


SPENDING = frozenset({RollAction.OPPORTUNITY, RollAction.COMPLICATION})
"""Controls that spend an Opportunity or a Complication (an attack's own: its feature's)."""


AMENDING = frozenset({RollAction.ADVANTAGE, RollAction.DISADVANTAGE, RollAction.DIE,
                      RollAction.KEEP_DIE, RollAction.BACK, RollAction.REROLL,
                      RollAction.REROLL_DIE})


ACTS: dict[RollAction, Act | None] = {
    RollAction.ADD_PLOT: Act.ADD_PLOT,
    RollAction.COPY: Act.COPY,
    RollAction.KEEP_FACE: Act.CHOOSE_PLOT,
    RollAction.MODAL: Act.COPY,
    RollAction.SHOW: Act.VIEW,
    RollAction.REVEAL: Act.REVEAL,
    RollAction.PICK: None,
    RollAction.ADVANTAGE: Act.ADVANTAGE,
    RollAction.DISADVANTAGE: Act.DISADVANTAGE,
    RollAction.DIE: Act.ADVANTAGE,
    RollAction.KEEP_DIE: Act.KEEP_DIE,
    RollAction.BACK: Act.PUBLISH,
    RollAction.REROLL: Act.REROLL,
    RollAction.REROLL_DIE: Act.REROLL,
    RollAction.OPPORTUNITY: Act.SPEND_OPPORTUNITY,
    RollAction.COMPLICATION: Act.SPEND_COMPLICATION,
    RollAction.GM: Act.GM_PANEL,
}
"""The act of the visibility rule each roll control takes (``None``: it names no roll)."""


def act_of(control: RollControl) -> Act:
    """The act ``control`` takes on its roll (KeyError: the select of rolls found in a message)."""
    if control.action is RollAction.DIE and control.index == 1:
        return Act.DISADVANTAGE
    act = ACTS[control.action]
    if act is None:
        raise KeyError(control.action)
    return act


def text_input(interaction: hikari.ModalInteraction, custom_id: str) -> str:
    """The value of a modal's text input (empty when absent)."""
    for row in interaction.components:
        for component in row.components:
            if component.custom_id == custom_id:
                return component.value
    return ""


# -- rendering ---------------------------------------------------------------------------------


def copy_modal(record: RollRecord) -> tuple[str, str, list[hikari.api.ComponentBuilder]]:
    """Title, custom id and the text input (prefilled with the roll) of the Copy modal."""
    row = hikari.impl.ModalActionRowBuilder()
    row.add_text_input(
        MODAL_INPUT_ID, _("Pools (submit to roll them publicly)"),
        value=record.notation, required=True, min_length=1,
        max_length=limits.MAX_INPUT_LENGTH,
        placeholder="a1d20+5, 2d6+3, p",
    )
    return _(MODAL_TITLE), roll_control(RollAction.MODAL, record.roll_id), [row]


def pick_components(found: list[str]) -> list[hikari.api.ComponentBuilder]:
    """A select of the rolls found in a message."""
    row = hikari.impl.MessageActionRowBuilder()
    menu = row.add_text_menu(roll_control(RollAction.PICK, "-"),
                             placeholder=_("Choose the roll to make"))
    fitting = [n for n in found if len(n) <= DiscordLimits.SELECT_OPTION_VALUE]
    for notation in fitting[:DiscordLimits.SELECT_OPTIONS]:
        menu.add_option(clip(notation, DiscordLimits.SELECT_OPTION_LABEL), notation)
    return [row]


# -- the command -------------------------------------------------------------------------------


async def suggest_pools(ctx: lightbulb.AutocompleteContext[str],
                        rolls: RollFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``pool``."""
    typed = ctx.focused.value if isinstance(ctx.focused.value, str) else ""
    await rolls.suggest(ctx.interaction, typed)


@loader.command
class Roll(
    lightbulb.SlashCommand,
    name="roll",
    description="Roll up to 5 dice pools at once, e.g. a1d20+5, 2d6+3, p",
    **EVERYWHERE, localize=True):
    """``/roll pool:a1d20+5, 2d6+3 add_plot:true dc:15 label:Stealth opportunity:19``."""

    pool = lightbulb.string(
        "pool", "Pools separated by commas: a1d20+5 (a/d = advantage/disadvantage), 2d6, p",
        default="1d20", min_length=1, max_length=limits.MAX_INPUT_LENGTH,
        autocomplete=suggest_pools, localize=True,
    )
    add_plot = lightbulb.boolean("add_plot", "Raise the stakes: add the plot die",
                                 default=False, localize=True)
    label = lightbulb.string("label", "What the roll is for, shown on the result",
                             default=None, max_length=100, localize=True)
    dc = lightbulb.integer("dc", "Difficulty class: success when a test's total meets it",
                           default=None, min_value=limits.MIN_DC, max_value=limits.MAX_DC,
                           localize=True)
    private = lightbulb.boolean("private", "Only you see the result (visibility:private)",
                                default=False, localize=True)
    visibility = visibility_option()
    build = lightbulb.boolean("build", "Open the roll builder instead of rolling",
                              default=False, localize=True)
    opportunity = opportunity_option()
    complication = complication_option()
    physical = physical_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, rolls: RollFeature,
                     builders: BuilderFeature) -> None:
        """Roll, or open the builder."""
        if self.build:
            await builders.open(ctx.interaction, self.pool, add_plot=self.add_plot)
            return
        visibility = visibility_of(self.visibility)
        await rolls.roll(ctx.interaction, RollOptions(
            self.pool, self.add_plot, self.label, self.dc, self.private, visibility,
            *ranges_of(self.opportunity, self.complication), self.physical))


@loader.command
class RollInMessage(lightbulb.MessageCommand, name="Roll dice in this message",
                    **EVERYWHERE, localize=True):
    """The message context menu: roll the notation written in a message."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, rolls: RollFeature) -> None:
        """Roll it (or offer the choice)."""
        await rolls.roll_in_message(ctx.interaction, self.target)

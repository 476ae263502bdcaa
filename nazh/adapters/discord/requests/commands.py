"""``/request``: a GM asks the table for a test; its card gathers the results."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.requests.card import (
    card_components,
    character_components,
    modifier_form,
    panel_components,
)
from nazh.adapters.discord.requests.controls import (
    CARD_KIND,
    CHARACTER_KIND,
    CODEC,
    COUNT_KIND,
    MODIFIER_INPUT,
    RequestControl,
)
from nazh.adapters.discord.requests.endeavors import edit_endeavor_card
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.autocomplete import matching
from nazh.adapters.discord.runtime.choices import chosen
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.messages import ChannelMessages
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import (
    DEFER_UPDATE,
    Answering,
    InteractionWrapper,
)
from nazh.application.characters.rolls import MAX_EXTRA, MIN_EXTRA
from nazh.application.characters.service import CharacterNotFoundError
from nazh.application.endeavors.use_cases import Endeavors
from nazh.application.requests.model import RequestRecord
from nazh.application.requests.use_cases import Answer, Requests
from nazh.application.rolls.model import Rolled, RollRequest
from nazh.domain.character import STANDARD_SKILLS
from nazh.domain.endeavor import EndeavorError, Tally
from nazh.domain.errors import LimitError
from nazh.domain.request import (
    MAX_DC,
    MAX_LABEL_LENGTH,
    MAX_SKILL_LENGTH,
    MIN_DC,
    Asked,
    RequestError,
    Sight,
    new_request,
)
from nazh.presentation.chat import escape
from nazh.presentation.endeavor_card import counted_text
from nazh.presentation.glossary import in_english
from nazh.presentation.i18n import ToReader, _, term
from nazh.presentation.request_card import (
    ADVANTAGE,
    CLOSE,
    GM,
    GM_VIEW,
    REVEAL,
    asked_title,
)

__all__ = ["CODEC", "Request", "RequestFeature", "loader"]

log = logging.getLogger(__name__)
loader = lightbulb.Loader()

IN_SERVERS: dict[str, object] = {
    "integration_types": [hikari.ApplicationIntegrationType.GUILD_INSTALL,
                          hikari.ApplicationIntegrationType.USER_INSTALL],
    "contexts": [hikari.ApplicationContextType.GUILD],
}
"""Requests are asked in a server's channels (where there is a GM)."""
MAX_WHO_LENGTH = 1000
MENTION = re.compile(r"<@(?P<role>&)?!?(?P<id>\d{1,20})>")


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """The options of ``/request``."""

    skill: str
    dc: int | None = None
    stakes: bool = False
    visibility: str = Sight.PUBLIC.value
    who: str | None = None
    label: str | None = None
    advantage: bool = False


def asked_of(who: str | None) -> Asked:
    """Who ``who:`` names: role and member mentions, nothing else (else :class:`RequestError`)."""
    if who is None or not who.strip():
        return Asked()
    roles: set[int] = set()
    members: set[int] = set()
    for match in MENTION.finditer(who):
        (roles if match["role"] else members).add(int(match["id"]))
    rest = MENTION.sub(" ", who).replace(",", " ").split()
    if rest or not (roles or members):
        raise RequestError(f"who: mention roles or members, e.g. @Players or @Kal @Shallan "
                           f"(got {' '.join(rest)[:40]!r})" if rest else
                           "who: mention roles or members, e.g. @Players or @Kal @Shallan")
    return Asked(frozenset(roles), frozenset(members))


# Roll (with advantage) rolls the clicker's test once: the click updates the card, the one message
# the channel sees; the result's details are the roller's alone (ephemeral). No active character:
# choose one; no character at all: a modifier in a form, and a flat d20. The card's 👑 GM opens a
# GM's private panel: Reveal, Close, GM view (every result) and Count while an endeavor runs.
class RequestFeature:
    """The requests' command, their cards and the cards' controls."""

    def __init__(self, requests: Requests, wrapper: InteractionWrapper,
                 answers: RollAnswers, endeavors: Endeavors) -> None:
        self._requests = requests
        self._wrapper = wrapper
        self._answers = answers
        self._endeavors = endeavors

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the requests' and the endeavors' use cases."""
        return cls(deps.requests, deps.wrapper, deps.answers, deps.endeavors)

    async def ask(self, interaction: hikari.CommandInteraction,
                  options: RequestOptions) -> None:
        """``/request``: the request kept and its card posted in the channel."""
        async with self._wrapper.answering(interaction, Answering(
                "request", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            request = new_request(options.skill, dc=options.dc, stakes=options.stakes,
                                  sight=chosen("visibility", options.visibility, Sight),
                                  asked=asked_of(options.who), label=options.label or "",
                                  advantage=options.advantage)
            record = await self._requests.ask(member, interaction.channel_id, request)
            try:
                message_id = await ChannelMessages(interaction.app.rest).post_card(
                    interaction.channel_id, await self._card(record))
            except hikari.HTTPError:
                raise RequestError("Nazh could not post the request's card in this channel",
                                   hint="let Nazh send messages here, then ask again") from None
            await self._requests.posted(record.request_id, message_id)
            await responder.message(_("Asked: {title}. Its card is below.").format(
                title=asked_title(request)), ephemeral=True)

    async def suggest_skills(self, interaction: hikari.AutocompleteInteraction,
                             typed: str) -> None:
        """Autocomplete of ``skill``: the Cosmere skills."""
        async with self._wrapper.suggesting(interaction) as responder:
            skills = [(term("skill", info.name), info.name) for info in STANDARD_SKILLS]
            await responder.choices(matching(skills, typed))

    # -- the controls ----------------------------------------------------------------------

    async def on_control(self, interaction: hikari.ComponentInteraction | hikari.ModalInteraction,
                         control: RequestControl) -> None:
        """A card's button, the character select or the modifier form."""
        advantage = control.action == ADVANTAGE
        if isinstance(interaction, hikari.ModalInteraction):
            async with self._wrapper.answering(interaction, Answering(
                    "modal:request", "modal")) as responder:
                answer = Answer(modifier=_modifier(interaction), advantage=advantage)
                await self._roll(interaction, responder, control.request_id, answer)
            return
        if control.kind == COUNT_KIND:
            async with self._wrapper.answering(interaction, Answering(
                    "component:request-count", "component", ephemeral=True)) as responder:
                await self._count(interaction, responder, control.request_id)
            return
        if control.kind == CHARACTER_KIND:
            async with self._wrapper.answering(interaction, Answering(
                    "component:request-character", "component", DEFER_UPDATE,
                    ephemeral=True)) as responder:
                name = await self._character_chosen(interaction, control.request_id)
                await responder.update(_("Rolling with {name}…").format(name=escape(name)),
                                       components=[])
                await self._roll(interaction, responder, control.request_id,
                                 Answer(character=name, advantage=advantage))
            return
        assert control.kind == CARD_KIND
        if control.action == GM:
            async with self._wrapper.answering(interaction, Answering(
                    "component:request-gm", "component", ephemeral=True)) as responder:
                record = await self._requests.gm_panel(member_of(interaction),
                                                       control.request_id)
                await responder.card(await self._panel(record), ephemeral=True)
            return
        if control.action in (REVEAL, CLOSE):
            # pressed on the GM's panel (private): the panel shows what was done, the card is
            # edited for everyone
            on_panel = bool(interaction.message.flags & hikari.MessageFlag.EPHEMERAL)
            async with self._wrapper.answering(interaction, Answering(
                    f"component:request-{control.action}", "component", DEFER_UPDATE,
                    ephemeral=on_panel)) as responder:
                await self._gm_act(interaction, responder, control, on_panel=on_panel)
            return
        if control.action == GM_VIEW:
            async with self._wrapper.answering(interaction, Answering(
                    "component:request-gm-view", "component", ephemeral=True)) as responder:
                record = await self._requests.gm_view(member_of(interaction),
                                                      control.request_id)
                await responder.card(card_components(record, gm_view=True), ephemeral=True)
            return
        async with self._wrapper.answering(interaction, Answering(
                "component:request-roll", "component", DEFER_UPDATE)) as responder:
            await self._clicked(interaction, responder, control.request_id,
                                Answer(advantage=advantage))

    async def _character_chosen(self, interaction: hikari.ComponentInteraction,
                                request_id: str) -> str:
        """The character chosen in the select shown to the chooser alone (a forged one: refused)."""
        await self._requests.reached(member_of(interaction), request_id)
        if not interaction.message.flags & hikari.MessageFlag.EPHEMERAL:
            raise RequestError("choose your character in the list Nazh showed you",
                               hint="click Roll on the request's card again")
        return (interaction.values or [""])[0]

    async def _clicked(self, interaction: hikari.ComponentInteraction, responder: Responder,
                       request_id: str, answer: Answer) -> None:
        """Roll on the card; without an active character, ask which (or for a modifier)."""
        try:
            await self._roll(interaction, responder, request_id, answer, on_card=True)
        except CharacterNotFoundError:
            member = member_of(interaction)
            names = await self._requests.characters(member)
            with ToReader():  # what only the clicker sees
                if names:
                    await responder.message(_("Which of your characters rolls?"),
                                            ephemeral=True, components=character_components(
                                                request_id, answer.advantage, names))
                    return
                await responder.modal(*modifier_form(request_id, answer.advantage))

    async def _roll(self, interaction: hikari.ComponentInteraction | hikari.ModalInteraction,
                    responder: Responder, request_id: str, answer: Answer, *,
                    on_card: bool = False) -> None:
        """The member's roll: the card shows it; its details are the roller's alone (ephemeral)."""
        member = member_of(interaction)
        kept: list[RequestRecord] = []

        async def rolled(asked: RollRequest) -> Rolled:
            done = await self._requests.roll(member, request_id, answer,
                                             received=responder.received, server=asked.server)
            kept.append(done.record)
            if on_card:
                await responder.update_card(await self._card(done.record))
            return done.rolled

        await self._answers.answer_roll(responder, interaction, RollRequest(
            "", roller_of(interaction), received=responder.received), rolled, reroll=False,
            private=True)
        if kept:
            await self._refresh(interaction, kept[0], skip=on_card)

    async def _count(self, interaction: hikari.ComponentInteraction, responder: Responder,
                     request_id: str) -> None:
        """A GM's count of a request's roll for the channel's running endeavor."""
        roll_id, _, how = (interaction.values or [""])[0].partition(".")
        record = await self._requests.reached(member_of(interaction), request_id)
        outcome = next((o for o in record.request.settled if o.roll_id == roll_id), None)
        if outcome is None or how not in ("s", "d", "f"):
            raise EndeavorError("that roll is not one of this request's")
        member = member_of(interaction)
        counted = await self._endeavors.count_in(member, interaction.channel_id, Tally(
            how != "f", 2 if how == "d" else 1, member.user_id, roll_id,
            outcome.name or "flat d20"), hidden=record.request.hidden)
        await edit_endeavor_card(interaction.app.rest, counted)
        await responder.message(counted_text(counted.endeavor), ephemeral=True)

    async def _gm_act(self, interaction: hikari.ComponentInteraction, responder: Responder,
                      control: RequestControl, *, on_panel: bool) -> None:
        member = member_of(interaction)
        if control.action == CLOSE:
            record = await self._requests.close(member, control.request_id)
        else:
            record, _revealed = await self._requests.reveal(member, control.request_id,
                                                            received=responder.received)
        if not on_panel:  # a card drawn before the panel: its own buttons
            await responder.update_card(await self._card(record))
            await self._refresh(interaction, record, skip=True)
            return
        with ToReader():
            said = "✓ " + (_("Closed.") if control.action == CLOSE else _("Revealed."))
        await responder.update_card(await self._panel(record, said))
        await self._refresh(interaction, record, skip=False)

    async def _panel(self, record: RequestRecord,
                     said: str | None = None) -> list[hikari.api.ComponentBuilder]:
        """The GM's panel of the card, in the GM's language: Count while an endeavor runs."""
        counting = await self._endeavors.running_here(record.channel_id)
        with ToReader():  # the panel is the pressing GM's alone
            return panel_components(record, counting=counting, said=said)

    async def _card(self, record: RequestRecord) -> list[hikari.api.ComponentBuilder]:
        """The card as the channel sees it: Count only while an endeavor runs there."""
        return card_components(record, counting=await self._endeavors.running_here(
            record.channel_id))

    async def _refresh(self, interaction: hikari.PartialInteraction, shown: RequestRecord, *,
                       skip: bool) -> None:
        """Edit the card to its newest state unless the answer did (``skip``) and none overtook."""
        newest = await self._requests.get(shown.request_id)
        if newest.card_message_id is None or (skip and newest.version <= shown.version):
            return
        try:
            await ChannelMessages(interaction.app.rest).edit_card(
                newest.channel_id, newest.card_message_id, await self._card(newest))
        except hikari.HTTPError as error:
            log.warning("a request's card could not be edited: %s", type(error).__name__)


def _modifier(interaction: hikari.ModalInteraction) -> int:
    typed = next((component.value for row in interaction.components
                  for component in row.components
                  if component.custom_id == MODIFIER_INPUT), "").strip()
    try:
        value = int(typed)
    except ValueError:
        raise LimitError(f"modifier: a whole number from {MIN_EXTRA} to {MAX_EXTRA} "
                         f"(got {typed[:10]!r})") from None
    return value


async def suggest_skills(ctx: lightbulb.AutocompleteContext[str],
                         feature: RequestFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``skill``."""
    await feature.suggest_skills(ctx.interaction, str(ctx.focused.value or ""))


@loader.command
class Request(
    lightbulb.SlashCommand,
    name="request",
    description="Ask the table for a test: a card where each player rolls once (a GM)",
    **IN_SERVERS, localize=True):
    """``/request skill:Perception dc:15 stakes:true visibility:blind who:@Players``."""

    skill = lightbulb.string("skill", "The skill tested, e.g. Perception",
                             min_length=1, max_length=MAX_SKILL_LENGTH,
                             autocomplete=suggest_skills, localize=True)
    dc = lightbulb.integer("dc", "Difficulty class: success when a test's total meets it",
                           default=None, min_value=MIN_DC, max_value=MAX_DC, localize=True)
    stakes = lightbulb.boolean("stakes", "Raise the stakes: every roll adds the plot die",
                               default=False, localize=True)
    visibility = lightbulb.string(
        "visibility", "public; gm (the GM sees the results); blind (only the GM, not even "
        "the roller)", choices=[lightbulb.Choice(s.value, s.value, localize=True) for s in Sight],
        default=Sight.PUBLIC.value, localize=True)
    who = lightbulb.string("who", "Who rolls: mention roles or members (default: everyone)",
                           default=None, max_length=MAX_WHO_LENGTH, localize=True)
    label = lightbulb.string("label", "What the test is for, shown on the card", default=None,
                             max_length=MAX_LABEL_LENGTH, localize=True)
    advantage = lightbulb.boolean("advantage", "Every roll gains an advantage", default=False,
                                  localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: RequestFeature) -> None:
        """Ask."""
        await feature.ask(ctx.interaction, RequestOptions(
            in_english(["skill"], self.skill), self.dc, self.stakes, self.visibility, self.who,
            self.label,
            self.advantage))

"""``/endeavor``: successes counted toward a threshold on a card; a GM counts and ends it."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.requests.card import card_container
from nazh.adapters.discord.runtime.choices import chosen
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.messages import ChannelMessages
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.endeavors.use_cases import Counted, Endeavors
from nazh.application.rolls.actions import RollActions
from nazh.application.shared.ids import ROLL_ID_ALPHABET, ROLL_ID_LENGTH
from nazh.domain.endeavor import MAX_NAME_LENGTH, MAX_THRESHOLD, EndeavorError, Tally
from nazh.presentation.endeavor_card import (
    ACTIONS,
    DOUBLE,
    END,
    GM,
    GM_VIEW,
    SUCCESS,
    EndeavorCardView,
    count_text,
    counted_text,
    endeavor_card,
    ended_text,
    gm_panel,
    tally_text,
)
from nazh.presentation.i18n import ToReader, ToTable, _, ngettext

log = logging.getLogger(__name__)
loader = lightbulb.Loader()
KIND = "edv"  # nz1:edv:<endeavor id>:<action>: a card's button
ACCENT = hikari.Color(0x27AE60)
IN_SERVERS: dict[str, object] = {
    "integration_types": [hikari.ApplicationIntegrationType.GUILD_INSTALL,
                          hikari.ApplicationIntegrationType.USER_INSTALL],
    "contexts": [hikari.ApplicationContextType.GUILD],
}


def card_button(endeavor_id: str, action: str) -> str:
    """The custom id of a card's button."""
    return f"{PREFIX}:{KIND}:{endeavor_id}:{action}"


def _decode(parts: list[str]) -> tuple[str, str] | None:
    if len(parts) != 4:
        return None
    _, _, endeavor_id, action = parts
    if len(endeavor_id) != ROLL_ID_LENGTH or not all(c in ROLL_ID_ALPHABET
                                                     for c in endeavor_id):
        return None
    return (endeavor_id, action) if action in ACTIONS else None


CODEC = Codec(frozenset({KIND}), _decode)
"""The endeavors' controls: ``(endeavor id, action)``."""


def card_components(record: EndeavorRecord, *,
                    gm_view: bool = False) -> list[hikari.api.ComponentBuilder]:
    """The card of ``record`` (a GM's own view shows a secret count and has no buttons): the
    channel's in the table's language, a GM's own view in the GM's."""
    with nullcontext() if gm_view else ToTable():
        return _drawn(record, endeavor_card(record, gm_view=gm_view))


def panel_components(record: EndeavorRecord,
                     said: str | None = None) -> list[hikari.api.ComponentBuilder]:
    """The GM's private panel of ``record`` (``said``: what was just done), in the language
    spoken (the GM's: the panel is theirs alone)."""
    return _drawn(record, gm_panel(record, said))


def _drawn(record: EndeavorRecord,
           view: EndeavorCardView) -> list[hikari.api.ComponentBuilder]:
    return [card_container(ACCENT, view.texts, (
        (hikari.ButtonStyle.DANGER if button.action == END else hikari.ButtonStyle.SECONDARY,
         card_button(record.endeavor_id, button.action), button.label, button.emoji)
        for button in view.buttons))]


async def edit_endeavor_card(rest: hikari.api.RESTClient, record: EndeavorRecord) -> None:
    """Show ``record`` on its card (a failure is logged: the next change shows it)."""
    if record.card_message_id is None:
        return
    try:
        await ChannelMessages(rest).edit_card(record.channel_id, record.card_message_id,
                                              card_components(record))
    except hikari.HTTPError as error:
        log.warning("an endeavor's card could not be edited: %s", type(error).__name__)


# A GM counts with the card's buttons, a request card's Count select, a result's Count or /endeavor
# count. A secret endeavor's card shows only that counts are made; the GM sees the numbers in the
# answers and GM view, everyone once it ends.
class EndeavorFeature:
    """The endeavors' commands, cards and buttons."""

    def __init__(self, endeavors: Endeavors, wrapper: InteractionWrapper,
                 table: RollActions) -> None:
        self._endeavors = endeavors
        self._wrapper = wrapper
        self._table = table

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the endeavors' use cases and the rolls kept."""
        return cls(deps.endeavors, deps.wrapper, deps.table)

    async def start(self, interaction: hikari.CommandInteraction, name: str, successes: int,
                    failures: int, secret: bool) -> None:
        """``/endeavor start``: kept, its card posted; the GM told the thresholds."""
        async with self._wrapper.answering(interaction, Answering(
                "endeavor start", "command", ephemeral=True)) as responder:
            record = await self._endeavors.start(member_of(interaction),
                                                 interaction.channel_id, name, successes,
                                                 failures, secret=secret)
            try:
                message_id = await ChannelMessages(interaction.app.rest).post_card(
                    interaction.channel_id, card_components(record))
            except hikari.HTTPError:
                raise EndeavorError("Nazh could not post the endeavor's card in this channel",
                                    hint="let Nazh send messages here") from None
            await self._endeavors.posted(record.endeavor_id, message_id)
            started = (_("Endeavor started (secret: only you see this): {successes} before "
                         "{failures}.") if secret
                       else _("Endeavor started: {successes} before {failures}."))
            await responder.message(
                started.format(successes=ngettext("{n} success", "{n} successes",
                                                   successes).format(n=successes),
                               failures=ngettext("{n} failure", "{n} failures",
                                                 failures).format(n=failures))
                + " " + _("Count results on its card's 👑 GM panel, on a request card's, or with "
                          "the Count button of a /check's result."),
                ephemeral=True)

    async def end(self, interaction: hikari.CommandInteraction) -> None:
        """``/endeavor end``: the channel's running endeavor ended by a GM."""
        async with self._wrapper.answering(interaction, Answering(
                "endeavor end", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            running = await self._endeavors.running(interaction.channel_id)
            ended = await self._endeavors.end(member, running.endeavor_id)
            await edit_endeavor_card(interaction.app.rest, ended)
            await responder.message(_("Ended: {count}.").format(count=count_text(ended.endeavor)),
                                    ephemeral=True)

    async def count(self, interaction: hikari.CommandInteraction, roll_id: str,
                    how: Counted | None) -> None:
        """``/endeavor count roll: [as:]``: a GM counts a kept roll of this channel (a /check)."""
        async with self._wrapper.answering(interaction, Answering(
                "endeavor count", "command", ephemeral=True)) as responder:
            member = member_of(interaction)
            await self._endeavors.running(interaction.channel_id)
            roll = await self._table.show(roll_id.strip(), member)
            counted = await self._endeavors.count_roll(member, interaction.channel_id, roll,
                                                       how)
            await edit_endeavor_card(interaction.app.rest, counted)
            await responder.message(counted_text(counted.endeavor), ephemeral=True)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: tuple[str, str]) -> None:
        """A card's 👑 GM, or a button of the GM's panel (of a card drawn before the panel)."""
        endeavor_id, action = control
        if action == GM:
            async with self._wrapper.answering(interaction, Answering(
                    "component:endeavor-gm", "component", ephemeral=True)) as responder:
                record = await self._endeavors.gm_panel(member_of(interaction), endeavor_id)
                with ToReader():  # the panel is the pressing GM's alone
                    panel = panel_components(record)
                await responder.card(panel, ephemeral=True)
            return
        if action == GM_VIEW:
            async with self._wrapper.answering(interaction, Answering(
                    "component:endeavor-gm-view", "component", ephemeral=True)) as responder:
                record = await self._endeavors.view(member_of(interaction), endeavor_id)
                await responder.card(card_components(record, gm_view=True), ephemeral=True)
            return
        # pressed on the GM's panel (private): the panel shows what was done, the card is edited
        on_panel = bool(interaction.message.flags & hikari.MessageFlag.EPHEMERAL)
        async with self._wrapper.answering(interaction, Answering(
                f"component:endeavor-{action}", "component", DEFER_UPDATE,
                ephemeral=on_panel)) as responder:
            member = member_of(interaction)
            if action == END:
                record = await self._endeavors.end(member, endeavor_id)
            else:
                tally = Tally(action in (SUCCESS, DOUBLE), 2 if action == DOUBLE else 1,
                              member.user_id,
                              note="spectacular, by hand" if action == DOUBLE else "by hand")
                record = await self._endeavors.count(member, endeavor_id, tally)
            if not on_panel:  # a card drawn before the panel: its own buttons
                await responder.update_card(card_components(record))
                return
            with ToReader():
                said = (_("Ended: {count}.").format(count=count_text(record.endeavor))
                        if action == END else
                        "✓ " + tally_text(tally) + ended_text(record.endeavor))
                panel = panel_components(record, said)
            await responder.update_card(panel)
            await edit_endeavor_card(interaction.app.rest, record)


endeavor_group = lightbulb.Group("endeavor", "Count successes toward a goal before failures "
                                 "reach theirs (a GM)", localize=True,
                                 **IN_SERVERS)  # type: ignore[arg-type]


@endeavor_group.register
class Start(lightbulb.SlashCommand, name="start",
            description="Start an endeavor in this channel and post its card (a GM)",
            localize=True):
    """``/endeavor start name: successes: failures: [secret:true]``."""

    name = lightbulb.string("name", "What the table attempts (e.g. Cross the chasm)",
                            min_length=1, max_length=MAX_NAME_LENGTH, localize=True)
    successes = lightbulb.integer("successes", "The successes it needs", min_value=1,
                                  max_value=MAX_THRESHOLD, localize=True)
    failures = lightbulb.integer("failures", "The failures that end it in failure",
                                 min_value=1, max_value=MAX_THRESHOLD, localize=True)
    secret = lightbulb.boolean("secret", "Only the GM sees the thresholds and the count until "
                               "the end", default=False, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EndeavorFeature) -> None:
        """Start it."""
        await feature.start(ctx.interaction, self.name, self.successes, self.failures,
                            self.secret)


@endeavor_group.register
class Count(lightbulb.SlashCommand, name="count",
            description="Count a roll of this channel (a /check, a request's) for its endeavor",
            localize=True):
    """``/endeavor count roll: [as:success|double|failure]``."""

    roll = lightbulb.string("roll", "The roll's id (its result's footer, /history)",
                            min_length=1, max_length=ROLL_ID_LENGTH + 2, localize=True)
    how = lightbulb.string("as", "success, double (spectacular) or failure (default: the "
                           "roll's verdict against its DC)",
                           choices=[lightbulb.Choice(c.value, c.value, localize=True)
                                    for c in Counted],
                           default=None, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EndeavorFeature) -> None:
        """Count it."""
        await feature.count(ctx.interaction, self.roll,
                            None if self.how is None else chosen("as", self.how, Counted))


@endeavor_group.register
class End(lightbulb.SlashCommand, name="end",
          description="End this channel's endeavor before a threshold (a GM)", localize=True):
    """``/endeavor end``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EndeavorFeature) -> None:
        """End it."""
        await feature.end(ctx.interaction)


loader.command(endeavor_group)

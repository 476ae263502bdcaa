"""What Nazh does with each interaction: read it, call a use case, render, respond.

Every handler runs under :meth:`RollHandlers._run`, which admits it through the gate, binds the
log context, answers within Discord's 3 s, turns a :class:`NazhError` into a specific ephemeral
reply and any other exception into a logged, apologetic one. No interaction goes unanswered.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import hikari

from nazh.adapters.discord.custom_ids import BuilderControl, RollAction, RollControl, decode
from nazh.adapters.discord.gate import InteractionGate
from nazh.adapters.discord.render import (
    APOLOGY,
    MODAL_INPUT_ID,
    REFUSAL_BUSY,
    Author,
    builder_components,
    builder_embed,
    builder_sent_embed,
    copy_modal,
    error_message,
    roll_components,
    roll_embed,
)
from nazh.adapters.discord.responder import Responder, within_deadline
from nazh.application import log_context
from nazh.application.builder import BuilderAction, BuilderState
from nazh.application.errors import NotYourRollError, RollNotFoundError
from nazh.application.table import Roller, RollRecord, TableRolls
from nazh.domain.errors import NazhError, RollStateError

log = logging.getLogger(__name__)

OUTDATED = "This control is no longer valid; run /roll again."


@dataclass(frozen=True, slots=True)
class RollOptions:
    """The options of ``/roll``."""

    pool: str = "1d20"
    add_plot: bool = False
    label: str | None = None
    dc: int | None = None
    private: bool = False
    build: bool = False


def roller_of(interaction: hikari.PartialInteraction) -> Roller:
    """Who is rolling, and where."""
    return Roller(interaction.user.id, interaction.channel.id, interaction.guild_id)


class RollHandlers:
    """The /roll command, the result's buttons, the Copy modal and the Builder."""

    def __init__(self, table: TableRolls, gate: InteractionGate) -> None:
        self._table = table
        self._gate = gate

    # -- /roll ---------------------------------------------------------------------------

    async def slash_roll(self, interaction: hikari.CommandInteraction,
                         options: RollOptions) -> None:
        """``/roll``: roll publicly (or privately), or open the Builder."""
        responder = Responder(interaction)

        async def work() -> None:
            if options.build:
                await self._open_builder(responder, interaction, options)
                return
            record = await self._table.roll(
                options.pool, roller_of(interaction), add_plot=options.add_plot,
                dc=options.dc, label=options.label, private=options.private,
            )
            await self._post(responder, interaction, record, ephemeral=options.private)

        ephemeral = options.private or options.build
        await self._run(responder, interaction, work, notation=options.pool,
                        defer_as=hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
                        ephemeral=ephemeral, command="roll")

    async def _open_builder(self, responder: Responder, interaction: hikari.PartialInteraction,
                            options: RollOptions) -> None:
        state = BuilderState.from_notation(options.pool)
        if options.add_plot and state.plot is None:
            state = state.apply(BuilderAction.PLOT)
        owner = interaction.user.id
        await responder.message(embed=builder_embed(state),
                                components=builder_components(owner, state), ephemeral=True)

    # -- components ----------------------------------------------------------------------

    async def on_component(self, event: hikari.ComponentInteractionCreateEvent) -> None:
        """A click on one of Nazh's buttons or select menus."""
        interaction = event.interaction
        responder = Responder(interaction)
        control = decode(interaction.custom_id)

        async def work() -> None:
            if isinstance(control, RollControl):
                await self._roll_control(responder, interaction, control)
            elif isinstance(control, BuilderControl):
                await self._builder_control(responder, interaction, control)
            else:
                await responder.message(OUTDATED, ephemeral=True)

        await self._run(responder, interaction, work, notation=None,
                        defer_as=hikari.ResponseType.DEFERRED_MESSAGE_UPDATE,
                        command=_component_name(interaction.custom_id))

    async def _roll_control(self, responder: Responder,
                            interaction: hikari.ComponentInteraction,
                            control: RollControl) -> None:
        log_context.update(roll_id=control.roll_id)
        user = interaction.user.id
        if control.action is RollAction.COPY:
            record = await self._table.find(control.roll_id)
            title, custom_id, components = copy_modal(record)
            await interaction.create_modal_response(title, custom_id, components=components)
            responder.responded = True
            return
        if control.action is RollAction.ADD_PLOT:
            record = await self._table.add_plot_die(control.roll_id, user)
        elif control.action is RollAction.KEEP_FACE:
            record = await self._table.choose_plot_face(control.roll_id, user, control.index)
        else:
            raise RollStateError("unexpected control")
        await responder.update(embed=roll_embed(record, Author.of(interaction)),
                               components=roll_components(record))

    async def _builder_control(self, responder: Responder,
                               interaction: hikari.ComponentInteraction,
                               control: BuilderControl) -> None:
        if interaction.user.id != control.owner_id:
            raise NotYourRollError("only the person who opened this builder can use it",
                                   hint="open your own with /roll build:true")
        if control.action is None:
            await self._roll_built(responder, interaction, control.state)
            return
        value = _selected_number(interaction) if control.action is BuilderAction.SET_DIE else None
        state = control.state.apply(control.action, value)
        await responder.update(embed=builder_embed(state),
                               components=builder_components(control.owner_id, state))

    async def _roll_built(self, responder: Responder, interaction: hikari.ComponentInteraction,
                          state: BuilderState) -> None:
        record = await self._table.roll(state.notation, roller_of(interaction))
        log_context.update(roll_id=record.roll_id)
        await responder.update(embed=builder_sent_embed(state), components=[])
        await responder.followup(embed=roll_embed(record, Author.of(interaction)),
                                 components=roll_components(record))

    # -- the Copy Command modal ----------------------------------------------------------

    async def on_modal(self, event: hikari.ModalInteractionCreateEvent) -> None:
        """The Copy Command modal was submitted: roll its text publicly as a new roll."""
        interaction = event.interaction
        responder = Responder(interaction)
        notation = _text_input(interaction, MODAL_INPUT_ID)

        async def work() -> None:
            control = decode(interaction.custom_id)
            original = await self._original(control)
            record = await self._table.roll(
                notation, roller_of(interaction),
                dc=original.result.dc if original else None,
                label=original.label if original else None,
            )
            await self._post(responder, interaction, record, ephemeral=False)

        await self._run(responder, interaction, work, notation=notation,
                        defer_as=hikari.ResponseType.DEFERRED_MESSAGE_CREATE, command="modal")

    async def _original(self, control: RollControl | BuilderControl | None) -> RollRecord | None:
        if not isinstance(control, RollControl):
            return None
        try:
            return await self._table.find(control.roll_id)
        except RollNotFoundError:
            return None

    # -- shared --------------------------------------------------------------------------

    async def _post(self, responder: Responder, interaction: hikari.PartialInteraction,
                    record: RollRecord, *, ephemeral: bool) -> None:
        log_context.update(roll_id=record.roll_id)
        await responder.message(embed=roll_embed(record, Author.of(interaction)),
                                components=roll_components(record), ephemeral=ephemeral)
        log.info("rolled %s", record.result.notation)

    async def _run(self, responder: Responder, interaction: hikari.PartialInteraction,
                   work: Callable[[], Awaitable[None]], *, notation: str | None,
                   defer_as: hikari.ResponseType, command: str,
                   ephemeral: bool = False) -> None:
        with log_context.bind(command=command, guild_id=interaction.guild_id,
                              user_id=interaction.user.id, interaction_id=interaction.id):
            if not self._gate.open:
                await self._answer(responder, REFUSAL_BUSY)
                return
            async with self._gate.track():
                try:
                    await within_deadline(responder, work(), defer_as, ephemeral=ephemeral)
                except NazhError as error:
                    log.info("refused: %s", error.summary)
                    await self._answer(responder, error_message(error, notation))
                except Exception:
                    log.exception("unexpected error while handling an interaction")
                    await self._answer(responder, APOLOGY)

    @staticmethod
    async def _answer(responder: Responder, text: str) -> None:
        try:
            await responder.message(text, ephemeral=True)
        except Exception:
            log.exception("could not answer the interaction")


def _selected_number(interaction: hikari.ComponentInteraction) -> int | None:
    values = interaction.values
    return int(values[0]) if values and values[0].isdigit() else None


def _text_input(interaction: hikari.ModalInteraction, custom_id: str) -> str:
    for row in interaction.components:
        for component in row.components:
            if component.custom_id == custom_id:
                return component.value
    return ""


def _component_name(custom_id: str) -> str:
    parts = custom_id.split(":")
    name = parts[2] if len(parts) > 2 and parts[1] == "b" else parts[1] if len(parts) > 1 else "?"
    return f"component:{name[:12]}"

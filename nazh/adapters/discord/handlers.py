"""What Nazh does with each interaction: read it, call a use case, render, respond.

Every handler runs under :meth:`RollHandlers._run`, which admits it through the gate, binds the
log context, answers within Discord's 3 s, turns a :class:`NazhError` into a specific ephemeral
reply and any other exception into a logged, apologetic one. No interaction goes unanswered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import hikari

from nazh.adapters.discord.custom_ids import (
    BuilderControl,
    Control,
    HistoryControl,
    RollAction,
    RollControl,
    decode,
)
from nazh.adapters.discord.render import (
    MODAL_INPUT_ID,
    Author,
    builder_components,
    builder_embed,
    builder_sent_embed,
    copy_modal,
    roll_components,
    roll_embed,
)
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.runner import InteractionRunner
from nazh.application import log_context
from nazh.application.builder import BuilderAction, BuilderState
from nazh.application.errors import NotYourRollError, RollNotFoundError
from nazh.application.history import RollLogQueries
from nazh.application.metrics import (
    RollSource,
)
from nazh.application.saved_rolls import SavedRolls
from nazh.application.suggestions import suggest_rolls
from nazh.application.table import Roller, RollRecord, TableRolls
from nazh.domain.errors import RollStateError
from nazh.domain.results import RollResult

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

    def __init__(
        self,
        table: TableRolls,
        runner: InteractionRunner,
        saved: SavedRolls | None = None,
        queries: RollLogQueries | None = None,
    ) -> None:
        self._table = table
        self._runner = runner
        self._saved = saved
        self._queries = queries

    async def resolve(self, user_id: int, pool: str) -> str:
        """``@name`` -> the user's saved roll; anything else unchanged."""
        return pool if self._saved is None else await self._saved.resolve(user_id, pool)

    async def suggest(self, interaction: hikari.AutocompleteInteraction, typed: str) -> list[str]:
        """Autocomplete for ``pool``: the typed roll, the user's saved and recent rolls, then
        common forms (a failing store only costs the personal suggestions)."""
        known: list[str] = []
        try:
            if self._saved is not None:
                known += [f"@{r.name}" for r in await self._saved.list(interaction.user.id)]
            if self._queries is not None:
                known += await self._queries.recent_notations(
                    interaction.channel_id, interaction.user.id
                )
        except Exception:
            log.warning("personal suggestions unavailable", exc_info=True)
        return suggest_rolls(typed, tuple(known))

    # -- /roll ---------------------------------------------------------------------------

    async def slash_roll(
        self, interaction: hikari.CommandInteraction, options: RollOptions
    ) -> None:
        """``/roll``: roll publicly (or privately), or open the Builder."""
        responder = Responder(interaction)

        async def work() -> RollResult | None:
            pool = await self.resolve(interaction.user.id, options.pool)
            if options.build:
                await self._open_builder(responder, interaction, replace(options, pool=pool))
                return None
            record = await self._table.roll(
                pool,
                roller_of(interaction),
                add_plot=options.add_plot,
                dc=options.dc,
                label=options.label,
                private=options.private,
            )
            await self._post(responder, interaction, record, ephemeral=options.private)
            return record.result

        ephemeral = options.private or options.build
        await self._runner.run(
            responder,
            interaction,
            work,
            notation=options.pool,
            defer_as=hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
            ephemeral=ephemeral,
            command="roll",
            kind="command",
            source=None if options.build else RollSource.SLASH,
        )

    async def _open_builder(
        self, responder: Responder, interaction: hikari.PartialInteraction, options: RollOptions
    ) -> None:
        state = BuilderState.from_notation(options.pool)
        if options.add_plot and state.plot is None:
            state = state.apply(BuilderAction.PLOT)
        owner = interaction.user.id
        await responder.message(
            embed=builder_embed(state), components=builder_components(owner, state), ephemeral=True
        )
        self._runner.interactions.builder_opened()

    # -- components ----------------------------------------------------------------------

    async def on_component(self, event: hikari.ComponentInteractionCreateEvent) -> None:
        """A click on one of Nazh's buttons or select menus."""
        interaction = event.interaction
        responder = Responder(interaction)
        control = decode(interaction.custom_id)
        if isinstance(control, HistoryControl):
            return  # the log handlers answer it

        async def work() -> RollResult | None:
            if isinstance(control, RollControl):
                return await self._roll_control(responder, interaction, control)
            if isinstance(control, BuilderControl):
                return await self._builder_control(responder, interaction, control)
            await responder.message(OUTDATED, ephemeral=True)
            return None

        await self._runner.run(
            responder,
            interaction,
            work,
            notation=None,
            defer_as=hikari.ResponseType.DEFERRED_MESSAGE_UPDATE,
            command=_component_name(interaction.custom_id),
            kind="component",
            source=_source_of(control),
        )

    async def _roll_control(
        self, responder: Responder, interaction: hikari.ComponentInteraction, control: RollControl
    ) -> RollResult | None:
        log_context.update(roll_id=control.roll_id)
        user = interaction.user.id
        if control.action is RollAction.COPY:
            record = await self._table.find(control.roll_id)
            title, custom_id, components = copy_modal(record)
            await interaction.create_modal_response(title, custom_id, components=components)
            responder.responded = True
            return None
        if control.action is RollAction.ADD_PLOT:
            record = await self._table.add_plot_die(control.roll_id, user)
        elif control.action is RollAction.KEEP_FACE:
            record = await self._table.choose_plot_face(control.roll_id, user, control.index)
        else:
            raise RollStateError("unexpected control")
        await responder.update(
            embed=roll_embed(record, Author.of(interaction)), components=roll_components(record)
        )
        return record.result

    async def _builder_control(
        self,
        responder: Responder,
        interaction: hikari.ComponentInteraction,
        control: BuilderControl,
    ) -> RollResult | None:
        if interaction.user.id != control.owner_id:
            raise NotYourRollError(
                "only the person who opened this builder can use it",
                hint="open your own with /roll build:true",
            )
        if control.action is None:
            return await self._roll_built(responder, interaction, control.state)
        value = _selected_number(interaction) if control.action is BuilderAction.SET_DIE else None
        state = control.state.apply(control.action, value)
        await responder.update(
            embed=builder_embed(state), components=builder_components(control.owner_id, state)
        )
        return None

    async def _roll_built(
        self, responder: Responder, interaction: hikari.ComponentInteraction, state: BuilderState
    ) -> RollResult:
        record = await self._table.roll(state.notation, roller_of(interaction))
        log_context.update(roll_id=record.roll_id)
        await responder.update(embed=builder_sent_embed(state), components=[])
        await responder.followup(
            embed=roll_embed(record, Author.of(interaction)), components=roll_components(record)
        )
        return record.result

    # -- the Copy Command modal ----------------------------------------------------------

    async def on_modal(self, event: hikari.ModalInteractionCreateEvent) -> None:
        """The Copy Command modal was submitted: roll its text publicly as a new roll."""
        interaction = event.interaction
        responder = Responder(interaction)
        notation = _text_input(interaction, MODAL_INPUT_ID)

        async def work() -> RollResult | None:
            control = decode(interaction.custom_id)
            original = await self._original(control)
            record = await self._table.roll(
                await self.resolve(interaction.user.id, notation),
                roller_of(interaction),
                dc=original.result.dc if original else None,
                label=original.label if original else None,
            )
            await self._post(responder, interaction, record, ephemeral=False)
            return record.result

        await self._runner.run(
            responder,
            interaction,
            work,
            notation=notation,
            defer_as=hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
            command="modal",
            kind="modal",
            source=RollSource.MODAL,
        )

    async def _original(self, control: Control | None) -> RollRecord | None:
        if not isinstance(control, RollControl):
            return None
        try:
            return await self._table.find(control.roll_id)
        except RollNotFoundError:
            return None

    # -- shared --------------------------------------------------------------------------

    async def _post(
        self,
        responder: Responder,
        interaction: hikari.PartialInteraction,
        record: RollRecord,
        *,
        ephemeral: bool,
    ) -> None:
        log_context.update(roll_id=record.roll_id)
        await responder.message(
            embed=roll_embed(record, Author.of(interaction)),
            components=roll_components(record),
            ephemeral=ephemeral,
        )
        log.info("rolled %s", record.result.notation)


def _source_of(control: Control | None) -> RollSource | None:
    if isinstance(control, BuilderControl):
        return RollSource.BUILDER if control.action is None else None
    if isinstance(control, RollControl) and control.action in (
        RollAction.ADD_PLOT,
        RollAction.KEEP_FACE,
    ):
        return RollSource.BUTTON
    return None


def _selected_number(interaction: hikari.ComponentInteraction) -> int | None:
    values = interaction.values
    if values and values[0].isascii() and values[0].isdigit():
        return int(values[0])
    return None


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

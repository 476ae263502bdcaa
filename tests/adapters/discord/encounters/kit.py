"""Shared arrange code of the Discord encounter feature's tests: a GM, a player, another member,
the encounter's classes (:class:`~nazh.adapters.discord.encounters.feature.EncounterFeature`,
:class:`~nazh.adapters.discord.encounters.combatants.CombatantCommands`,
:class:`~nazh.adapters.discord.encounters.clicks.EncounterControls`, on one
:class:`~nazh.adapters.discord.encounters.live_card.LiveCard`) on the use cases in memory, and a
spec'd fake of hikari's REST client that keeps the channel's messages (the cards Nazh posts and
edits, the pings) as Discord would, each request checked against Discord's spec and its message
rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from unittest.mock import create_autospec

import hikari

from nazh.adapters.discord.encounters.clicks import EncounterControls
from nazh.adapters.discord.encounters.combatants import CombatantCommands
from nazh.adapters.discord.encounters.feature import EncounterFeature
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.encounters.panel_form import PanelFormControl, PanelForms
from nazh.adapters.discord.features import owner_of
from nazh.adapters.discord.runtime.forms import read_forms
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.service import Characters
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.settings.server import GuildSettings, Member
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import Attribute
from tests.adapters.discord.feature_kit import FeatureKit
from tests.adapters.discord.rolls.kit import as_gm
from tests.app_fakes import FakeClock, MemoryStore
from tests.character_fakes import FakeCharacterStore
from tests.e2e.fake_discord import (
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    autocomplete,
    component_click,
    make_message,
    make_user,
    new_snowflake,
    slash_command,
)
from tests.e2e.fake_discord.message_rules import TEXT_DISPLAY, broken_rules, walk
from tests.e2e.fake_discord.spec import validate_request
from tests.encounter_fakes import FakeEncounterStore

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
GUILD = int(DEFAULT_GUILD_ID)
EPHEMERAL = 1 << 6
CHANNEL = int(DEFAULT_CHANNEL_ID)
GM = make_user("792222222222222222", "gm")
PLAYER = make_user("791111111111111111", "player")
OTHER = make_user("793333333333333333", "other")
STRING_SELECT = 3


def member(user: JsonObject) -> Member:
    """The user as the use cases see them (the GM manages the server)."""
    return Member(int(user["id"]), GUILD, manages_guild=user is GM)


def _json(value: object) -> Any:
    """``value`` as it travels (hikari's enums and colours as numbers)."""
    return json.loads(json.dumps(value))


def _built(components: object) -> list[JsonObject]:
    if components is hikari.UNDEFINED or components is None:
        return []
    assert isinstance(components, list | tuple)
    return [_json(c.build()[0]) for c in components]


class Table:
    """The encounter's classes on in-memory use cases, answering into memory and sending its
    channel messages to a spec'd fake of hikari's REST client."""

    def __init__(self, store: FakeEncounterStore | None = None) -> None:
        self.kit = FeatureKit()
        self.clock = FakeClock(NOW)
        settings = GuildSettings(MemoryStore(), self.clock)
        self.store = store or FakeEncounterStore()
        self.characters = Characters(FakeCharacterStore(), settings, self.clock,
                                     SeededRandomSource(7))
        self.uses = EncounterUseCases.of(self.store, settings, self.characters, self.clock,
                                         SeededRandomSource(11))
        self.rest = create_autospec(hikari.api.RESTClient, instance=True)
        attached = RestRef()
        attached.set(self.rest)  # as the core does when a transport attaches
        self.card = LiveCard(self.uses, attached)
        self.feature = EncounterFeature(self.uses, self.characters, self.kit.wrapper, self.card)
        self.combatants = CombatantCommands(self.uses, self.kit.wrapper, self.card)
        self.controls = EncounterControls(self.uses, self.kit.wrapper, self.card)
        self.rest.create_message.side_effect = self._created
        self.rest.edit_message.side_effect = self._edited
        self.rest.interaction_autocomplete_builder.side_effect = (
            hikari.impl.InteractionAutocompleteBuilder)
        app = create_autospec(hikari.traits.RESTAware, instance=True)
        app.rest = self.rest
        self._entities = hikari.impl.EntityFactoryImpl(app)
        read_forms(self._entities)  # a form's every field, as both transports read it
        self.messages: dict[int, JsonObject] = {}
        """The channel's messages Nazh posted, as they stand now, by id."""
        self.edited: list[int] = []
        """The ids of the messages edited, in order."""
        self.refused: list[str] = []
        """What Discord would have refused of the requests sent."""

    # -- interactions ---------------------------------------------------------------------

    def _interaction(self, payload: JsonObject, user: JsonObject) -> Any:
        if user is GM:
            as_gm(payload["member"])
        return self._entities.deserialize_interaction(payload)

    def command(self, name: str, user: JsonObject,
                options: JsonObject | None = None) -> hikari.CommandInteraction:
        """``/name`` with ``options``, as ``user`` sends it in the channel."""
        interaction = self._interaction(slash_command(name, options, user=user), user)
        assert isinstance(interaction, hikari.CommandInteraction)
        return interaction

    def click(self, custom_id: str, user: JsonObject, *, message_id: int | None = None,
              values: list[str] | None = None) -> hikari.ComponentInteraction:
        """A click on ``custom_id`` (a choice of ``values`` in a select) on the channel's
        message ``message_id`` as it stands, or on an ephemeral message holding it."""
        message = None
        if message_id is not None:
            shown = self.messages[message_id]
            message = make_message(message_id=str(message_id), channel_id=str(CHANNEL),
                                   guild_id=str(GUILD), components=shown["components"],
                                   flags=int(shown.get("flags", 0)))
        kind = STRING_SELECT if values is not None else 2
        payload = component_click(custom_id, kind, values, message=message, user=user)
        if message is None:
            payload["message"]["flags"] = EPHEMERAL  # a prompt shown to its clicker alone
        interaction = self._interaction(payload, user)
        assert isinstance(interaction, hikari.ComponentInteraction)
        return interaction

    def typing(self, name: str, focused: str, typed: str,
               user: JsonObject) -> hikari.AutocompleteInteraction:
        """``user`` typing ``typed`` in the option ``focused`` of ``/name``."""
        payload = autocomplete(name, {focused: typed}, focused, user=user)
        interaction = self._interaction(payload, user)
        assert isinstance(interaction, hikari.AutocompleteInteraction)
        return interaction

    async def answer(self, interaction: Any, work: Any) -> JsonObject:
        """The first answer to ``interaction`` (``work`` handles it), checked against the
        spec of an interaction's callback."""
        body: JsonObject = _json(await self.kit.answer(interaction, work))
        path = f"/interactions/{interaction.id}/token/callback"
        assert validate_request("POST", path, body) == []
        assert broken_rules(body.get("data") or {}) == []
        return body

    # -- the channel ----------------------------------------------------------------------

    async def current(self) -> EncounterRecord:
        """The channel's encounter as kept."""
        return await self.uses.changes.current(CHANNEL)

    async def settle(self) -> None:
        """The card edits waiting sent; nothing sent was refused."""
        await self.card.edits.flush()
        assert self.refused == []

    async def close(self) -> None:
        """The feature closed (its waiting edits sent)."""
        await self.feature.close()

    def _check(self, method: str, path: str, body: JsonObject,
               before: JsonObject | None = None) -> None:
        self.refused += validate_request(method, path, body)
        self.refused += broken_rules(body, before)

    async def _created(self, channel: hikari.SnowflakeishOr[hikari.TextableChannel],
                       content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                       **options: Any) -> hikari.Message:
        body: JsonObject = {"components": _built(options.get("components"))}
        if options.get("flags") is not None:
            body["flags"] = int(options["flags"])
        if content is not hikari.UNDEFINED:
            body["content"] = content
            users = options.get("user_mentions")
            body["allowed_mentions"] = {"parse": [], "users": [
                str(u) for u in (users if isinstance(users, list) else [])]}
        self._check("POST", f"/channels/{int(channel)}/messages", body)
        message_id = int(new_snowflake())
        self.messages[message_id] = body
        return self._entities.deserialize_message(make_message(
            message_id=str(message_id), channel_id=str(int(channel)), guild_id=str(GUILD)))

    async def _edited(self, channel: hikari.SnowflakeishOr[hikari.TextableChannel],
                      message: hikari.SnowflakeishOr[hikari.PartialMessage],
                      **options: Any) -> None:
        message_id = int(message)
        before = self.messages[message_id]
        body: JsonObject = {"components": _built(options.get("components")),
                            "flags": int(options["flags"])}
        self._check("PATCH", f"/channels/{int(channel)}/messages/{message_id}", body, before)
        self.messages[message_id] = {**before, **body}
        self.edited.append(message_id)


# -- arranging and reading -----------------------------------------------------------------


def texts(message: JsonObject) -> list[str]:
    """The message's text displays, in order, as read (a no-break space as a space)."""
    return [str(c["content"]).replace("\u00a0", " ") for c in walk(message.get("components") or [])
            if c.get("type") == TEXT_DISPLAY]


def custom_ids(message: JsonObject) -> dict[str, str]:
    """The message's controls' custom ids, by label (or placeholder)."""
    return {str(c.get("label") or c.get("placeholder")): str(c["custom_id"])
            for c in walk(message.get("components") or []) if "custom_id" in c}


async def started(table: Table) -> int:
    """The GM started "Ambush"; its card's message id."""
    start = table.command("encounter start", GM, {"name": "Ambush"})
    await table.answer(start, table.feature.start(start, "Ambush"))
    card = (await table.current()).card_message_id
    assert card is not None
    return card


async def with_kaladin(table: Table) -> int:
    """An encounter the player's Kaladin has joined; its card's message id."""
    await table.characters.new(member(PLAYER), "Kaladin", attributes={Attribute.SPEED: 2})
    card = await started(table)
    await table.uses.roster.join(member(PLAYER), CHANNEL, None)
    return card


async def clicked(table: Table, custom_id: str, user: JsonObject, *,
                  message_id: int | None = None, values: list[str] | None = None
                  ) -> JsonObject:
    """``user``'s click on ``custom_id``, routed as the bot routes it; the answer."""
    interaction = table.click(custom_id, user, message_id=message_id, values=values)
    owned = owner_of(custom_id)
    assert owned is not None
    return await table.answer(interaction, table.controls.on_control(interaction, owned[1]))


def form_control(custom_id: str) -> PanelFormControl:
    """The GM panel form control ``custom_id`` decodes to (its select's or its form's)."""
    owned = owner_of(custom_id)
    assert owned is not None
    assert isinstance(owned[1], PanelFormControl)
    return owned[1]


async def chosen_in(table: Table, forms: PanelForms, custom_id: str, name: str,
                    user: JsonObject) -> JsonObject:
    """``user`` chooses ``name`` in the GM panel's select ``custom_id`` of ``forms``; the
    answer."""
    interaction = table.click(custom_id, user, values=[name])
    return await table.answer(interaction, forms.on_control(interaction,
                                                            form_control(custom_id)))

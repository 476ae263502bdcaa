"""Feature-level tests of the Discord features: real hikari interactions built from Discord's
JSON, the real wrapper, and the first answer kept in memory (the HTTP transport's reply to the
POST) instead of sent anywhere. No network."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import hikari

from nazh.adapters.discord.features import OFFER_BUTTONS
from nazh.adapters.discord.rolls.posting import ResultMessages
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.responder import InitialResponses
from nazh.adapters.discord.runtime.wrapper import InteractionWrapper
from nazh.application.admission.gate import Admission
from nazh.application.odds.use_cases import IN_ENGLISH, ChartWords, OddsAnswer, OddsOf
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.json_types import JsonObject
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from tests.app_fakes import FakeInteractionMetrics
from tests.e2e.fake_discord import autocomplete, component_click, slash_command

JSON = JsonObject
EPHEMERAL = 1 << 6


def answers(settings: GuildSettings) -> RollAnswers:
    """How the features that roll answer: ``settings`` read, the real result message."""
    return RollAnswers(settings, ResultMessages(OFFER_BUTTONS))


class NoCallbacks:
    """Interactions of these tests are answered in memory, never over REST."""

    async def send(self, interaction: object,
                   builder: hikari.api.InteractionResponseBuilder) -> None:
        raise AssertionError("a feature test answered over REST")


class InlineOddsWorker:
    """The ``OddsWorker`` port computed in this process, with a stand-in chart."""

    async def compute(self, notation: str, *, add_plot: bool, dc: int | None,
                      attack: AttackTerms | None = None, ranges: Ranges = DEFAULT_RANGES,
                      words: ChartWords = IN_ENGLISH) -> OddsAnswer:
        spec = parse_roll(notation, add_plot=add_plot)
        if attack is not None:
            odds = OddsOf().attack_of_spec(spec, attack)
            return OddsAnswer(odds.test, b"\x89PNG\r\n\x1a\n", odds)
        return OddsAnswer(OddsOf().of_spec(spec, dc, ranges), b"\x89PNG\r\n\x1a\n")


class FeatureKit:
    """Builds interactions and reads the answer a feature gave to one."""

    def __init__(self) -> None:
        self.bot = hikari.RESTBot("x.y.z", "Bot", banner=None)
        self.replies = InitialResponses(NoCallbacks())
        self.metrics = FakeInteractionMetrics()
        self.wrapper = InteractionWrapper(Admission(self.metrics), self.replies)

    def command(self, name: str, options: JSON | None = None, user: JSON | None = None,
                edit: Callable[[JSON], None] | None = None) -> hikari.CommandInteraction:
        """A slash command interaction, as Discord sends it (``edit`` changes its member, e.g.
        its permissions)."""
        payload = slash_command(name, options, user=user)
        if edit is not None:
            edit(payload["member"])
        interaction = self.bot.entity_factory.deserialize_interaction(payload)
        assert isinstance(interaction, hikari.CommandInteraction)
        return interaction

    def click(self, custom_id: str, user: JSON | None = None,
              values: list[str] | None = None,
              edit: Callable[[JSON], None] | None = None) -> hikari.ComponentInteraction:
        """A click on the component ``custom_id`` of a message the channel sees (``edit``
        changes its member, as for :meth:`command`)."""
        payload = component_click(custom_id, 3 if values is not None else 2, values, user=user)
        if edit is not None:
            edit(payload["member"])
        interaction = self.bot.entity_factory.deserialize_interaction(payload)
        assert isinstance(interaction, hikari.ComponentInteraction)
        return interaction

    def typing(self, name: str, options: JSON, focused: str, user: JSON | None = None,
               edit: Callable[[JSON], None] | None = None) -> hikari.AutocompleteInteraction:
        """An autocomplete interaction: ``focused`` is the option being typed (``edit``
        changes its member, as for :meth:`command`)."""
        payload = autocomplete(name, options, focused, user=user)
        if edit is not None:
            edit(payload["member"])
        interaction = self.bot.entity_factory.deserialize_interaction(payload)
        assert isinstance(interaction, hikari.AutocompleteInteraction)
        return interaction

    async def answer(self, interaction: Any, work: Awaitable[None]) -> JSON:
        """Run ``work`` (a feature handling ``interaction``) and return the JSON of its first
        answer, as the HTTP transport would reply to Discord's POST."""
        initial = self.replies.expect_http(interaction.id)
        try:
            await work
            builder = await initial.builder
        finally:
            self.replies.release(interaction.id)
        body, _ = builder.build(self.bot.entity_factory)
        return dict(body)

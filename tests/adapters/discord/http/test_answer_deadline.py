"""The HTTP transport's deadline: an answer set in the very loop turn the wait for it times out
is the reply to Discord's POST (not a deferral over it, which would fail and lose the answer)."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import hikari

from nazh.adapters.discord.http.app import HttpApp, HttpConfig
from nazh.adapters.discord.runtime.responder import InitialResponses

TOKEN = "ODcxMTExMTExMTExMTExMTAw.x.y"
INTERACTION_ID = 1_300_000_000_000_000_001


class AnsweringLate:
    """A core whose handling sets the answer one loop turn after it starts: the turn in which
    the transport's wait of 0 s times out."""

    def __init__(self, replies: InitialResponses, answer: hikari.api.InteractionResponseBuilder,
                 ) -> None:
        self._replies = replies
        self._answer = answer

    async def handle(self, interaction: hikari.PartialInteraction) -> None:
        await asyncio.sleep(0)
        http = self._replies.initial_for(interaction)
        cast("Any", http).builder.set_result(self._answer)


async def test_an_answer_set_as_the_wait_times_out_is_the_reply() -> None:
    replies = InitialResponses(cast("Any", None))
    answer = hikari.impl.InteractionMessageBuilder(hikari.ResponseType.MESSAGE_CREATE, "17")
    never = cast("Any", None)  # what this path does not use
    app = HttpApp(HttpConfig(TOKEN, "ab" * 32, "http://127.0.0.1:9/api/v10", answer_within=0),
                  cast("Any", AnsweringLate(replies, answer)), replies, never, never)
    interaction = cast("hikari.PartialInteraction",
                       type("Interaction", (), {"id": INTERACTION_ID})())
    replies_sent = app._answer(interaction)  # the listener hikari's interaction server calls
    assert await anext(replies_sent) is answer  # not a deferral, nor a failure
    await replies_sent.aclose()

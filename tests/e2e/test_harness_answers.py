"""What the harness reads as an interaction's answer when the bot deferred it (as it does on a
loaded machine): the deferral's message once filled in, or, for an answer only its user may
see after a deferral everyone saw, the private message sent instead (the deferral's message
deleted). Here the bot's side of the exchange is sent to the fake Discord by hand, in the
order the bot sends it (``runtime/responder.py``), so each step is deterministic."""

from __future__ import annotations

import aiohttp
import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.e2e.harness import DEFERRED_MESSAGE, final_answer
from tests.waiting import NeverHappenedError

EPHEMERAL = 1 << 6
REFUSAL = {"content": "There is no roll 'nope' in the log.", "flags": EPHEMERAL}


async def deferred(fake: FakeDiscord) -> tuple[JsonObject, aiohttp.ClientSession, str]:
    """A /verify the bot deferred for everyone to see: it, a session, its webhook's URL."""
    interaction = slash_command("verify", {"roll_id": "nope"})
    fake.state.register_interaction(interaction)  # as a dispatch to the bot does
    session = aiohttp.ClientSession()
    api = fake.rest_url
    async with session.post(f"{api}/interactions/{interaction['id']}/{interaction['token']}"
                            "/callback", json={"type": DEFERRED_MESSAGE}) as reply:
        assert reply.status == 204, await reply.text()
    return interaction, session, f"{api}/webhooks/{fake.application_id}/{interaction['token']}"


async def test_a_private_refusal_sent_instead_of_a_public_deferral_is_the_answer(
        fake_discord: FakeDiscord) -> None:
    interaction, session, webhook = await deferred(fake_discord)
    body = {"type": DEFERRED_MESSAGE}
    async with session:
        with pytest.raises(NeverHappenedError):  # the deferral still "thinking"
            await final_answer(fake_discord, interaction, body, timeout=0.1)
        async with session.delete(f"{webhook}/messages/@original") as deleted:
            assert deleted.status == 204, await deleted.text()
        with pytest.raises(NeverHappenedError):  # neither message there: waited for
            await final_answer(fake_discord, interaction, body, timeout=0.1)
        async with session.post(webhook, json=REFUSAL) as sent:
            assert sent.status == 204, await sent.text()
        answer = await final_answer(fake_discord, interaction, body, timeout=5)
    assert answer["content"] == REFUSAL["content"]
    assert answer["flags"] & EPHEMERAL


async def test_a_deferral_filled_in_is_the_answer(fake_discord: FakeDiscord) -> None:
    interaction, session, webhook = await deferred(fake_discord)
    async with session:
        async with session.patch(f"{webhook}/messages/@original",
                                 json={"content": "Verified."}) as edited:
            assert edited.status == 200, await edited.text()
        answer = await final_answer(fake_discord, interaction, {"type": DEFERRED_MESSAGE},
                                    timeout=5)
    assert answer["content"] == "Verified."

"""The bot's REST client is handed over when a transport attaches to the core."""

from __future__ import annotations

from unittest.mock import create_autospec

import hikari

from nazh.adapters.discord.runtime.rest import RestRef


def test_no_client_until_a_transport_attaches_then_its_own() -> None:
    ref = RestRef()
    assert ref.client is None
    client = create_autospec(hikari.api.RESTClient, instance=True)
    ref.set(client)
    assert ref.client is client

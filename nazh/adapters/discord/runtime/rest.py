"""The bot's REST client for work no interaction of its own follows (a card's edit after a roll)."""

from __future__ import annotations

import hikari


class RestRef:
    """Where the bot's REST client is, once a transport has made it."""

    def __init__(self) -> None:
        self._client: hikari.api.RESTClient | None = None

    def set(self, client: hikari.api.RESTClient) -> None:
        """The transport's client."""
        self._client = client

    @property
    def client(self) -> hikari.api.RESTClient | None:
        """The client (``None``: no transport attached yet)."""
        return self._client

"""The recap card's custom ids: ``nz1:ses:<session id>:<action>`` (Details, Journal)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.application.shared.ids import well_formed_roll_id
from nazh.presentation.session_card import ACTIONS

KIND = "ses"


@dataclass(frozen=True, slots=True)
class SessionControl:
    """A recap card's button: its session and what it does."""

    session_id: str
    action: str


def card_button(session_id: str, action: str) -> str:
    """The custom id of a recap card's button."""
    return f"{PREFIX}:{KIND}:{session_id}:{action}"


def _decode(parts: list[str]) -> SessionControl | None:
    if len(parts) != 4:
        return None
    _, _, session_id, action = parts
    if not well_formed_roll_id(session_id) or action not in ACTIONS:
        return None
    return SessionControl(session_id, action)


CODEC = Codec(frozenset({KIND}), _decode)
"""The sessions' controls."""

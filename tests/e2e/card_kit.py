"""Reading and using a card (a Components V2 message) the bot sent: its text, its controls
(buttons in rows or beside a section's text, selects), clicking them, and who a message
pinged. Each reader takes a stored message or a callback body (its ``data``)."""

from __future__ import annotations

from collections.abc import Sequence

from nazh.application.shared.json_types import JsonMapping, JsonObject
from tests.e2e.fake_discord.message_rules import IS_COMPONENTS_V2, TEXT_DISPLAY, walk
from tests.e2e.harness import NazhUnderTest

BUTTON = 2
SELECTS = frozenset({3, 5, 6, 7, 8})


def _message(body: JsonMapping) -> JsonMapping:
    data = body.get("data")
    return data if isinstance(data, dict) else body


def is_card(body: JsonMapping) -> bool:
    """Whether the message is flagged ``IS_COMPONENTS_V2``."""
    return bool((_message(body).get("flags") or 0) & IS_COMPONENTS_V2)


NBSP = "\u00a0"


def card_texts(body: JsonMapping) -> list[str]:
    """The contents of the card's text displays, in order (a section's too), as read: a
    no-break space (which keeps a field on one row) as a space."""
    return [str(c["content"]).replace(NBSP, " ")
            for c in walk(_message(body).get("components") or [])
            if c.get("type") == TEXT_DISPLAY]


def card_text(body: JsonMapping) -> str:
    """All the card's text, its text displays joined by line breaks."""
    return "\n".join(card_texts(body))


def card_controls(body: JsonMapping) -> dict[str, JsonObject]:
    """The card's buttons (by label) and selects (by placeholder), wherever they are."""
    return {str(c.get("label") or c.get("placeholder")): c
            for c in walk(_message(body).get("components") or [])
            if c.get("type") == BUTTON or c.get("type") in SELECTS}


def card_custom_id(body: JsonMapping, label: str) -> str:
    """The custom id of the card's control labelled ``label`` (or starting with it)."""
    controls = card_controls(body)
    for name, control in controls.items():
        if name.startswith(label) and "custom_id" in control:
            return str(control["custom_id"])
    raise LookupError(f"no control labelled {label!r} on the card; controls: {list(controls)}")


async def click_card(nazh: NazhUnderTest, body: JsonMapping, label: str,
                     user: JsonObject | None = None) -> JsonObject:
    """Press the card's button ``label`` as ``user``; the bot's answer (its callback)."""
    _, answer = await nazh.click(card_custom_id(body, label), user=user)
    return answer


async def choose_on_card(nazh: NazhUnderTest, body: JsonMapping, placeholder: str,
                         values: Sequence[str], user: JsonObject | None = None) -> JsonObject:
    """Choose ``values`` in the card's select ``placeholder`` as ``user``; the bot's answer."""
    _, answer = await nazh.click(card_custom_id(body, placeholder), list(values), user=user)
    return answer


def pinged(message: JsonMapping) -> list[str]:
    """Who a stored message pinged: user ids, ``&role`` ids, and ``@everyone`` (for
    @everyone or @here), as Discord works them out from its allowed mentions."""
    users = [str(user["id"]) for user in message.get("mentions") or []]
    roles = [f"&{role}" for role in message.get("mention_roles") or []]
    return users + roles + (["@everyone"] if message.get("mention_everyone") else [])


async def on_gm_panel(nazh: NazhUnderTest, card: JsonMapping, label: str,
                      user: JsonObject | None = None,
                      values: Sequence[str] | None = None) -> tuple[JsonObject, JsonObject]:
    """Press ``label`` (or choose ``values`` in the select ``label``) on a card's private 👑 GM
    panel as ``user``, the panel opened from the card's GM first; the interaction and the bot's
    answer (to a user who is no GM: the panel's refusal)."""
    opened = await nazh.click(card_custom_id(card, "GM"), user=user)
    if not is_card(opened[1]):
        return opened
    return await nazh.click(card_custom_id(opened[1], label),
                            None if values is None else list(values), user=user)

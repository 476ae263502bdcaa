"""Running an encounter end to end: the live card as the fake Discord keeps it, waiting for
its coalesced edits, and pressing its buttons."""

from __future__ import annotations

from collections.abc import Callable

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id, card_text, is_card
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest
from tests.waiting import until


def cards(fake: FakeDiscord) -> list[JsonObject]:
    """The encounter cards Nazh posted in channels by itself (not answers to interactions,
    such as a GM's own view), oldest first."""
    return [m for m in fake.messages
            if is_card(m) and "interaction_metadata" not in m and "⚔️" in card_text(m)]


def live_card(fake: FakeDiscord) -> JsonObject:
    """The newest card as the fake keeps it now."""
    found = cards(fake)
    assert found, "no card was posted"
    return found[-1]


async def card_showing(fake: FakeDiscord, *texts: str,
                       absent: tuple[str, ...] = ()) -> JsonObject:
    """The live card once its text holds every one of ``texts`` (and none of ``absent``)."""
    def shown() -> JsonObject | None:
        found = cards(fake)
        if not found:
            return None
        text = card_text(found[-1])
        ok = all(t in text for t in texts) and not any(t in text for t in absent)
        return found[-1] if ok else None
    return await until(shown, what=f"the card showing {texts} without {absent}")


async def press(nazh: NazhUnderTest, label: str, user: JsonObject) -> JsonObject:
    """Press the live card's button ``label`` as ``user``; the bot's answer."""
    _, answer = await nazh.click(card_custom_id(live_card(nazh.fake), label), user=user)
    return answer


def answer_text(body: JsonObject) -> str:
    """A callback's message text (content, or a card's text)."""
    data = body.get("data") or {}
    return str(data.get("content") or "") or card_text(body)


def messages_since(fake: FakeDiscord, count: int,
                   keep: Callable[[JsonObject], bool] = lambda _: True) -> list[JsonObject]:
    """The messages posted after the first ``count`` ones."""
    return [m for m in fake.messages[count:] if keep(m)]

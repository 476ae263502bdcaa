"""The walkthrough of ``docs/encounters.md``: one encounter played through the real use cases
(on the fakes of :mod:`tests.encounter_fakes`), the card's text rendered by the real
presentation after each step, so the page shows exactly what the table sees.

``tests/test_docs.py`` checks that every card on the page is the one this walkthrough renders
now. After a change to the card, write the page's cards again with::

    python -m tests.encounter_walkthrough_kit --write
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.turns import TurnAct
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.presentation.encounter_card import NBSP, CardButton, CardView, card_view, ended_view
from tests.encounter_fakes import CHANNEL, GM, OTHER, PLAYER, EncounterKit, encounter_kit

PAGE = Path(__file__).resolve().parent.parent / "docs" / "encounters.md"
KALADIN = PLAYER
"""Kaladin's player."""
SHALLAN = OTHER
"""Shallan's player."""

DIVIDER = "─" * 24
CARD_BLOCK = re.compile(r"<!-- card: (?P<name>[\w-]+) -->\n```text\n(?P<text>(?:(?!```).*\n)*?)```")
"""A card on the page: a marker naming the step, then the card's text in a code block (its
lines, none of them a fence)."""


@dataclass
class Walkthrough:
    """The encounter played so far and the cards rendered after each step, by step name."""

    kit: EncounterKit = field(default_factory=encounter_kit)
    cards: dict[str, str] = field(default_factory=dict)

    async def record(self) -> EncounterRecord:
        """The channel's encounter as kept now."""
        return await self.kit.changes.current(CHANNEL)

    async def card(self, name: str, *, gm_view: bool = False) -> None:
        """The card as it is now, kept as step ``name`` (``gm_view``: a GM's own view)."""
        view = card_view(await self.record(), self.kit.clock.now(), gm_view=gm_view)
        self.cards[name] = card_text(view, gm_view=gm_view)

    async def step(self, name: str, *acts: Awaitable[object]) -> None:
        """``acts`` taken in order, then the card kept as step ``name``."""
        for act in acts:
            await act
        await self.card(name)


def card_text(view: CardView, *, gm_view: bool = False) -> str:
    """The card as the page shows it, laid out as the Discord adapter builds it
    (``adapters/discord/encounters/card.py``): the title and status, a divider, a text per
    side, then its two buttons (My turn, GM); a GM's own view has no controls. A no-break
    space (which keeps a field whole on a phone) is written as a space."""
    parts = ["\n".join((view.title, *view.status)), DIVIDER, *(b.text for b in view.blocks)]
    if not gm_view:
        parts += ["\n".join(" ".join(button_text(b) for b in row) for row in view.rows)]
    return "\n\n".join(parts).replace(NBSP, " ")


def button_text(button: CardButton) -> str:
    """``[⚡ Fast]``, or ``(⚡ Fast)`` when it is greyed out."""
    label = f"{button.emoji} {button.label}" if button.emoji else button.label
    return f"({label})" if button.disabled else f"[{label}]"


async def _setting_up(walk: Walkthrough) -> None:
    kit = walk.kit
    await kit.characters.new(KALADIN, "Kaladin", attributes={Attribute.STRENGTH: 3,
                                                             Attribute.SPEED: 3})
    await kit.characters.new(SHALLAN, "Shallan", attributes={Attribute.INTELLECT: 3,
                                                             Attribute.AWARENESS: 2})
    await walk.step("start", kit.lifecycle.start(GM, CHANNEL, "Ambush at the chasm"))
    bandits = QuickCombatant("Bandit", 8, defense=12, role=Role.MINION)
    boss = QuickCombatant("Shardbearer", 40, defense=16, deflect=3, focus=4, role=Role.BOSS)
    await walk.step("ready", kit.roster.add(GM, CHANNEL, bandits, 3),
                    kit.roster.add(GM, CHANNEL, boss),
                    kit.roster.join(KALADIN, CHANNEL, None),
                    kit.roster.join(SHALLAN, CHANNEL, None))


async def _round_one(walk: Walkthrough) -> None:
    turns = walk.kit.turns
    await walk.step("kaladin-fast", turns.take(KALADIN, CHANNEL, TurnAct.FAST))
    await walk.step("shallan-stays-slow", turns.take(SHALLAN, CHANNEL, TurnAct.DONE))
    await walk.step("kaladin-done", turns.take(KALADIN, CHANNEL, TurnAct.ACTION),
                    turns.take(KALADIN, CHANNEL, TurnAct.DONE))
    await walk.step(
        "conditions",
        turns.take(GM, CHANNEL, TurnAct.ACTION, "Shardbearer"),
        turns.condition(GM, CHANNEL, "Shallan",
                        Affliction(ConditionName.STUNNED, until_next_turn_end=True)),
        turns.condition(GM, CHANNEL, "Kaladin",
                        Affliction(ConditionName.EXHAUSTED, value=1, rounds=1)),
        turns.condition(GM, CHANNEL, "Bandit 2",
                        Affliction(ConditionName.AFFLICTED, value=2, source="fire")))
    await walk.step("next", turns.next(GM, CHANNEL))
    await walk.step("shallan-done", turns.take(SHALLAN, CHANNEL, TurnAct.ACTION),
                    turns.take(SHALLAN, CHANNEL, TurnAct.DONE))


async def _round_two(walk: Walkthrough) -> None:
    turns = walk.kit.turns
    await walk.step("round-two", turns.next(GM, CHANNEL))
    await walk.card("gm-view", gm_view=True)
    await walk.step("both-fast", turns.take(KALADIN, CHANNEL, TurnAct.FAST),
                    turns.take(SHALLAN, CHANNEL, TurnAct.FAST),
                    turns.take(KALADIN, CHANNEL, TurnAct.DONE),
                    turns.take(SHALLAN, CHANNEL, TurnAct.DONE))
    await walk.step("skipped", turns.next(GM, CHANNEL))


async def _the_end(walk: Walkthrough) -> None:
    ended = await walk.kit.lifecycle.end(GM, CHANNEL)
    walk.cards["ended"] = ended_view(ended.summary)


STEPS: tuple[Callable[[Walkthrough], Awaitable[None]], ...] = (
    _setting_up, _round_one, _round_two, _the_end)


async def _played() -> dict[str, str]:
    walk = Walkthrough()
    for steps in STEPS:
        await steps(walk)
    return walk.cards


def walkthrough_cards() -> dict[str, str]:
    """Every step's card, by step name, in the order played."""
    return asyncio.run(_played())


def page_cards(text: str) -> dict[str, str]:
    """The cards shown on a page, by step name."""
    return {match["name"]: match["text"].removesuffix("\n")
            for match in CARD_BLOCK.finditer(text)}


def with_cards(text: str, cards: dict[str, str]) -> str:
    """The page with each of its cards replaced by the one of the same step in ``cards``."""
    def replaced(match: re.Match[str]) -> str:
        card = cards.get(match["name"], match["text"].removesuffix("\n"))
        return f"<!-- card: {match['name']} -->\n```text\n{card}\n```"
    return CARD_BLOCK.sub(replaced, text)


def main(argv: list[str] | None = None) -> int:
    """Print every step's card, or with ``--write`` put them on the page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"rewrite the cards in {PAGE}")
    args = parser.parse_args(argv)
    cards = walkthrough_cards()
    if args.write:
        PAGE.write_text(with_cards(PAGE.read_text(encoding="utf-8"), cards), encoding="utf-8")
        return 0
    for name, card in cards.items():
        sys.stdout.write(f"<!-- card: {name} -->\n```text\n{card}\n```\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

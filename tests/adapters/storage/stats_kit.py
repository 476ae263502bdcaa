"""Real rolls to fill a log with, and a loaded d20, for the dice statistics' tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from nazh.application.log.chain import LogEntry
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.model import Roller, RollRecord
from nazh.domain.rolling import RandomSource

NOTATIONS = ("a1d20+5, 2d6+3", "1d20+3", "d1d20+2, 1d8", "3d6", "1d20, p", "2d20+1")
NOW = datetime.now(UTC)


def rolls(source: RandomSource, count: int, notations: tuple[str, ...] = NOTATIONS,
          seed: int = 1) -> list[LogEntry]:
    """``count`` first records of real rolls in two channels by five players."""
    dice, choice = RollDice(source), random.Random(seed)
    made = []
    for n in range(count):
        result = dice(choice.choice(notations))
        record = RollRecord(f"r{seed}x{n}", Roller(choice.randrange(1, 6),
                                                   choice.choice((10, 11)), 900),
                            result.notation, result, NOW - timedelta(minutes=count - n),
                            private=choice.random() < 0.2)
        made.append(entry_of(record))
    return made


class LoadedD20:
    """A d20 that shows 20 twice as often as any other face (other dice are fair)."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def roll(self, sides: int) -> int:
        if sides != 20:
            return self._random.randint(1, sides)
        return self._random.choices(range(1, 21), weights=[1] * 19 + [2])[0]

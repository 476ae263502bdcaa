"""The engine's limits, all checked before any die is rolled."""

from typing import Final

MAX_INPUT_LENGTH: Final = 200
MAX_POOLS: Final = 5
MIN_DICE: Final = 1
MAX_DICE: Final = 20
MIN_SIDES: Final = 2
MAX_SIDES: Final = 1000
MIN_MODIFIER: Final = -1000
MAX_MODIFIER: Final = 1000
MIN_DC: Final = 1
MAX_DC: Final = 100_000

"""Custom ids of Nazh's components (1-100 characters): they carry what a click needs.

Result buttons carry the roll id (the roll itself lives in the roll store). Builder controls
carry the whole builder state and its owner, so a click works after a restart and on any
process. Every id starts with a versioned prefix; anything that does not decode is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.application.rolls.builder import (
    BUILDER_MAX_MODIFIER,
    DIE_CHOICES,
    BuilderAction,
    BuilderState,
    StagedPool,
)
from nazh.domain import limits
from nazh.domain.spec import DieMode
from nazh.presentation.chat import DiscordLimits

PREFIX = "nz1"
MAX_CUSTOM_ID = DiscordLimits.CUSTOM_ID
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_MODES = {DieMode.NORMAL: "n", DieMode.ADVANTAGE: "a", DieMode.DISADVANTAGE: "d"}
_PLOTS = {None: "-", DieMode.NORMAL: "p", DieMode.ADVANTAGE: "a", DieMode.DISADVANTAGE: "d"}
_POOL_WIDTH = 5


class RollAction(Enum):
    """Buttons and modals attached to a roll result."""

    ADD_PLOT = "plot"
    COPY = "copy"
    KEEP_FACE = "keep"
    MODAL = "modal"
    SHOW = "show"
    REVEAL = "reveal"
    PICK = "pick"
    """The select of rolls found in a message (no roll yet: the id is ``-``)."""
    ADVANTAGE = "adv"
    DISADVANTAGE = "dis"
    DIE = "die"
    """The select of dice to apply advantage (index 0) or disadvantage (index 1) to."""
    KEEP_DIE = "kd"
    """Keep the first (index 0) or second (1) face of the rerolled die."""
    BACK = "back"
    REROLL = "rr"
    REROLL_DIE = "rrd"
    """The select of dice to reroll (a server's allow-reroll)."""


INDEXED = frozenset({RollAction.KEEP_FACE, RollAction.DIE, RollAction.KEEP_DIE})
"""Roll actions whose custom id carries an index (0 or 1)."""


@dataclass(frozen=True, slots=True)
class RollControl:
    """A decoded roll control: which action, on which roll (``index``: the face to keep)."""

    action: RollAction
    roll_id: str
    index: int = 0


@dataclass(frozen=True, slots=True)
class BuilderControl:
    """A decoded builder control: the action, the builder's owner and its state."""

    action: BuilderAction | None  # None: "roll publicly"
    owner_id: int
    state: BuilderState


ROLL_PUBLICLY = "go"


def roll_control(action: RollAction, roll_id: str, index: int = 0) -> str:
    """The custom id of a roll button or modal."""
    suffix = f":{index}" if action in INDEXED else ""
    return f"{PREFIX}:{action.value}:{roll_id}{suffix}"


def builder_control(action: BuilderAction | None, owner_id: int, state: BuilderState) -> str:
    """The custom id of a builder control (``None``: the Roll Publicly button)."""
    name = ROLL_PUBLICLY if action is None else action.value
    return f"{PREFIX}:b:{name}:{_base36(owner_id)}:{encode_state(state)}"


@dataclass(frozen=True, slots=True)
class HistoryControl:
    """A /history page button: the roller filter, the page size and the page to show."""

    user_id: int | None
    size: int
    page: int


def history_control(user_id: int | None, size: int, page: int) -> str:
    """The custom id of a /history page button."""
    user = "-" if user_id is None else _base36(user_id)
    return f"{PREFIX}:h:{user}:{size}:{max(page, 0)}"


Control = RollControl | BuilderControl | HistoryControl


def decode(custom_id: str) -> Control | None:
    """Whatever a custom id of Nazh's means, or ``None`` for anything else."""
    parts = custom_id.split(":")
    if len(parts) < 3 or parts[0] != PREFIX or len(custom_id) > MAX_CUSTOM_ID:
        return None
    if parts[1] == "b":
        return _decode_builder(parts[2:])
    if parts[1] == "h":
        return _decode_history(parts[2:])
    return _decode_roll(parts[1:])


def _decode_history(parts: list[str]) -> HistoryControl | None:
    if len(parts) != 3:
        return None
    user, size, page = parts
    numbers = (size, page)
    if any(not n.isascii() or not n.isdigit() or len(n) > 6 for n in numbers):
        return None
    if user != "-" and (not user or len(user) > 13 or any(c not in _DIGITS for c in user)):
        return None
    return HistoryControl(None if user == "-" else int(user, 36), int(size), int(page))


def encode_state(state: BuilderState) -> str:
    """E.g. ``p`` + ``1ka+05`` per pool: count, die, mode of the first die, modifier."""
    return _PLOTS[state.plot] + "".join(_encode_pool(pool) for pool in state.pools)


def decode_state(text: str) -> BuilderState | None:
    """The state encoded by :func:`encode_state`, or ``None`` if ``text`` is not one."""
    plots = {code: mode for mode, code in _PLOTS.items()}
    body = text[1:]
    if not text or text[0] not in plots or not body or len(body) % _POOL_WIDTH:
        return None
    pools = [_decode_pool(body[i:i + _POOL_WIDTH]) for i in range(0, len(body), _POOL_WIDTH)]
    if any(pool is None for pool in pools):
        return None
    state = BuilderState(tuple(p for p in pools if p is not None), plots[text[0]])
    return state if state.pool_count <= limits.MAX_POOLS else None


def _encode_pool(pool: StagedPool) -> str:
    offset = pool.modifier + BUILDER_MAX_MODIFIER
    return (_DIGITS[pool.count] + str(DIE_CHOICES.index(pool.sides)) + _MODES[pool.mode]
            + _DIGITS[offset // 36] + _DIGITS[offset % 36])


def _decode_pool(text: str) -> StagedPool | None:
    modes = {code: mode for mode, code in _MODES.items()}
    count, die, mode, high, low = tuple(text)
    if any(c not in _DIGITS for c in (count, high, low)) or mode not in modes:
        return None
    if die not in _DIGITS[: len(DIE_CHOICES)]:
        return None
    modifier = _DIGITS.index(high) * 36 + _DIGITS.index(low) - BUILDER_MAX_MODIFIER
    number = _DIGITS.index(count)
    if not limits.MIN_DICE <= number <= limits.MAX_DICE or abs(modifier) > BUILDER_MAX_MODIFIER:
        return None
    return StagedPool(number, DIE_CHOICES[int(die)], modifier, modes[mode])


def _decode_builder(parts: list[str]) -> BuilderControl | None:
    if len(parts) != 3:
        return None
    name, owner, encoded = parts
    actions = {action.value: action for action in BuilderAction}
    if name != ROLL_PUBLICLY and name not in actions:
        return None
    state = decode_state(encoded)
    if state is None or not owner or any(c not in _DIGITS for c in owner) or len(owner) > 13:
        return None
    return BuilderControl(actions.get(name), int(owner, 36), state)


def _decode_roll(parts: list[str]) -> RollControl | None:
    actions = {action.value: action for action in RollAction}
    action = actions.get(parts[0])
    if action is None or not parts[1]:
        return None
    if action in INDEXED:
        if len(parts) != 3 or parts[2] not in ("0", "1"):
            return None
        return RollControl(action, parts[1], int(parts[2]))
    return RollControl(action, parts[1]) if len(parts) == 2 else None


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _DIGITS[rest] + digits
        if not number:
            return digits

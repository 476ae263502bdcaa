"""Shared arrange code of the tests in tests/domain."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hypothesis import settings
from hypothesis import strategies as st

from nazh.domain import limits
from nazh.domain.attack import Attack, prepare
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode, PoolSpec
from tests.fakes import script

LIMITS_HINT = "limits: 1-20 dice per pool, 2-1000 sides, modifier -1000..+1000"


def rolled(test: str, damage: str, defense: int | None, *faces: list[tuple[int, int]],
           ) -> tuple[RollResult, Attack]:
    notation, terms = prepare(test, damage, defense)
    return roll(parse_roll(notation), script(*faces), defense), terms


d20_faces = st.integers(1, 20)


dice = st.lists(st.integers(1, 6), min_size=1, max_size=5)
PROPERTY = settings(max_examples=400, deadline=None)
PLOT_WORDS = ["p", "P", "plot", "p1d6", "pd6", "ap", "dp", "AP", "ap1d6", "dplot"]
MINUS_SIGNS = ["-", "\u2212", "\u2013"]


@dataclass
class Generated:
    """A valid roll as text, with the pools it must parse to."""

    text: str
    pools: list[PoolSpec] = field(default_factory=list)
    plot_mode: DieMode | None = None


@st.composite
def pool_texts(draw: st.DrawFn) -> tuple[str, PoolSpec]:
    """One pool within the limits, in one of the ways a player may type it."""
    count = draw(st.integers(limits.MIN_DICE, limits.MAX_DICE))
    sides = draw(st.one_of(st.sampled_from([2, 4, 6, 8, 10, 12, 20, 100, 1000]),
                           st.integers(limits.MIN_SIDES, limits.MAX_SIDES)))
    modifier = draw(st.integers(limits.MIN_MODIFIER, limits.MAX_MODIFIER))
    tags = draw(st.text(alphabet="adAD", max_size=count))
    implicit = count == 1 and draw(st.booleans())
    count_text = "" if implicit else str(count)
    space = draw(st.sampled_from(["", " "]))
    sign = "+" if modifier > 0 else draw(st.sampled_from(MINUS_SIGNS))
    modifier_text = f"{space}{sign}{space}{abs(modifier)}" if modifier else ""
    text = f"{tags}{count_text}{space}d{space}{sides}{modifier_text}"
    modes = [DieMode.from_tag(tag) for tag in tags.lower()]
    modes += [DieMode.NORMAL] * (count - len(modes))
    return text, PoolSpec(count, sides, modifier, tuple(modes))


@st.composite
def valid_rolls(draw: st.DrawFn) -> Generated:
    """Up to five pools, one of which may be the plot die, at most 200 characters."""
    with_plot = draw(st.booleans())
    pools = draw(st.lists(pool_texts(), min_size=0 if with_plot else 1,
                          max_size=limits.MAX_POOLS - with_plot))
    parts = [text for text, _ in pools]
    generated = Generated("", [spec for _, spec in pools])
    if with_plot:
        word = draw(st.sampled_from(PLOT_WORDS))
        parts.insert(draw(st.integers(0, len(parts))), word)
        tag = word[0].lower()
        generated.plot_mode = DieMode.from_tag(tag) if tag in "ad" else DieMode.NORMAL
    generated.text = draw(st.sampled_from([",", ", ", " , "])).join(parts)
    if len(generated.text) > limits.MAX_INPUT_LENGTH:
        generated.text = ",".join(parts).replace(" ", "")
    return generated


class ScriptedFaces:
    """A random source for properties: always the lowest face, always the highest, or faces
    from a local ``random.Random`` (hypothesis picks which, and the seed)."""

    def __init__(self, style: str, seed: int) -> None:
        self._style = style
        self._random = random.Random(seed)

    def roll(self, sides: int) -> int:
        if self._style == "lowest":
            return 1
        if self._style == "highest":
            return sides
        return self._random.randint(1, sides)


scripted_faces = st.builds(ScriptedFaces, st.sampled_from(["lowest", "highest", "random"]),
                  st.integers(0, 2**32))


N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE

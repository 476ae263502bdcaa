"""The dice notation's parser: text -> :class:`RollSpec`, or a :class:`NazhError`.

Grammar (case-insensitive, spaces allowed between tokens)::

    roll  := pool ("," pool)*                      at most 5 pools, plot die included
    pool  := [tags] [N] "d" S [("+" | "-") M]      tags: one a/d per die, positional
           | [a|d] ("p" | "plot" | "p1d6" | "pd6") the plot die, a pool of its own
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from nazh.domain import limits
from nazh.domain.errors import LimitError, NazhError, NotationError, PlotDieError
from nazh.domain.spec import PLOT_DIE_SIDES, DieMode, PlotSpec, PoolSpec, RollSpec
from nazh.domain.tokens import (
    MINUS_SIGNS,
    WHITESPACE,
    Kind,
    Segment,
    Token,
    split_pools,
    tokenize,
)

_PLOT_WORDS = frozenset({"p", "plot"})
_POOL_HINT = "a pool looks like 2d6+3, d20 or a1d20+5"
_PLOT_HINT = "the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage)"
_TAG_HINT = "tags go before the dice, one per die: a = advantage, d = disadvantage, e.g. ad2d20"


def parse_roll(text: str, *, add_plot: bool = False) -> RollSpec:
    """Parse a whole roll, checking every limit first; only a NazhError escapes."""
    if not add_plot and len(text) <= limits.MAX_INPUT_LENGTH:  # parse_plain, inlined
        plain = _parse_plain(text)
        if plain is not None:
            return plain
    return _parse(text, add_plot=add_plot, fast_segments=True)


def parse_plain(text: str) -> RollSpec | None:
    """The fast path: the roll if every pool is written plainly and valid, else None."""
    # it agrees with parse_full on every input it answers (a property test checks it)
    return _parse_plain(text) if len(text) <= limits.MAX_INPUT_LENGTH else None


def parse_full(text: str, *, add_plot: bool = False) -> RollSpec:
    """The token parser alone, with no fast path: the reference the fast paths agree with."""
    return _parse(text, add_plot=add_plot, fast_segments=False)


def _parse(text: str, *, add_plot: bool, fast_segments: bool) -> RollSpec:
    _check_input(text)
    segments = split_pools(text)
    _check_pool_count(segments)
    pools: list[PoolSpec] = []
    plot: PlotSpec | None = None
    plot_segment: Segment | None = None
    for segment in segments:
        parsed = _plain_segment(segment.raw) if fast_segments else None
        if parsed is None:
            parsed = _Pool(segment, tokenize(segment)).parse()
        if isinstance(parsed, PoolSpec):
            pools.append(parsed)
            continue
        if plot is not None:
            raise PlotDieError(
                "at most one plot die per roll",
                pool_index=segment.index,
                text=segment.text,
                column=segment.column,
                hint="remove the second plot die",
            )
        plot, plot_segment = parsed, segment
    spec = RollSpec(tuple(pools), plot, plot_segment.index - 1 if plot_segment else 0)
    return _with_added_plot(spec, plot_segment) if add_plot else spec


def add_plot_die(spec: RollSpec) -> RollSpec:
    """The roll with a plain plot die added, if it has none and the limits allow it."""
    return _with_added_plot(spec)


def _with_added_plot(spec: RollSpec, typed: Segment | None = None) -> RollSpec:
    """``typed`` is the plot die's pool as typed, when the roll comes from text."""
    if spec.plot is not None:
        raise PlotDieError(
            "this roll already has a plot die",
            pool_index=spec.plot_position + 1,
            text=typed.text if typed else spec.plot.notation,
            column=typed.column if typed else None,
            hint="leave out add_plot / --plot, or remove the p pool",
        )
    if spec.pool_count >= limits.MAX_POOLS:
        raise LimitError("at most {most} pools per roll, the plot die included",
                         hint="remove a pool to make room for the plot die",
                         fields={"most": limits.MAX_POOLS})
    return spec.with_plot(PlotSpec())


def _check_input(text: str) -> None:
    if len(text) > limits.MAX_INPUT_LENGTH:
        raise LimitError("at most {most} characters per roll (got {got})", text=text[:20] + "…",
                         column=limits.MAX_INPUT_LENGTH + 1,
                         hint="split the roll in several commands",
                         fields={"most": limits.MAX_INPUT_LENGTH, "got": len(text)})
    if not text.strip():
        raise NotationError("empty roll", text="", column=1, hint=_POOL_HINT)


def _check_pool_count(segments: list[Segment]) -> None:
    if len(segments) > limits.MAX_POOLS:
        extra = segments[limits.MAX_POOLS]
        raise LimitError("at most {most} pools per roll (got {got})", pool_index=extra.index,
                         text=extra.text, column=extra.column,
                         hint="roll the other pools in a second command",
                         fields={"most": limits.MAX_POOLS, "got": len(segments)})


@dataclass(slots=True)
class _Pool:
    """A cursor over one pool's tokens."""

    segment: Segment
    tokens: list[Token]
    position: int = 0

    def parse(self) -> PoolSpec | PlotSpec:
        if not self.tokens:
            raise self.error("empty pool", hint="remove the extra comma; a pool looks like 2d6+3, "
                                                "d20 or a1d20+5")
        tags, count_token, sides_token = self._dice_part()
        modifier = self._modifier()
        self._expect_end()
        if "p" in tags.text:
            return self._plot(tags, count_token, sides_token, modifier)
        if sides_token is None:
            raise self.error("missing the number of sides after d", tags, hint=_POOL_HINT)
        return self._pool(tags, count_token, sides_token, modifier)

    # -- grammar ------------------------------------------------------------------------

    def _dice_part(self) -> tuple[Token, Token | None, Token | None]:
        """Read ``[tags] [N] d S``; returns (tags, count, sides); tags may be empty."""
        first = self._next()
        if first.kind is Kind.INT:
            return Token(Kind.WORD, "", first.column), first, self._die_letter_then_sides()
        if first.kind is not Kind.WORD:
            raise self.error("unexpected '{text}' at the start of the pool", first, hint=_POOL_HINT,
                             fields={"text": first.text})
        first = self._joined_tags(first)
        after = self._peek()
        if after is not None and after.kind is Kind.INT and self._peek(1) is not None:
            follow = self._peek(1)
            if follow is not None and follow.kind is Kind.WORD:
                count = self._next()
                return first, count, self._die_letter_then_sides()
        return self._word_led(first)

    def _joined_tags(self, word: Token) -> Token:
        """Tags may stand apart from what follows them: ``a d20`` is ``ad20``, ``a p`` ``ap``."""
        text, tokens, position = word.text, self.tokens, self.position
        end = len(tokens)
        while not text.strip("ad") and position < end and tokens[position].kind is Kind.WORD:
            text += tokens[position].text
            position += 1
        if position == self.position:
            return word
        self.position = position
        return Token(Kind.WORD, text, word.column)

    def _word_led(self, word: Token) -> tuple[Token, Token | None, Token | None]:
        """``d20``, ``ad20``, ``pd6``, or a word alone (``p``, ``plot``, ``ap``)."""
        if word.text.endswith("d") and self._peek_kind() is Kind.INT:
            return Token(Kind.WORD, word.text[:-1], word.column), None, self._next()
        if _split_plot_word(word.text) is not None:
            if self._peek_kind() is Kind.INT:
                raise self.error("expected d before the die size of the plot die", word,
                                 hint=_PLOT_HINT)
            return word, None, None
        if word.text.endswith("d") and all(c in "ad" for c in word.text):
            raise self.error("missing the number of sides after d", word, hint=_POOL_HINT)
        raise self._bad_tags(word)

    def _die_letter_then_sides(self) -> Token:
        letter = self._peek()
        if letter is None or letter.kind is not Kind.WORD or letter.text != "d":
            raise self.error("expected d after the number of dice", letter or self._last(),
                             hint=_POOL_HINT)
        self._next()
        sides = self._peek()
        if sides is None or sides.kind is not Kind.INT:
            raise self.error("missing the number of sides after d", letter, hint=_POOL_HINT)
        return self._next()

    def _modifier(self) -> Token | None:
        sign = self._peek()
        if sign is None or sign.kind not in (Kind.PLUS, Kind.MINUS):
            return None
        self._next()
        value = self._peek()
        if value is None:
            raise self.error("missing the number after '{text}'", sign,
                             hint="write the modifier as +5 or -2", fields={"text": sign.text})
        if value.kind is not Kind.INT:
            raise self.error("unexpected '{text}' after '{sign}'", value,
                             hint="write the modifier as +5 or -2, with one sign",
                             fields={"text": value.text, "sign": sign.text})
        self._next()
        return Token(Kind.INT, sign.text + value.text, sign.column)

    def _expect_end(self) -> None:
        extra = self._peek()
        if extra is None:
            return
        if extra.kind in (Kind.PLUS, Kind.MINUS):
            raise self.error("only one modifier per pool", extra,
                             hint="add the modifiers up, e.g. +7 instead of +5+2")
        raise self.error("unexpected '{text}'", extra,
                         hint="separate pools with commas; a pool looks like 2d6+3, d20 or "
                              "a1d20+5", fields={"text": extra.text})

    # -- building values ----------------------------------------------------------------

    def _pool(self, tags: Token, count: Token | None, sides: Token,
              modifier: Token | None) -> PoolSpec:
        dice = self._bounded(count, 1, (limits.MIN_DICE, limits.MAX_DICE),
                             ("at least {limit} die per pool (got {got})",
                              "at most {limit} dice per pool (got {got})"))
        faces = self._bounded(sides, 0, (limits.MIN_SIDES, limits.MAX_SIDES),
                              ("at least {limit} sides per die (got {got})",
                               "at most {limit} sides per die (got {got})"))
        bonus = self._bounded(modifier, 0, (limits.MIN_MODIFIER, limits.MAX_MODIFIER),
                              ("modifier at least {limit} (got {got})",
                               "modifier at most +{limit} (got {got})"))
        return PoolSpec(dice, faces, bonus, self._modes(tags, dice))

    def _modes(self, tags: Token, dice: int) -> tuple[DieMode, ...]:
        if tags.text.strip("ad"):  # a letter other than a and d
            raise self._bad_tags(tags)
        if len(tags.text) > dice:
            raise self.error("{count} tags for 1 die" if dice == 1
                             else "{count} tags for {dice} dice", tags,
                             hint="at most one tag per die; tags go before the dice, one per "
                                  "die: a = advantage, d = disadvantage, e.g. ad2d20",
                             fields={"count": len(tags.text), "dice": dice})
        given = tuple([_TAG_MODES[letter] for letter in tags.text])
        return given + (DieMode.NORMAL,) * (dice - len(given))

    def _plot(self, tags: Token, count: Token | None, sides: Token | None,
              modifier: Token | None) -> PlotSpec:
        words = _split_plot_word(tags.text)
        if words is None:
            raise self.error("misplaced p in '{text}'", tags, hint=_PLOT_HINT,
                             fields={"text": tags.text})
        mode_letters, _ = words
        suggestion = f"{mode_letters}p"
        if sides is not None and (
            (count is not None and count.text.lstrip("0") != "1")
            or sides.text.lstrip("0") != str(PLOT_DIE_SIDES)
        ):
            dice = f"{count.text if count else ''}d{sides.text}"
            raise PlotDieError("the plot die is a single d6", pool_index=self.segment.index,
                               text=self.segment.text, column=tags.column,
                               hint="the plot die is a pool of its own: write p (or ap / dp for "
                                    "advantage / disadvantage); roll other dice in their own "
                                    "pool: {dice}, {suggestion}",
                               fields={"dice": dice, "suggestion": suggestion})
        if modifier is not None:
            raise self.error("the plot die takes no modifier", modifier,
                             hint="write {suggestion} and put the modifier on the d20 pool",
                             fields={"suggestion": suggestion})
        mode = DieMode.from_tag(mode_letters) if mode_letters else DieMode.NORMAL
        return PlotSpec(mode)

    def _bounded(self, token: Token | None, default: int, bounds: tuple[int, int],
                 messages: tuple[str, str]) -> int:
        if token is None:
            return default
        (low, high), (too_low, too_high) = bounds, messages
        value = _to_int(token.text)
        got = str(value) if abs(value) < _HUGE else "more"
        if value < low:
            raise self._limit(too_low, token, {"limit": low, "got": got})
        if value > high:
            raise self._limit(too_high, token, {"limit": high, "got": got})
        return value

    # -- cursor and errors --------------------------------------------------------------

    def _peek(self, ahead: int = 0) -> Token | None:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def _peek_kind(self) -> Kind | None:
        token = self._peek()
        return token.kind if token else None

    def _next(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _last(self) -> Token:
        return self.tokens[-1]

    def _bad_tags(self, word: Token) -> NazhError:
        unknown = next((c for c in word.text if c not in "adp"), None)
        if unknown is None:
            return self.error("unexpected '{text}'", word, hint=_TAG_HINT,
                              fields={"text": word.text})
        return self.error("unknown tag '{unknown}'", word, hint=_TAG_HINT,
                          fields={"unknown": unknown})

    def error(self, reason: str, token: Token | None = None, *, hint: str | None = None,
              fields: Mapping[str, object] | None = None) -> NotationError:
        """A notation error about this pool, pointing at ``token`` (or the pool's start)."""
        column = token.column if token else self.segment.column
        return NotationError(reason, pool_index=self.segment.index, text=self.segment.text,
                             column=column, hint=hint, fields=fields)

    def _limit(self, reason: str, token: Token, fields: Mapping[str, object]) -> LimitError:
        return LimitError(reason, pool_index=self.segment.index, text=self.segment.text,
                          column=token.column, hint=_LIMITS_HINT,
                          fields={**fields, **_LIMITS})


_LIMITS_HINT = ("limits: {min_dice}-{max_dice} dice per pool, {min_sides}-{max_sides} sides, "
                "modifier {min_modifier}..{max_modifier}")
_LIMITS = {"min_dice": limits.MIN_DICE, "max_dice": limits.MAX_DICE,
           "min_sides": limits.MIN_SIDES, "max_sides": limits.MAX_SIDES,
           "min_modifier": limits.MIN_MODIFIER, "max_modifier": f"{limits.MAX_MODIFIER:+d}"}


def _split_plot_word(word: str) -> tuple[str, str] | None:
    """``ap`` -> ("a", "p"), ``plot`` -> ("", "plot"); None for anything else."""
    for plot_word in _PLOT_WORDS:
        if word.endswith(plot_word):
            mode = word[: -len(plot_word)]
            if mode in ("", "a", "d"):
                return mode, plot_word
    return None


def _to_int(digits: str) -> int:
    """A non-negative or signed decimal; long digit runs are capped (they exceed every limit)."""
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-").lstrip("0") or "0"
    if len(body) > 12:
        return sign * _HUGE
    return sign * int(body)


_HUGE = 10**12


# -- the fast path ----------------------------------------------------------------------------
# Most rolls are written plainly (``a1d20+5, 2d6+3, p``): ASCII once spaces and minus signs are
# normalised, every value within the limits. Those are read here with a few string methods,
# without tokens. Anything else, valid or not,
# returns None and goes through the full parser above, which alone builds errors; on what it
# accepts, the fast path gives exactly the full parser's result. It works pool by pool, so in a
# roll the full parser only reads the pools that need it.
# Players repeat the same rolls, and a RollSpec is a frozen value, so the last few hundred
# answers are kept (an LRU cache, as avrae's d20 keeps its parsed expressions): the same text
# then costs one dictionary lookup.

_DIGITS = "0123456789"
_PLAIN_PLOTS = {
    "p": DieMode.NORMAL, "plot": DieMode.NORMAL,
    "ap": DieMode.ADVANTAGE, "aplot": DieMode.ADVANTAGE,
    "dp": DieMode.DISADVANTAGE, "dplot": DieMode.DISADVANTAGE,
}
_TAG_MODES = {tag: DieMode.from_tag(tag) for tag in "ad"}
_PLAIN_CHARACTERS = str.maketrans(
    {**dict.fromkeys(WHITESPACE, " "), **dict.fromkeys(MINUS_SIGNS, "-")}
)
"""What the tokenizer reads alike: any whitespace is a space, any minus sign is ``-``."""
_PLAIN_CACHE_SIZE = 256


@lru_cache(maxsize=_PLAIN_CACHE_SIZE)
def _parse_plain(text: str) -> RollSpec | None:
    """The roll, if every pool of ``text`` is written plainly; None means "ask the parser"."""
    if len(text) > limits.MAX_INPUT_LENGTH:
        return None
    text = text.translate(_PLAIN_CHARACTERS)
    if not text.isascii():
        return None
    typed = text.lower().split(",")
    if len(typed) > limits.MAX_POOLS:
        return None
    pools: list[PoolSpec] = []
    plot: PlotSpec | None = None
    plot_position = 0
    for position, raw in enumerate(typed):
        part = _plain_part(raw)
        if part is None:
            return None
        if isinstance(part, PoolSpec):
            pools.append(part)
            continue
        if plot is not None:
            return None
        plot, plot_position = part, position
    return RollSpec(tuple(pools), plot, plot_position)


def _plain_segment(raw: str) -> PoolSpec | PlotSpec | None:
    """One pool as typed between commas, if written plainly; None means "ask the parser"."""
    raw = raw.translate(_PLAIN_CHARACTERS)
    return _plain_part(raw.lower()) if raw.isascii() else None


def _plain_part(raw: str) -> PoolSpec | PlotSpec | None:
    """One pool, lower-case ASCII as typed between commas; None if not written plainly."""
    part = raw.strip(" ")
    if " " in part:
        closed = _closed_up(part)
        if closed is None:
            return None
        part = closed
    mode = _PLAIN_PLOTS.get(part)
    if mode is not None:
        return PlotSpec(mode)
    return _plain_pool(part)


def _closed_up(part: str) -> str | None:
    """``part`` without its spaces, if each only separates two tokens of different kinds, or
    the tags that open it (``a a d20`` is ``aad20``, as the parser joins them)."""
    # ``20 d 1000 + 5`` is ``20d1000+5``; ``1 2d6`` or ``d20 a`` is left to the parser
    pieces = [piece for piece in part.split(" ") if piece]
    tags = True  # every piece so far is tag letters: the parser joins the next word to them
    for before, after in pairwise(pieces):
        last, first = before[-1], after[0]
        tags = tags and not before.strip("ad")
        if (last.isdigit() and first.isdigit()) or (
                last.isalpha() and first.isalpha() and not tags):
            return None
    return "".join(pieces)


def _plain_pool(pool: str) -> PoolSpec | None:
    """``[tags] N d S [+-M]`` or ``[tags] d S [+-M]``, lower-case and without spaces."""
    rest = pool.lstrip("ad")
    letters = pool[: len(pool) - len(rest)]
    after_count = rest.lstrip(_DIGITS)
    count_digits = rest[: len(rest) - len(after_count)]
    if not count_digits:
        return None
    if after_count[:1] == "d":  # [tags] N d S
        tags, rest = letters, after_count[1:]
        after_sides = rest.lstrip(_DIGITS)
        sides_digits = rest[: len(rest) - len(after_sides)]
        if not sides_digits:
            return None
        count = int(count_digits)
    elif letters[-1:] == "d":  # [tags] d S: the last letter is the die's d
        tags, count = letters[:-1], 1
        sides_digits, after_sides = count_digits, after_count
    else:
        return None
    modifier = 0
    if after_sides:
        sign, digits = after_sides[:1], after_sides[1:]
        if sign not in ("+", "-") or not digits.isdigit():
            return None
        modifier = -int(digits) if sign == "-" else int(digits)
    sides = int(sides_digits)
    if not (
        limits.MIN_DICE <= count <= limits.MAX_DICE
        and limits.MIN_SIDES <= sides <= limits.MAX_SIDES
        and limits.MIN_MODIFIER <= modifier <= limits.MAX_MODIFIER
        and len(tags) <= count
    ):
        return None
    modes = tuple([_TAG_MODES[tag] for tag in tags]) + (DieMode.NORMAL,) * (count - len(tags))
    return PoolSpec(count, sides, modifier, modes)

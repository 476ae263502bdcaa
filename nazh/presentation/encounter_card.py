"""The encounter's live card as plain values: title, status, a block per side, two controls
(the private panels they open: :mod:`.encounter_panels`).

It fits Discord's limits and a phone's screen for 30 combatants: copies in one state share a
line, then lines say less (:data:`DETAILS`), then a minion group's copies share one line
whatever their state, then blocks end with "…and N more". A field never breaks across two
rows (its spaces are no-break spaces): a row breaks only between fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from nazh.application.encounters.model import STALE_AFTER, EncounterRecord
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.flow import waiting_for
from nazh.domain.encounter.summary import Summary
from nazh.domain.encounter.timing import Moment, Phase
from nazh.presentation.chat import DiscordLimits, clip, shown, text_units
from nazh.presentation.encounter_state import acted, numbers_shown, speeds
from nazh.presentation.encounter_text import and_more, phase_title, summary_lines
from nazh.presentation.fight_words import condition_label, speed_word
from nazh.presentation.i18n import N_, _, ngettext

CARD_TEXT_LIMIT = DiscordLimits.COMPONENTS_TEXT  # every text display together
MAX_WAITING_SHOWN = 5
MAX_NUMBERS_SHOWN = 4  # a group's copies named by number, at most (else only how many)
WAITING_NAME_LIMIT = 20
CARD_TITLE_LIMIT = 40  # the encounter's name on the card: two rows of a phone at most
MAX_AIDER_SHOWN = 24
MORE = N_("…and {n} more")  # a block cut to fit
NBSP = "\u00a0"  # inside a field: a phone breaks a line between fields, never inside one
SEPARATOR = " · "
RUNNING = "▶️"  # a line's marker while its combatant's turn runs
PHONE_ROW = 35
"""The characters a row of the card's text holds on a phone (390 px), an emoji as two
(measured with tests/render_kit.py)."""
GM_VIEW_ROWS = 80
MAX_ROWS = 20
"""The rows of text the card may take on a phone, its title, status and headings included: at
most 600 px tall there with its dividers, gaps and controls (measured: 22 px a row, up to 145 px
besides)."""
COPY_NAME = re.compile(r"(?P<stem>.+) (?P<number>[1-9]\d*)")  # ``Bandit 3``

SIDES = ((Side.PLAYER, N_("Players")), (Side.ALLY, N_("Allies")), (Side.ENEMY, N_("Enemies")))


MINE = "mine"  # the card's My turn: opens the presser's own panel
GM = "gm"  # the card's GM: opens the GM's panel
NEXT = "next"
GM_VIEW = "gm-view"
@dataclass(frozen=True, slots=True)
class CardButton:
    """One of the card's buttons (disabled: nothing it could do now)."""

    action: str  # ``mine``, ``gm``; on a panel ``fast``, ``done``, ``next``, ``gm-view``, ...
    label: str
    emoji: str | None
    disabled: bool


@dataclass(frozen=True, slots=True)
class CardBlock:
    """The lines of one side (players, allies, enemies), under its heading."""

    heading: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The block as one text: its heading, then a line per combatant."""
        return "\n".join((self.heading, *self.lines))


@dataclass(frozen=True, slots=True)
class CardView:
    """The card, without any framework."""

    title: str
    status: tuple[str, ...]
    blocks: tuple[CardBlock, ...]  # one per side that has combatants
    rows: tuple[tuple[CardButton, ...], ...]  # at most five buttons a row

    @property
    def buttons(self) -> tuple[CardButton, ...]:
        """Every button, row by row."""
        return tuple(button for row in self.rows for button in row)

    @property
    def texts(self) -> tuple[str, ...]:
        """The card's texts, one per text display: the title with the status, each block."""
        return ("\n".join((self.title, *self.status)), *(block.text for block in self.blocks))

    @property
    def text_length(self) -> int:
        """The length Discord counts for all its text together."""
        return sum(text_units(text) for text in self.texts)


@dataclass(frozen=True, slots=True)
class Detail:
    """How much a combatant's line says (less when the card would be too long)."""

    name_limit: int
    durations: bool = True
    each_condition: bool = True  # else only how many there are
    focus: bool = True
    fold: bool = False  # a minion group's copies on one line whatever their state


DETAILS = (Detail(64), Detail(32, durations=False), Detail(24, durations=False,
                                                            each_condition=False),
           Detail(16, durations=False, each_condition=False, focus=False),
           Detail(16, durations=False, each_condition=False, focus=False,
                  fold=True))  # tried in turn

Entry = tuple[Combatant, ...]  # one combatant, or copies of a minion group in the same state


def card_view(record: EncounterRecord, now: datetime, *, gm_view: bool = False) -> CardView:
    """The card of ``record`` at ``now`` (``gm_view``: with every adversary's numbers)."""
    encounter = record.encounter
    title = card_title(encounter, gm_view=gm_view)
    status = status_lines(record, now)
    room = CARD_TEXT_LIMIT - text_units(title) - text_units("\n".join(status))
    most = GM_VIEW_ROWS if gm_view else MAX_ROWS  # a GM's own view is no table's to read
    rows = most - sum(phone_rows(line) for line in (title, *status))
    visible = partial(numbers_shown, record=record, gm_view=gm_view)
    return CardView(title, status, fitted_blocks(encounter, visible, room, rows), CARD_ROWS)


def card_title(encounter: Encounter, *, gm_view: bool = False) -> str:
    """``⚔️ **Ambush** — Round 2 · Slow players`` (`` · GM view`` in a GM's own view)."""
    name = (shown(encounter.name, CARD_TITLE_LIMIT) if encounter.name.strip()
            else _("Encounter"))
    title = (f"⚔️ **{name}** — " + _("Round {n}").format(n=encounter.round)
             + f" · {phase_title(encounter.phase)}")
    return title + (" · " + _("GM view") if gm_view else "")


def status_lines(record: EncounterRecord, now: datetime) -> tuple[str, ...]:
    """Whether it is stale, who it waits for (and in the first round, how players act)."""
    encounter = record.encounter
    lines = []
    if record.stale(now):
        hours = int(STALE_AFTER.total_seconds() // 3600)
        lines.append("⚠️ " + _("No change for {hours} hours: anyone may end this encounter "
                               "(/encounter end).").format(hours=hours))
    if not encounter.combatants:
        return (*lines, _("No combatants yet: a GM adds them with /encounter add, players join "
                          "with /encounter join."))
    # the title and the accent say whose phase it is; the players' way in is told once
    waiting = waiting_for(encounter)
    if not waiting:
        return (*lines, _("Nobody is left to act: the GM presses Next phase."))
    lines.append(_("Waiting for: {names}").format(names=waiting_names(waiting)))
    if encounter.phase is Phase.FAST_PLAYERS and encounter.round == 1:
        lines.append(_("Players: press My turn to act."))
    return tuple(lines)


def waiting_names(waiting: Sequence[Combatant]) -> str:
    """``Kaladin, Bandit ×3 (1–3)``: at most five names (copies together), then how many more."""
    entries = grouped(waiting, lambda c: None)
    names = [entry_name(entry, WAITING_NAME_LIMIT, bold=False)
             for entry in entries[:MAX_WAITING_SHOWN]]
    more = len(entries) - MAX_WAITING_SHOWN
    return and_more(names, more)


# -- the blocks ---------------------------------------------------------------------------------


def fitted_blocks(encounter: Encounter, visible: Callable[[Combatant], bool],
                  room: int, rows: int = MAX_ROWS) -> tuple[CardBlock, ...]:
    """The blocks of the sides, with the most detail that fits ``room`` characters and ``rows``
    rows of a phone (then cut)."""
    blocks: tuple[CardBlock, ...] = ()
    for detail in DETAILS:
        blocks = side_blocks(encounter, visible, detail)
        if (sum(text_units(block.text) for block in blocks) <= room
                and blocks_rows(blocks) <= rows):
            return blocks
    return cut(blocks, room, rows)


def phone_rows(line: str) -> int:
    """The rows ``line`` takes on a phone, wrapped as a browser wraps it: at its spaces (a
    field's no-break spaces hold it whole), a word longer than a row broken anyway."""
    rows, used = 1, 0
    for word in line.split(" "):
        width = _width(word)
        need = width + (1 if used else 0)
        if used and used + need > PHONE_ROW:
            rows, used, need = rows + 1, 0, width
        used += need
        while used > PHONE_ROW:  # a word longer than a row breaks all the same
            rows, used = rows + 1, used - PHONE_ROW
    return rows


def _width(text: str) -> int:
    """Characters as wide as ``text`` (an emoji as two; markdown's stars take none)."""
    text = text.replace("**", "")
    return sum(2 if ord(c) > 0x2000 and c not in f"{NBSP}·–×…" else 1 for c in text
               if c not in "\ufe0f")


def blocks_rows(blocks: Sequence[CardBlock]) -> int:
    """The rows ``blocks`` take on a phone, their headings included."""
    return sum(1 + sum(phone_rows(line) for line in block.lines) for block in blocks)


def side_blocks(encounter: Encounter, visible: Callable[[Combatant], bool],
                detail: Detail) -> tuple[CardBlock, ...]:
    """A block per side that has combatants, each entry on its line."""
    blocks = []
    for side, heading in SIDES:
        members = [c for c in encounter.combatants if c.side is side]
        if members:
            lines = tuple(folded_line(entry, visible) if len(entry) > 1 and detail.fold
                          else entry_line(entry, encounter.moment, visible, detail)
                          for entry in (grouped(members, _any_state, any_role=True)
                                        if detail.fold else grouped(members, state)))
            blocks.append(CardBlock(f"**{_(heading)}**", lines))
    return tuple(blocks)


def _any_state(_: Combatant) -> Hashable:
    return None


def cut(blocks: tuple[CardBlock, ...], room: int,
        rows: int = MAX_ROWS) -> tuple[CardBlock, ...]:
    """``blocks`` holding lines that fit ``room`` characters and ``rows`` rows of a phone (each
    side's first, the running turns', then each side's in turn), in their order; each block
    ends "…and N more" if cut."""
    reserve = text_units(_(MORE).format(n=30))  # the longest (at most 30 combatants)
    budget = room - sum(text_units(b.heading) + 1 + reserve for b in blocks)
    rows -= 2 * len(blocks)  # each block's heading and its "…and N more"
    # every side's first line, then the running turns', then each side's next in turn
    order = sorted(((0 if index == 0 else 1 if line.startswith(RUNNING) else 2, index, n)
                    for n, block in enumerate(blocks) for index, line in enumerate(block.lines)))
    kept: set[tuple[int, int]] = set()
    for _rank, index, n in order:
        line = blocks[n].lines[index]
        cost, height = text_units(line) + 1, phone_rows(line)
        if cost <= budget and height <= rows:
            kept.add((n, index))
            budget -= cost
            rows -= height
    out = []
    for n, block in enumerate(blocks):
        lines = [line for index, line in enumerate(block.lines) if (n, index) in kept]
        lost = len(block.lines) - len(lines)
        more = [_(MORE).format(n=lost)] if lost else []
        out.append(CardBlock(block.heading, (*lines, *more)))
    return tuple(out)


def grouped(combatants: Sequence[Combatant], key: Callable[[Combatant], Hashable], *,
            any_role: bool = False) -> list[Entry]:
    """``combatants`` in entries: a minion group's copies with one ``key`` share the first's
    (``any_role``: any numbered combatants')."""
    entries: list[list[Combatant]] = []
    groups: dict[Hashable, list[Combatant]] = {}
    for combatant in combatants:
        copy = copy_of(combatant, any_role=any_role)
        if copy is None:
            entries.append([combatant])
            continue
        group = (copy[0].casefold(), combatant.side, key(combatant))
        if group not in groups:
            groups[group] = []
            entries.append(groups[group])
        groups[group].append(combatant)
    return [tuple(entry) for entry in entries]


def copy_of(combatant: Combatant, *, any_role: bool = False) -> tuple[str, int] | None:
    """A minion's group name and number (``("Bandit", 3)``), or ``None`` when not a copy
    (``any_role``: any numbered combatant's, as a card folded to fit a phone groups them)."""
    match = COPY_NAME.fullmatch(combatant.name)
    if match is None or (combatant.role is not Role.MINION and not any_role):
        return None
    return match["stem"], int(match["number"])


def state(combatant: Combatant) -> Hashable:
    """What a line says of a combatant apart from its name and health."""
    return (combatant.health_max, combatant.focus, combatant.defeated, combatant.turn,
            combatant.reaction_left, combatant.conditions, combatant.reactions)


def entry_line(entry: Entry, now: Moment, visible: Callable[[Combatant], bool],
               detail: Detail) -> str:
    """``▶️ **Kaladin** · fast · 2 actions · reaction ✓ · Health 12/15 · Focus 3 · ...``."""
    first = entry[0]
    parts = [f"{marker(first)} {entry_name(entry, detail.name_limit)}"]
    parts += [_("defeated")] if first.defeated else [speed_text(first), *turn_parts(first)]
    if visible(first):
        parts.append(health_text(entry))
        if detail.focus and (first.side is Side.PLAYER or first.focus):
            parts.append(_("Focus {n}").format(n=first.focus))
    elif not first.defeated:
        parts.append(health_words(entry))
    if first.conditions:
        parts.append(conditions_text(first, now, detail))
    return line_of(parts)


def line_of(parts: Sequence[str]) -> str:
    """The fields joined on one line, each kept whole on a phone (no-break spaces inside)."""
    return SEPARATOR.join(part.replace(" ", NBSP) for part in parts)


def folded_line(entry: Entry, visible: Callable[[Combatant], bool]) -> str:
    """A minion group's copies on one line: ``⏳ **Bandit** ×20 (1–20) · slow · 8 acted · ...``."""
    first, standing = entry[0], [c for c in entry if not c.defeated]
    parts = [f"{group_marker(entry)} {entry_name(entry, 16)}"]
    if standing:
        parts.append(speed_text(standing[0]))
    done = sum(1 for c in entry if acted(c))
    fallen = len(entry) - len(standing)
    parts += ([_("{n} acted").format(n=done)] * bool(done)
              + [_("{n} defeated").format(n=fallen)] * bool(fallen))
    if standing and visible(first):
        parts.append(health_text(tuple(standing)))
    elif standing:
        parts.append(health_words(tuple(standing)))
    afflicted = sum(1 for c in standing if c.conditions)
    if afflicted:
        parts.append(_("{n} with conditions").format(n=afflicted))
    return line_of(parts)


def marker(combatant: Combatant) -> str:
    """``▶️`` its turn is running, ``✅`` it has acted, ``💀`` defeated, ``⏳`` otherwise."""
    if combatant.defeated:
        return "💀"
    if combatant.turn.current is not None:
        return RUNNING
    return "✅" if acted(combatant) else "⏳"


def group_marker(entry: Entry) -> str:
    """A folded group's marker: a turn running, else one still to act, else all acted or down."""
    marks = {marker(c) for c in entry}
    return next(m for m in ("▶️", "⏳", "✅", "💀") if m in marks)


def entry_name(entry: Entry, limit: int, *, bold: bool = True) -> str:
    """``**Kaladin**``, or for copies ``**Bandit** ×5 (1–5)``."""
    if len(entry) == 1:
        name = short_name(entry[0].name, limit)
        return f"**{name}**" if bold else name
    copies = [copy for copy in (copy_of(c, any_role=True) for c in entry) if copy is not None]
    stem = shown(copies[0][0], limit)
    name = f"**{stem}**" if bold else stem
    numbers = numbers_text([number for _, number in copies])
    if numbers.count(",") >= MAX_NUMBERS_SHOWN:
        return f"{name} ×{len(entry)}"
    return f"{name} ×{len(entry)} ({numbers})"


def short_name(name: str, limit: int) -> str:
    """``name`` shown in ``limit`` characters, a numbered one keeping its number
    (``Unmade Herald o… 8``), so two cut alike stay told apart."""
    match = COPY_NAME.fullmatch(name)
    if match is None or len(name) <= limit or len(match["number"]) + 2 >= limit:
        return shown(name, limit)
    number = match["number"]
    return f"{shown(match['stem'], limit - len(number) - 1)} {number}"


def numbers_text(numbers: Sequence[int]) -> str:
    """``1–5`` for three or more numbers in a row, else ``1, 2, 4``."""
    in_a_row = list(numbers) == list(range(numbers[0], numbers[0] + len(numbers)))
    if len(numbers) >= 3 and in_a_row:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def speed_text(combatant: Combatant) -> str:
    """``fast``, ``slow``, or ``fast & slow`` for a boss taking both turns."""
    taken = speeds(combatant)
    return _("fast & slow") if len(taken) > 1 else speed_word(next(iter(taken)))


def turn_parts(combatant: Combatant) -> list[str]:
    """``2 actions`` (or ``acted``), ``reaction ✓`` (or ``Dodging``), ``Aided by Kaladin``."""
    turn = combatant.turn
    reaction = _("reaction ✓") if combatant.reaction_left else _("reaction ✗")
    if combatant.reactions.dodging:
        reaction = _("Dodging") + " 💨"
    aided = combatant.reactions.aided_by
    waiting = ([_("Aided by {name}").format(name=shown(aided, MAX_AIDER_SHOWN))]
               if aided is not None else [])
    if combatant.reactions.braced:
        waiting.append(_("Braced") + " 🧱")
    if turn.current is not None:
        actions = turn.actions or 0
        return [ngettext("{n} action", "{n} actions", actions).format(n=actions), reaction,
                *waiting]
    return [_("acted"), reaction, *waiting] if acted(combatant) else [reaction, *waiting]


def health_mark(health: int, health_max: int) -> str:
    """``🟥`` at a quarter of its health or below, ``🟧`` at half or below, else nothing."""
    if health * 4 <= health_max:
        return "🟥"
    return "🟧" if health * 2 <= health_max else ""


def health_text(entry: Entry) -> str:
    """``Health 12/15`` (``🟧 Health 6/15`` at half, ``🟥`` at a quarter); for copies
    ``Health 4,4,0,6,6 of 6`` marked as the lowest."""
    low = min(entry, key=lambda c: c.health)
    mark = health_mark(low.health, low.health_max)
    mark = f"{mark} " if mark else ""
    if len(entry) == 1:
        return mark + _("Health {health}/{most}").format(health=low.health, most=low.health_max)
    return mark + _("Health {healths} of {most}").format(
        healths=",".join(str(c.health) for c in entry), most=entry[0].health_max)


def health_word(combatant: Combatant) -> str:
    """What a player sees of a hidden health: ``Healthy``, ``Injured``, ``🟧 Bloodied`` (at half
    or below), ``🟥 Critical`` (at a quarter or below); never a number."""
    mark = health_mark(combatant.health, combatant.health_max)
    word = (_("Critical") if mark == "🟥" else _("Bloodied") if mark
            else _("Healthy") if combatant.health >= combatant.health_max else _("Injured"))
    return f"{mark} {word}" if mark else word


def health_words(entry: Entry) -> str:
    """``Healthy``, or for copies in several states ``2 Healthy, 1 🟧 Bloodied``."""
    words = [health_word(c) for c in entry]
    counted = {word: words.count(word) for word in dict.fromkeys(words)}
    if len(counted) == 1:
        return words[0]
    return ", ".join(f"{n} {word}" for word, n in counted.items())


def conditions_text(combatant: Combatant, now: Moment, detail: Detail) -> str:
    """``Exhausted -2 (2 rounds), Stunned (until end of next turn)``, or ``3 conditions``."""
    if not detail.each_condition:
        many = len(combatant.conditions)
        return ngettext("{n} condition", "{n} conditions", many).format(n=many)
    running = combatant.turn.current is not None
    return ", ".join(condition_text(c, now, running=running, durations=detail.durations)
                     for c in combatant.conditions)


def condition_text(condition: Condition, now: Moment, *, running: bool = False,
                   durations: bool = True) -> str:
    """``Exhausted -2 (2 rounds)``, ``Stunned (until end of next turn)``, ``Prone``."""
    label = clip(condition_label(condition), DiscordLimits.SELECT_OPTION_LABEL)  # escaped
    left = []
    rounds = condition.rounds_left(now)
    if durations and rounds is not None:
        left.append(ngettext("{n} round", "{n} rounds", rounds).format(n=rounds))
    if durations and condition.turn_ends_left:
        last = running and condition.turn_ends_left == 1  # holder's turn runs: this one is last
        left.append(_("until end of this turn") if last else _("until end of next turn"))
    return label + (f" ({', '.join(left)})" if left else "")


# -- the controls and the end -------------------------------------------------------------------


CARD_ROWS = ((CardButton(MINE, N_("My turn"), "🙋", False), CardButton(GM, N_("GM"), "👑", False)),)
"""The card's controls, the same for everyone: each opens a private panel (labels translated
where shown)."""


def ended_view(summary: Summary) -> str:
    """What the card says once the encounter has ended: its summary, cut to fit."""
    lines = summary_lines(summary)
    kept: list[str] = []
    for line in lines:
        if text_units("\n".join([*kept, line, _(MORE).format(n=30)])) > CARD_TEXT_LIMIT:
            return "\n".join([*kept, _(MORE).format(n=len(lines) - len(kept))])
        kept.append(line)
    return "\n".join(kept)

"""The encounter's live card as plain values: title, status, a block per side, controls.

It fits Discord's limits for 30 combatants: copies in one state share a line, then lines say
less (:data:`DETAILS`), then blocks end with "…and N more".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from nazh.application.encounters.model import STALE_AFTER, EncounterRecord
from nazh.application.encounters.turns import TurnAct, applies
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.flow import waiting_for
from nazh.domain.encounter.summary import Summary
from nazh.domain.encounter.timing import Moment, Phase
from nazh.presentation.chat import ELLIPSIS, DiscordLimits, shown, text_units
from nazh.presentation.encounter_state import acted, numbers_shown, speeds
from nazh.presentation.encounter_text import count, encounter_title, phase_title, summary_lines

CARD_TEXT_LIMIT = DiscordLimits.COMPONENTS_TEXT  # every text display together
MAX_WAITING_SHOWN = 10
WAITING_NAME_LIMIT = 32
MAX_AIDER_SHOWN = 24
MORE_RESERVE = f"{ELLIPSIS}and 30 more"  # the longest "…and N more" (at most 30 combatants)
COPY_NAME = re.compile(r"(?P<stem>.+) (?P<number>[1-9]\d*)")  # ``Bandit 3``

SIDES = ((Side.PLAYER, "Players"), (Side.ALLY, "Allies"), (Side.ENEMY, "Enemies"))
CONDITION_OPTIONS: tuple[tuple[str, str], ...] = tuple((c.value, c.title) for c in ConditionName)


# the card's third row: the reactions and focus
REACTION_BUTTONS = ((TurnAct.DODGE, "Dodge", "💨"), (TurnAct.AID, "Aid", "🤝"),
                    (TurnAct.STRIKE, "Reactive strike", "🗡️"),
                    (TurnAct.EXTRA, "Extra action", "➕"), (TurnAct.RECOVER, "Recover", "🩹"))


@dataclass(frozen=True, slots=True)
class CardButton:
    """One of the card's buttons (disabled: nothing it could do now)."""

    action: str  # ``fast``, ``done``, ``action``, ``gm-view``, ``dodge``, ``strike``, ...
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
    condition_options: tuple[tuple[str, str], ...] = CONDITION_OPTIONS

    @property
    def buttons(self) -> tuple[CardButton, ...]:
        """Every button, row by row."""
        return tuple(button for row in self.rows for button in row)

    @property
    def texts(self) -> tuple[str, ...]:
        """The card's texts, one per text display: the title, the status, each block."""
        return (self.title, "\n".join(self.status), *(block.text for block in self.blocks))

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


DETAILS = (Detail(64), Detail(32, durations=False), Detail(24, durations=False,
                                                            each_condition=False),
           Detail(16, durations=False, each_condition=False, focus=False))  # tried in turn

Entry = tuple[Combatant, ...]  # one combatant, or copies of a minion group in the same state


def card_view(record: EncounterRecord, now: datetime, *, gm_view: bool = False) -> CardView:
    """The card of ``record`` at ``now`` (``gm_view``: with every adversary's numbers)."""
    encounter = record.encounter
    title = card_title(encounter, gm_view=gm_view)
    status = status_lines(record, now)
    room = CARD_TEXT_LIMIT - text_units(title) - text_units("\n".join(status))
    visible = partial(numbers_shown, record=record, gm_view=gm_view)
    return CardView(title, status, fitted_blocks(encounter, visible, room), card_rows(encounter))


def card_title(encounter: Encounter, *, gm_view: bool = False) -> str:
    """``⚔️ **Ambush** — Round 2 · Slow players`` (`` · GM view`` in a GM's own view)."""
    title = (f"⚔️ **{encounter_title(encounter.name)}** — Round {encounter.round} · "
             f"{phase_title(encounter.phase)}")
    return title + (" · GM view" if gm_view else "")


def status_lines(record: EncounterRecord, now: datetime) -> tuple[str, ...]:
    """Whether it is stale, who runs the phase and who it waits for."""
    encounter = record.encounter
    lines = []
    if record.stale(now):
        hours = int(STALE_AFTER.total_seconds() // 3600)
        lines.append(f"⚠️ No change for {hours} hours: anyone may end this encounter "
                     "(/encounter end).")
    if not encounter.combatants:
        return (*lines, "No combatants yet: a GM adds them with /encounter add, players join "
                        "with /encounter join.")
    if not encounter.phase.players:
        lines.append("The GM runs this phase.")
    waiting = waiting_for(encounter)
    if not waiting:
        return (*lines, "Nobody is left to act in this phase: a GM presses Next.")
    lines.append("Waiting for: " + waiting_names(waiting))
    if encounter.phase is Phase.FAST_PLAYERS:
        lines.append("Players: choose Fast or Slow, then press Done.")
    return tuple(lines)


def waiting_names(waiting: Sequence[Combatant]) -> str:
    """``Kaladin, Bandit ×3 (1–3)``: at most ten names (copies together), then how many more."""
    entries = grouped(waiting, lambda c: None)
    names = [entry_name(entry, WAITING_NAME_LIMIT, bold=False)
             for entry in entries[:MAX_WAITING_SHOWN]]
    more = len(entries) - MAX_WAITING_SHOWN
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


# -- the blocks ---------------------------------------------------------------------------------


def fitted_blocks(encounter: Encounter, visible: Callable[[Combatant], bool],
                  room: int) -> tuple[CardBlock, ...]:
    """The blocks of the sides, with the most detail that fits ``room`` (then cut)."""
    blocks: tuple[CardBlock, ...] = ()
    for detail in DETAILS:
        blocks = side_blocks(encounter, visible, detail)
        if sum(text_units(block.text) for block in blocks) <= room:
            return blocks
    return cut(blocks, room)


def side_blocks(encounter: Encounter, visible: Callable[[Combatant], bool],
                detail: Detail) -> tuple[CardBlock, ...]:
    """A block per side that has combatants, each entry on its line."""
    blocks = []
    for side, heading in SIDES:
        members = [c for c in encounter.combatants if c.side is side]
        if members:
            lines = tuple(entry_line(entry, encounter.moment, visible, detail)
                          for entry in grouped(members, state))
            blocks.append(CardBlock(f"**{heading}**", lines))
    return tuple(blocks)


def cut(blocks: tuple[CardBlock, ...], room: int) -> tuple[CardBlock, ...]:
    """``blocks`` holding the first lines that fit ``room``, each ending "…and N more" if cut."""
    budget = room - sum(text_units(b.heading) + 1 + len(MORE_RESERVE) for b in blocks)
    out, full = [], False
    for block in blocks:
        kept: list[str] = []
        for line in block.lines:
            cost = text_units(line) + 1
            full = full or cost > budget
            if full:
                break
            kept.append(line)
            budget -= cost
        lost = len(block.lines) - len(kept)
        more = [f"{ELLIPSIS}and {lost} more"] if lost else []
        out.append(CardBlock(block.heading, (*kept, *more)))
    return tuple(out)


def grouped(combatants: Sequence[Combatant],
            key: Callable[[Combatant], Hashable]) -> list[Entry]:
    """``combatants`` in entries: a minion group's copies with one ``key`` share the first's."""
    entries: list[list[Combatant]] = []
    groups: dict[Hashable, list[Combatant]] = {}
    for combatant in combatants:
        copy = copy_of(combatant)
        if copy is None:
            entries.append([combatant])
            continue
        group = (copy[0].casefold(), combatant.side, key(combatant))
        if group not in groups:
            groups[group] = []
            entries.append(groups[group])
        groups[group].append(combatant)
    return [tuple(entry) for entry in entries]


def copy_of(combatant: Combatant) -> tuple[str, int] | None:
    """A minion's group name and number (``("Bandit", 3)``), or ``None`` when not a copy."""
    match = COPY_NAME.fullmatch(combatant.name)
    if match is None or combatant.role is not Role.MINION:
        return None
    return match["stem"], int(match["number"])


def state(combatant: Combatant) -> Hashable:
    """What a line says of a combatant apart from its name and health."""
    return (combatant.health_max, combatant.focus, combatant.defeated, combatant.turn,
            combatant.reaction_left, combatant.conditions, combatant.reactions)


def entry_line(entry: Entry, now: Moment, visible: Callable[[Combatant], bool],
               detail: Detail) -> str:
    """``▶ **Kaladin** · fast · 2 actions · reaction ✓ · Health 12/15 · Focus 3 · ...``."""
    first = entry[0]
    parts = [f"{marker(first)} {entry_name(entry, detail.name_limit)}"]
    parts += ["defeated"] if first.defeated else [speed_text(first), *turn_parts(first)]
    if visible(first):
        parts.append(health_text(entry))
        if detail.focus and (first.side is Side.PLAYER or first.focus):
            parts.append(f"Focus {first.focus}")
    if first.conditions:
        parts.append(conditions_text(first, now, detail))
    return " · ".join(parts)


def marker(combatant: Combatant) -> str:
    """``▶`` its turn is running, ``✓`` it has acted, ``✖`` defeated, ``◦`` otherwise."""
    if combatant.defeated:
        return "✖"
    if combatant.turn.current is not None:
        return "▶"
    return "✓" if acted(combatant) else "◦"


def entry_name(entry: Entry, limit: int, *, bold: bool = True) -> str:
    """``**Kaladin**``, or for copies ``**Bandit** ×5 (1–5)``."""
    if len(entry) == 1:
        name = shown(entry[0].name, limit)
        return f"**{name}**" if bold else name
    copies = [copy for copy in map(copy_of, entry) if copy is not None]
    stem = shown(copies[0][0], limit)
    name = f"**{stem}**" if bold else stem
    numbers = [number for _, number in copies]
    return f"{name} ×{len(entry)} ({numbers_text(numbers)})"


def numbers_text(numbers: Sequence[int]) -> str:
    """``1–5`` for three or more numbers in a row, else ``1, 2, 4``."""
    in_a_row = list(numbers) == list(range(numbers[0], numbers[0] + len(numbers)))
    if len(numbers) >= 3 and in_a_row:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def speed_text(combatant: Combatant) -> str:
    """``fast``, ``slow``, or ``fast & slow`` for a boss taking both turns."""
    taken = speeds(combatant)
    return "fast & slow" if len(taken) > 1 else next(iter(taken)).value


def turn_parts(combatant: Combatant) -> list[str]:
    """``2 actions`` (or ``acted``), ``reaction ✓`` (or ``Dodging``), ``Aided by Kaladin``."""
    turn = combatant.turn
    reaction = "reaction ✓" if combatant.reaction_left else "reaction ✗"
    if combatant.reactions.dodging:
        reaction = "Dodging 💨"
    aided = combatant.reactions.aided_by
    waiting = [f"Aided by {shown(aided, MAX_AIDER_SHOWN)}"] if aided is not None else []
    if turn.current is not None:
        return [count(turn.actions or 0, "action"), reaction, *waiting]
    return ["acted", reaction, *waiting] if acted(combatant) else [reaction, *waiting]


def health_text(entry: Entry) -> str:
    """``Health 12/15``; for copies ``Health 4,4,0,6,6 of 6``."""
    if len(entry) == 1:
        return f"Health {entry[0].health}/{entry[0].health_max}"
    return f"Health {','.join(str(c.health) for c in entry)} of {entry[0].health_max}"


def conditions_text(combatant: Combatant, now: Moment, detail: Detail) -> str:
    """``Exhausted -2 (2 rounds), Stunned (until end of next turn)``, or ``3 conditions``."""
    if not detail.each_condition:
        return count(len(combatant.conditions), "condition")
    running = combatant.turn.current is not None
    return ", ".join(condition_text(c, now, running=running, durations=detail.durations)
                     for c in combatant.conditions)


def condition_text(condition: Condition, now: Moment, *, running: bool = False,
                   durations: bool = True) -> str:
    """``Exhausted -2 (2 rounds)``, ``Stunned (until end of next turn)``, ``Prone``."""
    label = shown(condition.label, DiscordLimits.SELECT_OPTION_LABEL)
    left = []
    rounds = condition.rounds_left(now)
    if durations and rounds is not None:
        left.append(count(rounds, "round"))
    if durations and condition.turn_ends_left:
        last = running and condition.turn_ends_left == 1  # holder's turn runs: this one is last
        left.append(f"until end of {'this' if last else 'next'} turn")
    return label + (f" ({', '.join(left)})" if left else "")


# -- the controls and the end -------------------------------------------------------------------


def card_rows(encounter: Encounter) -> tuple[tuple[CardButton, ...], ...]:
    """The turn's, the spends' and the reactions' buttons, each enabled while someone can."""
    # Fast and Slow stay while some combatant may still switch (a GM sets the adversaries')
    fast = any(applies(TurnAct.FAST, encounter, c) for c in encounter.combatants)
    slow = any(applies(TurnAct.SLOW, encounter, c) for c in encounter.combatants)
    acting = [c for c in encounter.combatants if not c.defeated]
    actions = any(c.turn.current is not None and c.turn.actions for c in acting)
    reactions = any(applies(TurnAct.REACTION, encounter, c) for c in acting)

    def able(act: TurnAct) -> bool:
        return any(applies(act, encounter, c) for c in acting)
    return ((CardButton("fast", "Fast", "⚡", not fast),
             CardButton("slow", "Slow", "🐢", not slow),
             CardButton("done", "Done", "✅", not waiting_for(encounter)),
             CardButton("next", "Next", "⏭️", False)),
            (CardButton("action", "Spend action", "🎯", not actions),
             CardButton("reaction", "Spend reaction", "🛡️", not reactions),
             CardButton("gm-view", "GM view", "👁️", False)),
            tuple(CardButton(act.value, label, emoji, not able(act))
                  for act, label, emoji in REACTION_BUTTONS))


def ended_view(summary: Summary) -> str:
    """What the card says once the encounter has ended: its summary, cut to fit."""
    lines = summary_lines(summary)
    kept: list[str] = []
    for line in lines:
        if text_units("\n".join([*kept, line, MORE_RESERVE])) > CARD_TEXT_LIMIT:
            return "\n".join([*kept, f"{ELLIPSIS}and {len(lines) - len(kept)} more"])
        kept.append(line)
    return "\n".join(kept)

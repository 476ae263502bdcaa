"""The roll result message (shared by /roll, the Copy form, the builder): an embed and buttons."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import hikari

from nazh.adapters.discord.rolls.attack_controls import attack_row
from nazh.adapters.discord.rolls.clicks import SIGNED
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.embeds import (
    BLURPLE,
    GOLD,
    GREEN,
    GREY,
    RED,
    Author,
)
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.application.rolls.access import GMS_ONLY, RULES, Act, Reader
from nazh.application.rolls.amending import plot_choice
from nazh.application.rolls.model import CRITICAL, Offers, Rolled, RollRecord, SheetChange
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.physical import at_table
from nazh.application.rolls.terms.target import TARGET
from nazh.domain import limits
from nazh.domain.amend import DieRef, can_take, opposite, rerollable
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode
from nazh.domain.unarmed import UNARMED
from nazh.presentation.attack import landed
from nazh.presentation.changes import die_name
from nazh.presentation.chat import (
    DiscordLimits,
    clip,
    escape,
    fit_lines,
    option_label,
    outcome_heading,
    result_lines,
    subtext,
)
from nazh.presentation.i18n import CARD_FOOTER, N_, _
from nazh.presentation.notes import note_text, sheet_text
from nazh.presentation.rolled_character import rolled_text
from nazh.presentation.spending import use_label
from nazh.presentation.term_views import (
    ATTACK_HEADLINE,
    Headline,
    sections,
    standing_alone,
    verdict_of,
)

log = logging.getLogger(__name__)

# -- custom ids ------------------------------------------------------------------------------


class RollAction(Enum):
    """Buttons and modals attached to a roll result (an attack's own: :mod:`.attack_controls`)."""

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
    OPPORTUNITY = "opp"
    """The select of what to spend an Opportunity on (the roller)."""
    COMPLICATION = "comp"
    """The select of what to spend a Complication on (a GM)."""
    GM = "gmp"
    """A shared result's 👑 GM: opens the presser's panel of a GM's controls of the roll."""


LEFT_TO_THE_CARD = frozenset({Act.ADD_PLOT, Act.COPY, Act.ADVANTAGE, Act.DISADVANTAGE,
                              Act.REROLL})
"""What a one-line (compact) result does not offer: copying it, changing its dice."""
INDEXED = frozenset({RollAction.KEEP_FACE, RollAction.DIE, RollAction.KEEP_DIE})
"""Roll actions whose custom id carries an index (0 or 1)."""


@dataclass(frozen=True, slots=True)
class RollControl:
    """A decoded roll control: which action, on which roll (``index``: the face to keep;
    ``on``: pressed on a GM's panel, the shared result's message it acts on)."""

    action: RollAction
    roll_id: str
    index: int = 0
    on: int | None = None


def roll_control(action: RollAction, roll_id: str, index: int = 0,
                 on: int | None = None) -> str:
    """The custom id of a roll button or modal (``on``: a GM panel's, acting on that message)."""
    suffix = f":{index}" if action in INDEXED else ""
    return f"{PREFIX}:{action.value}:{roll_id}{suffix}{'' if on is None else f':{on}'}"


_ACTIONS = {action.value: action for action in RollAction}
"""Each roll action by the name its custom ids carry."""


def _decode_roll(parts: list[str]) -> RollControl | None:
    action = _ACTIONS.get(parts[0])
    if action is None or not parts[1]:
        return None
    index, rest = 0, parts[2:]
    if action in INDEXED:
        if not rest or rest[0] not in ("0", "1"):
            return None
        index, rest = int(rest[0]), rest[1:]
    if not rest:
        return RollControl(action, parts[1], index)
    # a GM panel's control names the shared result it acts on: a message id
    on = rest[0]
    if len(rest) != 1 or action not in ON_A_PANEL or not on.isascii() or not on.isdigit() \
            or not SNOWFLAKE_DIGITS[0] <= len(on) <= SNOWFLAKE_DIGITS[1]:
        return None
    return RollControl(action, parts[1], index, int(on))


SNOWFLAKE_DIGITS = (17, 20)
"""The fewest and most digits of a Discord message id."""
ON_A_PANEL = frozenset({RollAction.ADD_PLOT, RollAction.KEEP_FACE, RollAction.DISADVANTAGE,
                        RollAction.DIE, RollAction.KEEP_DIE, RollAction.BACK,
                        RollAction.COMPLICATION})
"""The controls a GM's panel of a shared result draws (each naming that result's message)."""

CODEC = Codec(frozenset(action.value for action in RollAction),
              lambda parts: _decode_roll(parts[1:]), forms=True)
"""The roll result's controls: ``nz1:<action>:<roll id>[:<index>]``."""

# the custom ids of the buttons every result carries, before the roll's id: written once
# (an enum's value is two calls of Python's, a lookup by an enum member one more)
ADD_PLOT_ID, COPY_ID, REROLL_ID, ADVANTAGE_ID, DISADVANTAGE_ID, GM_ID = (
    roll_control(action, "") for action in (RollAction.ADD_PLOT, RollAction.COPY,
                                            RollAction.REROLL, RollAction.ADVANTAGE,
                                            RollAction.DISADVANTAGE, RollAction.GM))
SPENDING = ((roll_control(RollAction.OPPORTUNITY, ""), True,
             N_("Spend an Opportunity (roller) on…")),
            (roll_control(RollAction.COMPLICATION, ""), False,
             N_("Spend a Complication (GM) on…")))
"""The spending menus: their custom id before the roll's, whose, and their placeholder."""


def rolled_embed(rolled: Rolled, author: Author) -> hikari.Embed:
    """:func:`roll_embed` of a roll as made (or a step): sheet changes, notes, encounter notes."""
    return roll_embed(rolled.record, author, rolled.sheet,
                      (*rolled.notes, *rolled.offers.notes))


def roll_embed(record: RollRecord, author: Author, sheet: SheetChange | None = None,
               notes: tuple[str, ...] = ()) -> hikari.Embed:
    """The result: what happened and the total first, then the dice in small lines, each term
    kind's lines, sheet changes, notes."""
    result = record.result
    headline, alone, above, below, closing = sections(record)
    head = headline or ROLL_HEADLINE
    color = _color(result) if head.color is None else COLORS[head.color]
    if alone is None:  # what happened first; the context (who, where, against whom) small
        lines = [outcome_heading(result, verdict_of(record)),
                 *[subtext(line) for line in above], *result_lines(result)]
    else:  # a kind standing alone says its outcome itself
        lines = above
    lines += below
    if sheet is not None:
        lines += sheet_lines(sheet)
    for note in notes:
        lines.append(f"ℹ️ {note_text(note, escape)}")
    lines += closing
    # who rolled signs the card at its foot, beside the roll id /verify takes: a line of its own
    # above the outcome cost a phone 32 px, and the "used /roll" line above says it already
    footer = " · ".join([signature(author), *([] if head.footer is None else [head.footer]),
                         _(CARD_FOOTER).format(roll_id=record.roll_id)])
    act = act_title(record, head)
    # a plain roll names no act: its outcome leads, without a title
    title = None if act is None else clip(f"{head.icon} {act}", DiscordLimits.EMBED_TITLE)
    embed = hikari.Embed(title=title,
                         description=fit_lines(lines, DiscordLimits.EMBED_DESCRIPTION),
                         color=color)
    return embed.set_footer(clip(footer, DiscordLimits.EMBED_FOOTER), icon=author.avatar_url)


def signature(author: Author) -> str:
    """The roller's name as a result's footer begins with it."""
    # the separator inside a name would cut it short when a click reads it back
    return clip(author.name.replace(SIGNED, " "), DiscordLimits.EMBED_AUTHOR)


def act_title(record: RollRecord, head: Headline) -> str | None:
    """The act the roll is: its label, ``Insight test``, ``Attack with Spear``, the kind's
    word, or ``None`` for a plain roll (its outcome says all)."""
    # a label that is the headline's own word (an injury roll's) is the headline, translated
    if record.label and record.label != head.word:
        return escape(record.label)
    character = record.term(CHARACTER)
    if head is ROLL_HEADLINE:
        if character is None:
            return None
        if character.parts:  # a skill's modifier: a test of the skill
            return _("{skill} test").format(skill=rolled_text(character))
        return rolled_text(character)
    if head is ATTACK_HEADLINE and character is not None:
        return _attack_title(weapon_of(character.rolled), bool(character.parts))
    return _(head.word)


def _attack_title(weapon: str, by_sheet: bool) -> str:
    if weapon == UNARMED and by_sheet:  # the attack every character has
        return _("Unarmed attack")
    return _("Attack with {weapon}").format(weapon=escape(weapon))


def weapon_of(rolled: str) -> str:
    """``Spear`` of ``Spear (Light Weaponry)``: a weapon attack's rolled names its skill last
    (the character's line shows it)."""
    name, skill = rolled.rsplit(" (", 1) if " (" in rolled else (rolled, "")
    return name if skill.endswith(")") and name else rolled


NOTHING_MORE = Offers()
"""What a roll's result offers beyond its own buttons where no encounter says more."""
ROLL_HEADLINE = Headline("🎲", N_("Roll"))
"""A roll's headline when no kind of its terms leads it."""
COLORS = {"red": RED, "gold": GOLD, "green": GREEN, "grey": GREY, "blurple": BLURPLE}
"""The colors a kind's headline names."""


def _color(result: RollResult) -> hikari.Color:
    if result.plot_bonus:
        return GOLD
    if result.dc is not None:  # a pool faces a DC only when its roll does
        verdicts = [pool.success for pool in result.pools if pool.dc is not None]
        if verdicts and not result.pending:
            return GREEN if all(verdicts) else RED
    return BLURPLE


def sheet_lines(sheet: SheetChange | None) -> list[str]:
    """What a step changed on its character's sheet (``✏️ Veyla Tarn: focus 3 → 2``)."""
    # ✏️: a sheet changed, as a sheet's own change is titled (📋 is Copy Command's)
    return [] if sheet is None else [f"✏️ {sheet_text(sheet, escape)}"]


def roll_components(record: RollRecord, *, reroll: bool = False,  # noqa: PLR0913 - how it is drawn
                    offers: Offers = NOTHING_MORE, buttons: Sequence[OfferButton] = (),
                    compact: bool = False, reader: Reader | None = None, stakes: bool = False,
                    panel: int | None = None) -> list[hikari.api.ComponentBuilder]:
    """The result's buttons: keep-face, or Plot, Copy, Advantage, Disadvantage, Reroll, offers;
    ``compact``: only what the roll still waits for, the spending and the features' offers;
    ``reader``: the one member who sees it, only the controls they may use; ``stakes``: its
    roller may add the plot die (players-raise-stakes); ``panel``: the 👑 GM panel of the shared
    result (that message's id), a GM's controls of it."""
    if standing_alone(record) is not None:
        return []
    left = LEFT_TO_THE_CARD if compact else frozenset()
    if panel is not None:
        return _controls(record, reroll, offers, buttons, _Sorted(left, stakes, gm=True),
                         panel)
    if reader is not None:  # its one reader: what they may use (a GM's too, where they are one)
        return _controls(record, reroll, offers, buttons, _ReadBy(record, reader, left), None)
    # a result the channel sees draws what its players may use; a GM's controls wait behind
    # one 👑 GM, opening the presser's own panel of them
    shared = _Sorted(left, stakes, gm=False)
    rows = _controls(record, reroll, offers, buttons, shared, None)
    if shared.held:
        rows = _with_gm_button(rows, record.roll_id)
    return rows


def _controls(record: RollRecord, reroll: bool, offers: Offers,
              buttons: Sequence[OfferButton], may: Drawn,
              on: int | None) -> list[hikari.api.ComponentBuilder]:
    """The controls ``may`` lets draw (asked only of a control that applies)."""
    changes = record.changes
    roll_id = record.roll_id
    pending = next((c for c in changes if c.pending), None) if changes else None
    if pending is not None:  # whoever applied the change keeps a face: the roller or a GM
        if not may(_ACTS[pending.mode]):
            return []
        row = hikari.impl.MessageActionRowBuilder()
        for index, face in enumerate(pending.faces):
            row.add_interactive_button(
                hikari.ButtonStyle.PRIMARY,
                roll_control(RollAction.KEEP_DIE, roll_id, index, on),
                label=_("Keep {face}").format(face=face))
        return [row]
    shown = not record.hidden
    settled = damage_landed(record)
    critical = shown and offers.why_not(CRITICAL) is None
    # what the attack asks next (Hit, Graze, Critical hit) leads: the result's own buttons
    # follow; the attacker's, never on a GM's panel
    rows = attack_row(record, critical=critical) if shown and on is None else []
    rows += _result_row(record, offers, buttons, shown=shown, settled=settled, may=may, on=on)
    result = record.result
    # Nazh draws no face for table dice; the dice of an attack whose damage landed are settled
    drawn = shown and not settled and at_table(record.terms) is None
    suffix = "" if on is None else f":{on}"
    can_reroll = reroll and drawn and rerollable(result, changes) and may(Act.REROLL)
    advantage = drawn and can_take(result, changes, DieMode.ADVANTAGE) and may(Act.ADVANTAGE)
    disadvantage = drawn and can_take(result, changes, DieMode.DISADVANTAGE) \
        and may(Act.DISADVANTAGE)
    if can_reroll or advantage or disadvantage:
        row = hikari.impl.MessageActionRowBuilder()
        rows.append(row)
        if can_reroll:
            row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                       REROLL_ID + roll_id + suffix, label=_("Reroll"),
                                       emoji="🎲")
        if advantage:
            row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                       ADVANTAGE_ID + roll_id + suffix, label=_("Advantage"),
                                       emoji="⬆️")
        if disadvantage:
            row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                       DISADVANTAGE_ID + roll_id + suffix,
                                       label=_("Disadvantage"), emoji="⬇️")
    if shown:
        rows += _spend_rows(record, may, critical=critical, suffix=suffix)
    return rows


_ACTS = {DieMode.ADVANTAGE: Act.ADVANTAGE, DieMode.DISADVANTAGE: Act.DISADVANTAGE}
"""The act a die's change was (its face is chosen by whoever took it)."""
# a tuple, not a set: ``in`` compares members by identity first (an Enum's hash is Python's)
GMS_ACTS = tuple(act for act, rule in RULES.items() if rule.roles == GMS_ONLY)
"""The acts only a GM may take: on a shared result, behind 👑 GM."""


class _Sorted:
    """A shared result's controls sorted: its players' (``gm`` false) or a GM's alone; ``held``
    tells whether a control of the other kind applied."""

    __slots__ = ("_gm", "_left", "_stakes", "held")

    def __init__(self, left: frozenset[Act], stakes: bool, *, gm: bool) -> None:
        self._left = left
        self._stakes = stakes
        self._gm = gm
        self.held = False

    def __call__(self, act: Act) -> bool:
        """Whether the control of ``act`` (it applies) is drawn here."""
        if act in self._left:
            return False
        if act is Act.ADD_PLOT and self._stakes:  # a house rule lets the roller
            act = Act.ADD_PLOT_HOUSE
        return self.offer(gm=act in GMS_ACTS)

    def offer(self, *, gm: bool) -> bool:
        """Whether a control that is a GM's (``gm``) or not is drawn here."""
        if gm is self._gm:
            return True
        self.held = True
        return False


class _ReadBy:
    """A result its one reader sees: the controls they may use, not left to the card."""

    __slots__ = ("_facts", "_left", "_reader")

    def __init__(self, record: RollRecord, reader: Reader, left: frozenset[Act]) -> None:
        self._facts = record.facts
        self._reader = reader
        self._left = left

    def __call__(self, act: Act) -> bool:
        """Whether the control of ``act`` is drawn."""
        return act not in self._left and self._reader.may(self._facts, act)

    def offer(self, *, gm: bool) -> bool:
        """Whether a feature's offer is drawn: each (its feature asks who presses)."""
        return True


Drawn = _Sorted | _ReadBy
"""Which controls a drawing shows: asked of each control that applies."""


def _with_gm_button(rows: list[hikari.api.ComponentBuilder],
                    roll_id: str) -> list[hikari.api.ComponentBuilder]:
    """``rows`` and 👑 GM: on the last row of buttons where it has room, else on its own."""
    # the spending selects come last, each a row of its own; the buttons' rows before them
    button_rows = [row for row in rows if isinstance(row, hikari.impl.MessageActionRowBuilder)
                   and type(row.components[0]) is hikari.impl.InteractiveButtonBuilder]
    if button_rows and len(button_rows[-1].components) < DiscordLimits.ACTION_ROW_BUTTONS:
        row = button_rows[-1]
    else:
        row = hikari.impl.MessageActionRowBuilder()
        rows = [*rows, row]
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY, GM_ID + roll_id, label=_("GM"),
                               emoji="👑")
    return rows


def _spend_rows(record: RollRecord, may: Drawn, *, critical: bool = True,
                suffix: str = "") -> list[hikari.api.ComponentBuilder]:
    """Selects to spend an Opportunity (the roller) or a Complication (a GM) while some are left."""
    if record.result.luck == (0, 0) and not record.granted:
        return []  # none to spend ever (what is left never exceeds what the roll has)
    rows: list[hikari.api.ComponentBuilder] = []
    for prefix, opportunity, placeholder in SPENDING:
        choices = record.uses(opportunity=opportunity, critical=critical)
        if not choices or not may(Act.SPEND_OPPORTUNITY if opportunity
                                  else Act.SPEND_COMPLICATION):
            continue
        row = hikari.impl.MessageActionRowBuilder()
        menu = row.add_text_menu(prefix + record.roll_id + suffix, placeholder=_(placeholder))
        for use in choices:
            menu.add_option(use_label(use), use.value)
        rows.append(row)
    return rows


def die_components(record: RollRecord, dice: list[DieRef], mode: DieMode | None,
                   on: int | None = None) -> list[hikari.api.ComponentBuilder]:
    """The select of dice that can take ``mode`` (``None``: a plain reroll), and Back (``on``:
    on a GM's panel, of that shared result)."""
    menu_row = hikari.impl.MessageActionRowBuilder()
    if mode is None:
        menu = menu_row.add_text_menu(roll_control(RollAction.REROLL_DIE, record.roll_id,
                                                   on=on),
                                      placeholder=_("The die to reroll (the new face replaces "
                                                    "it)"))
    else:
        index = 0 if mode is DieMode.ADVANTAGE else 1
        doing = "give" if any(ref.cancels for ref in dice) else "roll again with"
        menu = menu_row.add_text_menu(roll_control(RollAction.DIE, record.roll_id, index, on),
                                      placeholder=f"The die to {doing} {mode.value}")
    cancels = "" if mode is None else f" (cancels its {opposite(mode).value})"
    for ref in dice[:DiscordLimits.SELECT_OPTIONS]:
        label = f"{die_name(record.result, ref.pool, ref.die)}: {ref.face}"
        menu.add_option(clip(label + (cancels if ref.cancels else ""),
                             DiscordLimits.SELECT_OPTION_LABEL), f"{ref.pool}.{ref.die}")
    back = hikari.impl.MessageActionRowBuilder()
    back.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                roll_control(RollAction.BACK, record.roll_id, on=on),
                                label=_("Back"))
    return [menu_row, back]


def damage_landed(record: RollRecord) -> bool:
    """Whether the roll is an attack whose damage landed on a combatant (its dice are settled)."""
    attack = record.attack_view
    return (attack is not None and not record.result.pending and landed(attack)
            and record.term(TARGET) is not None)


def _result_row(record: RollRecord, offers: Offers,  # noqa: PLR0913 - as drawn
                buttons: Sequence[OfferButton], *, shown: bool, settled: bool,
                may: Drawn, on: int | None) -> list[hikari.api.ComponentBuilder]:
    row = hikari.impl.MessageActionRowBuilder()
    result, roll_id = record.result, record.roll_id
    plot = result.plot
    if plot is not None and plot.pending and may(plot_choice(record)):
        for index, option in enumerate(result.plot_options()):
            row.add_interactive_button(
                hikari.ButtonStyle.PRIMARY,
                roll_control(RollAction.KEEP_FACE, roll_id, index, on),
                label=clip(option_label(option), DiscordLimits.BUTTON_LABEL),
            )
    if plot is None and not settled and result.spec.pool_count < limits.MAX_POOLS \
            and at_table(record.terms) is None and may(Act.ADD_PLOT):
        row.add_interactive_button(hikari.ButtonStyle.SECONDARY, ADD_PLOT_ID + roll_id
                                   + ("" if on is None else f":{on}"),
                                   label=_("Add Plot Die"), emoji="🎭")
    if may(Act.COPY):
        row.add_interactive_button(hikari.ButtonStyle.SECONDARY, COPY_ID + roll_id,
                                   label=_("Copy Command"), emoji="📋")
    if shown:  # a secret not revealed offers nothing yet
        for button in buttons:
            if offers.offered(button.name) and may.offer(gm=button.gm):
                button.draw(row, record)
    return [row] if row.components else []

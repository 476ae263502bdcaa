"""The encounter's private panels as plain values: My turn (the presser's acts) and the GM's
(the phase moved on, the adversaries' acts, the GM's own view), each rows of buttons then the
conditions select. A new control is one more entry in a row, or one more row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.reloads import Reloadable
from nazh.application.encounters.turns import TurnAct, applies
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter
from nazh.presentation.chat import DiscordLimits, clip
from nazh.presentation.encounter_card import DETAILS, GM_VIEW, NEXT, CardButton, entry_line
from nazh.presentation.encounter_text import phase_title
from nazh.presentation.fight_words import CONDITIONS
from nazh.presentation.i18n import N_, _

CONDITION_OPTIONS: tuple[tuple[str, str], ...] = tuple((c.value, CONDITIONS[c])
                                                      for c in ConditionName)
"""Each condition's value and name (translated where shown)."""

# one emoji per meaning, the same on the card's lines and on the panels' buttons (labels
# translated where shown)
ACT_BUTTONS: dict[TurnAct | str, tuple[str, str]] = {
    TurnAct.FAST: (N_("Fast"), "⚡"), TurnAct.SLOW: (N_("Slow"), "🐢"),
    TurnAct.DONE: (N_("Done: end the turn"), "✅"),
    TurnAct.ACTION: (N_("Spend an action"), "🎯"),
    TurnAct.REACTION: (N_("Spend the reaction"), "🛡️"),
    TurnAct.DODGE: (N_("Dodge"), "💨"), TurnAct.AID: (N_("Aid"), "🤝"),
    TurnAct.STRIKE: (N_("Reactive strike"), "🗡️"), TurnAct.RECOVER: (N_("Recover"), "💚"),
    TurnAct.EXTRA: (N_("Extra action"), "➕"),
    TurnAct.BRACE: (N_("Brace"), "🧱"), TurnAct.COVER: (N_("Leave cover"), "🚶"),
    NEXT: (N_("Next phase"), "⏭️"), GM_VIEW: (N_("GM view"), "👁️")}
ACT_WORDINGS: dict[TurnAct, str] = {
    TurnAct.FAST: N_("go fast"), TurnAct.SLOW: N_("go slow"), TurnAct.DONE: N_("press Done"),
    TurnAct.ACTION: N_("spend an action"), TurnAct.REACTION: N_("spend the reaction"),
    TurnAct.DODGE: N_("Dodge"), TurnAct.AID: N_("Aid"),
    TurnAct.STRIKE: N_("make a Reactive strike"),
    TurnAct.EXTRA: N_("spend focus for an extra action"), TurnAct.RECOVER: N_("recover"),
    TurnAct.BRACE: N_("Brace"), TurnAct.COVER: N_("leave cover")}
"""Each act as a sentence says it (``TurnAct.wording``'s words; a verb, so ``recover``,
not the action's name), translated where shown."""


def act_wording(act: TurnAct) -> str:
    """``go fast``, in the language spoken here."""
    return _(ACT_WORDINGS[act])


# a panel is rows of controls: a new control is one more entry in a row, or one more row
TURN_PANEL: tuple[tuple[TurnAct, ...], ...] = (
    (TurnAct.FAST, TurnAct.SLOW, TurnAct.DONE),
    (TurnAct.ACTION, TurnAct.REACTION, TurnAct.DODGE),
    (TurnAct.AID, TurnAct.STRIKE, TurnAct.RECOVER),
    (TurnAct.BRACE, TurnAct.COVER))
GM_PANEL: tuple[tuple[TurnAct | str, ...], ...] = (
    (NEXT, GM_VIEW),
    (TurnAct.FAST, TurnAct.SLOW, TurnAct.DONE),
    (TurnAct.ACTION, TurnAct.REACTION, TurnAct.DODGE, TurnAct.AID),
    (TurnAct.STRIKE, TurnAct.EXTRA, TurnAct.RECOVER),
    (TurnAct.BRACE, TurnAct.COVER))


RELOAD_EMOJI = "🔄"


@dataclass(frozen=True, slots=True)
class ReloadButton:
    """My turn's Reload of a sheet's Loaded weapon (``index``: its place on the sheet)."""

    character_id: str
    index: int
    label: str
    disabled: bool


@dataclass(frozen=True, slots=True)
class PanelView:
    """A private panel: what it says, its rows of buttons, then the Conditions select."""

    text: str
    rows: tuple[tuple[CardButton, ...], ...]
    condition_options: tuple[tuple[str, str], ...] = CONDITION_OPTIONS
    targets: tuple[str, ...] = ()  # whom the GM panel damages or heals by hand
    reloads: tuple[ReloadButton, ...] = ()  # My turn's, under its acts

    @property
    def buttons(self) -> tuple[CardButton, ...]:
        """Every button, row by row."""
        return tuple(button for row in self.rows for button in row)



def turn_panel(record: EncounterRecord, user_id: int, *, gm: bool,
               reloads: Sequence[Reloadable] = ()) -> PanelView:
    """The presser's own panel: their combatants' lines (with their numbers), their acts and
    their sheets' Loaded weapons to reload."""
    encounter = record.encounter
    own = [c for c in encounter.combatants if c.owner_id == user_id]
    if not own:
        lead = (_("You have no combatant here: /encounter join brings your character in.")
                + (" " + _("The adversaries' acts are on the GM panel.") if gm else ""))
        return PanelView(lead, ())
    lines = [entry_line((c,), encounter.moment, lambda _: True, DETAILS[0]) for c in own]
    text = "\n".join(("🙋 **" + _("Your turn") + "** · "
                      + _("Round {n}").format(n=encounter.round)
                      + f" · {phase_title(encounter.phase)}", *lines))
    return PanelView(text, panel_rows(encounter, own, TURN_PANEL),
                     reloads=reload_buttons(reloads))


def reload_buttons(reloads: Sequence[Reloadable]) -> tuple[ReloadButton, ...]:
    """``Reload Crossbow (0/1)`` for each (its combatant named when several have one)."""
    several = len({reload.combatant for reload in reloads}) > 1
    buttons = []
    for reload in reloads:
        label = _("Reload {weapon} ({shots}/{capacity})").format(
            weapon=reload.weapon, shots=reload.shots, capacity=reload.capacity)
        if several:
            label = f"{reload.combatant}: {label}"
        buttons.append(ReloadButton(reload.character_id, reload.index,
                                    clip(label, DiscordLimits.BUTTON_LABEL), not reload.able))
    return tuple(buttons)


def gm_panel(record: EncounterRecord) -> PanelView:
    """The GM's panel: the phase moved on, the adversaries' acts, the GM's own view."""
    encounter = record.encounter
    text = ("👑 **" + _("GM") + "** · " + _("Round {n}").format(n=encounter.round)
            + f" · {phase_title(encounter.phase)}\n"
            + _("The acts below are for an adversary or ally (a list asks which when several "
                "can)."))
    return PanelView(text, panel_rows(encounter, list(encounter.combatants), GM_PANEL),
                     targets=tuple(c.name for c in encounter.combatants))


def panel_rows(encounter: Encounter, combatants: Sequence[Combatant],
               layout: Sequence[Sequence[TurnAct | str]]) -> tuple[tuple[CardButton, ...], ...]:
    """A panel's rows: each act enabled while one of ``combatants`` could take it now."""
    acting = [c for c in combatants if not c.defeated]

    def able(act: TurnAct | str) -> bool:
        if not isinstance(act, TurnAct):
            return True
        return any(applies(act, encounter, c) for c in acting)
    return tuple(tuple(CardButton(act.value if isinstance(act, TurnAct) else act,
                                  *ACT_BUTTONS[act], not able(act)) for act in row)
                 for row in layout)

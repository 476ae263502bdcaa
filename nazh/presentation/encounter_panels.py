"""The encounter's private panels as plain values: My turn (the presser's acts) and the GM's
(the phase moved on, the adversaries' acts, the GM's own view), each rows of buttons then the
conditions select. A new control is one more entry in a row, or one more row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.turns import TurnAct, applies
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter
from nazh.presentation.encounter_card import DETAILS, GM_VIEW, NEXT, CardButton, entry_line
from nazh.presentation.encounter_text import phase_title

CONDITION_OPTIONS: tuple[tuple[str, str], ...] = tuple((c.value, c.title) for c in ConditionName)

# one emoji per meaning, the same on the card's lines and on the panels' buttons
ACT_BUTTONS: dict[TurnAct | str, tuple[str, str]] = {
    TurnAct.FAST: ("Fast", "⚡"), TurnAct.SLOW: ("Slow", "🐢"),
    TurnAct.DONE: ("Done: end the turn", "✅"),
    TurnAct.ACTION: ("Spend an action", "🎯"), TurnAct.REACTION: ("Spend the reaction", "🛡️"),
    TurnAct.DODGE: ("Dodge", "💨"), TurnAct.AID: ("Aid", "🤝"),
    TurnAct.STRIKE: ("Reactive strike", "🗡️"), TurnAct.RECOVER: ("Recover", "💚"),
    TurnAct.EXTRA: ("Extra action", "➕"),
    NEXT: ("Next phase", "⏭️"), GM_VIEW: ("GM view", "👁️")}
# a panel is rows of controls: a new control is one more entry in a row, or one more row
TURN_PANEL: tuple[tuple[TurnAct, ...], ...] = (
    (TurnAct.FAST, TurnAct.SLOW, TurnAct.DONE),
    (TurnAct.ACTION, TurnAct.REACTION, TurnAct.DODGE),
    (TurnAct.AID, TurnAct.STRIKE, TurnAct.RECOVER))
GM_PANEL: tuple[tuple[TurnAct | str, ...], ...] = (
    (NEXT, GM_VIEW),
    (TurnAct.FAST, TurnAct.SLOW, TurnAct.DONE),
    (TurnAct.ACTION, TurnAct.REACTION, TurnAct.DODGE, TurnAct.AID),
    (TurnAct.STRIKE, TurnAct.EXTRA, TurnAct.RECOVER))


@dataclass(frozen=True, slots=True)
class PanelView:
    """A private panel: what it says, its rows of buttons, then the Conditions select."""

    text: str
    rows: tuple[tuple[CardButton, ...], ...]
    condition_options: tuple[tuple[str, str], ...] = CONDITION_OPTIONS
    targets: tuple[str, ...] = ()  # whom the GM panel damages or heals by hand

    @property
    def buttons(self) -> tuple[CardButton, ...]:
        """Every button, row by row."""
        return tuple(button for row in self.rows for button in row)



def turn_panel(record: EncounterRecord, user_id: int, *, gm: bool) -> PanelView:
    """The presser's own panel: their combatants' lines (with their numbers) and their acts."""
    encounter = record.encounter
    own = [c for c in encounter.combatants if c.owner_id == user_id]
    if not own:
        lead = ("You have no combatant here: /encounter join brings your character in."
                + (" The adversaries' acts are on the GM panel." if gm else ""))
        return PanelView(lead, ())
    lines = [entry_line((c,), encounter.moment, lambda _: True, DETAILS[0]) for c in own]
    text = "\n".join((f"🙋 **Your turn** · Round {encounter.round} · "
                      f"{phase_title(encounter.phase)}", *lines))
    return PanelView(text, panel_rows(encounter, own, TURN_PANEL))


def gm_panel(record: EncounterRecord) -> PanelView:
    """The GM's panel: the phase moved on, the adversaries' acts, the GM's own view."""
    encounter = record.encounter
    text = (f"👑 **GM** · Round {encounter.round} · {phase_title(encounter.phase)}\n"
            "The acts below are for an adversary or ally (a list asks which when several "
            "can).")
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

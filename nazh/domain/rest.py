"""Rests (the starter rules, part 2, "Resting"): the long rest, and Tend to Others' bonus."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.character import MAX_INJURIES, Character
from nazh.domain.derivation import Derivation
from nazh.domain.wounds import MAX_EXHAUSTED, MAX_WOUNDS, Wound

MEDICINE = "medicine"


@dataclass(frozen=True, slots=True)
class LongRest:
    """A long rest's outcome: the sheet after it and the injuries it healed."""

    sheet: Character
    healed: tuple[Wound, ...]


def long_rest(sheet: Character) -> LongRest:
    """Health and focus to their maxima, Exhausted -1, flesh wounds healed, a day counted off."""
    # rule: "you recover all your lost health and focus ... your Exhausted penalty reduces by 1";
    # investiture is not named: it stays as it is
    kept: list[Wound] = []
    healed: list[Wound] = []
    for wound in sheet.wounds:
        after = wound.after_long_rest()
        if after is None:
            healed.append(wound)
        else:
            kept.append(after)
    rested = replace(sheet.rested(), exhausted=max(0, sheet.exhausted - 1),
                     wounds=tuple(kept), injuries=max(0, sheet.injuries - len(healed)))
    return LongRest(rested, tuple(healed))


def tending(tender: Character) -> Derivation:
    """What Tend to Others adds to a resting ally's recovery die: the tender's Medicine."""
    # rule: "they add your Medicine modifier to their recovery die roll"
    return tender.modifier(MEDICINE)


def wounded(sheet: Character, wound: Wound) -> Character:
    """``sheet`` with one more injury counted and recorded, its Exhausted penalty added."""
    # rule: Exhausted "has a cumulative effect": a second instance adds its penalty
    wounds = sheet.wounds if len(sheet.wounds) >= MAX_WOUNDS else (*sheet.wounds, wound)
    return replace(sheet, injuries=min(sheet.injuries + 1, MAX_INJURIES), wounds=wounds,
                   exhausted=min(sheet.exhausted + wound.exhausting, MAX_EXHAUSTED))

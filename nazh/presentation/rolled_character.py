"""What a character rolled and the parts of its modifier, kept in the roll's record in English,
in the words of the language spoken here."""

from __future__ import annotations

import re

from nazh.application.characters.rolls import INJURY_ROLLED
from nazh.application.rolls.terms.character import RollCharacter
from nazh.domain.unarmed import UNARMED
from nazh.presentation.chat import escape
from nazh.presentation.i18n import N_, _, term
from nazh.presentation.request_card import skill_word
from nazh.presentation.sheet_words import part_text

INJURY_WORD = N_("Injury")
OWN_WORDS = (N_("modifier"), N_("own modifier"))
"""The parts of a character's modifier that are not the sheet's words (/check's ``modifier:``, an
adversary's attack's own modifier)."""
_WIELDED = re.compile(r"(?P<weapon>.+) \((?P<skill>[^()]+)\)")
"""An attack's ``rolled`` as the roll's record keeps it: ``Spear (Light Weaponry)``."""


def rolled_text(character: RollCharacter) -> str:
    """What the character rolled (a skill, ``Spear (Light Weaponry)``, an injury) kept in the
    roll's record in English, in the words of the language spoken here (escaped); one of another
    form as written."""
    rolled = character.rolled
    if rolled == INJURY_ROLLED:
        return _(INJURY_WORD)
    wielded = _WIELDED.fullmatch(rolled)
    if wielded is not None and character.parts:
        # the unarmed attack every character has: the game's word (a sheet's own, as written)
        weapon = term("action", UNARMED) if wielded["weapon"] == UNARMED \
            else escape(wielded["weapon"])
        return f"{weapon} ({skill_word(wielded['skill'], escape)})"
    return skill_word(rolled, escape) if character.parts else escape(rolled)


def described_text(character: RollCharacter) -> str:
    """``Insight +5: Awareness 3 + 2 ranks`` in the language spoken here (escaped)."""
    if not character.parts:
        return rolled_text(character)
    # the parts are Nazh's words (attributes, ranks, conditions): nothing to escape
    parts = " + ".join(part_text(label, value) for label, value in character.parts)
    return f"{rolled_text(character)} {character.modifier:+d}: {parts}"

"""A roll's terms, one module per kind, and the table of kinds: a new kind is a module and a row."""

from __future__ import annotations

from typing import Any

from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.carried import CARRIED
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.circumstances import CIRCUMSTANCES
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.rolls.terms.maneuver import MANEUVER
from nazh.application.rolls.terms.physical import PHYSICAL
from nazh.application.rolls.terms.request import REQUEST
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.rolls.terms.target import TARGET
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.application.rolls.terms.wielded import WIELDED

KINDS: tuple[TermKind[Any], ...] = (SECRET, CHANGES, ATTACK, SPENT, INJURY, CHARACTER,
                                    ENCOUNTER, TARGET, REQUEST, PHYSICAL, MANEUVER,
                                    CIRCUMSTANCES, CARRIED, OTHER_TARGETS, WIELDED)
"""Every kind of term, in the order a record's stored result lists them."""

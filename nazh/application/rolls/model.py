"""The roll as the table keeps it: who rolled where, the result, its version and secret."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import RollFacts, Viewer, roles_of
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.notes import Note
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import NO_TERMS, TermKind, Terms
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.settings.server import ServerSettings, Visibility
from nazh.application.shared.clock import Clock
from nazh.application.shared.ids import new_roll_id
from nazh.application.shared.places import Place
from nazh.domain.amend import DieChange
from nazh.domain.attack import Attack, AttackView, view
from nazh.domain.character import Resource
from nazh.domain.evolve import evolved
from nazh.domain.injury import InjuryTerms
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE
from nazh.domain.results import RollResult
from nazh.domain.rolling import RandomSource
from nazh.domain.spending import Spent, Use, spend, uses

T = TypeVar("T")
_GRANTING = tuple(kind for kind in KINDS if kind.grants is not None)
_SPENDING = tuple(kind for kind in KINDS if kind.spends is not None)
# Read straight from the mapping by the record's properties: a Terms.get call fewer each (2,000
# instructions a message).
_SECRET, _CHANGES, _ATTACK, _SPENT = SECRET.key, CHANGES.key, ATTACK.key, SPENT.key


@dataclass(frozen=True, slots=True)
class Roller:
    """Who rolled, and where."""

    user_id: int
    channel_id: int
    guild_id: int | None = None


@dataclass(frozen=True, slots=True)
class RollStamps:
    """A new roll's stamps: the time, and an id from ``ids`` (the OS's, even for seeded dice)."""

    clock: Clock
    ids: RandomSource

    def new_id(self) -> str:
        return new_roll_id(self.ids)


@dataclass(frozen=True, slots=True)
class RollRequest:
    """A roll asked for: what, by whom and where, and how it is shown."""

    notation: str
    roller: Roller
    add_plot: bool = False
    dc: int | None = None
    label: str | None = None
    visibility: Visibility | None = None  # None: the server's default (public outside a server)
    source: RollSource = RollSource.SLASH
    received: float | None = None  # perf_counter() (None: now): the duration metric's start
    server: ServerSettings | None = None  # None: read here
    opportunity: int = HIGHEST_FACE  # lowest natural d20 Opportunity (a talent widens it)
    complication: int = LOWEST_FACE  # highest natural d20 face that is a Complication
    terms: Terms = NO_TERMS

    def with_term(self, kind: TermKind[T], value: T | None) -> RollRequest:
        """The request with its term of ``kind`` set to ``value`` (``None``: removed)."""
        return evolved(self, terms=self.terms.with_term(kind, value))


@dataclass(frozen=True, slots=True)
class RollRecord:
    """A roll as kept for its buttons: ``version`` grows with each amendment."""

    roll_id: str
    roller: Roller
    notation: str
    result: RollResult
    created_at: datetime
    label: str | None = None
    private: bool = False
    version: int = 1
    change: EntryKind | None = None
    """What the latest version did (``None``: derived from the record, see the log store)."""
    terms: Terms = NO_TERMS
    _attack_view: AttackView | None = field(default=None, init=False, repr=False,
                                            compare=False)
    """A cache of :attr:`attack_view` (the record is frozen: it cannot go stale)."""

    def term(self, kind: TermKind[T]) -> T | None:
        """Its term of ``kind`` (``None``: it has none)."""
        term: T | None = self.terms.by_key.get(kind.key)
        return term

    def with_term(self, kind: TermKind[T], value: T | None) -> RollRecord:
        """The record with its term of ``kind`` set to ``value`` (``None``: removed)."""
        return evolved(self, terms=self.terms.with_term(kind, value))

    @property
    def secret(self) -> Secret | None:
        """A secret roll's commitment (``None``: not secret)."""
        secret: Secret | None = self.terms.by_key.get(_SECRET)
        return secret

    @property
    def changes(self) -> tuple[DieChange, ...]:
        """Advantage and disadvantage applied to dice after the roll, in order."""
        changes: tuple[DieChange, ...] = self.terms.by_key.get(_CHANGES) or ()
        return changes

    @property
    def attack(self) -> Attack | None:
        """An attack's terms (first pool the test, second the damage); ``None``: a plain roll."""
        return self.terms.get(ATTACK)

    @property
    def spent(self) -> tuple[Spent, ...]:
        """The Opportunities and Complications spent, in order."""
        spent: tuple[Spent, ...] = self.terms.by_key.get(_SPENT) or ()
        return spent

    @property
    def injury(self) -> InjuryTerms | None:
        """An injury roll's terms (``None``: not an injury roll)."""
        return self.terms.get(INJURY)

    @property
    def character(self) -> RollCharacter | None:
        """The character the roll was made with (``None``: a raw roll)."""
        return self.terms.get(CHARACTER)

    @property
    def hidden(self) -> bool:
        """A secret roll not revealed yet: its result is for the GMs (and a ``gm`` roller)."""
        secret: Secret | None = self.terms.by_key.get(_SECRET)
        return secret is not None and not secret.revealed

    @property
    def attack_view(self) -> AttackView | None:
        """An attack's arithmetic on the roll as it stands (``None``: a plain roll)."""
        # Kept: its result, attack and spending are fixed in the record, and the render, the buttons
        # and the critical hit's checks all ask for it.
        seen = self._attack_view
        if seen is None:
            attack: Attack | None = self.terms.by_key.get(_ATTACK)
            if attack is None:
                return None  # a plain roll: nothing to keep
            seen = view(self.result, attack, self.spent)
            object.__setattr__(self, "_attack_view", seen)
        return seen

    @property
    def granted(self) -> int:
        """The Opportunities the roll gained beside its dice (a Determined test's failure)."""
        held = self.terms.by_key
        granted = 0
        for kind in _GRANTING:
            if kind.key in held and kind.grants is not None:
                term = held[kind.key]
                if term is not None:
                    granted += kind.grants(term, self.result)
        return granted

    @property
    def trait_uses(self) -> frozenset[Use]:
        """What its terms let its Opportunities and Complications be spent on beside the rules'
        own (an attack's weapon's traits)."""
        attack = self.attack_view
        if attack is None:
            return frozenset()
        held = self.terms.by_key
        return frozenset().union(*(kind.spends(held[kind.key], attack) for kind in _SPENDING
                                   if kind.spends is not None and held.get(kind.key) is not None))

    def uses(self, *, opportunity: bool, critical: bool = True) -> tuple[Use, ...]:
        """What its Opportunities (or Complications) may be spent on now (``critical=False``:
        where a critical hit is withheld)."""
        return uses(self.result, self.spent, opportunity=opportunity,
                    critical=critical and self.critical_possible, granted=self.granted,
                    traits=self.trait_uses)

    def spending(self, use: Use, by: int) -> tuple[Spent, ...]:
        """Its spendings with one more on ``use`` by ``by`` (RollStateError: not now)."""
        return spend(self.result, self.spent, use, by, critical=self.critical_possible,
                     granted=self.granted, traits=self.trait_uses)

    @property
    def critical_possible(self) -> bool:
        """Whether an Opportunity may buy a critical hit: an attack that hit, not critical yet."""
        attack = self.attack_view
        return attack is not None and attack.can_be_critical

    @property
    def place(self) -> Place:
        """Where it was rolled (its buttons are on its message there)."""
        return Place(self.roller.guild_id, self.roller.channel_id)

    @property
    def facts(self) -> RollFacts:
        """What the visibility rule (:mod:`nazh.application.rolls.access`) needs of it."""
        secret = self.secret
        return RollFacts(self.roller.user_id, self.roller.guild_id, self.private,
                         None if secret is None else secret.visibility,
                         secret is not None and secret.revealed)


@dataclass(frozen=True, slots=True)
class SheetChange:
    """What a roll (or a step of one) changed on its character's sheet: each old and new value."""

    name: str
    changes: tuple[tuple[str, str, str], ...]
    unchanged: str = Note("nothing changed")  # why nothing moved, e.g. focus at its maximum
    moved: tuple[tuple[Resource, int], ...] = ()  # really moved: (Resource.FOCUS, -1)

    def by(self, resource: Resource) -> int:
        """How much ``resource`` moved (0: not at all)."""
        return sum(amount for moved, amount in self.moved if moved is resource)

    @property
    def text(self) -> str:
        """``Veyla Tarn: focus 3 → 2``."""
        if not self.changes:
            return f"{self.name}: {self.unchanged}"
        moved = ", ".join(f"{field} {old} → {new}" for field, old, new in self.changes)
        return f"{self.name}: {moved}"


CRITICAL = "critical"
"""The offer of a critical hit among an Opportunity's uses (withheld from a minion's attack)."""


@dataclass(frozen=True, slots=True)
class Offers:
    """What a result offers beyond its own controls: granted, withheld (and why), and notes."""

    granted: frozenset[str] = frozenset()
    withheld: tuple[tuple[str, Note], ...] = ()
    notes: tuple[str, ...] = ()  # a Note is worded where shown, a plain text is shown as it is

    def grant(self, name: str) -> Offers:
        return evolved(self, granted=self.granted | {name})

    def withhold(self, name: str, why: Note) -> Offers:
        """These offers without ``name`` (``why``), whoever grants it."""
        return evolved(self, withheld=(*self.withheld, (name, why)))

    def noted(self, note: Note | None) -> Offers:
        return self if note is None else evolved(self, notes=(*self.notes, note))

    def why_not(self, name: str) -> Note | None:
        """Why ``name`` is withheld (``None``: it is not)."""
        return next((why for withheld, why in self.withheld if withheld == name), None)

    def offered(self, name: str) -> bool:
        """Whether ``name`` is granted and not withheld."""
        return name in self.granted and self.why_not(name) is None


@dataclass(frozen=True, slots=True)
class Rolled:
    """A roll (or a step of one), what it changed on its sheet, notes on its result, its offers."""

    record: RollRecord
    sheet: SheetChange | None = None  # None: nothing was asked of the sheet
    notes: tuple[str, ...] = ()  # a Note is worded where shown, a plain text is shown as it is
    offers: Offers = Offers()

    def noted(self, *notes: Note) -> Rolled:
        return evolved(self, notes=(*self.notes, *notes)) if notes else self

    def offering(self, offers: Offers) -> Rolled:
        """This roll with ``offers`` (itself when they are its own: a handler changed nothing)."""
        return self if offers is self.offers else evolved(self, offers=offers)


def visible(record: RollRecord, viewer: Roller) -> bool:
    """Whether ``viewer`` may see that ``record`` exists at all, whatever their roles."""
    return roles_of(record.facts, Viewer(viewer.user_id, viewer.guild_id)) != frozenset()

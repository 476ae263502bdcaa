"""A test the GM asks of the table (``/request``), and one result per player at most."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from nazh.domain.character import skill_key, standard_skill
from nazh.domain.errors import NazhError

MAX_SKILL_LENGTH = 40
MAX_LABEL_LENGTH = 100
MIN_DC, MAX_DC = 0, 40
MAX_ASKED = 25  # roles and members one request names
MAX_RESULTS = 50  # players one request gathers (a card shows them all)
# a claim whose roll was never kept (its process stopped) lapses: the player may click again
CLAIM_LAPSES = timedelta(minutes=2)


class RequestError(NazhError):
    """An act the request refuses (closed, rolled already, not asked, a bad option)."""


class Sight(Enum):
    """Who sees a request's results."""

    PUBLIC = "public"
    GM = "gm"  # the players see that a result exists
    BLIND = "blind"  # not even the roller

    @property
    def secret(self) -> bool:
        """Whether the results are hidden until the GM reveals them."""
        return self is not Sight.PUBLIC


@dataclass(frozen=True, slots=True)
class Asked:
    """Who is asked: members by id, members holding a role; neither: everyone in the channel."""

    roles: frozenset[int] = frozenset()
    members: frozenset[int] = frozenset()

    @property
    def everyone(self) -> bool:
        """Nobody named: everyone in the channel may roll."""
        return not self.roles and not self.members

    def includes(self, user_id: int, role_ids: frozenset[int]) -> bool:
        """Whether the member with ``role_ids`` is asked."""
        return self.everyone or user_id in self.members or bool(self.roles & role_ids)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a player's roll came to, as the card shows it."""

    roll_id: str
    name: str  # the character's, or empty for a flat d20
    total: int
    success: bool | None
    opportunities: int = 0
    complications: int = 0
    commitment: str | None = None  # a secret roll's, as shown


@dataclass(frozen=True, slots=True)
class Result:
    """One player's place in the request: claimed (since ``claimed_at``), then its outcome."""

    user_id: int
    outcome: Outcome | None = None
    claimed_at: datetime | None = None

    @property
    def rolled(self) -> bool:
        """The roll is made and kept."""
        return self.outcome is not None


@dataclass(frozen=True, slots=True)
class Request:
    """The test asked and the results gathered so far (in the order players clicked)."""

    skill: str  # a standard skill's as the rules spell it
    dc: int | None = None
    stakes: bool = False  # raised: every roll adds the plot die
    sight: Sight = Sight.PUBLIC
    asked: Asked = Asked()
    label: str = ""
    advantage: bool = False  # the GM grants every roll one
    results: tuple[Result, ...] = ()
    closed: bool = False
    revealed: bool = False

    @property
    def key(self) -> str:
        """The skill's key (``heavy-weaponry``)."""
        return skill_key(self.skill)

    @property
    def hidden(self) -> bool:
        """Its results are secret and not revealed yet."""
        return self.sight.secret and not self.revealed

    def result_of(self, user_id: int) -> Result | None:
        """The player's result (``None``: they have not clicked)."""
        return next((r for r in self.results if r.user_id == user_id), None)

    @property
    def settled(self) -> tuple[Outcome, ...]:
        """The outcomes of the rolls made, in order."""
        return tuple(r.outcome for r in self.results if r.outcome is not None)

    @property
    def waiting_for(self) -> tuple[int, ...]:
        """The members named who have not rolled (everyone or a role: not known here)."""
        rolled = {r.user_id for r in self.results if r.rolled}
        return tuple(sorted(m for m in self.asked.members if m not in rolled))

    @property
    def successes(self) -> int:
        """How many rolls met the DC."""
        return sum(1 for outcome in self.settled if outcome.success)

    def summary(self) -> str:
        """``2 of 3 succeeded`` (no DC: ``3 rolled``)."""
        rolled = len(self.settled)
        if self.dc is None:
            return f"{rolled} rolled"
        return f"{self.successes} of {rolled} succeeded"


def new_request(skill: str, *, dc: int | None = None, stakes: bool = False,  # noqa: PLR0913 - /request's options
                sight: Sight = Sight.PUBLIC, asked: Asked = Asked(), label: str = "",
                advantage: bool = False) -> Request:
    """A request as ``/request`` asks it, checked."""
    name = " ".join(skill.split())
    if not name or len(name) > MAX_SKILL_LENGTH:
        raise RequestError("skill: a skill's name, 1 to {most} characters",
                           hint="e.g. perception, insight, athletics",
                           fields={"most": MAX_SKILL_LENGTH})
    info = standard_skill(skill_key(name))
    if dc is not None and not MIN_DC <= dc <= MAX_DC:
        raise RequestError("dc is {least} to {most} (got {got})",
                           fields={"least": MIN_DC, "most": MAX_DC, "got": dc})
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_LENGTH:
        raise RequestError("label: at most {most} characters (got {got})",
                           fields={"most": MAX_LABEL_LENGTH, "got": len(label)})
    if len(asked.roles) + len(asked.members) > MAX_ASKED:
        raise RequestError("who: at most {most} roles and members", fields={"most": MAX_ASKED})
    return Request(info.name if info is not None else name, dc, stakes, sight, asked, label,
                   advantage)


def claim(request: Request, user_id: int, role_ids: frozenset[int], now: datetime) -> Request:
    """The player's roll claimed at ``now``: no other click rolls for them (until it lapses)."""
    # claimed first, so a second click or a second replica rolls nothing; then settled, or
    # released when the roll could not be made
    if request.closed:
        raise RequestError("this request is closed: it takes no more rolls")
    if not request.asked.includes(user_id, role_ids):
        raise RequestError("this request is not asked of you",
                           hint="the GM named who rolls with who:")
    found = request.result_of(user_id)
    if found is not None and (found.rolled or found.claimed_at is None
                              or now - found.claimed_at < CLAIM_LAPSES):
        raise RequestError("you have rolled for this request already: one roll each")
    kept = release(request, user_id).results
    if len(kept) >= MAX_RESULTS:
        raise RequestError("this request has its {most} rolls", fields={"most": MAX_RESULTS})
    return replace(request, results=(*kept, Result(user_id, claimed_at=now)))


def settle(request: Request, user_id: int, outcome: Outcome) -> Request:
    """The player's claimed roll made: its outcome kept."""
    # a closed request keeps it too: the roll was claimed before the close
    found = request.result_of(user_id)
    if found is None or found.rolled:
        raise RequestError("no roll of yours is waiting in this request")
    return replace(request, results=tuple(
        Result(user_id, outcome) if r.user_id == user_id else r for r in request.results))


def release(request: Request, user_id: int) -> Request:
    """The player's claim dropped (their roll could not be made): they may click again."""
    return replace(request, results=tuple(
        r for r in request.results if r.user_id != user_id or r.rolled))


def close(request: Request) -> Request:
    """No more rolls."""
    if request.closed:
        raise RequestError("this request is closed already")
    return replace(request, closed=True)


def reveal(request: Request) -> Request:
    """A secret request's results shown to everyone."""
    if not request.sight.secret:
        raise RequestError("a public request's results are seen already")
    if request.revealed:
        raise RequestError("this request's results are revealed already")
    return replace(request, revealed=True, closed=True)  # a later roll would be seen at once

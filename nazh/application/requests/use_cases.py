"""The request's use cases: a GM asks, each asked player rolls once, a GM closes or reveals."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.rolls import (
    MAX_EXTRA,
    MIN_EXTRA,
    CharacterRolls,
)
from nazh.application.requests.access import Door, check
from nazh.application.requests.changes import RequestChanges, RequestNotFoundError
from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.application.requests.ports import RequestStore
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Rolled, Roller, RollRecord, RollRequest
from nazh.application.rolls.revealing import RevealRolls
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.request import REQUEST, ForRequest
from nazh.application.settings.server import (
    GuildSettings,
    Member,
    ServerSettings,
    Visibility,
    is_gm,
)
from nazh.application.shared.clock import Clock
from nazh.application.shared.ids import new_roll_id
from nazh.application.shared.places import Place, reaches
from nazh.domain.errors import LimitError, NazhError, RollStateError
from nazh.domain.plot import PlotOutcome
from nazh.domain.request import Outcome, Request, RequestError, Sight, claim, close, release, settle
from nazh.domain.request import reveal as reveal_request
from nazh.domain.rolling import RandomSource
from nazh.domain.spec import DieMode

_VISIBILITY = {Sight.PUBLIC: Visibility.PUBLIC, Sight.GM: Visibility.GM,
               Sight.BLIND: Visibility.BLIND}


@dataclass(frozen=True, slots=True)
class Answer:
    """How a player answers: with a character (``None``: the active one) or a flat d20."""

    character: str | None = None
    modifier: int | None = None  # a flat d20's own modifier (they have no character)
    advantage: bool = False


@dataclass(frozen=True, slots=True)
class RequestRolled:
    """A player's roll for a request and the request with its outcome."""

    record: RequestRecord
    rolled: Rolled


class Requests:
    """Requests asked by GMs; rolls through ``checks``, revealed through ``reveals``."""

    def __init__(self, store: RequestStore, settings: GuildSettings,
                 changes: RequestChanges, ids: RandomSource, *,
                 checks: CharacterRolls, reveals: RevealRolls) -> None:
        self._store = store
        self._settings = settings
        self._changes = changes
        self._ids = ids
        self._checks = checks
        self._reveals = reveals

    @classmethod
    def of(cls, store: RequestStore, settings: GuildSettings, clock: Clock,
           ids: RandomSource, checks: CharacterRolls, reveals: RevealRolls) -> Requests:
        """The use cases on ``store``, changed through one :class:`RequestChanges`."""
        return cls(store, settings, RequestChanges(store, clock), ids, checks=checks,
                   reveals=reveals)

    async def is_gm(self, member: Member) -> bool:
        """Whether the member is a GM of their server (outside a server: no)."""
        if member.guild_id is None:
            return False
        return is_gm(await self._settings.of(member.guild_id), member)

    async def passes(self, door: Door, member: Member, request: Request | None = None) -> bool:
        """Pass ``door`` (the rule of :mod:`.access`); whether the member is a GM."""
        if member.guild_id is None:
            raise RequestError("requests are asked in a server's channels, where there is a GM")
        gm = await self.is_gm(member)
        check(door, request, member.user_id, member.role_ids, gm)
        return gm

    async def get(self, request_id: str) -> RequestRecord:
        """The request (:class:`~.changes.RequestNotFoundError`: none has the id)."""
        return await self._changes.get(request_id)

    async def reached(self, member: Member, request_id: str) -> RequestRecord:
        """The request, when asked from its own channel (else as for an unknown id)."""
        record = await self._changes.get(request_id)
        if not reaches(member.place, Place(record.guild_id, record.channel_id)):
            raise RequestNotFoundError()
        return record

    async def log(self, request_id: str, limit: int = 50) -> list[RequestEntry]:
        return await self._store.log(request_id, max(1, min(limit, 200)))

    async def ask(self, member: Member, channel_id: int, request: Request) -> RequestRecord:
        """A new request asked by a GM in the channel."""
        await self.passes(Door.ASK, member)
        assert member.guild_id is not None
        now = self._changes.clock.now()
        record = RequestRecord(new_roll_id(self._ids), member.guild_id, channel_id,
                               member.user_id, request, now, now)
        await self._store.create(record, (RequestEntry(
            record.request_id, member.user_id, now, "asked", _asked(request)),))
        return record

    async def posted(self, request_id: str, message_id: int) -> RequestRecord:
        kept = await self._changes.change(request_id, 0, lambda request: request, "card",
                                          str(message_id), card_message_id=message_id)
        return kept.record

    async def roll(self, member: Member, request_id: str, answer: Answer = Answer(), *,
                   received: float | None = None,
                   server: ServerSettings | None = None) -> RequestRolled:
        """The member's roll for the request, made once."""
        if answer.modifier is not None and not MIN_EXTRA <= answer.modifier <= MAX_EXTRA:
            raise LimitError("modifier is {least} to {most} (got {got})",
                             fields={"least": MIN_EXTRA, "most": MAX_EXTRA, "got": answer.modifier})
        await self.passes(Door.ROLL, member, (await self.reached(member, request_id)).request)
        # A test of the character's skill (its encounter's conditions apply), or a flat d20; claimed
        # first by compare-and-swap, so two clicks on any replicas roll once; a roll that cannot be
        # made releases its claim, and it is settled under the once key rolled:<roll id>.
        now = self._changes.clock.now()
        claimed = await self._changes.change(
            request_id, member.user_id, lambda request: claim(request, member.user_id,
                                                             member.role_ids, now),
            "claimed")
        try:
            rolled = await self._rolled(member, claimed.record, answer, received, server)
        except (NazhError, LookupError) as error:
            await self._changes.change(request_id, member.user_id,
                                       lambda request: release(request, member.user_id),
                                       "released", type(error).__name__)
            raise
        outcome = outcome_of(rolled.record)
        kept = await self._changes.change(
            request_id, member.user_id, lambda request: settle(request, member.user_id,
                                                               outcome),
            "rolled", rolled.record.roll_id, once=f"rolled:{rolled.record.roll_id}")
        return RequestRolled(kept.record, rolled)

    async def _rolled(self, member: Member, record: RequestRecord, answer: Answer,
                      received: float | None, server: ServerSettings | None) -> Rolled:
        request = record.request
        flat = answer.modifier is not None
        asked = RollRequest(
            "", Roller(member.user_id, record.channel_id, member.guild_id),
            add_plot=request.stakes, dc=request.dc, label=request.label or None,
            visibility=_VISIBILITY[request.sight], source=RollSource.BUTTON, received=received,
            server=server,
        ).with_term(REQUEST, ForRequest(record.request_id, request.skill, request.dc,
                                        request.stakes, flat))
        mode = DieMode.ADVANTAGE if answer.advantage or request.advantage else DieMode.NORMAL
        if answer.modifier is not None:
            return await self._checks.flat_test(member, asked, answer.modifier, mode)
        return await self._checks.check(member, request.skill, asked,
                                        character=answer.character, mode=mode)

    async def close(self, member: Member, request_id: str) -> RequestRecord:
        """No more rolls (a GM)."""
        await self.passes(Door.CLOSE, member, (await self.reached(member, request_id)).request)
        return (await self._changes.change(request_id, member.user_id, close,
                                           "closed")).record

    async def reveal(self, member: Member, request_id: str, *,
                     received: float | None = None) -> tuple[RequestRecord, list[Rolled]]:
        """Every secret roll of the request revealed at once (a GM); it takes no more rolls."""
        await self.passes(Door.REVEAL, member, (await self.reached(member, request_id)).request)
        kept = await self._changes.change(request_id, member.user_id, reveal_request,
                                          "revealed")
        # a roll revealed already (by its roller, a gm roll) is left as it is
        revealed = []
        for outcome in kept.record.request.settled:
            try:
                revealed.append(await self._reveals.reveal(outcome.roll_id, member,
                                                           received=received))
            except RollStateError:
                continue
        return kept.record, revealed

    async def gm_view(self, member: Member, request_id: str) -> RequestRecord:
        """The request, for a GM's own view of its results."""
        record = await self.reached(member, request_id)
        await self.passes(Door.GM_VIEW, member, record.request)
        return record

    async def gm_panel(self, member: Member, request_id: str) -> RequestRecord:
        """The request, for its card's GM panel (a GM)."""
        record = await self.reached(member, request_id)
        await self.passes(Door.GM_PANEL, member, record.request)
        return record

    async def characters(self, member: Member) -> list[str]:
        """The names of the characters the member may roll here (for a choice)."""
        return await self._checks.rollable(member)


def outcome_of(roll: RollRecord) -> Outcome:
    """What a request's roll came to: its total, verdict, Opportunities and Complications."""
    test = roll.result.pools[0]
    plot = roll.result.plot
    landed = None if plot is None else plot.outcome
    character = roll.term(CHARACTER)
    return Outcome(roll.roll_id, "" if character is None else character.name, test.total,
                   test.success,
                   test.opportunities + int(landed is PlotOutcome.OPPORTUNITY),
                   test.complications + int(landed is PlotOutcome.COMPLICATION),
                   None if roll.secret is None else roll.secret.shown)


def _asked(request: Request) -> str:
    parts = [request.skill]
    if request.dc is not None:
        parts.append(f"DC {request.dc}")
    if request.stakes:
        parts.append("stakes raised")
    parts.append(request.sight.value)
    return ", ".join(parts)

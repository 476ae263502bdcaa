"""Hand-written fakes of the sessions' ports (with the database's decisions: one open session
per channel, an end kept once) and the builders of a whole session's play: rolls (a physical
one, a secret one revealed and one not, a private one), a fight won, a request, an endeavor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from nazh.application.encounters.model import EncounterRecord, entry_of
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.log.chain import GENESIS_HASH, ChainedEntry, chain_hash
from nazh.application.requests.model import RequestRecord
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.logged_store import entry_of as roll_entry_of
from nazh.application.rolls.logged_store import readable_record
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import NO_TERMS, Terms
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.application.rolls.terms.request import REQUEST, ForRequest
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.sessions.model import Fight, Played, SessionRecord, SessionRoll
from nazh.application.settings.server import Visibility
from nazh.domain.attack import Attack
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.encounter import open_encounter
from nazh.domain.encounter.roster import add_combatant
from nazh.domain.encounter.summary import record_damage
from nazh.domain.endeavor import Tally, count, start_endeavor
from nazh.domain.injury import InjuryTerms
from nazh.domain.request import Outcome, claim, new_request, settle
from nazh.domain.session import Ending, Session
from nazh.domain.spending import Spent, Use
from tests.fakes import FakeRng

T0 = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
GUILD, CHANNEL, OTHER_CHANNEL = 333, 222, 555
GM, KALADIN, SHALLAN = 100, 111, 112
KAL = RollCharacter("kaladin001", "Kaladin", "Athletics", (("Strength", 3),))
SHAL = RollCharacter("shallan001", "Shallan", "Deception", (("Presence", 2),))
FIGHT_ID, REQUEST_ID, ENDEAVOR_ID = "fight00001", "request001", "endeavor01"


def minutes(n: float) -> datetime:
    """``n`` minutes into the session."""
    return T0 + timedelta(minutes=n)


def roll(roll_id: str, user: int, notation: str, faces: tuple[int, ...], at: datetime, *,
         dc: int | None = None, terms: Terms = NO_TERMS, label: str | None = None,
         private: bool = False) -> RollRecord:
    """A kept roll of the channel showing ``faces`` (drawn in the evaluator's order)."""
    result = RollDice(FakeRng())(notation, dc=dc, faces=faces, least_dc=0)
    return RollRecord(roll_id, Roller(user, CHANNEL, GUILD), notation, result, at, label,
                      private, terms=terms)


def secret(*, revealed: bool) -> Secret:
    """A ``gm`` roll's commitment, revealed by the GM or not."""
    return Secret(Visibility.GM, "00" * 16, "ab" * 32, GM if revealed else None)


def chained(records: Sequence[RollRecord]) -> list[ChainedEntry]:
    """The rolls' latest records as the channel's chain holds them, numbered from 1."""
    out, prev = [], GENESIS_HASH
    for seq, record in enumerate(records, start=1):
        entry = roll_entry_of(record)
        digest = chain_hash(prev, entry)
        out.append(ChainedEntry(entry, seq, prev, digest))
        prev = digest
    return out


def the_rolls() -> list[RollRecord]:
    """A session's rolls: Kaladin's public check (a natural 20), an attack that crits in the
    fight, a physical roll, a request's roll, an injury; Shallan's revealed secret, an
    unrevealed one, a private one and a failed check."""
    attack = Attack(12, 3)
    in_fight = InEncounter(FIGHT_ID, "Ambush", 1, "fast-players", "Kaladin")
    return [
        roll("roll000001", KALADIN, "1d20+3", (20,), minutes(5), dc=15,
             terms=Terms({CHARACTER.key: KAL})),
        roll("roll000002", SHALLAN, "1d20+2", (9,), minutes(6), dc=15,
             terms=Terms({CHARACTER.key: SHAL, SECRET.key: secret(revealed=True)})),
        roll("roll000003", SHALLAN, "1d20+2", (18,), minutes(7), dc=15,
             terms=Terms({SECRET.key: secret(revealed=False)})),
        roll("roll000004", SHALLAN, "1d20", (2,), minutes(8), private=True),
        roll("roll000005", KALADIN, "1d20+3, 1d6", (20, 4), minutes(20), dc=12,
             label="Spear", terms=Terms({ATTACK.key: attack, ENCOUNTER.key: in_fight,
                                        SPENT.key: (Spent(Use.CRITICAL, KALADIN),)})),
        roll("roll000006", SHALLAN, "1d20+2", (3,), minutes(40), dc=14,
             terms=Terms({CHARACTER.key: SHAL})),
        roll("roll000007", KALADIN, "1d20+3, p", (11, 5), minutes(50), dc=10,
             terms=Terms({CHARACTER.key: KAL, PHYSICAL.key: TableFaces((11, 5)),
                          REQUEST.key: ForRequest(REQUEST_ID, "Athletics", 10)})),
        roll("roll000008", KALADIN, "1d20+1", (7,), minutes(55),
             terms=Terms({INJURY.key: InjuryTerms(1, 0, 0)}), label="Injury"),
    ]


def the_fight() -> Fight:
    """The Ambush: Kaladin deals the Bandit 6 (it falls, defeated), and takes 4."""
    encounter = open_encounter("Ambush")
    entries = []
    for combatant in (Combatant("Kaladin", Side.PLAYER, Role.RIVAL, KALADIN, 15, 15),
                      Combatant("Bandit", Side.ENEMY, Role.MINION, GM, 6, 6)):
        encounter = add_combatant(encounter, combatant).encounter
    taken = record_damage(encounter, "Kaladin", 4, dealer="Bandit")
    dealt = record_damage(taken.encounter, "Bandit", 6, dealer="Kaladin")
    entries += [entry_of(FIGHT_ID, GM, minutes(21), event)
                for event in (*taken.events, *dealt.events)]
    record = EncounterRecord(FIGHT_ID, GUILD, CHANNEL, GM, dealt.encounter, minutes(15),
                             minutes(30), ended_at=minutes(30))
    return Fight(record, tuple(entries))


def the_request() -> RequestRecord:
    """Athletics, DC 10: Kaladin rolled 14 (a success, an Opportunity)."""
    asked = claim(new_request("Athletics", dc=10), KALADIN, frozenset(), minutes(45))
    rolled = settle(asked, KALADIN, Outcome("roll000007", "Kaladin", 14, True, 1))
    return RequestRecord(REQUEST_ID, GUILD, CHANNEL, GM, rolled, minutes(45), minutes(50))


def the_endeavor() -> EndeavorRecord:
    """Cross the chasm: 2 successes of 2 (succeeded)."""
    endeavor = start_endeavor("Cross the chasm", 2, 3)
    for _ in range(2):
        endeavor = count(endeavor, Tally(True, 1, GM, note="by hand"))
    return EndeavorRecord(ENDEAVOR_ID, GUILD, CHANNEL, GM, endeavor, minutes(52),
                          minutes(53))


def the_session(*, ended: bool = True) -> SessionRecord:
    """The Shattered Plains, 19:00 to 20:00 (or open)."""
    session = Session("The Shattered Plains", T0, minutes(60) if ended else None,
                      Ending.ENDED if ended else None)
    return SessionRecord("session001", GUILD, CHANNEL, GM, session, GM if ended else None)


def played(rolls: Sequence[RollRecord] | None = None) -> Played:
    """The whole session as the channel saw it (the private and the unrevealed secret roll
    left out, as the use case leaves them)."""
    shown = [kept for kept in chained(the_rolls() if rolls is None else rolls)
             if not kept.entry.private and kept.entry.roll_id != "roll000003"]
    return Played(the_session(), tuple(SessionRoll(_record(kept), kept.seq, kept.hash)
                                       for kept in shown),
                  (the_fight(),), (the_request(),), (the_endeavor(),), minutes(90))


def _record(kept: ChainedEntry) -> RollRecord:
    found = readable_record(kept.entry)
    assert found is not None
    return found


class FakeSessionStore:
    """Sessions in memory: one open per channel, an end kept once."""

    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}

    async def open_in(self, channel_id: int) -> SessionRecord | None:
        """The channel's open session."""
        return next((r for r in self.records.values()
                     if r.channel_id == channel_id and r.session.open), None)

    async def get(self, session_id: str) -> SessionRecord | None:
        """A session by id."""
        return self.records.get(session_id)

    async def in_channel(self, channel_id: int, limit: int) -> list[SessionRecord]:
        """The channel's latest, newest first."""
        found = [r for r in self.records.values() if r.channel_id == channel_id]
        return sorted(found, key=lambda r: r.session.started_at, reverse=True)[:limit]

    async def create(self, record: SessionRecord) -> bool:
        """Kept unless one is open in the channel."""
        if await self.open_in(record.channel_id) is not None:
            return False
        self.records[record.session_id] = record
        return True

    async def end(self, record: SessionRecord) -> bool:
        """Kept once."""
        kept = self.records.get(record.session_id)
        if kept is None or not kept.session.open:
            return False
        self.records[record.session_id] = record
        return True

    async def open_channels(self) -> frozenset[int]:
        """Where sessions are open."""
        return frozenset(r.channel_id for r in self.records.values() if r.session.open)


@dataclass
class FakeQuiet:
    """Each server's quiet spell in memory."""

    kept: dict[int, timedelta] = field(default_factory=dict)

    async def quiet(self, guild_id: int) -> timedelta | None:
        """The server's setting."""
        return self.kept.get(guild_id)

    async def set_quiet(self, guild_id: int, quiet: timedelta, user_id: int,
                        at: datetime) -> None:
        """Keep it."""
        self.kept[guild_id] = quiet


@dataclass
class FakeActivity:
    """The times acts happened, per channel."""

    times: dict[int, list[datetime]] = field(default_factory=dict)
    reads: int = 0

    def acted(self, channel_id: int, *at: datetime) -> FakeActivity:
        """Acts in the channel at those times."""
        self.times.setdefault(channel_id, []).extend(at)
        return self

    async def activity(self, record: SessionRecord, since: datetime,
                       limit: int) -> list[datetime]:
        """The times after ``since``, oldest first."""
        self.reads += 1
        return sorted(t for t in self.times.get(record.channel_id, []) if t > since)[:limit]


@dataclass
class FakeSessionLog:
    """The channel's chain of rolls."""

    records: list[RollRecord] = field(default_factory=list)

    async def head(self, channel_id: int) -> int:
        """The channel's last record."""
        return sum(1 for record in self.records if record.roller.channel_id == channel_id)

    async def rolls(self, record: SessionRecord, limit: int) -> list[ChainedEntry]:
        """The rolls in the span."""
        session = record.session
        return [kept for kept in chained(self.records)
                if kept.entry.channel_id == record.channel_id
                and session.holds(kept.entry.at)][:limit]


@dataclass
class FakeSessionPlay:
    """The channel's fights, requests and endeavors."""

    fight_list: list[Fight] = field(default_factory=list)
    request_list: list[RequestRecord] = field(default_factory=list)
    endeavor_list: list[EndeavorRecord] = field(default_factory=list)

    async def fights(self, record: SessionRecord) -> list[Fight]:
        """Those in the span."""
        return [f for f in self.fight_list if record.session.holds(f.record.created_at)]

    async def requests(self, record: SessionRecord) -> list[RequestRecord]:
        """Those in the span."""
        return [r for r in self.request_list if record.session.holds(r.created_at)]

    async def endeavors(self, record: SessionRecord) -> list[EndeavorRecord]:
        """Those in the span."""
        return [e for e in self.endeavor_list if record.session.holds(e.created_at)]


def ended_copy(record: SessionRecord, at: datetime) -> SessionRecord:
    """``record`` ended by the GM at ``at``."""
    return replace(record, session=replace(record.session, ended_at=at), ended_by=GM)

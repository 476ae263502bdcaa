"""What the Discord features are built from: one typed set the container fills (mypy checks it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.adapters.discord.runtime.wrapper import InteractionWrapper
from nazh.application.carried.use_cases import CarriedAllies
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Characters
from nazh.application.encounters.roll_acts import EncounterRollActs
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.endeavors.use_cases import Endeavors
from nazh.application.history.queries import RollLogQueries
from nazh.application.history.suggestions import Suggestions
from nazh.application.odds.use_cases import ShowOdds
from nazh.application.requests.use_cases import Requests
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.builder import Builders
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.saved.shelves import SavedRolls
from nazh.application.sessions.use_cases import Sessions
from nazh.application.settings.server import GuildSettings
from nazh.application.stats.dice_stats import DiceStats, DieFairness

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AboutInfo:
    """What ``/about`` tells: version, dice source, checkpoints' key (None: unsigned), policy."""

    version: str
    commit: str
    seeded: bool
    public_key: str | None
    checkpoint_every: int
    checkpoint_minutes: float
    url_mirror: bool


class SharedParts:
    """What classes of one feature share, one per bot (the encounters' live card), made on ask."""

    def __init__(self) -> None:
        self._made: dict[type, object] = {}

    def one(self, kind: type[T], make: Callable[[], T]) -> T:
        """The bot's one ``kind``, made by ``make`` the first time it is asked for."""
        made = self._made.get(kind)
        if not isinstance(made, kind):
            made = make()
            self._made[kind] = made
        return made

    def made(self, kind: type[T]) -> T | None:
        """The bot's one ``kind`` if it was made (none yet: ``None``)."""
        made = self._made.get(kind)
        return made if isinstance(made, kind) else None


@dataclass(frozen=True, slots=True)
class Dependencies:
    """Everything a Discord feature may be built from (each feature's ``build`` takes its part)."""

    wrapper: InteractionWrapper
    answers: RollAnswers
    table: RollActions  # rolls made, found and shown by the visibility rule
    rolls: RollUseCases
    suggestions: Suggestions
    settings: GuildSettings
    builders: Builders
    show_odds: ShowOdds
    queries: RollLogQueries
    saved: SavedRolls
    attachments: AttachmentReader
    stats: DiceStats
    chart: Callable[[DieFairness, str, str], bytes]
    characters: Characters
    character_rolls: CharacterRolls
    info: AboutInfo
    encounters: EncounterUseCases
    encounter_roll_acts: EncounterRollActs  # what a result offers in its encounter
    rest: RestRef  # once a transport has attached
    requests: Requests
    endeavors: Endeavors
    sessions: Sessions
    carried: CarriedAllies  # an Opportunity's ally chosen
    shared: SharedParts = field(default_factory=SharedParts)

"""What the Discord features are built from: one typed set of dependencies the container
fills, from which each feature's ``build`` takes what it needs (so mypy checks the wiring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.adapters.discord.runtime.wrapper import InteractionWrapper
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
    """What ``/about`` tells: the version, the dice source, and the checkpoints' key and
    policy (``public_key`` ``None``: the operator signs no checkpoints)."""

    version: str
    commit: str
    seeded: bool
    public_key: str | None
    checkpoint_every: int
    checkpoint_minutes: float
    url_mirror: bool


class SharedParts:
    """What several classes of one feature share, one of each kind per bot (e.g. the live card
    that both the commands and the clicks of the encounters edit): made by the first class
    built that asks for it."""

    def __init__(self) -> None:
        self._made: dict[type, object] = {}

    def one(self, kind: type[T], make: Callable[[], T]) -> T:
        """The bot's one ``kind``, made by ``make`` the first time it is asked for."""
        made = self._made.get(kind)
        if not isinstance(made, kind):
            made = make()
            self._made[kind] = made
        return made


@dataclass(frozen=True, slots=True)
class Dependencies:
    """Everything a Discord feature may be built from.

    Attributes:
        wrapper: Answers every interaction (deferral, errors, metrics).
        answers: Answers a command that rolls (settings, use case, result, GM channel).
        table: Rolls made, found and shown by the visibility rule.
        rolls: Every use case on a roll (made, amended, revealed, its steps).
        suggestions: Autocomplete of a roll's pools.
        settings: The servers' settings.
        builders: The roll builder's use cases.
        show_odds: The odds of a roll.
        queries: The roll log's queries (/history, /verify).
        saved: The saved rolls.
        attachments: Reads an uploaded file (imports).
        stats: The dice statistics.
        chart: Draws a die's fairness chart (PNG bytes).
        characters: The characters' use cases.
        character_rolls: Rolls made with a character (checks, attacks, injuries, rests).
        info: What /about tells.
        encounters: The encounters' use cases.
        encounter_roll_acts: What a roll's result offers in its encounter (Injury, Undo
            action).
        rest: The bot's REST client, once a transport has attached.
        requests: The requests' use cases (``/request``).
        endeavors: The endeavors' use cases (``/endeavor``).
        sessions: The sessions' use cases (``/session``).
        shared: What several classes of one feature share (one per bot).
    """

    wrapper: InteractionWrapper
    answers: RollAnswers
    table: RollActions
    rolls: RollUseCases
    suggestions: Suggestions
    settings: GuildSettings
    builders: Builders
    show_odds: ShowOdds
    queries: RollLogQueries
    saved: SavedRolls
    attachments: AttachmentReader
    stats: DiceStats
    chart: Callable[[DieFairness, str], bytes]
    characters: Characters
    character_rolls: CharacterRolls
    info: AboutInfo
    encounters: EncounterUseCases
    encounter_roll_acts: EncounterRollActs
    rest: RestRef
    requests: Requests
    endeavors: Endeavors
    sessions: Sessions
    shared: SharedParts = field(default_factory=SharedParts)

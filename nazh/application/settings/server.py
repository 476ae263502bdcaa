"""A server's own settings for Nazh (``/settings``), changed by Manage Server holders, audited."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from nazh.application.settings.language import Language
from nazh.application.shared.clock import Clock
from nazh.application.shared.places import Place
from nazh.domain.errors import LimitError, NazhError

log = logging.getLogger(__name__)

MAX_HISTORY_DAYS = 3650
"""The longest ``history-days`` a server may set when the operator keeps the log forever."""
# Every roll reads them; a change made here applies at once, another replica's within this. On
# SQLite one process makes every change: kept until the least recently used go (else after a quiet
# spell, at 1,000 /roll a second, 40 servers' first rolls queued their reads: answered 30-110 ms
# late).
CACHE_SECONDS = 10.0
"""How long a server's settings are kept in memory where replicas share the database."""
# Rolls in a busy server never wait for the database, where a read queues behind the log's
# 500-record append (at 1,000 /roll a second: 50-150 ms). Older than CACHE_SECONDS (a quiet
# server's): read before the roll, once for every roll waiting.
REFRESH_AFTER = 0.5
"""The part of :data:`CACHE_SECONDS` after which one read refreshes them behind the next roll."""
CACHE_SERVERS = 10_000
"""Servers whose settings are kept in memory at most (the least recently used go first)."""
MAX_CHANNEL_LANGUAGES = 100
"""Channels of a server that may speak another language than the server's."""


class Visibility(Enum):
    """Who sees a roll's result."""

    PUBLIC = "public"
    PRIVATE = "private"
    GM = "gm"
    BLIND = "blind"


class AnswerFormat(Enum):
    """How a roll's result is posted: the full card, or one line (for busy channels)."""

    FULL = "full"
    COMPACT = "compact"


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """A server's settings; every field has the default that applies while it is unset."""

    gm_role_id: int | None = None
    gm_channel_id: int | None = None
    default_visibility: Visibility = Visibility.PUBLIC
    allow_reroll: bool = False
    history_days: int | None = None
    anchor_channel_id: int | None = None
    players_raise_stakes: bool = False
    """A house rule: a roller may add the plot die to their posted roll (else only a GM)."""
    language: Language | None = None  # None: the server's locale, else English
    channel_languages: tuple[tuple[int, Language], ...] = ()  # (channel id, language), sorted
    answer_format: AnswerFormat = AnswerFormat.FULL

    def language_in(self, channel_id: int | None) -> Language | None:
        """The channel's override, else the server's setting (``None``: neither is set)."""
        overrides = dict(self.channel_languages)
        return overrides.get(channel_id) if channel_id in overrides else self.language


DEFAULTS = ServerSettings()
SETTING_NAMES = {
    "gm_role_id": "gm-role", "gm_channel_id": "gm-channel",
    "default_visibility": "default-visibility", "allow_reroll": "allow-reroll",
    "history_days": "history-days", "anchor_channel_id": "anchor-channel",
    "players_raise_stakes": "players-raise-stakes",
    "language": "language", "channel_languages": "channel-languages",
    "answer_format": "answer-format",
}


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One change, as the audit trail keeps it (values as shown, ``unset`` for none)."""

    guild_id: int
    user_id: int
    at: datetime
    setting: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Member:
    """Who asks, as far as settings care: where, and whether they manage the server."""

    user_id: int
    guild_id: int | None
    manages_guild: bool = False
    role_ids: frozenset[int] = frozenset()
    channel_id: int | None = None

    @property
    def place(self) -> Place:
        return Place(self.guild_id, self.channel_id)


class NotInServerError(NazhError):
    """Server settings were asked for outside a server."""


class NeedsManageServerError(NazhError):
    """Someone without Manage Server tried to change the settings."""


class EveryoneIsGmError(NazhError):
    """``gm-role`` was set to @everyone: every member would see every secret roll."""


def shown(value: object) -> str:
    """A setting's value as the command and the audit trail show it."""
    if value is None:
        return "unset"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ", ".join(f"<#{channel}> {shown(language)}" for channel, language in value) \
            or "unset"
    return str(value)


def is_gm(settings: ServerSettings, member: Member) -> bool:
    """Whether a GM: the GM role's holder, or while none is set a Manage Server holder."""
    if member.guild_id is None:
        return False
    if settings.gm_role_id is None:
        return member.manages_guild
    return settings.gm_role_id in member.role_ids


class GuildSettings:
    """Read and change a server's settings, kept in memory (see :data:`CACHE_SECONDS`)."""

    def __init__(self, store: GuildSettingsStore, clock: Clock,
                 operator_history_days: int | None = None, *,
                 cache_seconds: float | None = CACHE_SECONDS,
                 cache_size: int = CACHE_SERVERS) -> None:
        # operator_history_days: NAZH_HISTORY_DAYS (None: kept forever), the most a server may set;
        # cache_seconds None: this process alone changes them (SQLite)
        self._store = store
        self._clock = clock
        self._max_days = operator_history_days or MAX_HISTORY_DAYS
        self._fresh_for = None if cache_seconds is None else timedelta(seconds=cache_seconds)
        self._refresh_after = None if self._fresh_for is None else \
            self._fresh_for * REFRESH_AFTER
        self._cache_size = cache_size
        self._cache: OrderedDict[int, tuple[datetime, ServerSettings]] = OrderedDict()
        self._reading: dict[int, asyncio.Task[ServerSettings]] = {}

    @property
    def max_history_days(self) -> int:
        return self._max_days

    async def of(self, guild_id: int | None) -> ServerSettings:
        """The server's settings (the defaults outside a server or while unset), cached."""
        if guild_id is None:
            return DEFAULTS
        now = self._clock.now()
        cached = self._cache.get(guild_id)
        if cached is not None and self._usable(guild_id, now, cached):
            self._cache.move_to_end(guild_id)
            return cached[1]
        reading = self._reading.get(guild_id) or self._read(guild_id, now, cached)
        return await asyncio.shield(reading)  # a roll given up does not stop the others' read

    def _usable(self, guild_id: int, now: datetime,
                cached: tuple[datetime, ServerSettings]) -> bool:
        """Whether the cached settings answer now; past :data:`REFRESH_AFTER`, a refresh begins."""
        if self._fresh_for is None or self._refresh_after is None:
            return True  # changed only here
        age = now - cached[0]
        if not timedelta(0) <= age < self._fresh_for:
            return False
        if age >= self._refresh_after and guild_id not in self._reading:
            self._read(guild_id, now, cached).add_done_callback(_failed_refresh)
        return True

    def _read(self, guild_id: int, now: datetime,
              cached: tuple[datetime, ServerSettings] | None) -> asyncio.Task[ServerSettings]:
        """One read of the server's settings, shared by every roll waiting, then remembered."""

        async def read() -> ServerSettings:
            settings = await self._store.get(guild_id) or DEFAULTS
            # unless a change made here replaced the cached settings meanwhile: those are the answer
            current = self._cache.get(guild_id)
            if current is cached:
                self._remember(guild_id, now, settings)
            elif current is not None:
                return current[1]
            return settings

        def done(task: asyncio.Task[ServerSettings]) -> None:
            if self._reading.get(guild_id) is task:
                del self._reading[guild_id]

        task = asyncio.get_running_loop().create_task(read(), name=f"server {guild_id}")
        self._reading[guild_id] = task
        task.add_done_callback(done)
        return task

    def _remember(self, guild_id: int, at: datetime, settings: ServerSettings) -> None:
        self._cache[guild_id] = (at, settings)
        self._cache.move_to_end(guild_id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def change(self, member: Member, **values: object) -> ServerSettings:
        """Set the fields (``None`` unsets one) for the member's server, each change audited."""
        guild_id = self._in_server(member)
        if not member.manages_guild:
            raise NeedsManageServerError(
                "changing Nazh's settings needs the Manage Server permission",
                hint="ask a server admin")
        unknown = set(values) - set(SETTING_NAMES)
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}")
        if values.get("gm_role_id") == guild_id:  # @everyone's role id is the server's id
            raise EveryoneIsGmError(
                "gm-role can't be @everyone: every member would be a GM, see every gm and "
                "blind roll and impose disadvantage",
                hint="pick a role only your GMs hold, or leave gm-role unset (Manage Server "
                     "holders are the GMs)")
        days = values.get("history_days")
        if isinstance(days, int) and not 1 <= days <= self._max_days:
            raise LimitError("history-days must be from 1 to {most} (got {got})",
                             hint="this bot's operator keeps the log at most {most} days",
                             fields={"most": self._max_days, "got": days})
        current = await self._store.get(guild_id) or DEFAULTS  # not the cache: the truth
        updated = replace(current, **values)  # type: ignore[arg-type]
        at = self._clock.now()
        changes = [
            SettingChange(guild_id, member.user_id, at, SETTING_NAMES[field.name],
                          shown(getattr(current, field.name)), shown(getattr(updated, field.name)))
            for field in fields(ServerSettings)
            if getattr(current, field.name) != getattr(updated, field.name)]
        if changes:
            await self._store.put(guild_id, updated, changes)
        self._remember(guild_id, at, updated)
        return updated

    async def set_channel_language(self, member: Member, channel_id: int,
                                   language: Language | None) -> ServerSettings:
        """Set a channel's language (``None``: it follows the server's), audited like the rest."""
        current = await self._store.get(self._in_server(member)) or DEFAULTS
        overrides = dict(current.channel_languages)
        if language is None:
            overrides.pop(channel_id, None)
        else:
            overrides[channel_id] = language
        if len(overrides) > MAX_CHANNEL_LANGUAGES:
            raise LimitError("at most {most} channels may have their own language",
                             hint="set the server's language instead, or put a channel back "
                                  "to the server's (language: auto)",
                             fields={"most": MAX_CHANNEL_LANGUAGES})
        return await self.change(member, channel_languages=tuple(sorted(overrides.items())))

    async def changes(self, member: Member, limit: int = 5) -> list[SettingChange]:
        """The server's latest changes, newest first (NotInServerError: outside a server)."""
        return await self._store.changes(self._in_server(member), limit)

    @staticmethod
    def _in_server(member: Member) -> int:
        if member.guild_id is None:
            raise NotInServerError(
                "settings belong to a server: here (a direct message, or a server where Nazh "
                "is only installed by its users) the defaults apply",
                hint="use /settings in a server where Nazh is installed")
        return member.guild_id


def _failed_refresh(task: asyncio.Task[ServerSettings]) -> None:
    if task.cancelled() or (error := task.exception()) is None:
        return
    log.warning("server settings: refreshing those of %s failed (%s); the ones in memory "
                "stay in use until they expire", task.get_name(), type(error).__name__)


class GuildSettingsStore(Protocol):
    """Where servers' settings and their audit trail are kept."""

    async def get(self, guild_id: int) -> ServerSettings | None:
        """The server's settings, ``None`` when it never set any."""
        ...

    async def put(self, guild_id: int, settings: ServerSettings,
                  changes: Sequence[SettingChange]) -> None:
        """Store the settings and append ``changes`` to the audit trail, in one transaction."""
        ...

    async def changes(self, guild_id: int, limit: int) -> list[SettingChange]:
        """The server's latest changes, newest first."""
        ...

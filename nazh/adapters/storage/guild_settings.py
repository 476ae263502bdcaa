"""Servers' settings in SQL: :class:`SqlGuildSettingsStore`, the ``GuildSettingsStore``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import Upsert, upsert
from nazh.adapters.storage.tables import guild_settings, guild_settings_audit
from nazh.application.settings.language import Language
from nazh.application.settings.server import (
    AnswerFormat,
    ServerSettings,
    SettingChange,
    Visibility,
)
from nazh.application.shared.clock import Clock


class SqlGuildSettingsStore:
    """One row per server in ``guild_settings``; each change a row of ``guild_settings_audit``."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"

    async def get(self, guild_id: int) -> ServerSettings | None:
        """The server's settings, ``None`` when it never set any."""
        async with self._engine.connect() as connection:
            row = (await connection.execute(
                select(guild_settings).where(guild_settings.c.guild_id == guild_id))).first()
        if row is None:
            return None
        return ServerSettings(
            gm_role_id=row.gm_role_id, gm_channel_id=row.gm_channel_id,
            default_visibility=Visibility(row.default_visibility),
            allow_reroll=bool(row.allow_reroll), history_days=row.history_days,
            anchor_channel_id=row.anchor_channel_id,
            players_raise_stakes=bool(row.players_raise_stakes),
            language=None if row.language is None else Language(row.language),
            channel_languages=channel_languages_of(row.channel_languages),
            answer_format=AnswerFormat(row.answer_format))

    async def put(self, guild_id: int, settings: ServerSettings,
                  changes: Sequence[SettingChange]) -> None:
        """Store the settings and append the changes, in one transaction."""
        values = {"gm_role_id": settings.gm_role_id, "gm_channel_id": settings.gm_channel_id,
                  "default_visibility": settings.default_visibility.value,
                  "allow_reroll": settings.allow_reroll, "history_days": settings.history_days,
                  "anchor_channel_id": settings.anchor_channel_id,
                  "players_raise_stakes": settings.players_raise_stakes,
                  "language": None if settings.language is None else settings.language.value,
                  "channel_languages": channel_languages_text(settings.channel_languages),
                  "answer_format": settings.answer_format.value,
                  "updated_at": self._clock.now()}
        statement = self._insert().values(guild_id=guild_id, **values)
        async with self._engine.begin() as connection:
            await connection.execute(statement.on_conflict_do_update(
                index_elements=[guild_settings.c.guild_id], set_=values))
            if changes:
                await connection.execute(guild_settings_audit.insert(), [
                    {"change_id": uuid.uuid4().hex, "guild_id": change.guild_id,
                     "at": change.at, "user_id": change.user_id, "setting": change.setting,
                     "old": change.old, "new": change.new} for change in changes])

    async def changes(self, guild_id: int, limit: int) -> list[SettingChange]:
        """The server's latest changes, newest first."""
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                select(guild_settings_audit).where(guild_settings_audit.c.guild_id == guild_id)
                .order_by(guild_settings_audit.c.at.desc(), guild_settings_audit.c.setting)
                .limit(limit))
            return [SettingChange(int(row.guild_id), int(row.user_id), row.at, str(row.setting),
                                  str(row.old), str(row.new)) for row in rows]

    def _insert(self) -> Upsert:
        return upsert(guild_settings, self._postgres)


def channel_languages_text(overrides: tuple[tuple[int, Language], ...]) -> str | None:
    """A server's channels' languages as kept: ``channel:language`` pairs, space-separated."""
    return " ".join(f"{channel}:{language.value}" for channel, language in overrides) or None


def channel_languages_of(text: str | None) -> tuple[tuple[int, Language], ...]:
    """The channels' languages from what :func:`channel_languages_text` kept."""
    pairs = (pair.split(":", 1) for pair in (text or "").split())
    return tuple(sorted((int(channel), Language(language)) for channel, language in pairs))

"""The schema (SQLAlchemy Core): :mod:`.migrations` creates it, this module describes it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.engine import Row

from nazh.application.log.chain import ChainedEntry, EntryKind, LogEntry

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}
HASH_LENGTH = 64


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """To UTC (a naive value is taken as UTC)."""
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Back as an aware UTC datetime."""
        return None if value is None else as_utc(value)


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


metadata = MetaData(naming_convention=NAMING)

def entry_columns() -> list[Column[object]]:
    """The columns of a record's content (new objects each time: a column belongs to one table)."""
    return [
        Column("kind", String(16), nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("guild_id", BigInteger, nullable=True),
        Column("user_id", BigInteger, nullable=False),
        Column("notation", Text, nullable=False),
        Column("label", Text, nullable=True),
        Column("dc", Integer, nullable=True),
        Column("private", Boolean, nullable=False),
        Column("result", JSON, nullable=False),
    ]


# The records, append-only (never updated). ``entry_id`` (``roll_id.version``) is unique: appends
# are idempotent. A purge replaces a channel's prefix with one anchor row: kind 'anchor', the last
# purged record's seq, hash, prev_hash and guild_id, roll_id 'anchor-<channel>', version 0, user_id
# 0, empty notation, result {"cutoff", "last_purged"}.
roll_log = Table(
    "roll_log", metadata,
    Column("channel_id", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("entry_id", String(80), nullable=False, unique=True),
    Column("roll_id", String(40), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    *entry_columns(),
    Column("prev_hash", String(HASH_LENGTH), nullable=False),
    Column("hash", String(HASH_LENGTH), nullable=False),
    PrimaryKeyConstraint("channel_id", "seq"),
)

# A channel's last record; appends lock it (FOR UPDATE on PostgreSQL, SQLite's database lock), so
# several processes append to one chain safely.
chain_heads = Table(
    "chain_heads", metadata,
    Column("channel_id", BigInteger, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(HASH_LENGTH), nullable=False),
)

# One row per roll for /history: first_seq orders it, latest_seq is its newest record. Upserted on
# append, trimmed by purges.
roll_heads = Table(
    "roll_heads", metadata,
    Column("roll_id", String(40), primary_key=True),
    Column("channel_id", BigInteger, nullable=False),
    Column("first_seq", BigInteger, nullable=False),
    Column("latest_seq", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("private", Boolean, nullable=False),
)
# /history: a channel's rolls newest first (optionally one roller's), answered from the
# index alone on PostgreSQL, then one primary-key probe per row shown. On PostgreSQL the
# migration (0001) makes these covering: INCLUDE (latest_seq, user_id, private) and INCLUDE
# (latest_seq, private). That is not repeated here: naming a PostgreSQL option in a table
# definition loads SQLAlchemy's PostgreSQL dialect (2 MiB) into every process, SQLite ones too.
Index("ix_roll_heads_channel_first", roll_heads.c.channel_id, roll_heads.c.first_seq)
Index("ix_roll_heads_channel_user_first", roll_heads.c.channel_id, roll_heads.c.user_id,
      roll_heads.c.first_seq)

saved_rolls = Table(
    "saved_rolls", metadata,
    Column("user_id", BigInteger, nullable=False),
    Column("name", String(32), nullable=False),
    Column("notation", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "name"),
)

guild_settings = Table(
    "guild_settings", metadata,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("gm_role_id", BigInteger, nullable=True),
    Column("gm_channel_id", BigInteger, nullable=True),
    Column("default_visibility", String(16), nullable=False),
    Column("allow_reroll", Boolean, nullable=False),
    Column("history_days", Integer, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("anchor_channel_id", BigInteger, nullable=True),
    Column("players_raise_stakes", Boolean, nullable=False, server_default=false()),
    Column("language", String(8), nullable=True),
    Column("channel_languages", Text, nullable=True),
    Column("answer_format", String(16), nullable=False, server_default="full"),
)

guild_settings_audit = Table(
    "guild_settings_audit", metadata,
    Column("change_id", String(32), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("setting", String(32), nullable=False),
    Column("old", Text, nullable=False),
    Column("new", Text, nullable=False),
)
Index("ix_guild_settings_audit_guild_at", guild_settings_audit.c.guild_id,
      guild_settings_audit.c.at)

shared_rolls = Table(
    "shared_rolls", metadata,
    Column("scope", String(8), nullable=False),
    Column("owner_id", BigInteger, nullable=False),
    Column("name", String(32), nullable=False),
    Column("notation", Text, nullable=False),
    Column("guild_id", BigInteger, nullable=False),
    Column("created_by", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("scope", "owner_id", "name"),
)
Index("ix_shared_rolls_guild", shared_rolls.c.guild_id)

# -- the stats' aggregates (migration 0004; see nazh.application.stats) ------------------

# Faces drawn per hour (``die = 'rolls'``, face 0: rolls made), for periods and sessions.
stat_faces = Table(
    "stat_faces", metadata,
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("visibility", Integer, nullable=False),
    Column("hour", Integer, nullable=False),
    Column("die", String(8), nullable=False),
    Column("face", Integer, nullable=False),
    Column("n", BigInteger, nullable=False),
    PrimaryKeyConstraint("guild_id", "channel_id", "user_id", "visibility", "hour", "die",
                         "face"),
)
Index("ix_stat_faces_guild_hour", stat_faces.c.guild_id, stat_faces.c.hour)
Index("ix_stat_faces_user_hour", stat_faces.c.user_id, stat_faces.c.hour)

# The same counts for all time (what the ``all`` period reads).
stat_faces_all = Table(
    "stat_faces_all", metadata,
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("visibility", Integer, nullable=False),
    Column("die", String(8), nullable=False),
    Column("face", Integer, nullable=False),
    Column("n", BigInteger, nullable=False),
    PrimaryKeyConstraint("guild_id", "channel_id", "user_id", "visibility", "die", "face"),
)
Index("ix_stat_faces_all_user", stat_faces_all.c.user_id)

# Pools rolled per hour and the sum of their totals.
stat_pools = Table(
    "stat_pools", metadata,
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("visibility", Integer, nullable=False),
    Column("hour", Integer, nullable=False),
    Column("pool", String(64), nullable=False),
    Column("n", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
    PrimaryKeyConstraint("guild_id", "channel_id", "user_id", "visibility", "hour", "pool"),
)
Index("ix_stat_pools_guild_hour", stat_pools.c.guild_id, stat_pools.c.hour)
Index("ix_stat_pools_user_hour", stat_pools.c.user_id, stat_pools.c.hour)

# Each roll's luck: its first pool's total and percentile.
stat_rolls = Table(
    "stat_rolls", metadata,
    Column("roll_id", String(40), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("visibility", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("pool", String(64), nullable=False),
    Column("total", Integer, nullable=False),
    Column("percentile", Float, nullable=False),
)
Index("ix_stat_rolls_guild_percentile", stat_rolls.c.guild_id, stat_rolls.c.percentile)
Index("ix_stat_rolls_guild_at", stat_rolls.c.guild_id, stat_rolls.c.at)
Index("ix_stat_rolls_user_at", stat_rolls.c.user_id, stat_rolls.c.at)

# Rolls made per hour (migration 0006): where sessions begin, read newest first.
stat_hours = Table(
    "stat_hours", metadata,
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("visibility", Integer, nullable=False),
    Column("hour", Integer, nullable=False),
    Column("n", BigInteger, nullable=False),
    PrimaryKeyConstraint("guild_id", "channel_id", "user_id", "visibility", "hour"),
)
Index("ix_stat_hours_guild_hour", stat_hours.c.guild_id, stat_hours.c.hour)
Index("ix_stat_hours_channel_hour", stat_hours.c.channel_id, stat_hours.c.hour)
Index("ix_stat_hours_user_hour", stat_hours.c.user_id, stat_hours.c.hour)

# Pools rolled for all time (migration 0006; what the ``all`` period reads).
stat_pools_all = Table(
    "stat_pools_all", metadata,
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("visibility", Integer, nullable=False),
    Column("pool", String(64), nullable=False),
    Column("n", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
    PrimaryKeyConstraint("guild_id", "channel_id", "user_id", "visibility", "pool"),
)
Index("ix_stat_pools_all_user", stat_pools_all.c.user_id)

# -- each interaction once, each amendment once (migration 0007) -------------------------------

# Ids ``nazh serve`` claimed on PostgreSQL, until expires_at (a token's 15 minutes), with the first
# answer (null while handled).
handled_interactions = Table(
    "handled_interactions", metadata,
    Column("interaction_id", BigInteger, primary_key=True, autoincrement=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("status", Integer, nullable=True),
    Column("content_type", String(200), nullable=True),
    Column("body", LargeBinary, nullable=True),
)
Index("ix_handled_interactions_expires_at", handled_interactions.c.expires_at)

# One row per amendment (version > 1), inserted before it is answered: the key lets one change win
# each version across processes; holds the record so others read it before the log's group commit.
roll_claims = Table(
    "roll_claims", metadata,
    Column("roll_id", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("claimed_at", UtcDateTime, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    *entry_columns(),
    PrimaryKeyConstraint("roll_id", "version"),
)
Index("ix_roll_claims_claimed_at", roll_claims.c.claimed_at)

# -- the table's characters (migration 0008) ---------------------------------------------------

CHARACTER_ID_LENGTH = 16

# Scope: a server's id, or outside servers the negative of the owner's id (0009). A change is kept
# only on the version it read (UPDATE ... WHERE version = :read).
characters = Table(
    "characters", metadata,
    Column("character_id", String(CHARACTER_ID_LENGTH), primary_key=True),
    Column("scope", BigInteger, nullable=False),
    Column("owner_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("shared", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("sheet", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
Index("ix_characters_scope_owner", characters.c.scope, characters.c.owner_id)
Index("ux_characters_owner_name", characters.c.scope, characters.c.owner_id,
      characters.c.name_key, unique=True)

character_audit = Table(
    "character_audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("character_id", String(CHARACTER_ID_LENGTH), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("field", Text, nullable=False),
    Column("old", Text, nullable=False),
    Column("new", Text, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=True),
)
Index("ix_character_audit_character_id", character_audit.c.character_id, character_audit.c.id)

active_characters = Table(
    "active_characters", metadata,
    Column("scope", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("character_id", String(CHARACTER_ID_LENGTH), nullable=False),
    PrimaryKeyConstraint("scope", "user_id"),
)
Index("ix_active_characters_character_id", active_characters.c.character_id)

# The keys of changes made once (a graze's focus, an injury): the key refuses a second one in the
# change's transaction.
character_changes_once = Table(
    "character_changes_once", metadata,
    Column("key", Text, primary_key=True),
    Column("character_id", String(CHARACTER_ID_LENGTH), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)
Index("ix_character_changes_once_character_id", character_changes_once.c.character_id)

# -- the effects of secret rolls waiting for their reveal (migration 0010) -------------------

character_effects_held = Table(
    "character_effects_held", metadata,
    Column("once_key", Text, primary_key=True),
    Column("roll_id", String(32), nullable=False),
    Column("character_id", String(CHARACTER_ID_LENGTH), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("data", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("guild_id", BigInteger, nullable=True),
    Column("held_at", UtcDateTime, nullable=False),
)
Index("ix_character_effects_held_roll_id", character_effects_held.c.roll_id,
      character_effects_held.c.held_at)

# -- encounters (migration 0011) ---------------------------------------------------------------

ENCOUNTER_ID_LENGTH = 32

# Version as a character's; a partial unique index keeps one open encounter per channel, decided by
# the database.
encounters = Table(
    "encounters", metadata,
    Column("encounter_id", String(ENCOUNTER_ID_LENGTH), primary_key=True),
    Column("guild_id", BigInteger, nullable=False),
    Column("channel_id", BigInteger, nullable=False),
    Column("started_by", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", JSON, nullable=False),
    Column("card_message_id", BigInteger, nullable=True),
    Column("pings", JSON, nullable=False),
    Column("show_health", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
)
Index("ix_encounters_guild_id", encounters.c.guild_id)
# One open encounter per channel. The migration (0011) makes the index partial on PostgreSQL
# too (postgresql_where); that is not repeated here, for the reason given at roll_heads'
# indexes (SQLite's dialect is loaded by every process anyway: database.py uses it).
Index("ux_encounters_open_channel", encounters.c.channel_id, unique=True,
      sqlite_where=encounters.c.ended_at.is_(None))

# ``applied``: what an application of damage or healing did (null for other entries).
encounter_log = Table(
    "encounter_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("encounter_id", String(ENCOUNTER_ID_LENGTH), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("round", Integer, nullable=False),
    Column("phase", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("combatant", Text, nullable=True),
    Column("detail", Text, nullable=False),
    Column("applied", JSON, nullable=True),
)
Index("ix_encounter_log_encounter_id", encounter_log.c.encounter_id, encounter_log.c.id)

encounter_changes_once = Table(
    "encounter_changes_once", metadata,
    Column("key", Text, primary_key=True),
    Column("encounter_id", String(ENCOUNTER_ID_LENGTH), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)
Index("ix_encounter_changes_once_encounter_id", encounter_changes_once.c.encounter_id)

# -- carried dice (migration 0016) --------------------------------------------------------------

carried_dice = Table(
    "carried_dice", metadata,
    Column("once_key", Text, primary_key=True),
    Column("character_id", String(CHARACTER_ID_LENGTH), nullable=False),
    Column("name", Text, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("why", Text, nullable=False),
    Column("channel_id", BigInteger, nullable=True),
    Column("carried_at", UtcDateTime, nullable=False),
    Column("taken_by", String(32), nullable=True),  # the test that took it (None: waiting)
)
Index("ix_carried_dice_character_id", carried_dice.c.character_id, carried_dice.c.taken_by)


def chained_of(row: Row[object]) -> ChainedEntry:
    """The record a ``roll_log`` row holds."""
    values = row._mapping
    return ChainedEntry(entry_of(row), values["seq"], values["prev_hash"], values["hash"])


def entry_of(row: Row[object]) -> LogEntry:
    """The record content a ``roll_log`` or ``roll_claims`` row holds."""
    values = row._mapping
    return LogEntry(
        roll_id=values["roll_id"], version=values["version"], kind=EntryKind(values["kind"]),
        at=values["at"], channel_id=values["channel_id"], user_id=values["user_id"],
        notation=values["notation"], result=values["result"], guild_id=values["guild_id"],
        label=values["label"], dc=values["dc"], private=values["private"],
    )

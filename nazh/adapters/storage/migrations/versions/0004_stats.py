"""Migration 0004: the stats' aggregates (/stats, ``nazh audit``), filled from the existing log."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nazh.adapters.storage.stats import backfill_stats

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CELL = ("guild_id", "channel_id", "user_id", "visibility")


def _cell() -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger() if name != "visibility" else sa.Integer(),
                      nullable=False) for name in _CELL]


def upgrade() -> None:
    """Create the four tables and count every roll already in the log."""
    op.create_table(
        "stat_faces", *_cell(),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("die", sa.String(8), nullable=False),
        sa.Column("face", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_CELL, "hour", "die", "face", name="pk_stat_faces"),
    )
    op.create_index("ix_stat_faces_guild_hour", "stat_faces", ["guild_id", "hour"])
    op.create_index("ix_stat_faces_user_hour", "stat_faces", ["user_id", "hour"])
    op.create_table(
        "stat_faces_all", *_cell(),
        sa.Column("die", sa.String(8), nullable=False),
        sa.Column("face", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_CELL, "die", "face", name="pk_stat_faces_all"),
    )
    op.create_index("ix_stat_faces_all_user", "stat_faces_all", ["user_id"])
    op.create_table(
        "stat_pools", *_cell(),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("pool", sa.String(64), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_CELL, "hour", "pool", name="pk_stat_pools"),
    )
    op.create_index("ix_stat_pools_guild_hour", "stat_pools", ["guild_id", "hour"])
    op.create_index("ix_stat_pools_user_hour", "stat_pools", ["user_id", "hour"])
    op.create_table(
        "stat_rolls",
        sa.Column("roll_id", sa.String(40), nullable=False),
        *_cell(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pool", sa.String(64), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("percentile", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("roll_id", name="pk_stat_rolls"),
    )
    op.create_index("ix_stat_rolls_guild_percentile", "stat_rolls", ["guild_id", "percentile"])
    op.create_index("ix_stat_rolls_guild_at", "stat_rolls", ["guild_id", "at"])
    op.create_index("ix_stat_rolls_user_at", "stat_rolls", ["user_id", "at"])
    backfill_stats(op.get_bind())


def downgrade() -> None:
    """Drop them."""
    for table in ("stat_rolls", "stat_pools", "stat_faces_all", "stat_faces"):
        op.drop_table(table)

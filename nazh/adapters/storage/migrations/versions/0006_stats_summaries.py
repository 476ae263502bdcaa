"""Migration 0006: rolls per hour and pools for all time, keeping /stats fast at a million rolls."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CELL = ("guild_id", "channel_id", "user_id", "visibility")


def _cell() -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger() if name != "visibility" else sa.Integer(),
                      nullable=False) for name in _CELL]


def upgrade() -> None:
    """Create ``stat_hours`` and ``stat_pools_all`` from ``stat_faces`` and ``stat_pools``."""
    op.create_table(
        "stat_hours", *_cell(),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_CELL, "hour", name="pk_stat_hours"),
    )
    op.create_index("ix_stat_hours_guild_hour", "stat_hours", ["guild_id", "hour"])
    op.create_index("ix_stat_hours_channel_hour", "stat_hours", ["channel_id", "hour"])
    op.create_index("ix_stat_hours_user_hour", "stat_hours", ["user_id", "hour"])
    op.create_table(
        "stat_pools_all", *_cell(),
        sa.Column("pool", sa.String(64), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_CELL, "pool", name="pk_stat_pools_all"),
    )
    op.create_index("ix_stat_pools_all_user", "stat_pools_all", ["user_id"])
    cell = ", ".join(_CELL)
    op.execute(f"INSERT INTO stat_hours ({cell}, hour, n) SELECT {cell}, hour, n "
               "FROM stat_faces WHERE die = 'rolls' AND face = 0")
    op.execute(f"INSERT INTO stat_pools_all ({cell}, pool, n, total) "
               f"SELECT {cell}, pool, SUM(n), SUM(total) FROM stat_pools "
               f"GROUP BY {cell}, pool")


def downgrade() -> None:
    """Drop them."""
    op.drop_table("stat_pools_all")
    op.drop_table("stat_hours")

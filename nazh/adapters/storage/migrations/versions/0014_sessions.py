"""The sessions (``/session``): each session of a channel (``sessions``, at most one open per
channel: a partial unique index) and each server's quiet spell (``session_settings``).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the two tables (empty)."""
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(32), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("started_by", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ending", sa.String(16), nullable=True),
        sa.Column("ended_by", sa.BigInteger(), nullable=True),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_channel_id_started_at", "sessions",
                    ["channel_id", "started_at"])
    open_only = sa.column("ended_at").is_(None)
    op.create_index("ux_sessions_open_channel", "sessions", ["channel_id"], unique=True,
                    sqlite_where=open_only, postgresql_where=open_only)
    op.create_table(
        "session_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("quiet_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name="pk_session_settings"),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("session_settings")
    op.drop_table("sessions")

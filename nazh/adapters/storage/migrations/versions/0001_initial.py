"""Migration 0001: the roll log, its chain heads and roll heads, and saved rolls."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HASH = sa.String(64)


def upgrade() -> None:
    """Create every table and index."""
    _roll_log()
    op.create_table(
        "chain_heads",
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("channel_id", name="pk_chain_heads"),
    )
    _roll_heads()
    op.create_table(
        "saved_rolls",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("notation", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "name", name="pk_saved_rolls"),
    )


def _roll_log() -> None:
    op.create_table(
        "roll_log",
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("entry_id", sa.String(80), nullable=False),
        sa.Column("roll_id", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("notation", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("dc", sa.Integer(), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("prev_hash", HASH, nullable=False),
        sa.Column("hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "seq", name="pk_roll_log"),
        sa.UniqueConstraint("entry_id", name="uq_roll_log_entry_id"),
    )
    op.create_index("ix_roll_log_roll_id", "roll_log", ["roll_id"])


def _roll_heads() -> None:
    op.create_table(
        "roll_heads",
        sa.Column("roll_id", sa.String(40), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("latest_seq", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("roll_id", name="pk_roll_heads"),
    )
    op.create_index("ix_roll_heads_channel_first", "roll_heads", ["channel_id", "first_seq"],
                    postgresql_include=["latest_seq", "user_id", "private"])
    op.create_index("ix_roll_heads_channel_user_first", "roll_heads",
                    ["channel_id", "user_id", "first_seq"],
                    postgresql_include=["latest_seq", "private"])


def downgrade() -> None:
    """Drop everything."""
    for table in ("saved_rolls", "roll_heads", "chain_heads", "roll_log"):
        op.drop_table(table)

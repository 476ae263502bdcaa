"""Migration 0011: encounters (one open per channel), their change log and once keys."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the three tables (all empty)."""
    op.create_table(
        "encounters",
        sa.Column("encounter_id", sa.String(32), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("started_by", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.Column("pings", sa.JSON(), nullable=False),
        sa.Column("show_health", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("encounter_id", name="pk_encounters"),
    )
    op.create_index("ix_encounters_guild_id", "encounters", ["guild_id"])
    open_only = sa.column("ended_at").is_(None)
    op.create_index("ux_encounters_open_channel", "encounters", ["channel_id"], unique=True,
                    sqlite_where=open_only, postgresql_where=open_only)
    op.create_table(
        "encounter_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("encounter_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("combatant", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_encounter_log"),
    )
    op.create_index("ix_encounter_log_encounter_id", "encounter_log", ["encounter_id", "id"])
    op.create_table(
        "encounter_changes_once",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("encounter_id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_encounter_changes_once"),
    )
    op.create_index("ix_encounter_changes_once_encounter_id", "encounter_changes_once",
                    ["encounter_id"])


def downgrade() -> None:
    """Drop them."""
    op.drop_table("encounter_changes_once")
    op.drop_table("encounter_log")
    op.drop_table("encounters")

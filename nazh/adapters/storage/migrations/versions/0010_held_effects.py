"""Migration 0010: the effects of secret rolls on sheets, held until each roll is revealed."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table (empty)."""
    op.create_table(
        "character_effects_held",
        sa.Column("once_key", sa.Text(), nullable=False),
        sa.Column("roll_id", sa.String(32), nullable=False),
        sa.Column("character_id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("once_key", name="pk_character_effects_held"),
    )
    op.create_index("ix_character_effects_held_roll_id", "character_effects_held",
                    ["roll_id", "held_at"])


def downgrade() -> None:
    """Drop it."""
    op.drop_table("character_effects_held")

"""Migration 0016: dice carried to a character's next test (an ally's advantage, a Complication's
disadvantage), each carried once and taken once.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table (empty)."""
    op.create_table(
        "carried_dice",
        sa.Column("once_key", sa.Text(), nullable=False),
        sa.Column("character_id", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("carried_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("once_key", name="pk_carried_dice"),
    )
    op.create_index("ix_carried_dice_character_id", "carried_dice",
                    ["character_id", "taken_by"])


def downgrade() -> None:
    """Drop it."""
    op.drop_table("carried_dice")

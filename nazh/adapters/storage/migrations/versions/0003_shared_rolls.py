"""Migration 0003: saved rolls shared by a channel or a server."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``shared_rolls``."""
    op.create_table(
        "shared_rolls",
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("notation", sa.Text(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "owner_id", "name", name="pk_shared_rolls"),
    )
    op.create_index("ix_shared_rolls_guild", "shared_rolls", ["guild_id"])


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_shared_rolls_guild", table_name="shared_rolls")
    op.drop_table("shared_rolls")

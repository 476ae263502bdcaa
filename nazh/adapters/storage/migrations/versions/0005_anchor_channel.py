"""Migration 0005: a server's anchor channel, where Nazh posts its chains' signed checkpoints."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``guild_settings.anchor_channel_id`` (unset for every server)."""
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("anchor_channel_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("anchor_channel_id")

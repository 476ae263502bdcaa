"""Migration 0015: a server's house rule letting a roller add the plot die to a posted roll.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``guild_settings.players_raise_stakes`` (off for every server)."""
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("players_raise_stakes", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("players_raise_stakes")

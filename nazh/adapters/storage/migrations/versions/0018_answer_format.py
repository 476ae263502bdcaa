"""Migration 0018: how a server's roll results are posted (the full card, or one line).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-28 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``guild_settings.answer_format`` (``full`` for every server)."""
    with op.batch_alter_table("guild_settings") as batch:
        batch.add_column(sa.Column("answer_format", sa.String(16), nullable=False,
                                   server_default="full"))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("guild_settings") as batch:
        batch.drop_column("answer_format")

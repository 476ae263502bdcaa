"""Migration 0012: what an application of damage or healing did, beside its log entry."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column (null for every entry kept so far)."""
    with op.batch_alter_table("encounter_log") as table:
        table.add_column(sa.Column("applied", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("encounter_log") as table:
        table.drop_column("applied")

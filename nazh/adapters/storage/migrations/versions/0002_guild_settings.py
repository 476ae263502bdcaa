"""Migration 0002: servers' settings (``/settings``) and their audit trail."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``guild_settings`` and ``guild_settings_audit``."""
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("gm_role_id", sa.BigInteger(), nullable=True),
        sa.Column("gm_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("default_visibility", sa.String(16), nullable=False),
        sa.Column("allow_reroll", sa.Boolean(), nullable=False),
        sa.Column("history_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name="pk_guild_settings"),
    )
    op.create_table(
        "guild_settings_audit",
        sa.Column("change_id", sa.String(32), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("setting", sa.String(32), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name="pk_guild_settings_audit"),
    )
    op.create_index("ix_guild_settings_audit_guild_at", "guild_settings_audit",
                    ["guild_id", "at"])


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_guild_settings_audit_guild_at", table_name="guild_settings_audit")
    op.drop_table("guild_settings_audit")
    op.drop_table("guild_settings")

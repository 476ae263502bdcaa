"""Migration 0008: characters, their audit trail, each user's active one, the once keys."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the four tables (all empty)."""
    op.create_table(
        "characters",
        sa.Column("character_id", sa.String(16), nullable=False),
        sa.Column("scope", sa.BigInteger(), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sheet", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("character_id", name="pk_characters"),
    )
    op.create_index("ix_characters_scope_owner", "characters", ["scope", "owner_id"])
    op.create_index("ux_characters_owner_name", "characters", ["scope", "owner_id", "name_key"],
                    unique=True)
    op.create_table(
        "character_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("character_id", sa.String(16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_character_audit"),
    )
    op.create_index("ix_character_audit_character_id", "character_audit",
                    ["character_id", "id"])
    op.create_table(
        "active_characters",
        sa.Column("scope", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("character_id", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("scope", "user_id", name="pk_active_characters"),
    )
    op.create_index("ix_active_characters_character_id", "active_characters",
                    ["character_id"])
    op.create_table(
        "character_changes_once",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("character_id", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_character_changes_once"),
    )
    op.create_index("ix_character_changes_once_character_id", "character_changes_once",
                    ["character_id"])


def downgrade() -> None:
    """Drop them."""
    op.drop_table("character_changes_once")
    op.drop_table("active_characters")
    op.drop_table("character_audit")
    op.drop_table("characters")

"""Migration 0009: characters made outside servers move from scope 0 to their maker's own."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_characters = sa.table("characters", sa.column("scope", sa.BigInteger()),
                       sa.column("owner_id", sa.BigInteger()),
                       sa.column("shared", sa.Boolean()))
_active = sa.table("active_characters", sa.column("scope", sa.BigInteger()),
                   sa.column("user_id", sa.BigInteger()))


def upgrade() -> None:
    """Move scope 0's rows to their owner's own scope (the negative of the user id), unshared."""
    # No row can collide: a user's names were unique at scope 0, and no scope below 0 was used.
    op.execute(sa.update(_characters).where(_characters.c.scope == 0)
               .values(scope=-_characters.c.owner_id, shared=False))
    op.execute(sa.update(_active).where(_active.c.scope == 0)
               .values(scope=-_active.c.user_id))


def downgrade() -> None:
    """Move every user's own scope back to scope 0 (the sheets stay unshared)."""
    op.execute(sa.update(_characters).where(_characters.c.scope < 0).values(scope=0))
    op.execute(sa.update(_active).where(_active.c.scope < 0).values(scope=0))

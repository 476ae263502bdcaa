"""Storage: the roll log, saved rolls and characters in SQLite or PostgreSQL (SQLAlchemy Core,
async).

Modules: ``database`` (engines from a URL), ``tables`` (the schema), ``migrations`` (Alembic,
applied by :func:`~nazh.adapters.storage.migrations.upgrade_database`), ``roll_log``
(:class:`SqlRollLog`), ``saved_rolls`` (:class:`SqlSavedRollStore`) and ``characters``
(:class:`SqlCharacterStore`, its sheets in ``character_sheet``'s format).
"""

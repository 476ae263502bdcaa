"""Storage: the roll log and saved rolls in SQLite or PostgreSQL (SQLAlchemy Core, async).

Modules: ``database`` (engines from a URL), ``tables`` (the schema), ``migrations`` (Alembic,
applied by :func:`~nazh.adapters.storage.migrations.upgrade_database`), ``roll_log``
(:class:`SqlRollLog`) and ``saved_rolls`` (:class:`SqlSavedRollStore`).
"""

"""Storage: the roll log, saved rolls, characters and encounters in SQLite or PostgreSQL
(SQLAlchemy Core, async).

Modules: ``database`` (engines from a URL), ``tables`` (the schema), ``migrations`` (Alembic,
applied by :func:`~nazh.adapters.storage.migrations.upgrade_database`), ``roll_log``
(:class:`SqlRollLog`), ``saved_rolls`` (:class:`SqlSavedRollStore`), ``characters``
(:class:`SqlCharacterStore`, its sheets in ``character_sheet``'s format) and ``encounters``
(:class:`SqlEncounterStore`, its encounters in ``encounter_document``'s format).
"""

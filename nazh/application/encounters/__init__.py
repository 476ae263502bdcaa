"""The encounter feature: one encounter per channel, kept in the database and changed by
applying one of the domain's acts to its newest version (compare-and-swap, once keys for clicks),
every change recorded.

- ``model``: the kept record and its log entries; ``ports``: where they are kept.
- ``access``: who may take each act (the GMs, a combatant's owner, anyone when stale).
- ``changes``: :class:`~.changes.EncounterChanges`, the one path every change takes.
- ``lifecycle``: start, show, end, settings; ``roster``: adding and joining combatants.
- ``roll_effects``: what the channel's encounter does to a roll made with a character.
"""

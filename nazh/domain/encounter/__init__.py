"""The encounter's rules (the Cosmere RPG's rounds): pure values and functions, no I/O.

An :class:`~.encounter.Encounter` is one immutable value; every act is a function returning an
:class:`~.encounter.Outcome` (the new encounter and its events):

- ``timing``: rounds, the four phases in order, fast and slow; ``errors``: ``EncounterError``.
- ``combatant`` (a combatant and its turn state), ``conditions`` (the fourteen, stacking and
  durations), ``tally`` and ``summary`` (the counts for the summary at the end).
- ``roster`` (add, copies, remove), ``flow`` (phases, Done, Next, fast or slow), ``turns``
  (a turn's start and end, actions and reaction), ``acts`` (conditions, spends, Determined,
  defeat, keep-speed).
- ``health``: damage taken, Unconscious at 0 health.
- ``rolls``: what a roller's conditions (and an attack target's) do to a roll.
- ``events``: what each act did, at its round and phase.
"""

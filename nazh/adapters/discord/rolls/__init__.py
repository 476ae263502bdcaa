"""Rolls in Discord: ``/roll`` and the controls on its result, the result message, the
builder, ``/attack`` (with its own controls), ``/check``, ``/injury`` and ``/odds``."""

"""Rolls in Discord: ``/roll`` and its result, the builder, /attack, /check, /injury, /odds."""

"""Characters in Discord: ``/character`` (its commands, the sheet and its controls)."""

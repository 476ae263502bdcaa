"""``/session``: sessions of play, their recap card and their journal."""

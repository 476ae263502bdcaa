"""Sessions of play in a channel (``/session``): their bounds, the recap at their end and the
journal of what the channel saw."""

"""``/settings``: a server's own settings for Nazh."""

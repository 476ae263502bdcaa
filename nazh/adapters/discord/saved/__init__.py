"""``/saved``: saved rolls, their export and import."""

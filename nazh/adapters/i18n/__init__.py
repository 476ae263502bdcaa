"""Nazh's message catalogs (GNU gettext ``.po`` files, read with Babel)."""

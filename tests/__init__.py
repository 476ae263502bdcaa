"""Nazh's tests. The Discord package is imported first, as in the bot, so that lightbulb runs
as it does there (its injection off) whichever test module imports it first."""

import nazh.adapters.discord  # noqa: F401

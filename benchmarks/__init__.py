"""Nazh's benchmarks. The Discord package is imported first, as in the bot, so that the floor
bots run lightbulb as ``nazh run`` does (its injection off)."""

import nazh.adapters.discord  # noqa: F401

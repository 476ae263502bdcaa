"""Tests of nazh.adapters.discord.about."""

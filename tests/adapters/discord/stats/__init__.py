"""Tests of nazh.adapters.discord.stats."""

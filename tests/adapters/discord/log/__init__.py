"""Tests of nazh.adapters.discord.log."""

"""Tests of nazh.adapters.discord.characters."""

"""Tests of nazh.adapters.discord.settings."""

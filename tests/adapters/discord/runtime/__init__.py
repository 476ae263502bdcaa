"""Tests of nazh.adapters.discord.runtime."""

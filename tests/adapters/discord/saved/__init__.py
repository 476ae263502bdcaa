"""Tests of nazh.adapters.discord.saved."""

"""Tests of nazh.adapters.discord.rolls."""

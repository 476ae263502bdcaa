"""Exact odds of a roll."""

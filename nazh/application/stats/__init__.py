"""Dice statistics: counting every face rolled, and judging fairness."""

"""``/stats``: the dice statistics and their fairness."""

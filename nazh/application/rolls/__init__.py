"""Rolling at the table: the roll record, the dice, the roll actions, who sees what, secrets."""

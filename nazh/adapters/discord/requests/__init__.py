"""``/request``: a test the GM asks of the table, its card and the card's controls."""

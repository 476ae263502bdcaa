"""Rolling at the table: the roll record, the dice use case, the roll actions (amendments, reveal),
who sees what (access), secret rolls, the builder, suggestions."""

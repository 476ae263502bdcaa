"""The roll log: the hash-chained records, their format, the writer, the store the buttons use,
history and verification, retention."""

"""The roll log: hash-chained records, their format, the writer, verification, retention."""

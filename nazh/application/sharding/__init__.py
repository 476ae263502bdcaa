"""Which gateway shards this replica runs."""

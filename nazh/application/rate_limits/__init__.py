"""Per-user and per-server rate limits."""

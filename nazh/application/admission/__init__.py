"""Which interactions are taken on, and when: admission under load and each interaction handled
once."""

"""Which interactions are taken on, and when: admission under load, each handled once."""

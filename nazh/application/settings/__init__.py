"""A server's settings (GM role, GM channel, default visibility, ...), audited."""

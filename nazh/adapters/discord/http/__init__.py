"""The HTTP transport: Discord POSTs interactions to the sidecar's ``/interactions``."""

"""The service's health: the gateway and storage status the sidecar reports."""

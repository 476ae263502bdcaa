"""The roll log in Discord: ``/history``, ``/verify``, and checkpoints posted to anchor channels."""

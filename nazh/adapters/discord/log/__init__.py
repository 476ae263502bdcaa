"""The roll log in Discord: ``/history`` (with its page buttons), ``/verify``, and the signed
checkpoints posted to anchor channels."""

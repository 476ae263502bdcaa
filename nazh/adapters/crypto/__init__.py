"""Signatures (Ed25519, PyNaCl) for the roll log's checkpoints."""

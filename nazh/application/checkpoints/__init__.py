"""Signed checkpoints of the roll log's chains, and their mirrors."""

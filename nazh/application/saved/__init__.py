"""Saved rolls: personal, channel and server shelves; export and import."""

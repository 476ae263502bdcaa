"""The Discord runtime: the interaction core both transports feed, the wrapper and the
responder, the custom-id codec base, and the helpers every feature shares (member lookup,
autocomplete matching, answering a roll). It names no feature."""

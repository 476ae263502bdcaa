"""The Discord runtime: the core, wrapper, responder, codecs, shared helpers; names no feature."""

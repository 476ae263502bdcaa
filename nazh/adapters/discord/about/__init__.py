"""``/about``: what is running and what anyone can check."""

"""Numeric kernels (numpy) behind the application's ports."""

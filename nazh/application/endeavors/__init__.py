"""Endeavors (``/endeavor``): successes counted toward a threshold, kept and changed by
compare-and-swap."""

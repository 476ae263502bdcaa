"""Endeavors (``/endeavor``): successes counted toward a threshold, kept by compare-and-swap."""

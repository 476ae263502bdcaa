"""The encounter feature: one per channel, changed by the domain's acts by compare-and-swap."""

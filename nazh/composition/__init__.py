"""The composition root: containers, lifecycles, the serve loops and the storage commands."""

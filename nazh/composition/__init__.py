"""The composition root: the containers that build Nazh from its settings, the lifecycles of
its parts, the serve loops and the storage commands."""

"""What a roll carries over to later ones, on Discord."""

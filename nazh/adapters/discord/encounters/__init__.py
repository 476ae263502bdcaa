"""The ``/encounter`` feature: its commands, its live card and the card's controls."""

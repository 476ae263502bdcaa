"""How a roll, its odds or an encounter is shown, whatever the medium: no I/O, no framework."""

"""Charts of the odds (Pillow, imported only when a chart is drawn)."""

"""Charts of the odds (matplotlib, imported only when a chart is drawn)."""

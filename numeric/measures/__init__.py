"""numeric.measures."""

"""numeric.core."""

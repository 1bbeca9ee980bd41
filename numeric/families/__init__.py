"""numeric.families."""

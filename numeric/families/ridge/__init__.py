"""numeric.families.ridge."""

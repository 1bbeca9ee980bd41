"""numeric.families.generic."""

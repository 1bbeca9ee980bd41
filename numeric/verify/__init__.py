"""numeric.verify."""

"""numeric.falsify."""

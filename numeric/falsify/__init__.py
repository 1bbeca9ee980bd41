"""mileak.numeric.falsify."""

"""mileak.numeric.measures."""

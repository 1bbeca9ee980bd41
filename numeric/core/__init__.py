"""mileak.numeric.core."""

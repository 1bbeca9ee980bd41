"""mileak.numeric.families."""

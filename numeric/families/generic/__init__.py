"""mileak.numeric.families.generic."""

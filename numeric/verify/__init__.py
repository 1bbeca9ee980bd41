"""mileak.numeric.verify.driver."""

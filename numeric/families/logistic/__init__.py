"""numeric.families.logistic."""

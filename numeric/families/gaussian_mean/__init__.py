"""numeric.families.gaussian_mean."""

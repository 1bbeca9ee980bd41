"""numeric.dp."""

"""mileak.numeric.dp."""

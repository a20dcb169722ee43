"""From a comparison to a decision: true comparative statements, robustness, and the search."""

"""Graph pictures (filled in by the visualization work)."""

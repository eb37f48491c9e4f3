"""Differentiable ops, one Function subclass per primitive, grouped by family."""

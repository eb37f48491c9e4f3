"""Seeing the gradients: pictures and diagnostics of the graph behind a tensor.

- :func:`make_dot` / :func:`render`: the graph as a Graphviz picture, with
  module clusters and, after a backward, gradient norms and colours.
- :func:`watch_grads`: record the gradient reaching every op node.
- :func:`explain_grad`: why a tensor's ``.grad`` is None or zero.
- :func:`graph_summary`: node counts and the memory the graph keeps alive.
- :func:`backward_steps`: the backward pass, step by step, as one HTML page.

Example:
    >>> import autograd as ag
    >>> x = ag.tensor([1.0, -2.0], requires_grad=True)
    >>> y = ag.relu(x * 3).sum()
    >>> print(ag.viz.graph_summary(y))
    3 nodes (1 Mul, 1 ReLU, 1 Sum), 1 leaf; 14 bytes saved for backward in 3 arrays
"""

from .diagnose import GradExplanation, GraphSummary, explain_grad, graph_summary
from .dot import make_dot, render
from .grads import GradStats, GradWatch, watch_grads
from .steps import backward_steps

__all__ = [
    "GradExplanation",
    "GradStats",
    "GradWatch",
    "GraphSummary",
    "backward_steps",
    "explain_grad",
    "graph_summary",
    "make_dot",
    "render",
    "watch_grads",
]

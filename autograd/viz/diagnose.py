"""Diagnostics: why a gradient is missing or zero, and what a graph costs to keep."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ..engine import grad as _grad
from ..function import _OUTPUT, Function
from ..grad_mode import is_grad_enabled
from ..ops.piecewise import ReLU
from ..tensor import Tensor
from ._graph import Graph, as_roots, collect


def _op(node: Function) -> str:
    return type(node).__name__


def _bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)  # unreachable


@dataclass
class GraphSummary:
    """What a graph holds: made by :func:`graph_summary`.

    Attributes:
        nodes: number of op nodes.
        leaves: number of leaf tensors that receive gradients.
        op_counts: op name -> count, most frequent first.
        saved_bytes: bytes of the arrays saved for backward (each array counted once).
        saved_arrays: how many distinct arrays that is.
        released: nodes whose saved arrays a backward already freed.
    """

    nodes: int
    leaves: int
    op_counts: dict[str, int] = field(default_factory=dict)
    saved_bytes: int = 0
    saved_arrays: int = 0
    released: int = 0

    def __str__(self) -> str:
        ops = ", ".join(f"{n} {name}" for name, n in self.op_counts.items())
        text = (
            f"{self.nodes} node{'s' * (self.nodes != 1)} ({ops}), {self.leaves} "
            f"lea{'ves' if self.leaves != 1 else 'f'}; {_bytes(self.saved_bytes)} saved for "
            f"backward in {self.saved_arrays} array{'s' * (self.saved_arrays != 1)}"
        )
        if self.released:
            text += f"; {self.released} nodes already freed by a backward"
        return text


def graph_summary(root: Tensor | Iterable[Tensor]) -> GraphSummary:
    """Count the nodes behind ``root`` and the memory their saved arrays keep alive.

    Keeping a loss tensor (e.g. in a list of losses) keeps every array its
    graph saved for backward; ``saved_bytes`` says how much that is.

    Args:
        root: the output tensor(s) whose graph to measure.

    Example:
        >>> import autograd as ag
        >>> x = ag.ones(1000, requires_grad=True)
        >>> s = ag.viz.graph_summary(ag.tanh(x * 2).sum())
        >>> s.nodes, s.op_counts["Tanh"], s.saved_bytes    # x (4000 B) and tanh's output
        (3, 1, 8004)
    """
    data = collect(as_roots(root, "graph_summary"))
    counts = Counter(_op(n) for n in reversed(data.nodes))  # ties in forward order
    seen: set[int] = set()
    total = 0
    for node in data.nodes:
        for value in node._saved or ():
            if isinstance(value, np.ndarray) and id(value) not in seen:
                seen.add(id(value))
                total += value.nbytes
    released = sum(1 for n in data.nodes if getattr(n, "_released", False))
    return GraphSummary(
        len(data.nodes), len(data.leaves), dict(counts.most_common()), total, len(seen), released
    )


@dataclass
class GradExplanation:
    """Why a tensor's gradient is what it is; ``str()`` gives the explanation.

    Attributes:
        reason: a short code: "ok", "integer_dtype", "requires_grad_false",
            "detached", "no_grad", "not_connected", "not_leaf", "graph_freed",
            "dead_relu", "zero_grad" or "backward_not_run".
        message: the explanation, with what to do about it.
        nodes: names of the nodes involved (e.g. the dead ReLUs).
    """

    reason: str
    message: str
    nodes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def explain_grad(loss: Tensor, tensor: Tensor, name: str = "tensor") -> GradExplanation:
    """Say why ``tensor.grad`` is None or zero after (or before) ``loss.backward()``.

    Checks, in order: dtype, ``requires_grad`` (and ``detach``/``no_grad``),
    whether ``loss`` has a graph at all, whether ``tensor`` is in it, whether it
    is a leaf, whether the graph was freed, and whether a ReLU on the way is
    dead (its input <= 0 everywhere). Before a backward it computes the
    gradient itself (``retain_graph=True``, nothing written to ``.grad``).

    Args:
        loss: the tensor that was (or will be) backpropagated.
        tensor: the tensor whose gradient is in question.
        name: what to call ``tensor`` in the message.

    Returns:
        A :class:`GradExplanation`; ``reason`` is a short code, ``str()`` the text.

    Example:
        >>> import autograd as ag
        >>> w = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> h = w * 3
        >>> loss = h.sum()
        >>> loss.backward()
        >>> ag.viz.explain_grad(loss, h, name="h").reason
        'not_leaf'
        >>> print(ag.viz.explain_grad(loss, h, name="h"))
        h is not a leaf (it was made by MulBackward0): .grad is kept only for leaves. Call
        h.retain_grad() before backward, or use ag.grad(loss, h).
    """
    for what, t in (("loss", loss), (name, tensor)):
        if not isinstance(t, Tensor):
            raise TypeError(f"explain_grad: {what} must be a Tensor, got {type(t).__name__}")
    if tensor.dtype.kind not in "fc":
        return GradExplanation(
            "integer_dtype",
            (
                f"{name} has dtype {tensor.dtype}: only floating-point tensors can have gradients. "
                f"Make it float (e.g. {name}.float()) before using it."
            ),
        )
    graph = collect([loss]) if loss.grad_fn is not None else None
    if not tensor.requires_grad:
        return _no_requires_grad(name, tensor, graph)
    if graph is None:
        if loss is tensor:
            return GradExplanation("ok", f"{name} is the loss itself; its gradient is 1.")
        return GradExplanation(
            "no_grad",
            (
                "loss has no graph (requires_grad=False, no grad_fn): it was computed under "
                "no_grad() or from tensors none of which requires grad, so nothing can flow "
                "back to "
                f"{name}. Compute the loss with grad mode on."
            ),
        )
    leaf_ids = {id(t) for t in graph.leaves}
    connected = (
        (id(tensor) in leaf_ids) if tensor.grad_fn is None else (tensor.grad_fn in set(graph.nodes))
    )
    if not connected:
        return _not_connected(name, graph)
    if tensor.grad_fn is not None and not tensor._retains_grad:
        return GradExplanation(
            "not_leaf",
            (
                f"{name} is not a leaf (it was made by {tensor.grad_fn.name()}): .grad is "
                f"kept only "
                f"for leaves. Call {name}.retain_grad() before backward, or use "
                f"ag.grad(loss, {name})."
            ),
        )
    return _connected(loss, name, tensor, graph)


def _no_requires_grad(name: str, tensor: Tensor, graph: Graph | None) -> GradExplanation:
    if not is_grad_enabled():
        return GradExplanation(
            "no_grad",
            (
                f"{name} has requires_grad=False and grad mode is off right now (inside "
                f"no_grad()): "
                "results computed here record no graph. Compute them outside no_grad()."
            ),
        )
    if graph is not None:
        for t in graph.leaves:
            if t._data is tensor._data or np.may_share_memory(t._data, tensor._data):
                return GradExplanation(
                    "detached",
                    (
                        f"{name} has requires_grad=False but shares its data with a tensor of "
                        f"shape "
                        f"{t.shape} that requires grad: it looks like a .detach() of it, and "
                        f"gradients "
                        "do not flow through detach(). Use the original tensor."
                    ),
                )
        for node in graph.nodes:
            for value, kind in zip(node._saved or (), getattr(node, "_saved_kinds", ())):
                if kind == _OUTPUT and value is tensor._data:
                    return GradExplanation(
                        "detached",
                        (
                            f"{name} has requires_grad=False but holds the output of "
                            f"{node.name()} in loss's graph: it looks like a .detach() of it, and "
                            "gradients do not flow through detach(). Use the original tensor."
                        ),
                        [node.name()],
                    )
    return GradExplanation(
        "requires_grad_false",
        (
            f"{name} has requires_grad=False, so no gradient is computed for it. Create it with "
            f"requires_grad=True (or call {name}.requires_grad_()) before using it. If it is the "
            "result of ops, it was detached or computed under no_grad()."
        ),
    )


def _not_connected(name: str, graph: Graph) -> GradExplanation:
    cuts: list[str] = []
    for node in graph.nodes:
        for i, source in enumerate(node._sources):
            if source is None and len(cuts) < 3:
                cuts.append(f"input {i} of {node.name()}")
    hint = ""
    if cuts:
        hint = (
            " The graph's inputs that do not require grad are "
            + ", ".join(cuts)
            + f"; if one of them was computed from {name} under no_grad() or with .detach(), "
            "the gradient path was cut there."
        )
    return GradExplanation(
        "not_connected",
        (
            f"{name} is not in loss's graph ({len(graph.nodes)} nodes, {len(graph.leaves)} "
            f"leaves): "
            f"loss does not depend on it through recorded ops, so backward never reaches it.{hint}"
        ),
    )


def _connected(loss: Tensor, name: str, tensor: Tensor, graph: Graph) -> GradExplanation:
    released = [n for n in graph.nodes if getattr(n, "_released", False)]
    g = tensor.grad._data if tensor.grad is not None else None
    if g is None and released:
        return GradExplanation(
            "graph_freed",
            (
                f"{name} is in loss's graph, but a backward already ran through it without "
                f"retain_graph=True and freed {len(released)} nodes' saved arrays, so it "
                f"cannot run "
                "again (and its .grad was reset since). Recompute the forward pass, or pass "
                "retain_graph=True to the first backward."
            ),
            [n.name() for n in released[:5]],
        )
    if g is None and loss._data.size != 1:
        return GradExplanation(
            "backward_not_run",
            (
                f"{name} is connected to loss; .grad is None because no backward has reached it "
                "yet: call loss.backward(gradient) (loss is not a scalar)."
            ),
        )
    if g is None:
        (g_t,) = _grad(loss, tensor, retain_graph=True, allow_unused=True)
        if g_t is not None and np.any(g_t._data != 0):
            return GradExplanation(
                "backward_not_run",
                (
                    f"{name} is connected to loss and its gradient is non-zero (norm "
                    f"{float(np.linalg.norm(g_t._data)):.4g}); .grad is None only because "
                    "loss.backward() has not run yet."
                ),
            )
        g = g_t._data if g_t is not None else np.zeros_like(tensor._data)
    if np.any(g != 0):
        return GradExplanation(
            "ok", (f"{name}.grad is set and non-zero (norm {float(np.linalg.norm(g)):.4g}).")
        )
    dead = _dead_relus(tensor, graph)
    if dead:
        return GradExplanation(
            "dead_relu",
            (
                f"{name}'s gradient is zero because every path to loss goes through a ReLU whose "
                f"input was <= 0 everywhere ({', '.join(dead)}), so no gradient passes it. "
                f"Check the "
                "inputs' scale, the bias init or the learning rate; LeakyReLU avoids dead units."
            ),
            dead,
        )
    freed = " (the graph was freed, so ReLUs could not be checked)" if released else ""
    return GradExplanation(
        "zero_grad",
        (
            f"{name}'s gradient is exactly zero: loss does not change with {name} at this point "
            f"(e.g. a clamp, max or sign between them){freed}."
        ),
    )


def _dead_relus(tensor: Tensor, graph: Graph) -> list[str]:
    """ReLU nodes between ``tensor`` and the loss whose saved mask (``out <= 0``) is all True."""
    reaches: set[Function] = set()
    for node in reversed(graph.nodes):  # producers first
        if (
            any(
                s is tensor or (isinstance(s, Function) and s in reaches)
                for s in node._sources
                if s is not None
            )
            or node is tensor.grad_fn
        ):
            reaches.add(node)
    dead = []
    for node in graph.nodes:
        if node in reaches and isinstance(node, ReLU) and node._saved is not None:
            (blocked,) = node._saved
            if blocked.all():
                dead.append(f"{node.name()} of shape {blocked.shape}")
    return dead

"""Record the gradient that reaches each node during a backward.

The engine hands each node its output gradient, uses it and drops it; it keeps
nothing. :func:`watch_grads` puts a small hook on every node of a graph that
stores a summary (:class:`GradStats`) of that gradient, so pictures can show
and colour op nodes by their gradient after the backward.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor
from ._graph import as_roots, collect


@dataclass(frozen=True)
class GradStats:
    """Summary of one gradient array.

    Attributes:
        shape: the gradient's shape (the node output's shape).
        norm: its L2 norm (``nan`` if it holds a NaN, ``inf`` if an inf).
        absmax: largest absolute value among the finite entries.
        finite: whether every entry is finite.
        value: the single value, for a one-element gradient; else None.
        step: position of this node in the backward walk (0 = first reached).
    """

    shape: tuple[int, ...]
    norm: float
    absmax: float
    finite: bool
    value: float | None = None
    step: int = -1

    @classmethod
    def of(cls, grad: Any, step: int = -1) -> GradStats:
        """Summarize an array or Tensor.

        Example:
            >>> import numpy as np
            >>> from autograd.viz import GradStats
            >>> GradStats.of(np.array([3.0, 4.0])).norm
            5.0
        """
        a = np.asarray(grad.data if isinstance(grad, Tensor) else grad)
        finite_mask = np.isfinite(a)
        finite = bool(finite_mask.all())
        if a.dtype.kind == "c":
            a = np.abs(a)
        with np.errstate(over="ignore", invalid="ignore"):
            norm = float(np.sqrt(np.sum(np.square(a, dtype=np.float64))))
        if not finite and np.isnan(a).any():
            norm = float("nan")
        absmax = float(np.abs(a[finite_mask]).max()) if finite_mask.any() else 0.0
        value = float(a.reshape(-1)[0]) if a.size == 1 else None
        return cls(tuple(a.shape), norm, absmax, finite, value, step)


class _Recorder:
    """The hook put on one node; stores into its watch, which it does not keep alive."""

    __slots__ = ("watch", "node")

    def __init__(self, watch: GradWatch, node: Function) -> None:
        self.watch = weakref.ref(watch)
        self.node = weakref.ref(node)

    def __call__(self, grad: Tensor) -> None:
        watch, node = self.watch(), self.node()
        if watch is not None and node is not None:
            watch._record(node, grad)


class GradWatch:
    """Gradient statistics per node, filled by hooks while a backward runs.

    Made by :func:`watch_grads`. Nodes are held weakly: when the graph is
    freed, its statistics go with it. Use it as a context manager to remove the
    hooks on exit (the statistics stay readable).
    """

    def __init__(self) -> None:
        self._stats: weakref.WeakKeyDictionary[Function, GradStats] = weakref.WeakKeyDictionary()
        self._order: list[weakref.ref[Function]] = []
        self._hooked: list[_Recorder] = []

    def _attach(self, node: Function) -> None:
        recorder = _Recorder(self, node)
        node.register_hook(recorder)
        self._hooked.append(recorder)

    def _record(self, node: Function, grad: Tensor) -> None:
        self._stats[node] = GradStats.of(grad, step=len(self._order))
        self._order.append(weakref.ref(node))

    def get(self, node: Function) -> GradStats | None:
        """The statistics recorded for ``node``, or None if no gradient reached it."""
        return self._stats.get(node)

    def __getitem__(self, node: Function) -> GradStats:
        stats = self._stats.get(node)
        if stats is None:
            raise KeyError(f"no gradient was recorded for {node!r}")
        return stats

    def __contains__(self, node: object) -> bool:
        return node in self._stats

    def __len__(self) -> int:
        return len(self._stats)

    def steps(self) -> list[tuple[Function, GradStats]]:
        """``(node, stats)`` in the order the backward reached them (last backward wins)."""
        out, seen = [], set()
        for ref in self._order:
            node = ref()
            if node is not None and id(node) not in seen and node in self._stats:
                seen.add(id(node))
                out.append((node, self._stats[node]))
        return sorted(out, key=lambda pair: pair[1].step)

    def remove(self) -> None:
        """Take the hooks off the nodes; recorded statistics stay."""
        for recorder in self._hooked:
            node = recorder.node()
            if node is not None and node._hooks and recorder in node._hooks:
                node._hooks.remove(recorder)
        self._hooked = []

    def __enter__(self) -> GradWatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        return f"GradWatch({len(self._hooked)} nodes hooked, {len(self)} gradients recorded)"


def watch_grads(root: Tensor | Iterable[Tensor]) -> GradWatch:
    """Hook every node behind ``root`` so the next backward records its gradient.

    Call it after the forward and before ``backward``; then pass the result to
    :func:`make_dot` (``grads=``) or just use ``show_grads=True``, which finds it.

    Args:
        root: the tensor (or tensors) whose graph to watch, usually the loss.

    Returns:
        A :class:`GradWatch` mapping each node to its :class:`GradStats`.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * 3).sum()
        >>> with ag.viz.watch_grads(y) as watch:
        ...     y.backward()
        >>> watch[y.grad_fn.next_functions[0]].norm    # the gradient reaching Mul: [1, 1]
        1.414...
    """
    watch = GradWatch()
    for node in collect(as_roots(root, "watch_grads")).nodes:
        watch._attach(node)
    return watch


def find_stats(node: Function) -> GradStats | None:
    """The statistics a :class:`GradWatch` hook recorded for ``node``, if any."""
    for hook in node._hooks or ():
        if isinstance(hook, _Recorder):
            watch = hook.watch()
            if watch is not None and node in watch:
                return watch.get(node)
    return None

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
        a = np.asarray(grad._data if isinstance(grad, Tensor) else grad)
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
    """The hook put on one node: keeps the summary of the last gradient that reached it.

    The node holds its recorder, so the summary lives exactly as long as the graph.
    """

    __slots__ = ("stats", "counter")

    def __init__(self, counter: list[int]) -> None:
        self.stats: GradStats | None = None
        self.counter = counter  # shared by one watch's recorders: numbers the steps

    def __call__(self, grad: Tensor) -> None:
        self.stats = GradStats.of(grad, step=self.counter[0])
        self.counter[0] += 1


class GradWatch:
    """Gradient statistics per node, filled by hooks while a backward runs.

    Made by :func:`watch_grads`. Each node keeps its own record (in its hook),
    and the watch refers to nodes weakly: when the graph is freed, its
    statistics go with it, and nothing outlives the graph.
    """

    def __init__(self) -> None:
        self._recorders: weakref.WeakKeyDictionary[Function, _Recorder] = (
            weakref.WeakKeyDictionary()
        )
        self._counter = [0]

    def _attach(self, node: Function) -> None:
        if node in self._recorders:
            return
        recorder = _Recorder(self._counter)
        node.register_hook(recorder)
        self._recorders[node] = recorder

    def get(self, node: Function) -> GradStats | None:
        """The statistics recorded for ``node``, or None if no gradient reached it."""
        recorder = self._recorders.get(node)
        return recorder.stats if recorder is not None else None

    def __getitem__(self, node: Function) -> GradStats:
        stats = self.get(node)
        if stats is None:
            raise KeyError(f"no gradient was recorded for {node!r}")
        return stats

    def __contains__(self, node: object) -> bool:
        return self.get(node) is not None  # type: ignore[arg-type]

    def __len__(self) -> int:
        return sum(1 for r in list(self._recorders.values()) if r.stats is not None)

    def steps(self) -> list[tuple[Function, GradStats]]:
        """``(node, stats)`` in the order the backward reached them (the last backward's)."""
        pairs = [(n, r.stats) for n, r in list(self._recorders.items()) if r.stats is not None]
        return sorted(pairs, key=lambda pair: pair[1].step)

    def remove(self) -> None:
        """Take the hooks off the nodes; what was recorded stays readable from the watch."""
        for node, recorder in list(self._recorders.items()):
            if node._hooks and recorder in node._hooks:
                node._hooks.remove(recorder)

    def __repr__(self) -> str:
        return f"GradWatch({len(self._recorders)} nodes, {len(self)} gradients recorded)"


def watch_grads(root: Tensor | Iterable[Tensor]) -> GradWatch:
    """Hook every node behind ``root`` so the next backward records its gradient.

    Call it after the forward and before ``backward``. The records stay on the
    nodes, so ``make_dot(..., show_grads=True)`` finds them by itself (or pass
    the watch as ``grads=``). A later backward through the same graph
    (``retain_graph=True``) overwrites them.

    Args:
        root: the tensor (or tensors) whose graph to watch, usually the loss.

    Returns:
        A :class:`GradWatch` mapping each node to its :class:`GradStats`.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (x * 3).sum()
        >>> watch = ag.viz.watch_grads(y)
        >>> y.backward()
        >>> watch[y.grad_fn.next_functions[0][0]].norm  # the gradient reaching Mul: [1, 1]
        1.414...
    """
    watch = GradWatch()
    for node in collect(as_roots(root, "watch_grads")).nodes:
        watch._attach(node)
    return watch


def find_stats(node: Function) -> GradStats | None:
    """The statistics a :func:`watch_grads` hook recorded for ``node``, if any."""
    for hook in node._hooks or ():
        if isinstance(hook, _Recorder) and hook.stats is not None:
            return hook.stats
    return None

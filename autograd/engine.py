"""The backward pass: one iterative walk of the graph in reverse topological order.

:func:`backward` (``Tensor.backward``) and :func:`grad` (``autograd.grad``) are
both thin front ends to :func:`_run`, which

1. runs the nodes latest-made first, from a heap keyed by the creation stamp
   each node gets in ``Function.apply``: every consumer of a node is younger
   than it, so a node runs once all its consumers have (a topological order,
   found without a counting pass and without recursion, so a chain of a
   million ops is fine),
2. keeps each node's pending gradient in a dict and drops it once used,
3. calls each node's ``backward`` on ndarrays, or on Tensors with grad mode on
   when ``create_graph=True`` so the gradients are differentiable again,
4. runs hooks, anomaly checks and ``retain_graph`` bookkeeping as it goes, and
5. accumulates into leaves' ``.grad`` or, for ``autograd.grad``, captures the
   gradients of the requested inputs without touching ``.grad``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from heapq import heapify, heappop, heappush
from operator import attrgetter
from typing import Any

import numpy as np

from . import anomaly
from .function import _MANY, _ONE, Function
from .grad_mode import _state
from .tensor import Tensor, _RetainGrad

_anomaly_state = anomaly._state
_make = Tensor._make
_stamp = attrgetter("_seq")


def toposort(roots: Iterable[Function]) -> list[Function]:
    """Nodes reachable from ``roots``, each before every node it feeds from.

    This is the order in which the engine runs them: latest made first, by the
    creation stamp every node gets (a node's inputs are always older than it).
    Leaves (Tensors) are not listed.
    """
    reached = dict.fromkeys(roots)
    stack = list(reached)
    while stack:  # an explicit stack: no recursion, whatever the depth
        node = stack.pop()
        for source in node._sources:
            if source is not None and not isinstance(source, Tensor) and source not in reached:
                reached[source] = None
                stack.append(source)
    return sorted(reached, key=_stamp)


def backward(
    tensor: Tensor,
    gradient: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    """Accumulate the gradient of ``tensor`` into the ``.grad`` of the leaves."""
    grad = _initial_grad(tensor, gradient, create_graph, "backward")
    targets = None
    if inputs is not None:
        targets = [inputs] if isinstance(inputs, Tensor) else list(inputs)
        if not targets:
            raise RuntimeError("backward: 'inputs' argument to backward() cannot be empty")
    keep = create_graph if retain_graph is None else retain_graph
    _run([tensor], [grad], keep, create_graph, targets, accumulate=True)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
    materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """Return the gradients of ``outputs`` w.r.t. ``inputs`` without touching ``.grad``.

    Args:
        outputs: tensor(s) to differentiate.
        inputs: tensor(s) to differentiate with respect to.
        grad_outputs: the gradient w.r.t. each output; needed for non-scalar outputs.
        retain_graph: keep the graph for another backward (defaults to ``create_graph``).
        create_graph: record the computation so the results can be differentiated again.
        allow_unused: return None for inputs not reached from ``outputs`` instead of raising.
        materialize_grads: return zeros instead of None for inputs not reached (implies
            ``allow_unused``).

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor(2.0, requires_grad=True)
        >>> (dy,) = ag.grad(x ** 3, x, create_graph=True)   # 3 x^2
        >>> (d2y,) = ag.grad(dy, x)                          # 6 x
        >>> dy, d2y
        (tensor(12., grad_fn=<MulBackward0>), tensor(12.))
    """
    outs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    targets = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if not targets:
        raise RuntimeError(
            "grad: 'inputs' cannot be empty; pass the tensors to differentiate with respect to"
        )
    allow_unused = allow_unused or materialize_grads
    if grad_outputs is None or isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs] * len(outs) if grad_outputs is None else [grad_outputs]
    grad_outputs = list(grad_outputs)
    if len(grad_outputs) != len(outs):
        raise RuntimeError(f"grad: got {len(grad_outputs)} grad_outputs for {len(outs)} outputs")
    for i, t in enumerate(targets):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise RuntimeError(
                f"grad: input {i} does not require grad; only tensors with "
                "requires_grad=True can be differentiated with respect to"
            )
    grads = [_initial_grad(o, g, create_graph, "grad") for o, g in zip(outs, grad_outputs)]
    keep = create_graph if retain_graph is None else retain_graph
    captured = _run(outs, grads, keep, create_graph, targets, accumulate=False)
    result = []
    for i, t in enumerate(targets):
        g = captured.get(id(t))
        if g is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {i} (shape {t.shape}) appears not to have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."
            )
        if g is None and materialize_grads:
            g = np.zeros_like(t._data)
        result.append(None if g is None else _as_tensor(g))
    return tuple(result)


def _initial_grad(tensor: Tensor, gradient: Any, create_graph: bool, where: str) -> Any:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{where}: expected a Tensor, got {type(tensor).__name__}")
    if not tensor.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if gradient is None:
        if tensor._data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        data = tensor._data  # a 0-d seed is one C call; np.ones goes through Python
        gradient = np.array(1, data.dtype) if not data.shape else np.ones(data.shape, data.dtype)
    else:
        if isinstance(gradient, Tensor):
            if create_graph:
                _check_grad_shape(tensor, gradient.shape)
                return gradient
            gradient = gradient._data
        gradient = np.array(gradient, dtype=tensor._data.dtype)
        _check_grad_shape(tensor, gradient.shape)
    return Tensor._make(gradient) if create_graph else gradient


def _check_grad_shape(tensor: Tensor, shape: tuple[int, ...]) -> None:
    if shape != tensor.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output has a shape of {shape} and output has a shape "
            f"of {tensor.shape}"
        )


def _as_tensor(g: Any) -> Tensor:
    return g if isinstance(g, Tensor) else Tensor._make(g)


def _run(
    roots: list[Tensor],
    root_grads: list[Any],
    retain_graph: bool,
    create_graph: bool,
    targets: list[Tensor] | None,
    accumulate: bool,
) -> dict[int, Any]:
    """Walk the graph once; return the gradients captured for ``targets`` by id.

    Nodes wait in a heap keyed by their creation stamp and run latest-made first.
    Every consumer of a node was made after it, so by the time a node comes out
    of the heap each reachable consumer has run and its gradient is complete: a
    topological order with no counting pass over the graph. A node enters the
    heap when its first gradient arrives, so branches that receive none are
    never visited.
    """
    if len(roots) == 1:  # the usual loss.backward()
        root_nodes = [] if roots[0].grad_fn is None else [roots[0].grad_fn]
    else:
        root_nodes = list(dict.fromkeys(r.grad_fn for r in roots if r.grad_fn is not None))
    target_nodes: dict[Function, Tensor] = {}
    target_leaves: set[int] = set()
    needed: set[Function] | None = None  # None: every reachable node
    stop_at: set[Function] = set()
    if targets is not None:
        for t in targets:
            if t.grad_fn is not None:
                target_nodes[t.grad_fn] = t
            else:
                target_leaves.add(id(t))
        order, stop_at = _prune(toposort(root_nodes), target_nodes, target_leaves)
        needed = set(order)
    captured: dict[int, Any] = {}
    owned: set[int] = set()  # arrays already stored in some .grad during this walk
    pending: dict[Function, Any] = {}
    # A leaf's contributions are summed first and delivered once, after the walk,
    # so its hooks see the whole gradient (as a non-leaf's hooks do).
    leaf_grads: dict[Tensor, Any] = {}
    for root, g in zip(roots, root_grads):
        store, key = (pending, root.grad_fn) if root.grad_fn is not None else (leaf_grads, root)
        if store is leaf_grads and targets is not None and id(root) not in target_leaves:
            continue
        if store is pending and needed is not None and key not in needed:
            continue
        store[key] = g if key not in store else store[key] + g
    heap = [(node._seq, node) for node in pending]
    heapify(heap)

    previous_enabled = _state.enabled
    previous_graph = _state.graph_backward
    _state.enabled = create_graph
    _state.graph_backward = create_graph
    check = _anomaly_state.enabled
    pop = pending.pop
    sums: set[int] = set()  # ids of pending arrays made by _sum, which nothing else holds
    try:
        while heap:
            node = heappop(heap)[1]
            g = pop(node)
            if sums:
                sums.discard(id(g))  # handed to backward, which may pass it on: shared now
            if node._hooks:
                g = _run_hooks(node._hooks, g, create_graph)
            if target_nodes:
                target = target_nodes.get(node)
                if target is not None:
                    if accumulate:
                        _accumulate(target, g, create_graph, owned)
                    else:
                        captured[id(target)] = g
                    if node in stop_at:
                        continue
            grads = node.backward(node, g)
            if type(grads) is not tuple:
                grads = (grads,)
            if check:
                anomaly.check_gradients(node, grads)
            if not retain_graph and node._saved is not None:
                node._saved = None  # free the saved arrays now (see Function._release)
                node._released = True
            second = node._edge1  # node._sources, inlined: this loop runs per node
            edges = (
                (node._edge0,)
                if second is _ONE
                else node._edge0
                if second is _MANY
                else (node._edge0, second)
            )
            for source, g_in in zip(edges, grads):  # a short grads: no gradient for the rest
                if g_in is None or source is None:
                    continue
                if isinstance(source, Tensor):
                    if needed is None or id(source) in target_leaves:
                        prev = leaf_grads.get(source)
                        leaf_grads[source] = g_in if prev is None else _sum(prev, g_in, sums)
                    continue
                if needed is not None and source not in needed:
                    continue
                prev = pending.get(source)
                if prev is None:
                    pending[source] = g_in
                    heappush(heap, (source._seq, source))
                else:
                    pending[source] = _sum(prev, g_in, sums)
        for leaf, g in leaf_grads.items():  # with targets, only those leaves were collected
            if leaf._hooks:
                g = _run_hooks(leaf._hooks, g, create_graph)
            if not accumulate:
                captured[id(leaf)] = g
            elif g.shape != leaf._data.shape:
                _leaf_shape_error(leaf, g)
            elif (
                leaf._grad is None
                and not create_graph
                and type(g) is np.ndarray
                and g.base is None
                and g.dtype is leaf._data.dtype
                and id(g) not in owned
                and g.flags.writeable
            ):
                owned.add(id(g))  # a fresh array nothing else holds: it becomes .grad
                leaf._grad = _make(g)
            else:
                _accumulate(leaf, g, create_graph, owned)
    finally:
        _state.enabled = previous_enabled
        _state.graph_backward = previous_graph
    return captured


def _sum(prev: Any, g: Any, sums: set[int]) -> Any:
    """``prev + g``; in place when ``prev`` is an array an earlier ``_sum`` made.

    Such an array sits only in the engine's pending dict, so adding into it saves
    an allocation per extra consumer of a node (weights shared across many uses).
    """
    if (
        id(prev) in sums
        and type(g) is np.ndarray
        and g.shape == prev.shape
        and g.dtype == prev.dtype
    ):
        np.add(prev, g, out=prev)
        return prev
    sums.discard(id(prev))  # prev may be freed now, and its id reused by a shared array
    total = prev + g
    if type(total) is np.ndarray:
        sums.add(id(total))
    return total


def _prune(
    order: list[Function], target_nodes: dict[Function, Tensor], target_leaves: set[int]
) -> tuple[list[Function], set[Function]]:
    """Keep the nodes from which a target can be reached.

    Also returns the target nodes below which nothing is needed: the walk
    captures their gradient and goes no further.
    """
    needed: set[Function] = set()
    stop_at: set[Function] = set()
    for node in reversed(order):  # producers before consumers
        feeds_target = any(
            (id(s) in target_leaves) if isinstance(s, Tensor) else (s in needed)
            for s in node._sources
            if s is not None
        )
        if feeds_target or node in target_nodes:
            needed.add(node)
            if not feeds_target:
                stop_at.add(node)
    return [node for node in order if node in needed], stop_at


def _run_hooks(hooks: list[Any], g: Any, create_graph: bool) -> Any:
    # retain_grad stores the gradient after every other hook, whatever the order
    # they were registered in (as PyTorch does).
    for hook in sorted(hooks, key=lambda h: isinstance(h, _RetainGrad)):
        result = hook(_as_tensor(g))
        if result is not None:
            if not isinstance(result, Tensor):
                raise TypeError(
                    f"hook {hook!r} returned {type(result).__name__}; a hook must return "
                    "a Tensor or None"
                )
            if result.shape != g.shape:
                raise RuntimeError(
                    f"hook {hook!r} has changed the size of the gradient: it "
                    f"returned shape {result.shape} for shape {g.shape}"
                )
            g = result if create_graph else result._data
    return g


def _accumulate(leaf: Tensor, g: Any, create_graph: bool, owned: set[int]) -> None:
    """Add ``g`` into ``leaf.grad``, copying arrays the walk may still share."""
    current = leaf._grad
    if g.shape != leaf._data.shape:
        _leaf_shape_error(leaf, g)
    if current is not None and current._data.shape != g.shape:
        raise RuntimeError(
            f"backward: cannot accumulate a gradient of size {list(g.shape)} into the .grad "
            f"of size {list(current._data.shape)} of a tensor of size {list(leaf.shape)}; its "
            ".data was given another shape after .grad was set (zero it with .grad = None)"
        )
    if create_graph:
        g = _as_tensor(g)
        leaf._grad = g if current is None else current + g
        return
    if g.dtype != leaf._data.dtype:
        g = g.astype(leaf._data.dtype)
    if current is None:
        if id(g) in owned or g.base is not None or not g.flags.writeable:
            g = g.copy()
        owned.add(id(g))
        leaf._grad = Tensor._make(g)
    elif current._data.flags.writeable:
        np.add(current._data, g, out=current._data)
    else:
        current._data = current._data + g


def _leaf_shape_error(leaf: Tensor, g: Any) -> None:
    """A leaf whose ``.data`` changed shape after the graph was built (torch raises too)."""
    raise RuntimeError(
        f"The size of the gradient ({list(g.shape)}) must match the size of the leaf tensor "
        f"({list(leaf.shape)}) it is accumulated into: the tensor's .data was replaced with "
        "another shape after the graph was built; rebuild the graph after changing it"
    )

"""The backward pass: one iterative walk of the graph in reverse topological order.

:func:`backward` (``Tensor.backward``) and :func:`grad` (``autograd.grad``) are
both thin front ends to :func:`_run`, whose loop reads top to bottom:

1. take the next node from the :class:`_GradBuffer`, latest-made first, with its
   gradient summed over all its consumers,
2. run the node's hooks (:func:`_run_hooks`),
3. hand the gradient over if the node is one the caller asked for
   (:class:`_Targets`),
4. call the node's ``backward`` on ndarrays, or on Tensors with grad mode on
   when ``create_graph=True`` so the gradients are differentiable again,
5. check it for NaN and inf in anomaly mode (:func:`anomaly.check_gradients`),
   free its saved arrays unless ``retain_graph`` (``Function._release``), and
6. send each input's gradient on to the buffer, which sums what reaches a node
   or leaf more than once.

After the walk each leaf's summed gradient goes into its ``.grad``
(:meth:`_GradBuffer.accumulate`) or, for ``autograd.grad``, is returned
without touching ``.grad``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from heapq import heappop, heappush
from operator import attrgetter
from typing import Any, Union

import numpy as np

from . import anomaly
from ._typing import TensorLike
from .function import _MANY, _ONE, Function
from .grad_mode import _state
from .tensor import Tensor, _RetainGrad

_anomaly_state = anomaly._state
_make = Tensor._make
_stamp = attrgetter("_seq")

# A gradient on its way: an ndarray (or NumPy scalar) in a plain backward, a Tensor
# under create_graph.
Grad = Union[np.ndarray, np.number, Tensor]  # noqa: UP007
Hook = Callable[[Tensor], Union[Tensor, None]]  # noqa: UP007


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
    gradient: TensorLike | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Tensor | Sequence[Tensor] | None = None,
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
    grad_outputs: TensorLike | Sequence[TensorLike | None] | None = None,
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
    seeds: list[Any]
    if grad_outputs is None:
        seeds = [None] * len(outs)
    elif isinstance(grad_outputs, Tensor):
        seeds = [grad_outputs]
    else:
        seeds = list(grad_outputs)  # type: ignore[arg-type]  # a sequence: checked by len below
    if len(seeds) != len(outs):
        raise RuntimeError(f"grad: got {len(seeds)} grad_outputs for {len(outs)} outputs")
    for i, t in enumerate(targets):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise RuntimeError(
                f"grad: input {i} does not require grad; only tensors with "
                "requires_grad=True can be differentiated with respect to"
            )
    grads = [_initial_grad(o, g, create_graph, "grad") for o, g in zip(outs, seeds)]
    keep = create_graph if retain_graph is None else retain_graph
    captured = _run(outs, grads, keep, create_graph, targets, accumulate=False)
    result: list[Tensor | None] = []
    for i, t in enumerate(targets):
        g = captured.get(t)
        if g is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {i} (shape {t.shape}) appears not to have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."
            )
        if g is None and materialize_grads:
            g = np.zeros_like(t._data)
        result.append(None if g is None else _as_tensor(g))
    return tuple(result)


def _initial_grad(tensor: Tensor, gradient: Any, create_graph: bool, where: str) -> Grad:
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


def _as_tensor(g: Grad) -> Tensor:
    return g if isinstance(g, Tensor) else Tensor._make(np.asarray(g))


def _node(t: Tensor) -> Function | None:
    """``t.grad_fn``, with its type (Tensor declares the slot by assigning None)."""
    return t.grad_fn


def _run(
    roots: list[Tensor],
    root_grads: list[Grad],
    retain_graph: bool,
    create_graph: bool,
    targets: list[Tensor] | None,
    accumulate: bool,
) -> dict[Tensor, Grad]:
    """Walk the graph once; return the gradients captured for ``targets``.

    With ``accumulate`` the gradients of the leaves (or of ``targets``) go into
    their ``.grad`` and nothing is returned; otherwise they are returned, keyed
    by the tensor, and no ``.grad`` is touched.
    """
    wanted = None if targets is None else _Targets(roots, targets)
    buffer = _GradBuffer(wanted, create_graph)
    for root, g in zip(roots, root_grads):
        buffer.add_root(root, g)
    captured: dict[Tensor, Grad] = {}
    deliver = buffer.accumulate if accumulate else captured.__setitem__
    check = _anomaly_state.enabled
    previous = _state.enabled, _state.graph_backward
    _state.enabled = _state.graph_backward = create_graph  # backward formulas record or not
    try:
        for node, g in buffer.ready():
            if node._hooks:
                g = buffer.shared(_run_hooks(node._hooks, g, create_graph))
            if wanted is not None and node in wanted.nodes:
                deliver(wanted.nodes[node], g)
                if node in wanted.stop_at:
                    continue
            grads = node.backward(node, g)
            if type(grads) is not tuple:
                grads = (grads,)
            if check:
                anomaly.check_gradients(node, grads)
            if not retain_graph:
                node._release()
            buffer.send(node, grads)
        for leaf, g in buffer.leaf_grads():
            if leaf._hooks:
                g = buffer.shared(_run_hooks(leaf._hooks, g, create_graph))
            deliver(leaf, g)
    finally:
        _state.enabled, _state.graph_backward = previous
    return captured


class _Targets:
    """The tensors ``grad(inputs=)`` / ``backward(inputs=)`` asks for, and the way to them.

    ``needed`` is every node from which a target can be reached: the walk sends no
    gradient anywhere else. ``stop_at`` holds the target nodes below which nothing
    is needed, so the walk hands their gradient over and goes no further.
    """

    __slots__ = ("nodes", "leaves", "needed", "stop_at")

    def __init__(self, roots: list[Tensor], targets: list[Tensor]) -> None:
        self.nodes: dict[Function, Tensor] = {}  # a non-leaf target, by its grad_fn
        self.leaves: set[Tensor] = set()  # Tensors hash by identity
        for t in targets:
            if t.grad_fn is not None:
                self.nodes[t.grad_fn] = t
            else:
                self.leaves.add(t)
        self.needed: set[Function] = set()
        self.stop_at: set[Function] = set()
        order = toposort({n: None for n in map(_node, roots) if n is not None})
        for node in reversed(order):  # producers before consumers
            feeds_target = any(
                (s in self.leaves) if isinstance(s, Tensor) else (s in self.needed)
                for s in node._sources
                if s is not None
            )
            if feeds_target or node in self.nodes:
                self.needed.add(node)
                if not feeds_target:
                    self.stop_at.add(node)


class _GradBuffer:
    """The gradients on their way: one pending sum per node and per leaf.

    Nodes wait in a heap keyed by their creation stamp and come out latest-made
    first. Every consumer of a node was made after it, so by the time a node
    comes out each reachable consumer has run and its gradient is complete: a
    topological order with no counting pass over the graph. A node enters the
    heap when its first gradient arrives, so branches that receive none are never
    visited. A leaf's contributions are summed the same way and delivered once,
    after the walk, so its hooks see the whole gradient (as a non-leaf's do).

    The buffer also knows who owns which array, so it can reuse memory without
    aliasing anything: a sum it allocated itself sits nowhere else, and the next
    contribution is added into it in place (a weight shared by many ops costs no
    new array per use); an array it stored in some ``.grad`` is never stored in
    another, nor is an array a hook has seen (the hook may keep it). Both are
    tracked by holding the object (the key, or the array itself), never a bare
    ``id()`` that a freed object could pass on.
    """

    __slots__ = (
        "_pending",
        "_leaves",
        "_heap",
        "_summed",
        "_stored",
        "_needed",
        "_wanted",
        "_graph",
    )

    def __init__(self, targets: _Targets | None, create_graph: bool) -> None:
        self._pending: dict[Function, Grad] = {}
        self._leaves: dict[Tensor, Grad] = {}
        self._heap: list[tuple[int, Function]] = []
        self._summed: set[Function | Tensor] = set()  # keys whose pending sum we allocated
        # arrays put in a .grad or seen by a hook, held so that their ids stay unique
        self._stored: dict[int, np.ndarray] = {}
        self._needed = None if targets is None else targets.needed
        self._wanted = None if targets is None else targets.leaves
        self._graph = create_graph

    def add_root(self, root: Tensor, g: Grad) -> None:
        """Start the walk at ``root`` with gradient ``g`` (skipped when no target needs it)."""
        node = root.grad_fn
        if node is None:
            if self._wanted is None or root in self._wanted:
                prev = self._leaves.get(root)
                self._leaves[root] = g if prev is None else self._sum(root, prev, g)
        elif self._needed is None or node in self._needed:
            prev = self._pending.get(node)
            if prev is None:
                self._pending[node] = g
                heappush(self._heap, (node._seq, node))
            else:
                self._pending[node] = self._sum(node, prev, g)

    def ready(self) -> Iterator[tuple[Function, Grad]]:
        """Each waiting node in turn, latest-made first, with its complete gradient.

        Nodes that :meth:`send` adds while this runs come out in their turn.
        """
        heap, pending, summed = self._heap, self._pending, self._summed
        while heap:
            node = heappop(heap)[1]
            if summed:
                summed.discard(node)  # handed to backward, which may pass it on: shared now
            yield node, pending.pop(node)

    def send(self, node: Function, grads: tuple[Grad | None, ...]) -> None:
        """Pass the gradients ``node.backward`` returned to the node's inputs."""
        second = node._edge1  # node._sources, inlined: this runs once per node
        edges = (
            (node._edge0,)
            if second is _ONE
            else node._edge0
            if second is _MANY
            else (node._edge0, second)
        )
        pending, needed, wanted = self._pending, self._needed, self._wanted
        for source, g in zip(edges, grads):  # a short grads: no gradient for the rest
            if g is None or source is None:
                continue
            if isinstance(source, Tensor):
                if wanted is None or source in wanted:
                    prev = self._leaves.get(source)
                    self._leaves[source] = g if prev is None else self._sum(source, prev, g)
            elif needed is None or source in needed:
                prev = pending.get(source)
                if prev is None:
                    pending[source] = g
                    heappush(self._heap, (source._seq, source))
                else:
                    pending[source] = self._sum(source, prev, g)

    def _sum(self, key: Function | Tensor, prev: Grad, g: Grad) -> Grad:
        """``prev + g``, in place when ``prev`` is a sum this buffer allocated for ``key``."""
        if (
            key in self._summed
            and type(prev) is np.ndarray
            and type(g) is np.ndarray
            and g.shape == prev.shape
            and g.dtype == prev.dtype
        ):
            np.add(prev, g, out=prev)
            return prev
        total = prev + g
        if type(total) is np.ndarray:
            self._summed.add(key)
        else:
            self._summed.discard(key)
        return total

    def shared(self, g: Grad) -> Grad:
        """Note that user code (a hook) has seen ``g``: no ``.grad`` may take it as is."""
        if isinstance(g, np.ndarray):
            self._stored[id(g)] = g
        return g

    def leaf_grads(self) -> Iterator[tuple[Tensor, Grad]]:
        """Each leaf reached, with its summed gradient (after the walk)."""
        return iter(self._leaves.items())

    def accumulate(self, tensor: Tensor, g: Grad) -> None:
        """Add ``g`` into ``tensor.grad``; store ``g`` itself there when nothing shares it."""
        current = tensor._grad
        if g.shape != tensor._data.shape:
            _leaf_shape_error(tensor, g)
        if current is not None and current._data.shape != g.shape:
            raise RuntimeError(
                f"backward: cannot accumulate a gradient of size {list(g.shape)} into the .grad "
                f"of size {list(current._data.shape)} of a tensor of size {list(tensor.shape)}; "
                "its .data was given another shape after .grad was set (zero it with .grad = None)"
            )
        if self._graph or isinstance(g, Tensor):  # a Tensor only under create_graph
            t = _as_tensor(g)
            tensor._grad = t if current is None else current + t
            return
        arr = g if isinstance(g, np.ndarray) else np.asarray(g)  # a NumPy scalar: 0-d
        if arr.dtype != tensor._data.dtype:
            arr = arr.astype(tensor._data.dtype)
        if current is None:
            if id(arr) in self._stored or arr.base is not None or not arr.flags.writeable:
                arr = arr.copy()  # a view, or an array another .grad (or the caller) holds
            self._stored[id(arr)] = arr
            tensor._grad = _make(arr)
        elif current._data.flags.writeable:
            np.add(current._data, arr, out=current._data)
        else:
            current._data = current._data + arr


def _run_hooks(hooks: list[Hook], g: Grad, create_graph: bool) -> Grad:
    """Call each hook on the gradient; a returned Tensor replaces it."""
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


def _leaf_shape_error(leaf: Tensor, g: Grad) -> None:
    """A leaf whose ``.data`` changed shape after the graph was built (torch raises too)."""
    raise RuntimeError(
        f"The size of the gradient ({list(g.shape)}) must match the size of the leaf tensor "
        f"({list(leaf.shape)}) it is accumulated into: the tensor's .data was replaced with "
        "another shape after the graph was built; rebuild the graph after changing it"
    )

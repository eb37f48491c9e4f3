"""``Function``: one differentiable primitive, and the graph node that records it.

Each op subclasses :class:`Function` with two static methods:

- ``forward(ctx, *arrays, **params)`` takes and returns ``np.ndarray``. It is
  plain NumPy and may call ``ctx.save_for_backward(...)``.
- ``backward(ctx, grad)`` returns one gradient per array input (or ``None``).

During an ordinary backward, ``grad`` and ``ctx.saved_tensors`` are ndarrays and
the formula runs as plain NumPy. Under ``create_graph=True`` they are Tensors
(wired into the graph) and the same formula records a new graph, which is how
second and third derivatives work. Formulas therefore use operators, methods
both types share (``sum(axis=, keepdims=)``, ``reshape``, ``swapaxes``) and
NumPy ufuncs, which Tensors route to their own ops. A backward that only works
on arrays is marked :func:`once_differentiable`.

The ``Function`` instance made by :meth:`Function.apply` *is* the node: it is the
output's ``grad_fn`` and holds what backward needs. It does not hold the input
Tensors, only their ``grad_fn`` (or the leaf itself), so intermediate arrays live
exactly as long as the user or ``save_for_backward`` keeps them.
"""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Callable
from typing import Any, Union

import numpy as np

from . import anomaly
from .grad_mode import _state
from .tensor import Tensor

# Markers for how a saved array relates to the node: an input's data, the output's data.
_OUTPUT = -1
_CONSTANT = -2

# Where an input's gradient goes: its grad_fn, the leaf Tensor itself, or nowhere.
Source = Union["Function", "Tensor", None]  # noqa: UP007  (forward references)


class _Layout:
    """The markers ``_ONE`` and ``_MANY`` in ``Function._edge1``: how the edges are stored."""

    __slots__ = ()


class Function:
    """Base class of differentiable ops; an instance is a node of the graph.

    Example:
        >>> import numpy as np
        >>> import autograd as ag
        >>> class Cube(ag.Function):
        ...     '''out = x**3.  d/dx = 3 x**2.'''
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return (grad * 3 * x * x,)
        >>> x = ag.tensor([2.0], requires_grad=True)
        >>> Cube.apply(x).sum().backward()
        >>> x.grad
        tensor([12.])
    """

    __slots__ = (
        "_edge0",
        "_edge1",
        "needs_input_grad",
        "_saved",
        "_saved_kinds",
        "_released",
        "_seq",
        "__weakref__",
        "__dict__",  # every op subclass has one anyway; Function itself is never a node
    )
    # Set by _record on every node (see the comment on the graph node below).
    _edge0: Any  # a Source, or a tuple of Sources when _edge1 is _MANY
    _edge1: Source | _Layout
    needs_input_grad: tuple[bool, ...]
    _saved: tuple[Any, ...] | None  # what save_for_backward kept: arrays or any value
    _saved_kinds: tuple[int, ...]  # per saved value: _OUTPUT, an input's index or _CONSTANT
    _released: bool
    _seq: int
    # Rarely set, so they live on the class until a node needs its own value (op
    # subclasses have an instance __dict__ for that): hooks from register_hook, the
    # creation stack in anomaly mode, the module call that made the node.
    _hooks: list[Callable[[Any], Any]] | None = None
    _trace: list[Any] | None = None
    scope: Any = None
    # torch's name for the node where it differs from ``<Class>Backward0``: set on an op
    # class (ReLU is torch's Relu), or on one node by the function that made it (``mean``
    # is a Sum and a Div here, MeanBackward0 in torch's repr).
    torch_name: str | None = None

    # -- graph node -----------------------------------------------------------------
    # _sources[i] is the input's grad_fn, the leaf Tensor itself when it is a leaf
    # that requires grad, or None when no gradient flows to input i. The public
    # next_functions presents the same edges in torch's form.
    #
    # The edges of one- and two-input nodes sit in two slots instead of a tuple: a
    # tuple of nodes is one more object per node for Python's cyclic garbage
    # collector, whose full passes dominate the cost of building a long graph.
    # ``_edge1`` is _ONE for one-input nodes and _MANY when ``_edge0`` holds the tuple.
    #
    # ``_seq`` is the node's creation stamp (counting down, from _next_seq): the engine
    # runs nodes smallest stamp first, which is a topological order because an op's
    # inputs always exist before it does.

    @property
    def next_functions(self) -> tuple[tuple[Any, int], ...]:
        """Where each input's gradient goes, as torch's ``((node, index), ...)`` pairs.

        ``node`` is the input's ``grad_fn``, an :class:`AccumulateGrad` node for a leaf
        that requires grad (its ``.variable`` is the leaf), or ``None`` when no gradient
        flows to that input; ``index`` is which output of ``node`` the input was (0:
        every node here has one output).

        Example:
            >>> import autograd as ag
            >>> x = ag.ones(2, requires_grad=True)
            >>> y = (x * 2).sum()
            >>> y.grad_fn.next_functions
            ((<MulBackward0>, 0),)
            >>> (acc, _), (const, _) = y.grad_fn.next_functions[0][0].next_functions
            >>> acc, acc.variable is x, const
            (<AccumulateGrad>, True, None)
        """
        out: list[tuple[Any, int]] = []
        for source in self._sources:
            if source is None or isinstance(source, Function):
                out.append((source, 0))
            else:
                out.append((AccumulateGrad._of(source), 0))
        return tuple(out)

    @property
    def _sources(self) -> tuple[Source, ...]:
        """Where each input's gradient goes: its grad_fn, the leaf Tensor, or None."""
        second = self._edge1
        if isinstance(second, _Layout):
            return (self._edge0,) if second is _ONE else self._edge0
        return (self._edge0, second)

    @classmethod
    def apply(cls, *inputs: Tensor, **params: Any) -> Tensor:
        """Run ``forward`` on the inputs' arrays; record a node when a gradient is needed."""
        ctx = _new(cls)
        ctx._saved = None
        if not 0 < len(inputs) <= 2:
            return ctx._apply_many(inputs, params)
        # The fast path, for the one or two inputs nearly every op takes: the same steps as
        # _apply_many and _record, written out without lists or calls (this runs once per op).
        a = inputs[0]
        da = a._data
        b: Tensor | None = None
        db: np.ndarray | None = None
        if len(inputs) == 2:
            b = inputs[1]
            db = b._data
            needs = _NEEDS2[a._requires_grad, b._requires_grad]
            ctx.needs_input_grad = needs
            out = cls.forward(ctx, da, db, **params)
        else:
            needs = ctx.needs_input_grad = _NEEDS1[a._requires_grad]
            out = cls.forward(ctx, da, **params)
        if type(out) is not np.ndarray:
            out = ctx._array_output(out)
        if not (True in needs and _state.enabled and out.dtype.kind in "fc"):
            return _make(out, None)
        if b is None:
            ctx._edge0, ctx._edge1 = a.grad_fn or a, _ONE
        else:
            ctx._edge0 = (a.grad_fn or a) if needs[0] else None
            ctx._edge1 = (b.grad_fn or b) if needs[1] else None
        saved = ctx._saved
        if saved is not None:
            kinds = []
            for v in saved:  # the output, input 0's or 1's array, or something else
                kinds.append(_OUTPUT if v is out else 0 if v is da else 1 if v is db else _CONSTANT)
            ctx._saved_kinds = tuple(kinds)  # a tuple of ints leaves the gc's view
        ctx._released = False
        ctx._seq = _next_seq()
        if _anomaly_state.enabled:
            ctx._trace = anomaly.creation_trace()
        scope = _state.scope
        if scope is not None:
            ctx.scope = scope
        return _make(out, ctx)

    def _apply_many(self, inputs: tuple[Tensor, ...], params: dict[str, Any]) -> Tensor:
        """:meth:`apply` for any other number of inputs: forward, then :meth:`_record`."""
        datas = tuple(t._data for t in inputs)
        needs = tuple(t._requires_grad for t in inputs)
        self.needs_input_grad = needs
        out = type(self).forward(self, *datas, **params)
        if type(out) is not np.ndarray:
            out = self._array_output(out)
        if not (True in needs and _state.enabled and out.dtype.kind in "fc"):
            return _make(out, None)
        self._record(inputs, needs, datas, out)
        return _make(out, self)

    def _record(
        self,
        inputs: tuple[Tensor, ...],
        needs: tuple[bool, ...],
        datas: tuple[np.ndarray, ...],
        out: np.ndarray,
    ) -> None:
        """Make this ctx the node of ``out``: its edges, its saved values' kinds, its stamp."""
        sources = []
        for t, need in zip(inputs, needs):
            sources.append((t.grad_fn or t) if need else None)
        self._edge0 = tuple(sources)
        self._edge1 = _MANY
        saved = self._saved
        if saved is not None:
            kinds = []
            count = len(datas)
            for value in saved:  # the output, input i's array, or something else
                if value is out:
                    kinds.append(_OUTPUT)
                    continue
                i = 0
                while i < count and value is not datas[i]:
                    i += 1
                kinds.append(i if i < count else _CONSTANT)
            self._saved_kinds = tuple(kinds)  # a tuple of ints leaves the gc's view
        self._released = False
        self._seq = _next_seq()
        if _anomaly_state.enabled:
            self._trace = anomaly.creation_trace()
        scope = _state.scope
        if scope is not None:
            self.scope = scope

    @staticmethod
    def forward(ctx: Function | _Scratch, *args: Any, **params: Any) -> np.ndarray:
        """Compute the output array from input arrays."""
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Function, grad: Any) -> tuple[Any, ...]:
        """Return the gradient for each input given the output's gradient."""
        raise NotImplementedError

    # -- saved values -----------------------------------------------------------------

    def _array_output(self, value: Any) -> np.ndarray:
        """``value`` as an ndarray, also where it was saved for backward.

        NumPy returns scalars, not 0-d arrays, from ufuncs on 0-d input; a saved
        output must stay recognisable as the output (create_graph relies on it).
        """
        out = np.asarray(value)
        if self._saved is not None:
            self._saved = tuple(out if v is value else v for v in self._saved)
        return out

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays (or other values) for ``backward``; read them with ``saved_tensors``."""
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """The saved values: arrays in a plain backward, graph Tensors under ``create_graph``."""
        if self._released:
            raise RuntimeError(
                f"{self.name()}: trying to backward through the graph a second time (or "
                "to read saved values after they have been freed). Saved intermediate "
                "values of the graph are freed when you call .backward() or "
                "autograd.grad(). Specify retain_graph=True if you need to backward "
                "through the graph a second time."
            )
        saved = self._saved
        if saved is None:  # nothing was saved: torch's empty tuple
            return ()
        if not _state.graph_backward:
            return saved
        return tuple(self._saved_as_tensor(v, k) for v, k in zip(saved, self._saved_kinds))

    def _saved_as_tensor(self, value: Any, kind: int) -> Any:
        if not isinstance(value, np.ndarray):
            return value
        if kind == _OUTPUT:
            return Tensor._make(value, self)
        if kind >= 0:
            source = self._sources[kind]
            if isinstance(source, Tensor):
                return source
            if source is not None:
                return Tensor._make(value, source)
        return Tensor._make(value)

    def _release(self) -> None:
        """Free the saved arrays after a backward without ``retain_graph``."""
        if self._saved is not None:
            self._saved = None
            self._released = True

    # -- presentation -----------------------------------------------------------------

    def name(self) -> str:
        """PyTorch's name for this node, e.g. ``MulBackward0``."""
        return self.torch_name or f"{type(self).__name__}Backward0"

    def __repr__(self) -> str:
        return f"<{self.name()}>"

    def register_hook(self, hook: Callable[[Any], Any]) -> None:
        """Call ``hook(grad)`` on the gradient of this node's output before it flows on."""
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)


class AccumulateGrad:
    """The node that adds a leaf's gradient into its ``.grad``, as torch's.

    It appears in :attr:`Function.next_functions` wherever a leaf that requires grad
    feeds an op; ``.variable`` is that leaf. The same node is returned for a leaf as
    long as the leaf lives. (The engine accumulates into leaves directly; this node
    presents that step in torch's form.)

    Example:
        >>> import autograd as ag
        >>> w = ag.ones(2, requires_grad=True)
        >>> node = (w * 3).grad_fn.next_functions[0][0]
        >>> node, node.variable is w, node.next_functions, node.name()
        (<AccumulateGrad>, True, (), 'torch::autograd::AccumulateGrad')
    """

    __slots__ = ("_variable", "_key", "__weakref__")
    next_functions: tuple[tuple[Any, int], ...] = ()
    _nodes: dict[int, AccumulateGrad] = {}

    def __init__(self, variable: Any) -> None:
        self._key = id(variable)
        self._variable = weakref.ref(variable, self._forget)

    @classmethod
    def _of(cls, leaf: Any) -> AccumulateGrad:
        node = cls._nodes.get(id(leaf))
        if node is None or node._variable() is not leaf:
            node = cls._nodes[id(leaf)] = cls(leaf)
        return node

    def _forget(self, ref: Any) -> None:
        if AccumulateGrad._nodes.get(self._key) is self:
            del AccumulateGrad._nodes[self._key]

    @property
    def variable(self) -> Any:
        """The leaf tensor whose ``.grad`` this node fills."""
        return self._variable()

    def name(self) -> str:
        """torch's name for the node."""
        return "torch::autograd::AccumulateGrad"

    def __repr__(self) -> str:
        return "<AccumulateGrad>"


def _named(out: Any, torch_name: str) -> Any:
    """Give the node that made ``out`` (if any) torch's name for the op the caller ran."""
    node = getattr(out, "grad_fn", None)
    if node is not None:
        node.torch_name = torch_name
    return out


def once_differentiable(backward: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a ``backward`` written for arrays only: double backward through it raises.

    Example:
        >>> import autograd as ag
        >>> class Square(ag.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x * x
        ...     @staticmethod
        ...     @ag.once_differentiable
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return (2 * x * grad,)
        >>> x = ag.tensor([3.0], requires_grad=True)
        >>> ag.grad(Square.apply(x).sum(), x)
        (tensor([6.]),)
    """

    @functools.wraps(backward)
    def wrapper(ctx: Function, grad: Any) -> Any:
        if not _state.graph_backward:
            return backward(ctx, grad)
        raise RuntimeError(
            f"{ctx.name()} is not differentiable twice: its backward is written for "
            "arrays only, so create_graph=True cannot be used through it"
        )

    return wrapper


class module_scope:
    """Tag every node created inside the block with ``owner`` (its ``scope`` attribute).

    ``nn.Module.__call__`` enters one around ``forward`` so that graph pictures can
    group nodes by the module call that made them. Scopes nest; the innermost wins.

    Example:
        >>> import autograd as ag
        >>> x = ag.ones(2, requires_grad=True)
        >>> with ag.function.module_scope("layer"):
        ...     y = x * 2
        >>> y.grad_fn.scope
        'layer'
    """

    def __init__(self, owner: Any) -> None:
        self.owner = owner

    def __enter__(self) -> None:
        self._previous = _state.scope
        _state.scope = self.owner

    def __exit__(self, *exc: object) -> None:
        _state.scope = self._previous


class _Scratch:
    """A throwaway ctx for running a ``forward`` directly on arrays."""

    def save_for_backward(self, *values: Any) -> None:
        pass


def call(fn: type[Function], *inputs: Any, **params: Any) -> Any:
    """Run ``fn`` inside a backward formula: on arrays directly, on Tensors recorded.

    This is how a backward uses another op (Sum's backward expands, GetItem's
    scatters): in a plain backward it costs one NumPy call, and under
    ``create_graph=True`` it records ``fn`` so the result stays differentiable.
    """
    if _state.graph_backward:
        return fn.apply(
            *[t if isinstance(t, Tensor) else Tensor._make(np.asarray(t)) for t in inputs],
            **params,
        )
    return fn.forward(_Scratch(), *inputs, **params)


_new = object.__new__
# Creation stamps, counting down: a node's inputs were all made before it, so they carry
# larger stamps, and the engine runs nodes smallest stamp first (see engine._run).
_next_seq = itertools.count(0, -1).__next__
_ONE, _MANY = _Layout(), _Layout()

_make = Tensor._make
_anomaly_state = anomaly._state
# needs_input_grad tuples, shared between nodes (they are immutable)
_NEEDS1: dict[bool, tuple[bool, ...]] = {False: (False,), True: (True,)}
_NEEDS2: dict[tuple[bool, bool], tuple[bool, ...]] = {
    (x, y): (x, y) for x in (False, True) for y in (False, True)
}

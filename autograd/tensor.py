"""``Tensor``: an ``np.ndarray`` plus what autograd needs to know about it.

This file holds the class with its data, autograd attributes (``grad``, ``requires_grad``,
hooks), conversion and presentation, and imports no op. The operators and the methods that
compute (``t + u``, ``t.sum()``, ``t.add_()``) are one-line calls to the op functions of
:mod:`autograd.ops`; :mod:`autograd._methods` defines them and installs them on the class
when ``autograd`` is imported. No derivative lives here, so "where is ``*`` defined?" has
one answer: in ``ops/arithmetic.py``, beside its backward.
"""

from __future__ import annotations

import builtins
import copy
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from . import dtypes
from ._repr import format_tensor
from ._shape import normalize_dim
from .devices import CPU as _CPU
from .devices import check as check_device
from .devices import device
from .devices import device as _Device
from .dtypes import DTypeLike
from .grad_mode import is_grad_enabled
from .hooks import RemovableHandle

if TYPE_CHECKING:
    # The one deliberate circle, and for type checkers only: they see the methods that
    # autograd/_methods.py installs (which import the ops, which import this file) as a base
    # class, and the type of grad_fn. At run time the base is object, and this file imports
    # neither an op nor the Function class.
    from ._methods import TensorMethods
    from .function import Function
else:
    TensorMethods = object


class Tensor(TensorMethods):
    """A multi-dimensional array that can record the operations applied to it.

    Args:
        data: array-like, NumPy array or Tensor. Python floats become float32,
            Python ints int64, bools bool; a NumPy array keeps its dtype.
        requires_grad: record operations on this tensor so that ``backward``
            fills its ``.grad``. Only floating-point tensors can require grad.
        dtype: NumPy dtype or name (``"float64"``) to convert ``data`` to.

    Example:
        >>> from autograd import Tensor
        >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> y = (x * x).sum()
        >>> y
        tensor(14., grad_fn=<SumBackward0>)
        >>> y.backward()
        >>> x.grad
        tensor([2., 4., 6.])
    """

    __slots__ = (
        "_data",
        "_grad",
        "_requires_grad",
        "grad_fn",
        "_hooks",
        "_retains_grad",
        "__weakref__",
    )
    _data: np.ndarray
    _grad: Tensor | None
    _requires_grad: bool
    grad_fn: Function | None
    _hooks: list[Callable[[Tensor], Tensor | None]] | None
    _retains_grad: bool
    __array_priority__ = 1000
    __hash__ = object.__hash__  # identity hash, as torch.Tensor; == is elementwise

    def __init__(self, data: Any, requires_grad: bool = False, dtype: DTypeLike = None) -> None:
        if isinstance(data, Tensor):
            data = data._data
        self._data = dtypes.infer_array(data, dtype)
        self._grad = None
        self.grad_fn = None
        self._requires_grad = False
        self._hooks = None
        self._retains_grad = False
        if requires_grad:
            self.requires_grad = True

    @classmethod
    def _make(cls, data: np.ndarray, grad_fn: Any = None) -> Tensor:
        """Wrap an op's output array without copying (the engine's fast path)."""
        t = object.__new__(cls)
        t._data = data if type(data) is np.ndarray else np.asarray(data)
        t._grad = None
        t.grad_fn = grad_fn
        t._requires_grad = grad_fn is not None
        t._hooks = None
        t._retains_grad = False
        return t

    @property
    def data(self) -> Tensor:
        """This tensor's values as a new leaf that shares its memory, as torch's ``.data``.

        The result is detached from the graph and does not require grad, so an in-place
        change through it (``p.data.add_(...)``, ``p.data.zero_()``) changes ``p`` without
        being recorded. Assigning a Tensor or an array replaces the storage (the shape and
        dtype may change). The raw ``np.ndarray`` is ``t.numpy()`` or ``np.asarray(t)``.

        Example:
            >>> import autograd as ag
            >>> p = ag.ones(3, requires_grad=True)
            >>> p.data.mul_(2)
            tensor([2., 2., 2.])
            >>> p
            tensor([2., 2., 2.], requires_grad=True)
            >>> p.data = ag.zeros(2)
            >>> p
            tensor([0., 0.], requires_grad=True)
        """
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Any) -> None:
        if isinstance(value, Tensor):
            self._data = value._data
        elif isinstance(value, np.ndarray):
            self._data = value
        else:
            raise TypeError(
                f"Tensor.data must be set to a Tensor or an np.ndarray, got {type(value).__name__}"
            )

    # -- autograd attributes ------------------------------------------------------------

    @property
    def grad(self) -> Tensor | None:
        """The gradient accumulated by ``backward`` (None until one reaches this tensor).

        Assigning checks what torch checks: a Tensor (or None) of this tensor's
        shape and dtype, never a number or an array, and never the tensor itself.
        The engine and the optimizers then rely on ``.grad`` having the shape
        of the tensor, so no update ever broadcasts.

        Example:
            >>> import autograd as ag
            >>> w = ag.ones(2, 2, requires_grad=True)
            >>> w.grad = ag.full((2, 2), 0.5)
            >>> w.grad
            tensor([[0.5000, 0.5000],
                    [0.5000, 0.5000]])
            >>> w.grad = 0.0
            Traceback (most recent call last):
            ...
            TypeError: assigned grad expected to be a Tensor or None but got grad of type float
        """
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                kind = type(value)
                name = (
                    kind.__qualname__
                    if kind.__module__ == "builtins"
                    else (f"{kind.__module__}.{kind.__qualname__}")
                )
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of type {name}"
                )
            if value is self:
                raise RuntimeError("can't assign Variable as its own grad")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to a "
                    f"tensor of size '{list(self._data.shape)}'. Please ensure that the "
                    "gradient and the tensor are the same size"
                )
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value._data.dtype}' to a "
                    f"tensor with dtype '{self._data.dtype}'. The gradient must match the "
                    "tensor's dtype"
                )
        self._grad = value

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded for backward."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        if self.grad_fn is not None:
            if flag:  # a result of the graph requires grad already: nothing to change
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables; use "
                "t.detach() to get a leaf that does not require grad"
            )
        if flag and not dtypes.is_floating(self._data.dtype):
            raise RuntimeError(
                f"only tensors of floating point dtype can require gradients, got {self.dtype}"
            )
        self._requires_grad = bool(flag)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place and return ``self``.

        Example:
            >>> import autograd as ag
            >>> ag.zeros(2).requires_grad_().requires_grad
            True
        """
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self) -> bool:
        """True for tensors not produced by a recorded op (``grad_fn is None``)."""
        return self.grad_fn is None

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf tensor whose ``.grad`` is kept (see :meth:`retain_grad`).

        Example:
            >>> import autograd as ag
            >>> h = ag.ones(2, requires_grad=True) * 2
            >>> h.retain_grad()
            >>> h.retains_grad
            True
        """
        return self._retains_grad

    def retain_grad(self) -> None:
        """Keep ``.grad`` on this non-leaf tensor after backward.

        Example:
            >>> import autograd as ag
            >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
            >>> h = x * 3
            >>> h.retain_grad()
            >>> h.sum().backward()
            >>> h.grad
            tensor([1., 1.])
        """
        if self.grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("can't retain_grad on a tensor that has requires_grad=False")
            return
        if self._retains_grad:
            return
        self._retains_grad = True
        self.grad_fn.register_hook(_RetainGrad(self))

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed.

        A returned Tensor replaces the gradient. Returns a handle whose ``remove()``
        unregisters the hook.

        Example:
            >>> import autograd as ag
            >>> x = ag.tensor([1.0, 2.0], requires_grad=True)
            >>> _ = x.register_hook(lambda g: g * 10)
            >>> x.sum().backward()
            >>> x.grad
            tensor([10., 10.])
        """
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        hooks: list[Callable[[Tensor], Tensor | None]]
        if self.grad_fn is not None:
            self.grad_fn.register_hook(hook)
            hooks = cast(list, self.grad_fn._hooks)  # the list register_hook appended to
        else:
            if self._hooks is None:
                self._hooks = []
            hooks = self._hooks
            hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's data, cut off from the graph.

        Example:
            >>> import autograd as ag
            >>> ag.ones(2, requires_grad=True).detach().requires_grad
            False
        """
        return Tensor._make(self._data)

    def detach_(self) -> Tensor:
        """Cut this tensor off the graph in place, making it a leaf."""
        self.grad_fn = None
        self._requires_grad = False
        return self

    def zero_(self) -> Tensor:
        """Fill with zeros in place (as ``t.grad.zero_()``).

        Example:
            >>> import autograd as ag
            >>> ag.ones(2).zero_()
            tensor([0., 0.])
        """
        self._check_inplace("zero_")
        self._data[...] = 0
        return self

    def fill_(self, value: float) -> Tensor:
        """Fill with ``value`` in place."""
        self._check_inplace("fill_")
        self._data[...] = value
        return self

    def copy_(self, other: Any, non_blocking: bool = False) -> Tensor:
        """Copy ``other`` (broadcast to this shape) into this tensor in place.

        ``non_blocking`` is accepted for torch's programs; on the CPU every copy is immediate.
        """
        self._check_inplace("copy_")
        self._data[...] = other._data if isinstance(other, Tensor) else other
        return self

    # -- shape and dtype ----------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """The size of each dimension, as a tuple."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._data.ndim

    @property
    def dtype(self) -> np.dtype:
        """The NumPy dtype of the data."""
        return self._data.dtype

    def dim(self) -> int:
        """Number of dimensions (``torch.Tensor.dim``)."""
        return self._data.ndim

    def size(self, dim: int | None = None) -> tuple[int, ...] | int:
        """The shape, or the size of dimension ``dim``.

        Example:
            >>> import autograd as ag
            >>> ag.zeros(2, 3).size(), ag.zeros(2, 3).size(-1)
            ((2, 3), 3)
        """
        if dim is None:
            return self._data.shape
        return self._data.shape[normalize_dim(dim, self.ndim, "size")]

    def numel(self) -> int:
        """Total number of elements."""
        return self._data.size

    def element_size(self) -> int:
        """Bytes per element."""
        return self._data.itemsize

    def is_floating_point(self) -> bool:
        """True for floating-point dtypes."""
        return dtypes.is_floating(self._data.dtype)

    # -- conversion ---------------------------------------------------------------------

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The underlying ndarray (shared, not copied).

        Raises RuntimeError on a tensor that requires grad, as PyTorch does; call
        ``detach()`` first, or pass ``force=True`` (as ``t.detach().numpy()``).
        """
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead."
            )
        return self._data

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([2.5]).item()
            2.5
        """
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.item()

    def tolist(self) -> Any:
        """The data as (nested) Python lists."""
        return self._data.tolist()

    def contiguous(self) -> Tensor:
        """Return self: NumPy handles memory layout."""
        return self

    # -- device and layout: compatibility with torch code written for CPU -------------------

    @property
    def device(self) -> device:
        """Always ``device(type='cpu')``: this library computes on the CPU with NumPy."""
        return _CPU

    @property
    def is_cuda(self) -> bool:
        """Always False: tensors live in host memory."""
        return False

    @property
    def is_cpu(self) -> builtins.bool:
        """Always True: tensors live in host memory."""
        return True

    def get_device(self) -> builtins.int:
        """The device's ordinal: -1, torch's answer for a CPU tensor."""
        return -1

    def cpu(self, memory_format: Any = None) -> Tensor:
        """Return self: tensors already live on the CPU, as ``torch.Tensor.cpu`` for them.

        Example:
            >>> import autograd as ag
            >>> x = ag.ones(2)
            >>> x.cpu() is x
            True
        """
        return self

    def cuda(
        self, device: Any = None, non_blocking: builtins.bool = False, memory_format: Any = None
    ) -> Tensor:
        """Raise :class:`~autograd.devices.DeviceUnavailableError`: this library computes
        on the CPU with NumPy, as torch's CPU-only build does.

        Example:
            >>> import autograd as ag
            >>> ag.ones(2).cuda()
            Traceback (most recent call last):
            ...
            autograd.devices.DeviceUnavailableError: device 'cuda' is not available to ...
        """
        check_device(_Device("cuda", device if isinstance(device, int) else None), "Tensor.cuda")
        raise AssertionError("unreachable: check() raises for every CUDA device")

    def is_contiguous(self) -> bool:
        """Always True: NumPy handles memory layout (see :meth:`contiguous`)."""
        return True

    def stride(self, dim: int | None = None) -> tuple[int, ...] | int:
        """Steps in elements between neighbours along each dim, as ``torch.Tensor.stride``.

        Example:
            >>> import autograd as ag
            >>> ag.zeros(2, 3).stride(), ag.zeros(2, 3).t().stride(-1)
            ((3, 1), 3)
        """
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        if dim is None:
            return strides
        return strides[normalize_dim(dim, self.ndim, "stride")]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._data

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(
                f"Boolean value of Tensor with {self._data.size} values is ambiguous"
            )
        return bool(self._data)

    def __float__(self) -> float:
        return float(self._scalar())

    def __int__(self) -> int:
        return int(self._scalar())

    def _scalar(self) -> Any:
        """The one value, for ``int()`` and ``float()`` (a ValueError otherwise, as torch)."""
        if self._data.size != 1:
            raise ValueError(
                f"only one element tensors can be converted to Python scalars; "
                f"this one has shape {self.shape} ({self._data.size} elements)"
            )
        return self._data.item()

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iu" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data)

    def __repr__(self) -> str:
        return format_tensor(self)

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        return repr(self) if not spec else format(self._data, spec)

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("Tensors are not pickled; use nn.save to store arrays")

    def __deepcopy__(self, memo: dict[int, Any]) -> Tensor:
        """``copy.deepcopy(t)`` of a leaf: data and ``.grad`` copied, same class and flag.

        Example:
            >>> import copy
            >>> import autograd as ag
            >>> w = ag.ones(2, requires_grad=True)
            >>> c = copy.deepcopy(w)
            >>> c._data is w._data, c.requires_grad
            (False, True)
        """
        if self.grad_fn is not None:
            raise RuntimeError(
                "only leaf tensors (created by the user, not by an op) support "
                f"copy.deepcopy; this one was produced by {self.grad_fn.name()}. "
                "Deep-copy t.detach() instead"
            )
        new = object.__new__(type(self))
        memo[id(self)] = new
        new._data = self._data.copy()
        new._grad = None if self._grad is None else copy.deepcopy(self._grad, memo)
        new.grad_fn = None
        new._requires_grad = self._requires_grad
        new._hooks = None
        new._retains_grad = False
        return new

    # -- operators: each line calls the op that owns the math ------------------------------

    def _inplace_op(
        self, op: Callable[..., Tensor], symbol: str, *args: Any, **kwargs: Any
    ) -> Tensor:
        """The in-place method ``symbol``: overwrite this tensor with ``op(self, *args)``.

        Inside a graph (grad mode on, and this tensor or a Tensor argument requires
        grad) the op is recorded by :meth:`_rebind`; a leaf that requires grad raises,
        as in torch. Elsewhere the result is written into ``._data`` in place, so
        arrays sharing it see the change.
        """
        if is_grad_enabled() and (
            self._requires_grad
            or builtins.any(
                isinstance(a, Tensor) and a._requires_grad for a in (*args, *kwargs.values())
            )
        ):
            if self.grad_fn is None:
                self._check_inplace(symbol)  # a leaf that requires grad raises
            return self._rebind(op, symbol, *args, **kwargs)
        self._data[...] = self._fit(op(self, *args, **kwargs), symbol)._data
        return self

    def _rebind(self, op: Callable[..., Tensor], symbol: str, *args: Any, **kwargs: Any) -> Tensor:
        """An in-place op inside a graph, as torch allows it: this tensor takes the value
        and node of ``op(self, *args, **kwargs)``. Its old value stays with the nodes
        that saved it, so their gradients are those of the graph as it was recorded."""
        result = self._fit(op(self, *args, **kwargs), symbol)
        self._data, self.grad_fn = result._data, result.grad_fn
        self._requires_grad = result._requires_grad
        return self

    def _fit(self, result: Tensor, symbol: str) -> Tensor:
        """``result`` of the in-place op ``symbol``, checked to fit this tensor: the same
        shape, and a dtype that casts to this one within its kind (as torch)."""
        if result.shape != self.shape:
            raise RuntimeError(
                f"{symbol}: the result's shape {result.shape} doesn't match "
                f"the in-place target's shape {self.shape}"
            )
        if result.dtype != self.dtype:
            if not np.can_cast(result.dtype, self.dtype, "same_kind"):
                raise RuntimeError(
                    f"{symbol}: result of dtype {result.dtype} can't be cast to "
                    f"the in-place target's dtype {self.dtype}"
                )
            result = result.astype(self.dtype)
        return result

    def _check_inplace(self, what: str) -> None:
        if self._requires_grad and is_grad_enabled():
            kind = (
                "a leaf Variable that requires grad"
                if self.grad_fn is None
                else ("a tensor that is part of a graph")
            )
            raise RuntimeError(
                f"{what}: an in-place operation cannot modify {kind}; do it under "
                "autograd.no_grad() or on t._data"
            )

    # -- in-place methods: torch's trailing underscore; recorded in a graph, return self ----

    # -- methods: one line each, the op functions hold the math ------------------------------


class _RetainGrad:
    """Hook that stores a non-leaf tensor's gradient in its ``.grad``."""

    __slots__ = ("ref",)

    def __init__(self, tensor: Tensor) -> None:
        self.ref = weakref.ref(tensor)

    def __call__(self, grad: Tensor) -> None:
        tensor = self.ref()
        if tensor is None:
            return
        if tensor._grad is None:
            tensor._grad = grad if grad.grad_fn is not None else Tensor._make(grad._data.copy())
        else:
            tensor._grad = tensor._grad + grad

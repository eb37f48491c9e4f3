"""``Tensor``: an ``np.ndarray`` plus what autograd needs to know about it.

This file holds data, dtype rules, conversion and presentation. Every operator
and method is a one-line call to an op function in :mod:`autograd.ops`; no
derivative lives here, so "where is ``*`` defined?" has one answer: in
``ops/elementwise.py``, beside its backward.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from . import dtypes
from ._repr import format_tensor
from .devices import CPU as _CPU
from .devices import check as check_device
from .devices import device, parse_to
from .dtypes import DTypeLike
from .hooks import RemovableHandle


class Tensor:
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
    __array_priority__ = 1000
    __hash__ = object.__hash__  # identity hash, as torch.Tensor; == is elementwise

    def __init__(self, data: Any, requires_grad: bool = False, dtype: DTypeLike = None) -> None:
        if isinstance(data, Tensor):
            data = data._data
        self._data = dtypes.infer_array(data, dtype)
        self._grad: Tensor | None = None
        self.grad_fn = None
        self._requires_grad = False
        self._hooks: list[Callable[[Tensor], Tensor | None]] | None = None
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
        if self.grad_fn is not None:
            self.grad_fn.register_hook(hook)
            hooks = self.grad_fn._hooks
        else:
            if self._hooks is None:
                self._hooks = []
            hooks = self._hooks
            hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def backward(
        self,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        """Accumulate d(self)/d(leaf) into ``.grad`` of every leaf that requires grad.

        Args:
            gradient: the gradient of some scalar w.r.t. ``self``; required
                unless ``self`` has a single element.
            retain_graph: keep the saved arrays so the graph can be walked again.
                Defaults to ``create_graph``.
            create_graph: record the backward pass itself, so gradients can be
                differentiated again.
            inputs: accumulate only into these tensors.

        Example:
            >>> import autograd as ag
            >>> x = ag.tensor(3.0, requires_grad=True)
            >>> (x ** 2).backward()
            >>> x.grad
            tensor(6.)
        """
        _engine_backward(self, gradient, retain_graph, create_graph, inputs)

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
        from ._shape import normalize_dim

        return self._data.shape[normalize_dim(dim, self.ndim, "size")]

    def numel(self) -> int:
        """Total number of elements."""
        return self._data.size

    def element_size(self) -> int:
        """Bytes per element."""
        return self._data.itemsize

    @property
    def T(self) -> Tensor:
        """The tensor with its dimensions reversed."""
        return permute(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        """The tensor with its last two dimensions swapped."""
        return transpose(self, -2, -1)

    def astype(self, dtype: DTypeLike) -> Tensor:
        """Convert to ``dtype`` (differentiable between floating dtypes).

        Example:
            >>> import autograd as ag
            >>> ag.ones(2).astype("float64").dtype
            dtype('float64')
        """
        return cast(self, dtype)

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """This tensor on a device and/or in a dtype, as ``torch.Tensor.to``.

        Takes torch's forms: ``to(device=None, dtype=None, non_blocking=False,
        copy=False, *, memory_format=None)``, ``to(dtype, non_blocking=False,
        copy=False)`` and ``to(other, non_blocking=False, copy=False)`` (``other``'s
        dtype). A device string or :class:`~autograd.device` must name the CPU; CUDA,
        MPS and the rest raise :class:`~autograd.devices.DeviceUnavailableError`. When
        nothing changes the result is ``self``, unless ``copy=True``. A dtype change is
        differentiable between floating dtypes.

        Example:
            >>> import autograd as ag
            >>> x = ag.ones(2)
            >>> x.to("cpu") is x, x.to(ag.device("cpu"), ag.float64).dtype
            (True, dtype('float64'))
            >>> x.to(ag.zeros(1, dtype="int64"))
            tensor([1, 1])
        """
        dev, dtype, _, copy, _ = parse_to(args, kwargs, "Tensor.to")
        if dtype is not None:
            dtype = dtypes.to_dtype(dtype)
            if dtype != self._data.dtype:
                return cast(self, dtype)
        # torch copies for a device that differs from the tensor's by its index ('cpu:0')
        return self.clone() if copy or (dev is not None and dev is not _CPU) else self

    def type(self, dtype: DTypeLike, non_blocking: bool = False) -> Tensor:
        """Convert to ``dtype`` (as ``torch.Tensor.type``; on the CPU every copy is
        immediate, so ``non_blocking`` changes nothing)."""
        return cast(self, dtype)

    def float(self) -> Tensor:
        """Convert to float32."""
        return cast(self, np.float32)

    def double(self) -> Tensor:
        """Convert to float64."""
        return cast(self, np.float64)

    def long(self) -> Tensor:
        """Convert to int64."""
        return cast(self, np.int64)

    def int(self) -> Tensor:
        """Convert to int32."""
        return cast(self, np.int32)

    def bool(self) -> Tensor:
        """Convert to bool."""
        return cast(self, np.bool_)

    def half(self) -> Tensor:
        """Convert to float16."""
        return cast(self, np.float16)

    def type_as(self, other: Tensor) -> Tensor:
        """Convert to the dtype of ``other``.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1, 2]).type_as(ag.zeros(1, dtype="float64"))
            tensor([1., 2.], dtype=float64)
        """
        return cast(self, other.dtype)

    def new_tensor(
        self, data: Any, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
    ) -> Tensor:
        """A new leaf holding a copy of ``data``, with this tensor's dtype unless given.

        Example:
            >>> import autograd as ag
            >>> ag.zeros(1, dtype="float64").new_tensor([1, 2])
            tensor([1., 2.], dtype=float64)
        """
        check_device(device, "new_tensor")
        return _new_tensor(self, data, dtype, requires_grad)

    def new_full(
        self,
        size: Any,
        fill_value: Any,
        *,
        dtype: DTypeLike = None,
        device: Any = None,
        requires_grad: bool = False,
    ) -> Tensor:
        """A tensor of shape ``size`` filled with ``fill_value``, with this tensor's dtype.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1, 2]).new_full((2,), 7)
            tensor([7, 7])
        """
        check_device(device, "new_full")
        return _new_full(self, (size,), fill_value, dtype, requires_grad)

    def new_zeros(
        self, *size: Any, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
    ) -> Tensor:
        """Zeros of shape ``size`` with this tensor's dtype (``new_empty`` is the same).

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1, 2]).new_zeros(2, 2)
            tensor([[0, 0],
                    [0, 0]])
        """
        check_device(device, "new_zeros")
        return _new_full(self, size, 0, dtype, requires_grad)

    new_empty = new_zeros

    def new_ones(
        self, *size: Any, dtype: DTypeLike = None, device: Any = None, requires_grad: bool = False
    ) -> Tensor:
        """Ones of shape ``size`` with this tensor's dtype.

        Example:
            >>> import autograd as ag
            >>> ag.zeros(1, dtype="float64").new_ones(2)
            tensor([1., 1.], dtype=float64)
        """
        check_device(device, "new_ones")
        return _new_full(self, size, 1, dtype, requires_grad)

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

    def clone(self) -> Tensor:
        """A copy that stays in the graph (gradient flows back through it).

        Example:
            >>> import autograd as ag
            >>> ag.ones(2, requires_grad=True).clone()
            tensor([1., 1.], grad_fn=<CloneBackward0>)
        """
        if not self._requires_grad:
            return Tensor._make(self._data.copy())
        return _named(mul(self, 1), "CloneBackward0")

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
        from .devices import check
        from .devices import device as _device

        check(_device("cuda", device if isinstance(device, int) else None), "Tensor.cuda")
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
        from ._shape import normalize_dim

        return strides[normalize_dim(dim, self.ndim, "stride")]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._data

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """Route NumPy ufuncs (``np.exp(t)``, ``array * t``) to the library's ops.

        A ufunc the library has no op for (``np.isfinite(t)``) runs on the arrays and gives
        a Tensor that does not require grad, as a torch tensor does.
        """
        fn = _UFUNCS.get(ufunc)
        if method == "__call__" and not kwargs and fn is not None:
            return fn(*inputs)
        out = kwargs.get("out")
        result = getattr(ufunc, method)(*_unwrap(inputs), **_unwrap(kwargs))
        if out is not None:
            return out[0] if len(out) == 1 else out
        if isinstance(result, tuple):
            return tuple(Tensor._make(r) if isinstance(r, np.ndarray) else r for r in result)
        return Tensor._make(result) if isinstance(result, np.ndarray) else result

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        """``np.where`` on Tensors records the op; other NumPy functions see plain arrays."""
        if func is np.where and len(args) == 3 and not kwargs:
            return where(*args)
        return func(*_unwrap(args), **_unwrap(kwargs))

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

    def __add__(self, other: Any) -> Tensor:
        return add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return sub(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return mul(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return mul(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return div(self, other)

    def __floordiv__(self, other: Any) -> Tensor:
        return floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Tensor:
        return floor_divide(other, self)

    def __mod__(self, other: Any) -> Tensor:
        return remainder(self, other)

    def __rmod__(self, other: Any) -> Tensor:
        return remainder(other, self)

    def __rtruediv__(self, other: Any) -> Tensor:
        return div(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return pow(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return pow(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return matmul(other, self)

    def __neg__(self) -> Tensor:
        return neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return abs(self)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return NotImplemented if other is None else eq(self, other)  # t == None is False

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return NotImplemented if other is None else ne(self, other)

    def __lt__(self, other: Any) -> Tensor:
        return lt(self, other)

    def __le__(self, other: Any) -> Tensor:
        return le(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return gt(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return ge(self, other)

    def __invert__(self) -> Tensor:
        return _invert(self)

    def __and__(self, other: Any) -> Tensor:
        return bitwise_and(self, other)

    def __rand__(self, other: Any) -> Tensor:
        return bitwise_and(other, self)

    def __or__(self, other: Any) -> Tensor:
        return bitwise_or(self, other)

    def __ror__(self, other: Any) -> Tensor:
        return bitwise_or(other, self)

    def __xor__(self, other: Any) -> Tensor:
        return bitwise_xor(self, other)

    def __rxor__(self, other: Any) -> Tensor:
        return bitwise_xor(other, self)

    def __getitem__(self, index: Any) -> Tensor:
        return getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        from .grad_mode import is_grad_enabled

        if (
            self._requires_grad or (isinstance(value, Tensor) and value._requires_grad)
        ) and is_grad_enabled():
            if self.grad_fn is None:
                self._check_inplace("__setitem__ (index assignment)")  # a leaf: raises
            # In the graph, as torch records it: this tensor takes the result's value and node.
            result = setitem(self, index, value)
            self._data, self.grad_fn, self._requires_grad = result._data, result.grad_fn, True
            return
        index = _index_arrays(index)
        value = value._data if isinstance(value, Tensor) else value
        try:
            self._data[index] = value
        except IndexError as exc:
            raise IndexError(index_error_message(str(exc), self.shape)) from None
        except ValueError as exc:  # NumPy's broadcast failure: name both shapes as torch
            if "broadcast" not in str(exc):
                raise
            raise RuntimeError(
                f"index assignment: a value of shape {np.shape(value)} cannot be broadcast to "
                f"the indexed region of shape {self._data[index].shape} (tensor shape "
                f"{self.shape})"
            ) from None

    def __iadd__(self, other: Any) -> Tensor:
        return self._inplace(np.add, other, "+=")

    def __isub__(self, other: Any) -> Tensor:
        return self._inplace(np.subtract, other, "-=")

    def __imul__(self, other: Any) -> Tensor:
        return self._inplace(np.multiply, other, "*=")

    def __itruediv__(self, other: Any) -> Tensor:
        return self._inplace(np.true_divide, other, "/=")

    def _inplace(self, ufunc: np.ufunc, other: Any, symbol: str) -> Tensor:
        from .grad_mode import is_grad_enabled

        if is_grad_enabled() and (
            self._requires_grad or (isinstance(other, Tensor) and other._requires_grad)
        ):
            return self._inplace_op(_UFUNCS[ufunc], symbol, other)
        value = other._data if isinstance(other, Tensor) else other
        try:
            ufunc(self._data, value, out=self._data, casting="same_kind")
        except ValueError:
            raise RuntimeError(
                f"{symbol}: shape {np.shape(value)} cannot be broadcast to the in-place "
                f"target's shape {self.shape}"
            ) from None
        except TypeError:
            raise RuntimeError(
                f"{symbol}: result of dtype {np.result_type(self._data, value)} can't be cast "
                f"to the in-place target's dtype {self.dtype}"
            ) from None
        return self

    def _inplace_op(
        self, op: Callable[..., Tensor], symbol: str, *args: Any, **kwargs: Any
    ) -> Tensor:
        """The in-place method ``symbol``: overwrite this tensor with ``op(self, *args)``.

        Inside a graph (grad mode on, and this tensor or a Tensor argument requires
        grad) the op is recorded by :meth:`_rebind`; a leaf that requires grad raises,
        as in torch. Elsewhere the result is written into ``._data`` in place, so
        arrays sharing it see the change.
        """
        from .grad_mode import is_grad_enabled

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
        from .grad_mode import is_grad_enabled

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

    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """Add ``alpha * other`` to this tensor in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).add_(ag.tensor([1.0, 1.0]), alpha=2)
            tensor([3., 4.])
        """
        return self._inplace(np.add, _scaled(other, alpha), "add_")

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """Subtract ``alpha * other`` from this tensor in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).sub_(0.5, alpha=2)
            tensor([0., 1.])
        """
        return self._inplace(np.subtract, _scaled(other, alpha), "sub_")

    def mul_(self, other: Any) -> Tensor:
        """Multiply by ``other`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).mul_(3)
            tensor([3., 6.])
        """
        return self._inplace(np.multiply, other, "mul_")

    def div_(self, other: Any) -> Tensor:
        """Divide by ``other`` in place (true division; an integer tensor raises).

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).div_(4)
            tensor([0.2500, 0.5000])
        """
        return self._inplace(np.true_divide, other, "div_")

    def pow_(self, exponent: Any) -> Tensor:
        """Raise to the power ``exponent`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([2.0, 3.0]).pow_(2)
            tensor([4., 9.])
        """
        return self._inplace_op(pow, "pow_", exponent)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        """Clamp into ``[min, max]`` in place; either bound may be None.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([-2.0, 0.5, 3.0]).clamp_(0.0, 1.0)
            tensor([0.0000, 0.5000, 1.0000])
        """
        return self._inplace_op(clamp, "clamp_", min, max)

    clip_ = clamp_

    def neg_(self) -> Tensor:
        """Negate in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, -2.0]).neg_()
            tensor([-1.,  2.])
        """
        return self._inplace_op(neg, "neg_")

    def abs_(self) -> Tensor:
        """Absolute value in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, -2.0]).abs_()
            tensor([1., 2.])
        """
        return self._inplace_op(abs, "abs_")

    def sqrt_(self) -> Tensor:
        """Square root in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([4.0, 9.0]).sqrt_()
            tensor([2., 3.])
        """
        return self._inplace_op(sqrt, "sqrt_")

    def exp_(self) -> Tensor:
        """``e ** x`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([0.0, 1.0]).exp_()
            tensor([1.0000, 2.7183])
        """
        return self._inplace_op(exp, "exp_")

    def relu_(self) -> Tensor:
        """``max(x, 0)`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([-1.0, 2.0]).relu_()
            tensor([0., 2.])
        """
        return self._inplace_op(relu, "relu_")

    def sigmoid_(self) -> Tensor:
        """Logistic function in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([0.0]).sigmoid_()
            tensor([0.5000])
        """
        return self._inplace_op(sigmoid, "sigmoid_")

    def tanh_(self) -> Tensor:
        """Hyperbolic tangent in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([0.0]).tanh_()
            tensor([0.])
        """
        return self._inplace_op(tanh, "tanh_")

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        """Write ``value`` where the bool ``mask`` (broadcast to this shape) is True.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0, 3.0]).masked_fill_(ag.tensor([True, False, True]), 0.0)
            tensor([0., 2., 0.])
        """
        return self._inplace_op(masked_fill, "masked_fill_", mask, value)

    def uniform_(self, a: float = 0.0, b: float = 1.0) -> Tensor:
        """Fill in place with values drawn from U(a, b) by the library's generator
        (``ag.manual_seed`` makes it reproducible). Inside a graph the gradient
        through the old value is zero.

        Example:
            >>> import autograd as ag
            >>> t = ag.zeros(1000).uniform_(-1, 1)
            >>> bool((t >= -1).all() and (t < 1).all())
            True
        """
        if a > b:
            raise RuntimeError(f"uniform_: expects a <= b, got a={a}, b={b}")
        return self._fill_random(
            lambda g: g.uniform(a, b, size=self.shape), "uniform_", "UniformBackward0"
        )

    def normal_(self, mean: float = 0.0, std: float = 1.0) -> Tensor:
        """Fill in place with values drawn from N(mean, std**2) by the library's
        generator. Inside a graph the gradient through the old value is zero.

        Example:
            >>> import autograd as ag
            >>> t = ag.zeros(10000).normal_(3.0, 0.5)
            >>> bool((t.mean() - 3).abs() < 0.05)
            True
        """
        if std < 0:
            raise RuntimeError(f"normal_: expects std >= 0, got std={std}")
        return self._fill_random(
            lambda g: g.normal(mean, std, size=self.shape), "normal_", "NormalBackward0"
        )

    def _fill_random(
        self, draw: Callable[[np.random.Generator], np.ndarray], symbol: str, node_name: str
    ) -> Tensor:
        if not dtypes.is_floating(self._data.dtype):
            raise RuntimeError(f"{symbol}: expects a floating point tensor, got dtype {self.dtype}")
        from .random import generator

        return self._inplace_op(_overwrite, symbol, draw(generator()), node_name)

    # -- methods: one line each, the op functions hold the math ------------------------------

    def exp(self) -> Tensor:
        return exp(self)

    def log(self) -> Tensor:
        return log(self)

    def sqrt(self) -> Tensor:
        return sqrt(self)

    def abs(self) -> Tensor:
        return abs(self)

    def tanh(self) -> Tensor:
        return tanh(self)

    def sigmoid(self) -> Tensor:
        return sigmoid(self)

    def relu(self) -> Tensor:
        return relu(self)

    def sin(self) -> Tensor:
        return sin(self)

    def cos(self) -> Tensor:
        return cos(self)

    def sign(self) -> Tensor:
        return sign(self)

    def log1p(self) -> Tensor:
        return log1p(self)

    def expm1(self) -> Tensor:
        return expm1(self)

    def square(self) -> Tensor:
        return square(self)

    def rsqrt(self) -> Tensor:
        return rsqrt(self)

    def reciprocal(self) -> Tensor:
        return reciprocal(self)

    def erf(self) -> Tensor:
        return erf(self)

    def tan(self) -> Tensor:
        return tan(self)

    def asin(self) -> Tensor:
        return asin(self)

    def acos(self) -> Tensor:
        return acos(self)

    def atan(self) -> Tensor:
        return atan(self)

    def sinh(self) -> Tensor:
        return sinh(self)

    def cosh(self) -> Tensor:
        return cosh(self)

    def asinh(self) -> Tensor:
        return asinh(self)

    def acosh(self) -> Tensor:
        return acosh(self)

    def atanh(self) -> Tensor:
        return atanh(self)

    def log2(self) -> Tensor:
        return log2(self)

    def log10(self) -> Tensor:
        return log10(self)

    def exp2(self) -> Tensor:
        return exp2(self)

    def sinc(self) -> Tensor:
        return sinc(self)

    def atan2(self, other: Any) -> Tensor:
        return atan2(self, other)

    def hypot(self, other: Any) -> Tensor:
        return hypot(self, other)

    def logaddexp(self, other: Any) -> Tensor:
        return logaddexp(self, other)

    def lerp(self, end: Any, weight: Any) -> Tensor:
        return lerp(self, end, weight)

    def fmod(self, other: Any) -> Tensor:
        return fmod(self, other)

    def remainder(self, other: Any) -> Tensor:
        return remainder(self, other)

    def floor_divide(self, other: Any) -> Tensor:
        return floor_divide(self, other)

    def logical_and(self, other: Any) -> Tensor:
        return logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        return logical_or(self, other)

    def logical_xor(self, other: Any) -> Tensor:
        return logical_xor(self, other)

    def logical_not(self) -> Tensor:
        return logical_not(self)

    def bitwise_and(self, other: Any) -> Tensor:
        return bitwise_and(self, other)

    def bitwise_or(self, other: Any) -> Tensor:
        return bitwise_or(self, other)

    def bitwise_xor(self, other: Any) -> Tensor:
        return bitwise_xor(self, other)

    def bitwise_not(self) -> Tensor:
        return bitwise_not(self)

    def nan_to_num(
        self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
    ) -> Tensor:
        return nan_to_num(self, nan, posinf, neginf)

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        return masked_fill(self, mask, value)

    def pow(self, exponent: Any) -> Tensor:
        return pow(self, exponent)

    def neg(self) -> Tensor:
        return neg(self)

    def add(self, other: Any, *, alpha: float = 1) -> Tensor:
        return add(self, other, alpha=alpha)

    def sub(self, other: Any, *, alpha: float = 1) -> Tensor:
        return sub(self, other, alpha=alpha)

    def mul(self, other: Any) -> Tensor:
        return mul(self, other)

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return div(self, other, rounding_mode=rounding_mode)

    def matmul(self, other: Any) -> Tensor:
        return matmul(self, other)

    def mm(self, mat2: Any) -> Tensor:
        return mm(self, mat2)

    def bmm(self, mat2: Any) -> Tensor:
        return bmm(self, mat2)

    def mv(self, vec: Any) -> Tensor:
        return mv(self, vec)

    def dot(self, tensor: Any) -> Tensor:
        return dot(self, tensor)

    def outer(self, vec2: Any) -> Tensor:
        return outer(self, vec2)

    def addmm(self, mat1: Any, mat2: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:
        return addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def maximum(self, other: Any) -> Tensor:
        return maximum(self, other)

    def minimum(self, other: Any) -> Tensor:
        return minimum(self, other)

    def eq(self, other: Any) -> Tensor:
        return eq(self, other)

    def ne(self, other: Any) -> Tensor:
        return ne(self, other)

    def lt(self, other: Any) -> Tensor:
        return lt(self, other)

    def le(self, other: Any) -> Tensor:
        return le(self, other)

    def gt(self, other: Any) -> Tensor:
        return gt(self, other)

    def ge(self, other: Any) -> Tensor:
        return ge(self, other)

    def isnan(self) -> Tensor:
        return isnan(self)

    def isinf(self) -> Tensor:
        return isinf(self)

    def isfinite(self) -> Tensor:
        return isfinite(self)

    def floor(self) -> Tensor:
        return floor(self)

    def ceil(self) -> Tensor:
        return ceil(self)

    def trunc(self) -> Tensor:
        return trunc(self)

    def round(self, *, decimals: int = 0) -> Tensor:
        return round(self, decimals=decimals)

    def clamp_min(self, min: Any) -> Tensor:
        return clamp_min(self, min)

    def clamp_max(self, max: Any) -> Tensor:
        return clamp_max(self, max)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        return clamp(self, min, max)

    clip = clamp

    def sum(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
        dtype: DTypeLike = None,
    ) -> Tensor:
        return sum(self, dim, keepdim, axis=axis, keepdims=keepdims, dtype=dtype)

    def mean(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
        dtype: DTypeLike = None,
    ) -> Tensor:
        return mean(self, dim, keepdim, axis=axis, keepdims=keepdims, dtype=dtype)

    def var(
        self,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return var(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def std(
        self,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return std(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def max(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Any:
        return max(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def min(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Any:
        return min(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def amax(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return amax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def amin(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return amin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmax(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return argmax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmin(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return argmin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return all(self, dim, keepdim)

    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return any(self, dim, keepdim)

    def prod(self, dim: Any = None, keepdim: bool = False, *, dtype: DTypeLike = None) -> Tensor:
        return prod(self, dim, keepdim, dtype=dtype)

    def cumsum(self, dim: int, *, dtype: DTypeLike = None) -> Tensor:
        return cumsum(self, dim, dtype=dtype)

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        return logsumexp(self, dim, keepdim)

    def norm(
        self, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: DTypeLike = None
    ) -> Tensor:
        return norm(self, p, dim, keepdim, dtype)

    def softmax(self, dim: int, dtype: DTypeLike = None, *, axis: Any = None) -> Tensor:
        return softmax(self, dim if axis is None else axis, dtype)

    def log_softmax(self, dim: int, dtype: DTypeLike = None, *, axis: Any = None) -> Tensor:
        return log_softmax(self, dim if axis is None else axis, dtype)

    def reshape(self, *shape: Any) -> Tensor:
        return reshape(self, *shape)

    def view(self, *size: Any) -> Tensor:
        return reshape(self, *size)

    def view_as(self, other: Tensor) -> Tensor:
        return reshape(self, other.shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        return reshape(self, other.shape)

    def permute(self, *dims: Any) -> Tensor:
        return permute(self, *dims)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return transpose(self, dim0, dim1)

    def swapaxes(self, axis0: int, axis1: int) -> Tensor:
        return transpose(self, axis0, axis1)

    def t(self) -> Tensor:
        return transpose(self, 0, -1) if self.ndim == 2 else _t_low(self)

    def squeeze(self, dim: Any = None) -> Tensor:
        return squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        return unsqueeze(self, dim)

    def expand(self, *size: Any) -> Tensor:
        return expand(self, *size)

    def expand_as(self, other: Tensor) -> Tensor:
        return expand(self, other.shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return flatten(self, start_dim, end_dim)

    def repeat(self, *repeats: Any) -> Tensor:
        return repeat(self, *repeats)

    def split(self, split_size: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return split(self, split_size, dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        return chunk(self, chunks, dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return unbind(self, dim)

    def gather(self, dim: int, index: Any) -> Tensor:
        return gather(self, dim, index)

    def sort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Any:
        return sort(self, dim, descending, stable=stable)

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
        return topk(self, k, dim, largest, sorted)

    def flip(self, *dims: Any) -> Tensor:
        return flip(self, *dims)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        return roll(self, shifts, dims)

    def tril(self, diagonal: int = 0) -> Tensor:
        return tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        return triu(self, diagonal)

    def diag(self, diagonal: int = 0) -> Tensor:
        return diag(self, diagonal)

    def trace(self) -> Tensor:
        return trace(self)

    def tile(self, *dims: Any) -> Tensor:
        return tile(self, *dims)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        return narrow(self, dim, start, length)

    def select(self, dim: int, index: int) -> Tensor:
        return select(self, dim, index)

    def movedim(self, source: Any, destination: Any) -> Tensor:
        return movedim(self, source, destination)

    def repeat_interleave(
        self, repeats: Any, dim: int | None = None, *, output_size: int | None = None
    ) -> Tensor:
        return repeat_interleave(self, repeats, dim, output_size=output_size)

    def index_select(self, dim: int, index: Any) -> Tensor:
        return index_select(self, dim, index)

    def masked_select(self, mask: Any) -> Tensor:
        return masked_select(self, mask)

    def argsort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
        return argsort(self, dim, descending, stable=stable)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        return nonzero(self, as_tuple=as_tuple)

    def count_nonzero(self, dim: Any = None) -> Tensor:
        return count_nonzero(self, dim)

    def equal(self, other: Any) -> bool:
        return equal(self, other)

    def isclose(
        self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> Tensor:
        return isclose(self, other, rtol, atol, equal_nan)

    def allclose(
        self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> bool:
        return allclose(self, other, rtol, atol, equal_nan)

    def where(self, condition: Any, other: Any) -> Tensor:
        """``self`` where ``condition`` holds, else ``other``: ``ag.where(condition, self,
        other)``, as ``torch.Tensor.where``.

        Example:
            >>> import autograd as ag
            >>> x = ag.tensor([-1.0, 2.0])
            >>> x.where(x > 0, 0.0)
            tensor([0., 2.])
        """
        return where(condition, self, other)


class _RetainGrad:
    """Hook that stores a non-leaf tensor's gradient in its ``.grad``."""

    __slots__ = ("ref",)

    def __init__(self, tensor: Tensor) -> None:
        import weakref

        self.ref = weakref.ref(tensor)

    def __call__(self, grad: Tensor) -> None:
        tensor = self.ref()
        if tensor is None:
            return
        if tensor._grad is None:
            tensor._grad = grad if grad.grad_fn is not None else Tensor._make(grad._data.copy())
        else:
            tensor._grad = tensor._grad + grad


def _unwrap(value: Any) -> Any:
    """Tensors inside (nested) lists, tuples and dicts replaced by their arrays."""
    if isinstance(value, Tensor):
        return value._data
    if isinstance(value, (list, tuple)):
        return type(value)(_unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def _scaled(other: Any, alpha: Any) -> Any:
    """``alpha * other`` for ``add_``/``sub_`` (recorded when ``other`` is a Tensor)."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.number)):
        raise TypeError(f"alpha must be a number, got {alpha!r}")
    if alpha == 1:
        return other
    return other * alpha if isinstance(other, Tensor) else np.multiply(other, alpha)


def _t_low(t: Tensor) -> Tensor:
    """``t()`` of a 0-d or 1-D tensor is the tensor itself; torch refuses more than 2 dims."""
    if t.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {t.ndim}D")
    return t


def _index_arrays(index: Any) -> Any:
    """Replace Tensors inside an index by their arrays."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    return index


# The op functions the methods above call. Imported last: they import Tensor.
from .engine import backward as _engine_backward  # noqa: E402
from .factories import _new_full, _new_tensor  # noqa: E402
from .function import _named  # noqa: E402
from .ops.elementwise import (  # noqa: E402
    abs,
    add,
    cast,
    clamp,
    cos,
    div,
    eq,
    exp,
    expm1,
    floor_divide,
    ge,
    gt,
    le,
    log,
    log1p,
    lt,
    masked_fill,
    maximum,
    minimum,
    mul,
    ne,
    neg,
    pow,
    reciprocal,
    relu,
    remainder,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    sub,
    tanh,
    where,
)

# isort: split
# compare imports elementwise (which re-exports it), so it must come second.
from .ops.compare import allclose, equal, isclose, isfinite, isinf, isnan  # noqa: E402
from .ops.linalg import addmm, bmm, dot, matmul, mm, mv, outer  # noqa: E402
from .ops.mathops import (  # noqa: E402
    _invert,
    acos,
    acosh,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    cosh,
    erf,
    exp2,
    fmod,
    hypot,
    lerp,
    log2,
    log10,
    logaddexp,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    nan_to_num,
    sinc,
    sinh,
    tan,
)
from .ops.nn import log_softmax, softmax  # noqa: E402
from .ops.rearrange import (  # noqa: E402
    diag,
    flip,
    movedim,
    narrow,
    repeat_interleave,
    roll,
    select,
    tile,
    trace,
    tril,
    triu,
)
from .ops.reduce import (  # noqa: E402
    all,
    amax,
    amin,
    any,
    argmax,
    argmin,
    cumsum,
    logsumexp,
    max,
    mean,
    min,
    norm,
    prod,
    std,
    sum,
    var,
)
from .ops.select import (  # noqa: E402
    argsort,
    count_nonzero,
    gather,
    index_select,
    masked_select,
    nonzero,
    sort,
    topk,
)
from .ops.shape import (  # noqa: E402
    # noqa: E402,
    chunk,
    expand,
    flatten,
    getitem,
    index_error_message,
    permute,
    repeat,
    reshape,
    setitem,
    split,
    squeeze,
    transpose,
    unbind,
    unsqueeze,
)
from .ops.unary import (  # noqa: E402
    _overwrite,
    ceil,
    clamp_max,
    clamp_min,
    floor,
    round,
    trunc,
)

_UFUNCS: dict[np.ufunc, Callable[..., Tensor]] = {
    np.add: add,
    np.subtract: sub,
    np.multiply: mul,
    np.true_divide: div,
    np.power: pow,
    np.negative: neg,
    np.exp: exp,
    np.log: log,
    np.sqrt: sqrt,
    np.absolute: abs,
    np.tanh: tanh,
    np.sin: sin,
    np.cos: cos,
    np.sign: sign,
    np.maximum: maximum,
    np.minimum: minimum,
    np.matmul: matmul,
    np.remainder: remainder,
    np.floor_divide: floor_divide,
    np.equal: eq,
    np.not_equal: ne,
    np.less: lt,
    np.less_equal: le,
    np.greater: gt,
    np.greater_equal: ge,
    np.tan: tan,
    np.arcsin: asin,
    np.arccos: acos,
    np.arctan: atan,
    np.sinh: sinh,
    np.cosh: cosh,
    np.arcsinh: asinh,
    np.arccosh: acosh,
    np.arctanh: atanh,
    np.log2: log2,
    np.log10: log10,
    np.exp2: exp2,
    np.arctan2: atan2,
    np.hypot: hypot,
    np.logaddexp: logaddexp,
    np.fmod: fmod,
    np.logical_and: logical_and,
    np.logical_or: logical_or,
    np.logical_xor: logical_xor,
    np.logical_not: logical_not,
    np.bitwise_and: bitwise_and,
    np.bitwise_or: bitwise_or,
    np.bitwise_xor: bitwise_xor,
    np.invert: bitwise_not,
}


def _document_methods() -> None:
    """A method that only calls an op function shows that function's documentation."""
    import inspect
    import sys

    ops = sys.modules[__name__].__dict__
    aliases = {
        "clip": "clamp",
        "amax": "max",
        "amin": "min",
        "view": "reshape",
        "swapaxes": "transpose",
    }
    for name, method in vars(Tensor).items():
        if name.startswith("_") or not callable(method) or method.__doc__:
            continue
        fn = ops.get(aliases.get(name, name))
        if callable(fn) and fn.__doc__:
            method.__doc__ = f"Method form of ``autograd.{fn.__name__}``.\n\n" + inspect.cleandoc(
                fn.__doc__
            )
    Tensor.view_as.__doc__ = "``self.reshape(other.shape)``."
    Tensor.reshape_as.__doc__ = "``self.reshape(other.shape)``."
    Tensor.expand_as.__doc__ = "``self.expand(other.shape)``."
    Tensor.t.__doc__ = "Transpose a 2-D tensor (0-D and 1-D tensors are returned as is)."


_document_methods()

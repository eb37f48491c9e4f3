# mypy: disable-error-code="misc"
# (mypy requires an explicit ``self`` type to be a supertype of its class; here ``self`` is
# the Tensor these methods are installed on, which is exactly what the annotation says.)
"""The Tensor methods and operators that compute, installed on :class:`~autograd.Tensor`.

Each one is a one-line call to the op function of :mod:`autograd.ops` that owns the math
(``t.sum(1)`` is ``ops.sum(t, 1)``, ``t + u`` is ``ops.add(t, u)``), with torch's method
signature. :func:`install` copies them onto the class as plain class attributes, so method
lookup costs what it would if they were written in the class body, and gives every method
without a docstring the documentation of its op. ``autograd/__init__.py`` imports this
module, so any ``import autograd`` installs them.

The direction of the imports is one way: :mod:`autograd.tensor` (the class, no ops)
<- :mod:`autograd.function` <- :mod:`autograd.ops` <- this module.

Example:
    >>> import autograd as ag
    >>> t = ag.tensor([1.0, -2.0])
    >>> t.abs().sum(), (t * 2).tolist(), ag.Tensor.abs.__doc__.splitlines()[0]
    (tensor(3.), [2.0, -4.0], 'Method form of ``autograd.abs``.')
"""

from __future__ import annotations

import builtins
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes, ops
from .devices import CPU as _CPU
from .devices import check as check_device
from .devices import parse_to
from .dtypes import DTypeLike
from .engine import backward as _engine_backward
from .factories import _new_full, _new_tensor
from .function import _named
from .grad_mode import is_grad_enabled
from .ops.logic import _invert
from .ops.piecewise import _overwrite
from .ops.shape import _index_arrays, index_error_message, setitem
from .random import generator
from .tensor import Tensor


class TensorMethods:
    """The methods :func:`install` puts on :class:`~autograd.Tensor` (a namespace, never
    instantiated; type checkers see it as Tensor's base class)."""

    __slots__ = ()

    def backward(
        self: Tensor,
        gradient: Any = None,
        retain_graph: builtins.bool | None = None,
        create_graph: builtins.bool = False,
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

    @property
    def T(self: Tensor) -> Tensor:
        """The tensor with its dimensions reversed."""
        return ops.permute(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self: Tensor) -> Tensor:
        """The tensor with its last two dimensions swapped."""
        return ops.transpose(self, -2, -1)

    def astype(self: Tensor, dtype: DTypeLike) -> Tensor:
        """Convert to ``dtype`` (differentiable between floating dtypes).

        Example:
            >>> import autograd as ag
            >>> ag.ones(2).astype("float64").dtype
            dtype('float64')
        """
        return ops.cast(self, dtype)

    def to(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
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
                return ops.cast(self, dtype)
        # torch copies for a device that differs from the tensor's by its index ('cpu:0')
        return self.clone() if copy or (dev is not None and dev is not _CPU) else self

    def type(self: Tensor, dtype: DTypeLike, non_blocking: builtins.bool = False) -> Tensor:
        """Convert to ``dtype`` (as ``torch.Tensor.type``; on the CPU every copy is
        immediate, so ``non_blocking`` changes nothing)."""
        return ops.cast(self, dtype)

    def float(self: Tensor) -> Tensor:
        """Convert to float32."""
        return ops.cast(self, np.float32)

    def double(self: Tensor) -> Tensor:
        """Convert to float64."""
        return ops.cast(self, np.float64)

    def long(self: Tensor) -> Tensor:
        """Convert to int64."""
        return ops.cast(self, np.int64)

    def int(self: Tensor) -> Tensor:
        """Convert to int32."""
        return ops.cast(self, np.int32)

    def bool(self: Tensor) -> Tensor:
        """Convert to bool."""
        return ops.cast(self, np.bool_)

    def half(self: Tensor) -> Tensor:
        """Convert to float16."""
        return ops.cast(self, np.float16)

    def type_as(self: Tensor, other: Tensor) -> Tensor:
        """Convert to the dtype of ``other``.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1, 2]).type_as(ag.zeros(1, dtype="float64"))
            tensor([1., 2.], dtype=float64)
        """
        return ops.cast(self, other.dtype)

    def new_tensor(
        self: Tensor,
        data: Any,
        dtype: DTypeLike = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
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
        self: Tensor,
        size: Any,
        fill_value: Any,
        *,
        dtype: DTypeLike = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
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
        self: Tensor,
        *size: Any,
        dtype: DTypeLike = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
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
        self: Tensor,
        *size: Any,
        dtype: DTypeLike = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        """Ones of shape ``size`` with this tensor's dtype.

        Example:
            >>> import autograd as ag
            >>> ag.zeros(1, dtype="float64").new_ones(2)
            tensor([1., 1.], dtype=float64)
        """
        check_device(device, "new_ones")
        return _new_full(self, size, 1, dtype, requires_grad)

    def clone(self: Tensor) -> Tensor:
        """A copy that stays in the graph (gradient flows back through it).

        Example:
            >>> import autograd as ag
            >>> ag.ones(2, requires_grad=True).clone()
            tensor([1., 1.], grad_fn=<CloneBackward0>)
        """
        if not self._requires_grad:
            return Tensor._make(self._data.copy())
        return _named(ops.mul(self, 1), "CloneBackward0")

    def __array_ufunc__(
        self: Tensor, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any
    ) -> Any:
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

    def __array_function__(self: Tensor, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        """``np.where`` on Tensors records the op; other NumPy functions see plain arrays."""
        if func is np.where and len(args) == 3 and not kwargs:
            return ops.where(*args)
        return func(*_unwrap(args), **_unwrap(kwargs))

    def __add__(self: Tensor, other: Any) -> Tensor:
        return ops.add(self, other)

    def __radd__(self: Tensor, other: Any) -> Tensor:
        return ops.add(other, self)

    def __sub__(self: Tensor, other: Any) -> Tensor:
        return ops.sub(self, other)

    def __rsub__(self: Tensor, other: Any) -> Tensor:
        return ops.sub(other, self)

    def __mul__(self: Tensor, other: Any) -> Tensor:
        return ops.mul(self, other)

    def __rmul__(self: Tensor, other: Any) -> Tensor:
        return ops.mul(other, self)

    def __truediv__(self: Tensor, other: Any) -> Tensor:
        return ops.div(self, other)

    def __floordiv__(self: Tensor, other: Any) -> Tensor:
        return ops.floor_divide(self, other)

    def __rfloordiv__(self: Tensor, other: Any) -> Tensor:
        return ops.floor_divide(other, self)

    def __mod__(self: Tensor, other: Any) -> Tensor:
        return ops.remainder(self, other)

    def __rmod__(self: Tensor, other: Any) -> Tensor:
        return ops.remainder(other, self)

    def __rtruediv__(self: Tensor, other: Any) -> Tensor:
        return ops.div(other, self)

    def __pow__(self: Tensor, other: Any) -> Tensor:
        return ops.pow(self, other)

    def __rpow__(self: Tensor, other: Any) -> Tensor:
        return ops.pow(other, self)

    def __matmul__(self: Tensor, other: Any) -> Tensor:
        return ops.matmul(self, other)

    def __rmatmul__(self: Tensor, other: Any) -> Tensor:
        return ops.matmul(other, self)

    def __neg__(self: Tensor) -> Tensor:
        return ops.neg(self)

    def __pos__(self: Tensor) -> Tensor:
        return self

    def __abs__(self: Tensor) -> Tensor:
        return ops.abs(self)

    def __eq__(self: Tensor, other: Any) -> Tensor:  # type: ignore[override]
        return NotImplemented if other is None else ops.eq(self, other)  # t == None is False

    def __ne__(self: Tensor, other: Any) -> Tensor:  # type: ignore[override]
        return NotImplemented if other is None else ops.ne(self, other)

    def __lt__(self: Tensor, other: Any) -> Tensor:
        return ops.lt(self, other)

    def __le__(self: Tensor, other: Any) -> Tensor:
        return ops.le(self, other)

    def __gt__(self: Tensor, other: Any) -> Tensor:
        return ops.gt(self, other)

    def __ge__(self: Tensor, other: Any) -> Tensor:
        return ops.ge(self, other)

    def __invert__(self: Tensor) -> Tensor:
        return _invert(self)

    def __and__(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_and(self, other)

    def __rand__(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_and(other, self)

    def __or__(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_or(self, other)

    def __ror__(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_or(other, self)

    def __xor__(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_xor(self, other)

    def __rxor__(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_xor(other, self)

    def __getitem__(self: Tensor, index: Any) -> Tensor:
        return ops.getitem(self, index)

    def __setitem__(self: Tensor, index: Any, value: Any) -> None:
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

    def __iadd__(self: Tensor, other: Any) -> Tensor:
        return self._inplace(np.add, other, "+=")

    def __isub__(self: Tensor, other: Any) -> Tensor:
        return self._inplace(np.subtract, other, "-=")

    def __imul__(self: Tensor, other: Any) -> Tensor:
        return self._inplace(np.multiply, other, "*=")

    def __itruediv__(self: Tensor, other: Any) -> Tensor:
        return self._inplace(np.true_divide, other, "/=")

    def _inplace(self: Tensor, ufunc: np.ufunc, other: Any, symbol: str) -> Tensor:
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

    def add_(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
        """Add ``alpha * other`` to this tensor in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).add_(ag.tensor([1.0, 1.0]), alpha=2)
            tensor([3., 4.])
        """
        return self._inplace(np.add, _scaled(other, alpha), "add_")

    def sub_(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
        """Subtract ``alpha * other`` from this tensor in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).sub_(0.5, alpha=2)
            tensor([0., 1.])
        """
        return self._inplace(np.subtract, _scaled(other, alpha), "sub_")

    def mul_(self: Tensor, other: Any) -> Tensor:
        """Multiply by ``other`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).mul_(3)
            tensor([3., 6.])
        """
        return self._inplace(np.multiply, other, "mul_")

    def div_(self: Tensor, other: Any) -> Tensor:
        """Divide by ``other`` in place (true division; an integer tensor raises).

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0]).div_(4)
            tensor([0.2500, 0.5000])
        """
        return self._inplace(np.true_divide, other, "div_")

    def pow_(self: Tensor, exponent: Any) -> Tensor:
        """Raise to the power ``exponent`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([2.0, 3.0]).pow_(2)
            tensor([4., 9.])
        """
        return self._inplace_op(ops.pow, "pow_", exponent)

    def clamp_(self: Tensor, min: Any = None, max: Any = None) -> Tensor:
        """Clamp into ``[min, max]`` in place; either bound may be None.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([-2.0, 0.5, 3.0]).clamp_(0.0, 1.0)
            tensor([0.0000, 0.5000, 1.0000])
        """
        return self._inplace_op(ops.clamp, "clamp_", min, max)

    clip_ = clamp_

    def neg_(self: Tensor) -> Tensor:
        """Negate in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, -2.0]).neg_()
            tensor([-1.,  2.])
        """
        return self._inplace_op(ops.neg, "neg_")

    def abs_(self: Tensor) -> Tensor:
        """Absolute value in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, -2.0]).abs_()
            tensor([1., 2.])
        """
        return self._inplace_op(ops.abs, "abs_")

    def sqrt_(self: Tensor) -> Tensor:
        """Square root in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([4.0, 9.0]).sqrt_()
            tensor([2., 3.])
        """
        return self._inplace_op(ops.sqrt, "sqrt_")

    def exp_(self: Tensor) -> Tensor:
        """``e ** x`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([0.0, 1.0]).exp_()
            tensor([1.0000, 2.7183])
        """
        return self._inplace_op(ops.exp, "exp_")

    def relu_(self: Tensor) -> Tensor:
        """``max(x, 0)`` in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([-1.0, 2.0]).relu_()
            tensor([0., 2.])
        """
        return self._inplace_op(ops.relu, "relu_")

    def sigmoid_(self: Tensor) -> Tensor:
        """Logistic function in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([0.0]).sigmoid_()
            tensor([0.5000])
        """
        return self._inplace_op(ops.sigmoid, "sigmoid_")

    def tanh_(self: Tensor) -> Tensor:
        """Hyperbolic tangent in place.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([0.0]).tanh_()
            tensor([0.])
        """
        return self._inplace_op(ops.tanh, "tanh_")

    def masked_fill_(self: Tensor, mask: Any, value: Any) -> Tensor:
        """Write ``value`` where the bool ``mask`` (broadcast to this shape) is True.

        Example:
            >>> import autograd as ag
            >>> ag.tensor([1.0, 2.0, 3.0]).masked_fill_(ag.tensor([True, False, True]), 0.0)
            tensor([0., 2., 0.])
        """
        return self._inplace_op(ops.masked_fill, "masked_fill_", mask, value)

    def uniform_(self: Tensor, a: builtins.float = 0.0, b: builtins.float = 1.0) -> Tensor:
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

    def normal_(self: Tensor, mean: builtins.float = 0.0, std: builtins.float = 1.0) -> Tensor:
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
        self: Tensor, draw: Callable[[np.random.Generator], np.ndarray], symbol: str, node_name: str
    ) -> Tensor:
        if not dtypes.is_floating(self._data.dtype):
            raise RuntimeError(f"{symbol}: expects a floating point tensor, got dtype {self.dtype}")
        return self._inplace_op(_overwrite, symbol, draw(generator()), node_name)

    def exp(self: Tensor) -> Tensor:
        return ops.exp(self)

    def log(self: Tensor) -> Tensor:
        return ops.log(self)

    def sqrt(self: Tensor) -> Tensor:
        return ops.sqrt(self)

    def abs(self: Tensor) -> Tensor:
        return ops.abs(self)

    def tanh(self: Tensor) -> Tensor:
        return ops.tanh(self)

    def sigmoid(self: Tensor) -> Tensor:
        return ops.sigmoid(self)

    def relu(self: Tensor) -> Tensor:
        return ops.relu(self)

    def sin(self: Tensor) -> Tensor:
        return ops.sin(self)

    def cos(self: Tensor) -> Tensor:
        return ops.cos(self)

    def sign(self: Tensor) -> Tensor:
        return ops.sign(self)

    def log1p(self: Tensor) -> Tensor:
        return ops.log1p(self)

    def expm1(self: Tensor) -> Tensor:
        return ops.expm1(self)

    def square(self: Tensor) -> Tensor:
        return ops.square(self)

    def rsqrt(self: Tensor) -> Tensor:
        return ops.rsqrt(self)

    def reciprocal(self: Tensor) -> Tensor:
        return ops.reciprocal(self)

    def erf(self: Tensor) -> Tensor:
        return ops.erf(self)

    def tan(self: Tensor) -> Tensor:
        return ops.tan(self)

    def asin(self: Tensor) -> Tensor:
        return ops.asin(self)

    def acos(self: Tensor) -> Tensor:
        return ops.acos(self)

    def atan(self: Tensor) -> Tensor:
        return ops.atan(self)

    def sinh(self: Tensor) -> Tensor:
        return ops.sinh(self)

    def cosh(self: Tensor) -> Tensor:
        return ops.cosh(self)

    def asinh(self: Tensor) -> Tensor:
        return ops.asinh(self)

    def acosh(self: Tensor) -> Tensor:
        return ops.acosh(self)

    def atanh(self: Tensor) -> Tensor:
        return ops.atanh(self)

    def log2(self: Tensor) -> Tensor:
        return ops.log2(self)

    def log10(self: Tensor) -> Tensor:
        return ops.log10(self)

    def exp2(self: Tensor) -> Tensor:
        return ops.exp2(self)

    def sinc(self: Tensor) -> Tensor:
        return ops.sinc(self)

    def atan2(self: Tensor, other: Any) -> Tensor:
        return ops.atan2(self, other)

    def hypot(self: Tensor, other: Any) -> Tensor:
        return ops.hypot(self, other)

    def logaddexp(self: Tensor, other: Any) -> Tensor:
        return ops.logaddexp(self, other)

    def lerp(self: Tensor, end: Any, weight: Any) -> Tensor:
        return ops.lerp(self, end, weight)

    def fmod(self: Tensor, other: Any) -> Tensor:
        return ops.fmod(self, other)

    def remainder(self: Tensor, other: Any) -> Tensor:
        return ops.remainder(self, other)

    def floor_divide(self: Tensor, other: Any) -> Tensor:
        return ops.floor_divide(self, other)

    def logical_and(self: Tensor, other: Any) -> Tensor:
        return ops.logical_and(self, other)

    def logical_or(self: Tensor, other: Any) -> Tensor:
        return ops.logical_or(self, other)

    def logical_xor(self: Tensor, other: Any) -> Tensor:
        return ops.logical_xor(self, other)

    def logical_not(self: Tensor) -> Tensor:
        return ops.logical_not(self)

    def bitwise_and(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_and(self, other)

    def bitwise_or(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_or(self, other)

    def bitwise_xor(self: Tensor, other: Any) -> Tensor:
        return ops.bitwise_xor(self, other)

    def bitwise_not(self: Tensor) -> Tensor:
        return ops.bitwise_not(self)

    def nan_to_num(
        self: Tensor,
        nan: builtins.float = 0.0,
        posinf: builtins.float | None = None,
        neginf: builtins.float | None = None,
    ) -> Tensor:
        return ops.nan_to_num(self, nan, posinf, neginf)

    def masked_fill(self: Tensor, mask: Any, value: Any) -> Tensor:
        return ops.masked_fill(self, mask, value)

    def pow(self: Tensor, exponent: Any) -> Tensor:
        return ops.pow(self, exponent)

    def neg(self: Tensor) -> Tensor:
        return ops.neg(self)

    def add(self: Tensor, other: Any, *, alpha: builtins.float = 1) -> Tensor:
        return ops.add(self, other, alpha=alpha)

    def sub(self: Tensor, other: Any, *, alpha: builtins.float = 1) -> Tensor:
        return ops.sub(self, other, alpha=alpha)

    def mul(self: Tensor, other: Any) -> Tensor:
        return ops.mul(self, other)

    def div(self: Tensor, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return ops.div(self, other, rounding_mode=rounding_mode)

    def matmul(self: Tensor, other: Any) -> Tensor:
        return ops.matmul(self, other)

    def mm(self: Tensor, mat2: Any) -> Tensor:
        return ops.mm(self, mat2)

    def bmm(self: Tensor, mat2: Any) -> Tensor:
        return ops.bmm(self, mat2)

    def mv(self: Tensor, vec: Any) -> Tensor:
        return ops.mv(self, vec)

    def dot(self: Tensor, tensor: Any) -> Tensor:
        return ops.dot(self, tensor)

    def outer(self: Tensor, vec2: Any) -> Tensor:
        return ops.outer(self, vec2)

    def addmm(
        self: Tensor, mat1: Any, mat2: Any, *, beta: builtins.float = 1, alpha: builtins.float = 1
    ) -> Tensor:
        return ops.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def maximum(self: Tensor, other: Any) -> Tensor:
        return ops.maximum(self, other)

    def minimum(self: Tensor, other: Any) -> Tensor:
        return ops.minimum(self, other)

    def eq(self: Tensor, other: Any) -> Tensor:
        return ops.eq(self, other)

    def ne(self: Tensor, other: Any) -> Tensor:
        return ops.ne(self, other)

    def lt(self: Tensor, other: Any) -> Tensor:
        return ops.lt(self, other)

    def le(self: Tensor, other: Any) -> Tensor:
        return ops.le(self, other)

    def gt(self: Tensor, other: Any) -> Tensor:
        return ops.gt(self, other)

    def ge(self: Tensor, other: Any) -> Tensor:
        return ops.ge(self, other)

    def isnan(self: Tensor) -> Tensor:
        return ops.isnan(self)

    def isinf(self: Tensor) -> Tensor:
        return ops.isinf(self)

    def isfinite(self: Tensor) -> Tensor:
        return ops.isfinite(self)

    def floor(self: Tensor) -> Tensor:
        return ops.floor(self)

    def ceil(self: Tensor) -> Tensor:
        return ops.ceil(self)

    def trunc(self: Tensor) -> Tensor:
        return ops.trunc(self)

    def round(self: Tensor, *, decimals: builtins.int = 0) -> Tensor:
        return ops.round(self, decimals=decimals)

    def clamp_min(self: Tensor, min: Any) -> Tensor:
        return ops.clamp_min(self, min)

    def clamp_max(self: Tensor, max: Any) -> Tensor:
        return ops.clamp_max(self, max)

    def clamp(self: Tensor, min: Any = None, max: Any = None) -> Tensor:
        return ops.clamp(self, min, max)

    clip = clamp

    def sum(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
        dtype: DTypeLike = None,
    ) -> Tensor:
        return ops.sum(self, dim, keepdim, axis=axis, keepdims=keepdims, dtype=dtype)

    def mean(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
        dtype: DTypeLike = None,
    ) -> Tensor:
        return ops.mean(self, dim, keepdim, axis=axis, keepdims=keepdims, dtype=dtype)

    def var(
        self: Tensor,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: builtins.bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return ops.var(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def std(
        self: Tensor,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: builtins.bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return ops.std(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def max(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return ops.max(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def min(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return ops.min(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def amax(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return ops.amax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def amin(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return ops.amin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmax(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return ops.argmax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmin(
        self: Tensor,
        dim: Any = None,
        keepdim: builtins.bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return ops.argmin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def all(self: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
        return ops.all(self, dim, keepdim)

    def any(self: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
        return ops.any(self, dim, keepdim)

    def prod(
        self: Tensor, dim: Any = None, keepdim: builtins.bool = False, *, dtype: DTypeLike = None
    ) -> Tensor:
        return ops.prod(self, dim, keepdim, dtype=dtype)

    def cumsum(self: Tensor, dim: builtins.int, *, dtype: DTypeLike = None) -> Tensor:
        return ops.cumsum(self, dim, dtype=dtype)

    def logsumexp(self: Tensor, dim: Any, keepdim: builtins.bool = False) -> Tensor:
        return ops.logsumexp(self, dim, keepdim)

    def norm(
        self: Tensor,
        p: Any = "fro",
        dim: Any = None,
        keepdim: builtins.bool = False,
        dtype: DTypeLike = None,
    ) -> Tensor:
        return ops.norm(self, p, dim, keepdim, dtype)

    def softmax(
        self: Tensor, dim: builtins.int, dtype: DTypeLike = None, *, axis: Any = None
    ) -> Tensor:
        return ops.softmax(self, dim if axis is None else axis, dtype)

    def log_softmax(
        self: Tensor, dim: builtins.int, dtype: DTypeLike = None, *, axis: Any = None
    ) -> Tensor:
        return ops.log_softmax(self, dim if axis is None else axis, dtype)

    def reshape(self: Tensor, *shape: Any) -> Tensor:
        return ops.reshape(self, *shape)

    def view(self: Tensor, *size: Any) -> Tensor:
        return ops.reshape(self, *size)

    def view_as(self: Tensor, other: Tensor) -> Tensor:
        return ops.reshape(self, other.shape)

    def reshape_as(self: Tensor, other: Tensor) -> Tensor:
        return ops.reshape(self, other.shape)

    def permute(self: Tensor, *dims: Any) -> Tensor:
        return ops.permute(self, *dims)

    def transpose(self: Tensor, dim0: builtins.int, dim1: builtins.int) -> Tensor:
        return ops.transpose(self, dim0, dim1)

    def swapaxes(self: Tensor, axis0: builtins.int, axis1: builtins.int) -> Tensor:
        return ops.transpose(self, axis0, axis1)

    def t(self: Tensor) -> Tensor:
        return ops.transpose(self, 0, -1) if self.ndim == 2 else _t_low(self)

    def squeeze(self: Tensor, dim: Any = None) -> Tensor:
        return ops.squeeze(self, dim)

    def unsqueeze(self: Tensor, dim: builtins.int) -> Tensor:
        return ops.unsqueeze(self, dim)

    def expand(self: Tensor, *size: Any) -> Tensor:
        return ops.expand(self, *size)

    def expand_as(self: Tensor, other: Tensor) -> Tensor:
        return ops.expand(self, other.shape)

    def flatten(self: Tensor, start_dim: builtins.int = 0, end_dim: builtins.int = -1) -> Tensor:
        return ops.flatten(self, start_dim, end_dim)

    def repeat(self: Tensor, *repeats: Any) -> Tensor:
        return ops.repeat(self, *repeats)

    def split(self: Tensor, split_size: Any, dim: builtins.int = 0) -> tuple[Tensor, ...]:
        return ops.split(self, split_size, dim)

    def chunk(self: Tensor, chunks: builtins.int, dim: builtins.int = 0) -> tuple[Tensor, ...]:
        return ops.chunk(self, chunks, dim)

    def unbind(self: Tensor, dim: builtins.int = 0) -> tuple[Tensor, ...]:
        return ops.unbind(self, dim)

    def gather(self: Tensor, dim: builtins.int, index: Any) -> Tensor:
        return ops.gather(self, dim, index)

    def sort(
        self: Tensor,
        dim: builtins.int = -1,
        descending: builtins.bool = False,
        *,
        stable: builtins.bool = False,
    ) -> Any:
        return ops.sort(self, dim, descending, stable=stable)

    def topk(
        self: Tensor,
        k: builtins.int,
        dim: builtins.int = -1,
        largest: builtins.bool = True,
        sorted: builtins.bool = True,
    ) -> Any:
        return ops.topk(self, k, dim, largest, sorted)

    def flip(self: Tensor, *dims: Any) -> Tensor:
        return ops.flip(self, *dims)

    def roll(self: Tensor, shifts: Any, dims: Any = None) -> Tensor:
        return ops.roll(self, shifts, dims)

    def tril(self: Tensor, diagonal: builtins.int = 0) -> Tensor:
        return ops.tril(self, diagonal)

    def triu(self: Tensor, diagonal: builtins.int = 0) -> Tensor:
        return ops.triu(self, diagonal)

    def diag(self: Tensor, diagonal: builtins.int = 0) -> Tensor:
        return ops.diag(self, diagonal)

    def trace(self: Tensor) -> Tensor:
        return ops.trace(self)

    def tile(self: Tensor, *dims: Any) -> Tensor:
        return ops.tile(self, *dims)

    def narrow(
        self: Tensor, dim: builtins.int, start: builtins.int, length: builtins.int
    ) -> Tensor:
        return ops.narrow(self, dim, start, length)

    def select(self: Tensor, dim: builtins.int, index: builtins.int) -> Tensor:
        return ops.select(self, dim, index)

    def movedim(self: Tensor, source: Any, destination: Any) -> Tensor:
        return ops.movedim(self, source, destination)

    def repeat_interleave(
        self: Tensor,
        repeats: Any,
        dim: builtins.int | None = None,
        *,
        output_size: builtins.int | None = None,
    ) -> Tensor:
        return ops.repeat_interleave(self, repeats, dim, output_size=output_size)

    def index_select(self: Tensor, dim: builtins.int, index: Any) -> Tensor:
        return ops.index_select(self, dim, index)

    def masked_select(self: Tensor, mask: Any) -> Tensor:
        return ops.masked_select(self, mask)

    def argsort(
        self: Tensor,
        dim: builtins.int = -1,
        descending: builtins.bool = False,
        *,
        stable: builtins.bool = False,
    ) -> Tensor:
        return ops.argsort(self, dim, descending, stable=stable)

    def nonzero(self: Tensor, *, as_tuple: builtins.bool = False) -> Any:
        return ops.nonzero(self, as_tuple=as_tuple)

    def count_nonzero(self: Tensor, dim: Any = None) -> Tensor:
        return ops.count_nonzero(self, dim)

    def equal(self: Tensor, other: Any) -> builtins.bool:
        return ops.equal(self, other)

    def isclose(
        self: Tensor,
        other: Any,
        rtol: builtins.float = 1e-05,
        atol: builtins.float = 1e-08,
        equal_nan: builtins.bool = False,
    ) -> Tensor:
        return ops.isclose(self, other, rtol, atol, equal_nan)

    def allclose(
        self: Tensor,
        other: Any,
        rtol: builtins.float = 1e-05,
        atol: builtins.float = 1e-08,
        equal_nan: builtins.bool = False,
    ) -> builtins.bool:
        return ops.allclose(self, other, rtol, atol, equal_nan)

    def where(self: Tensor, condition: Any, other: Any) -> Tensor:
        """``self`` where ``condition`` holds, else ``other``: ``ag.where(condition, self,
        other)``, as ``torch.Tensor.where``.

        Example:
            >>> import autograd as ag
            >>> x = ag.tensor([-1.0, 2.0])
            >>> x.where(x > 0, 0.0)
            tensor([0., 2.])
        """
        return ops.where(condition, self, other)


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


_UFUNCS: dict[np.ufunc, Callable[..., Tensor]] = {
    np.add: ops.add,
    np.subtract: ops.sub,
    np.multiply: ops.mul,
    np.true_divide: ops.div,
    np.power: ops.pow,
    np.negative: ops.neg,
    np.exp: ops.exp,
    np.log: ops.log,
    np.sqrt: ops.sqrt,
    np.absolute: ops.abs,
    np.tanh: ops.tanh,
    np.sin: ops.sin,
    np.cos: ops.cos,
    np.sign: ops.sign,
    np.maximum: ops.maximum,
    np.minimum: ops.minimum,
    np.matmul: ops.matmul,
    np.remainder: ops.remainder,
    np.floor_divide: ops.floor_divide,
    np.equal: ops.eq,
    np.not_equal: ops.ne,
    np.less: ops.lt,
    np.less_equal: ops.le,
    np.greater: ops.gt,
    np.greater_equal: ops.ge,
    np.tan: ops.tan,
    np.arcsin: ops.asin,
    np.arccos: ops.acos,
    np.arctan: ops.atan,
    np.sinh: ops.sinh,
    np.cosh: ops.cosh,
    np.arcsinh: ops.asinh,
    np.arccosh: ops.acosh,
    np.arctanh: ops.atanh,
    np.log2: ops.log2,
    np.log10: ops.log10,
    np.exp2: ops.exp2,
    np.arctan2: ops.atan2,
    np.hypot: ops.hypot,
    np.logaddexp: ops.logaddexp,
    np.fmod: ops.fmod,
    np.logical_and: ops.logical_and,
    np.logical_or: ops.logical_or,
    np.logical_xor: ops.logical_xor,
    np.logical_not: ops.logical_not,
    np.bitwise_and: ops.bitwise_and,
    np.bitwise_or: ops.bitwise_or,
    np.bitwise_xor: ops.bitwise_xor,
    np.invert: ops.bitwise_not,
}


# Methods whose op has another name, for the documentation.
_DOC_ALIASES = {
    "clip": "clamp",
    "amax": "max",
    "amin": "min",
    "view": "reshape",
    "swapaxes": "transpose",
}
# What a class body defines for itself. ``__hash__`` is among them: TensorMethods defines
# ``__eq__``, which sets its ``__hash__`` to None; Tensor keeps its identity hash.
_NOT_METHODS = {
    "__module__",
    "__qualname__",
    "__doc__",
    "__slots__",
    "__dict__",
    "__weakref__",
    "__hash__",
}


def install() -> None:
    """Put the methods and operators of :class:`TensorMethods` on :class:`~autograd.Tensor`.

    A method that only calls an op function and has no docstring of its own shows that
    function's documentation. Runs once, when this module is imported.

    Example:
        >>> import autograd as ag
        >>> ag.Tensor.__add__ is TensorMethods.__add__
        True
    """
    for name, member in vars(TensorMethods).items():
        if name not in _NOT_METHODS:
            setattr(Tensor, name, member)
    for name, method in vars(TensorMethods).items():
        if name.startswith("_") or not callable(method) or method.__doc__:
            continue
        fn = getattr(ops, _DOC_ALIASES.get(name, name), None)
        if callable(fn) and fn.__doc__:
            method.__doc__ = f"Method form of ``autograd.{fn.__name__}``.\n\n" + inspect.cleandoc(
                fn.__doc__
            )
    Tensor.view_as.__doc__ = "``self.reshape(other.shape)``."
    Tensor.reshape_as.__doc__ = "``self.reshape(other.shape)``."
    Tensor.expand_as.__doc__ = "``self.expand(other.shape)``."
    Tensor.t.__doc__ = "Transpose a 2-D tensor (0-D and 1-D tensors are returned as is)."


install()

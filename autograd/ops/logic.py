"""Logic: comparisons (eq, ne, lt, le, gt, ge), the classifiers isnan, isinf
and isfinite, isclose, allclose and equal, the logical_* and the bitwise_* ops.

Every result is bool (or, for bitwise ops, the integer dtype of the operands) and carries
no gradient, as in PyTorch: nothing here is a :class:`~autograd.function.Function`. Binary
ops broadcast like NumPy and promote their operands as the arithmetic does.
"""

from __future__ import annotations

import numpy as np

from .._shape import broadcast_shapes
from .._typing import TensorLike
from ..tensor import Tensor
from ._operands import _not_implemented, _operands, as_tensor

__all__ = [
    "allclose",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "eq",
    "equal",
    "ge",
    "gt",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "le",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "lt",
    "ne",
]


def _compare(ufunc: np.ufunc, a: TensorLike, b: TensorLike, name: str) -> Tensor:
    a, b = _operands(a, b)
    try:
        return Tensor._make(ufunc(a._data, b._data))
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)
        raise


def eq(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a == b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.eq(ag.tensor([1, 2]), 2)
        tensor([False,  True])
    """
    return _compare(np.equal, input, other, "eq")


def ne(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a != b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.ne(ag.tensor([1, 2]), 2)
        tensor([ True, False])
    """
    return _compare(np.not_equal, input, other, "ne")


def lt(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a < b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.lt(ag.tensor([1, 2]), 2)
        tensor([ True, False])
    """
    return _compare(np.less, input, other, "lt")


def le(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a <= b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.le(ag.tensor([1, 2]), 2)
        tensor([True, True])
    """
    return _compare(np.less_equal, input, other, "le")


def gt(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a > b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.gt(ag.tensor([1, 2]), 2)
        tensor([False, False])
    """
    return _compare(np.greater, input, other, "gt")


def ge(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``a >= b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.ge(ag.tensor([1, 2]), 2)
        tensor([False,  True])
    """
    return _compare(np.greater_equal, input, other, "ge")


def _classify(ufunc: np.ufunc, x: TensorLike, otherwise: bool) -> Tensor:
    """``ufunc(x)`` for floating tensors; integer and bool ones are all ``otherwise``."""
    x = as_tensor(x)
    if x._data.dtype.kind in "fc":
        return Tensor._make(ufunc(x._data))
    return Tensor._make(np.full(x.shape, otherwise))


def isnan(input: TensorLike) -> Tensor:
    """Elementwise ``x != x``: True where ``x`` is NaN, as ``torch.isnan``.

    Example:
        >>> import autograd as ag
        >>> ag.isnan(ag.tensor([1.0, float("nan"), float("inf")]))
        tensor([False,  True, False])
    """
    return _classify(np.isnan, input, False)


def isinf(input: TensorLike) -> Tensor:
    """True where ``x`` is positive or negative infinity, as ``torch.isinf``.

    Example:
        >>> import autograd as ag
        >>> ag.isinf(ag.tensor([1.0, float("nan"), -float("inf")]))
        tensor([False, False,  True])
    """
    return _classify(np.isinf, input, False)


def isfinite(input: TensorLike) -> Tensor:
    """True where ``x`` is neither NaN nor infinite, as ``torch.isfinite``.

    Example:
        >>> import autograd as ag
        >>> ag.isfinite(ag.tensor([1.0, float("nan"), float("inf")]))
        tensor([ True, False, False])
    """
    return _classify(np.isfinite, input, True)


def _close_operands(
    a: TensorLike, b: TensorLike, rtol: float, atol: float, name: str
) -> tuple[np.ndarray, np.ndarray]:
    a = as_tensor(a)
    b = b if isinstance(b, Tensor) else Tensor._make(np.asarray(b, dtype=a._data.dtype))
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(
            f"{name}: {a._data.dtype} did not match {b._data.dtype}; both tensors "
            f"need one dtype, e.g. other.type_as(input)"
        )
    if rtol < 0 or atol < 0:
        raise RuntimeError(
            f"{name}: rtol and atol must be greater than or equal to zero, but "
            f"got rtol={rtol} and atol={atol}"
        )
    broadcast_shapes(name, a.shape, b.shape)
    return a._data, b._data


def isclose(
    input: TensorLike,
    other: TensorLike,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
) -> Tensor:
    """Elementwise ``|a - b| <= atol + rtol * |b|`` as a bool tensor, as ``torch.isclose``;
    infinities of one sign are close, NaNs only with ``equal_nan``. Both need one dtype.

    Example:
        >>> import autograd as ag
        >>> ag.isclose(ag.tensor([1.0, 2.0]), ag.tensor([1.0 + 1e-7, 2.1]))
        tensor([ True, False])
    """
    x, y = _close_operands(input, other, rtol, atol, "isclose")
    if x.dtype == np.bool_:
        return Tensor._make(np.equal(x, y))
    return Tensor._make(np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(
    input: TensorLike,
    other: TensorLike,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
) -> bool:
    """True when every entry of :func:`isclose` holds, as ``torch.allclose`` (a Python bool).

    Example:
        >>> import autograd as ag
        >>> ag.allclose(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 2.0 + 1e-6]))
        True
    """
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input: TensorLike, other: TensorLike) -> bool:
    """True when both have the same shape and the same values, as ``torch.equal``
    (a Python bool; NaN equals nothing).

    Example:
        >>> import autograd as ag
        >>> ag.equal(ag.tensor([1, 2]), ag.tensor([1.0, 2.0])), ag.tensor([1]).equal([1, 2])
        (True, False)
    """
    x, y = as_tensor(input)._data, as_tensor(other)._data
    return x.shape == y.shape and bool(np.array_equal(x, y))


def _logical(ufunc: np.ufunc, a: TensorLike, b: TensorLike, name: str) -> Tensor:
    a, b = as_tensor(a), as_tensor(b)
    try:
        return Tensor._make(ufunc(a._data, b._data))
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)
        raise


def logical_and(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``input and other`` of any dtypes (nonzero is True), a bool tensor, as
    ``torch.logical_and``.

    Example:
        >>> import autograd as ag
        >>> ag.logical_and(ag.tensor([1, 2, 0]), ag.tensor([2.0, 0.0, 1.0]))
        tensor([ True, False, False])
    """
    return _logical(np.logical_and, input, other, "logical_and")


def logical_or(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``input or other`` of any dtypes, a bool tensor, as ``torch.logical_or``.

    Example:
        >>> import autograd as ag
        >>> ag.logical_or(ag.tensor([1, 0, 0]), ag.tensor([0, 0, 3]))
        tensor([ True, False,  True])
    """
    return _logical(np.logical_or, input, other, "logical_or")


def logical_xor(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise exclusive or of the truth values, a bool tensor, as ``torch.logical_xor``.

    Example:
        >>> import autograd as ag
        >>> ag.logical_xor(ag.tensor([1, 0, 2]), ag.tensor([0, 0, 3]))
        tensor([ True, False, False])
    """
    return _logical(np.logical_xor, input, other, "logical_xor")


def logical_not(input: TensorLike) -> Tensor:
    """Elementwise ``not input`` of any dtype (zero is False), a bool tensor, as
    ``torch.logical_not``; ``~`` is :func:`bitwise_not`.

    Example:
        >>> import autograd as ag
        >>> ag.logical_not(ag.tensor([0, 3]))
        tensor([ True, False])
    """
    return Tensor._make(np.logical_not(as_tensor(input)._data))


def _bitwise(ufunc: np.ufunc, a: TensorLike, b: TensorLike, name: str) -> Tensor:
    a, b = _operands(a, b)
    _not_implemented(name, a, b, kinds="fc")
    return _logical(ufunc, a, b, name)


def bitwise_and(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise bitwise AND of integer or bool tensors (``&``), as ``torch.bitwise_and``.

    Example:
        >>> import autograd as ag
        >>> ag.bitwise_and(ag.tensor([12, 10]), 6)
        tensor([4, 2])
        >>> ag.tensor([True, True]) & ag.tensor([True, False])
        tensor([ True, False])
    """
    return _bitwise(np.bitwise_and, input, other, "bitwise_and")


def bitwise_or(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise bitwise OR of integer or bool tensors (``|``), as ``torch.bitwise_or``.

    Example:
        >>> import autograd as ag
        >>> ag.bitwise_or(ag.tensor([12, 10]), 1)
        tensor([13, 11])
    """
    return _bitwise(np.bitwise_or, input, other, "bitwise_or")


def bitwise_xor(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise bitwise XOR of integer or bool tensors (``^``), as ``torch.bitwise_xor``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([True, True]) ^ ag.tensor([True, False])
        tensor([False,  True])
    """
    return _bitwise(np.bitwise_xor, input, other, "bitwise_xor")


def bitwise_not(input: TensorLike) -> Tensor:
    """Elementwise bitwise NOT of an integer or bool tensor (``~``), as ``torch.bitwise_not``.

    Example:
        >>> import autograd as ag
        >>> ag.bitwise_not(ag.tensor([0, 5])), ~ag.tensor([True, False])
        (tensor([-1, -6]), tensor([False,  True]))
    """
    x = as_tensor(input)
    _not_implemented("bitwise_not", x, kinds="fc")
    return Tensor._make(np.invert(x._data))


def _invert(x: Tensor) -> Tensor:
    """``~x``: torch refuses it on floating tensors with a TypeError."""
    if x._data.dtype.kind in "fc":
        raise TypeError(
            f"~ (operator.invert) is only implemented on integer and bool tensors, "
            f"got {x.dtype}; for a mask compare first, e.g. ~(x > 0)"
        )
    return bitwise_not(x)

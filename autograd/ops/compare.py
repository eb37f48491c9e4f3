"""Comparisons and logic: bool results, no gradient."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._shape import broadcast_shapes
from ..tensor import Tensor
from .elementwise import _operands, as_tensor

TensorLike = Any


def _compare(ufunc: np.ufunc, a: TensorLike, b: TensorLike, name: str) -> Tensor:
    a, b = _operands(a, b)
    try:
        return Tensor._make(ufunc(a.data, b.data))
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)
        raise


def eq(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``a == b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.eq(ag.tensor([1, 2]), 2)
        tensor([False,  True])
    """
    return _compare(np.equal, a, b, "eq")


def ne(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``a != b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.ne(ag.tensor([1, 2]), 2)
        tensor([ True, False])
    """
    return _compare(np.not_equal, a, b, "ne")


def lt(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``a < b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.lt(ag.tensor([1, 2]), 2)
        tensor([ True, False])
    """
    return _compare(np.less, a, b, "lt")


def le(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``a <= b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.le(ag.tensor([1, 2]), 2)
        tensor([True, True])
    """
    return _compare(np.less_equal, a, b, "le")


def gt(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``a > b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.gt(ag.tensor([1, 2]), 2)
        tensor([False, False])
    """
    return _compare(np.greater, a, b, "gt")


def ge(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``a >= b`` as a bool tensor.

    Example:
        >>> import autograd as ag
        >>> ag.ge(ag.tensor([1, 2]), 2)
        tensor([False,  True])
    """
    return _compare(np.greater_equal, a, b, "ge")


def logical_not(x: TensorLike) -> Tensor:
    """Elementwise logical not (``~`` on bool tensors, bitwise not on integers).

    Example:
        >>> import autograd as ag
        >>> ~ag.tensor([True, False])
        tensor([False,  True])
    """
    x = as_tensor(x)
    return Tensor._make(np.invert(x.data) if x.data.dtype.kind in "biu" else ~x.data.astype(bool))


def logical_and(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``&`` of bool (or integer) tensors.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([True, True]) & ag.tensor([True, False])
        tensor([ True, False])
    """
    return _compare(np.bitwise_and, a, b, "logical_and")


def logical_or(a: TensorLike, b: TensorLike) -> Tensor:
    """Elementwise ``|`` of bool (or integer) tensors.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([False, False]) | ag.tensor([True, False])
        tensor([ True, False])
    """
    return _compare(np.bitwise_or, a, b, "logical_or")

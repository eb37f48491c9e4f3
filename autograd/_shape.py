"""Shape helpers shared by every op: broadcast reduction and dim normalisation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def unbroadcast(grad: Any, shape: tuple[int, ...]) -> Any:
    """Sum ``grad`` down to ``shape``, undoing NumPy broadcasting.

    ``grad`` is an ndarray during a plain backward and a Tensor under
    ``create_graph=True``; both understand ``sum(axis, keepdims)`` and ``reshape``.
    """
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    dims = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1
    )
    if dims:
        grad = grad.sum(axis=dims, keepdims=True)
    return grad.reshape(shape)


def broadcast_shapes(op: str, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast shape of ``a`` and ``b``, or a RuntimeError naming both."""
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        raise RuntimeError(
            f"{op}: shapes {a} and {b} cannot be broadcast together "
            "(trailing dims must be equal or 1)"
        ) from None


def normalize_dim(dim: int, ndim: int, op: str = "op") -> int:
    """Map a possibly negative ``dim`` into ``range(ndim)`` (0-d tensors accept 0 and -1)."""
    size = max(ndim, 1)
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be an int, got {type(dim).__name__}")
    if not -size <= dim < size:
        raise IndexError(
            f"{op}: dim {dim} is out of range for a tensor with {ndim} dims "
            f"(expected to be in range [{-size}, {size - 1}])"
        )
    return int(dim) % size


def normalize_dims(dim: int | Sequence[int] | None, ndim: int, op: str = "op") -> tuple[int, ...]:
    """Normalise ``dim`` (None meaning all dims) into a sorted tuple of distinct dims."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    out = tuple(sorted({normalize_dim(d, ndim, op) for d in dims}))
    if len(out) != len(dims):
        raise RuntimeError(f"{op}: dim {tuple(dims)} names a dimension more than once")
    if ndim == 0:
        return ()
    return out


def resolve_aliases(dim: Any, keepdim: Any, axis: Any, keepdims: Any) -> tuple[Any, bool]:
    """Accept NumPy's ``axis``/``keepdims`` as spellings of ``dim``/``keepdim``."""
    if axis is not None:
        if dim is not None:
            raise TypeError("pass either dim or axis, not both")
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    return dim, bool(keepdim)

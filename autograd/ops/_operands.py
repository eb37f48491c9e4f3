"""Turning arguments into Tensors, and the helpers every op family shares.

``as_tensor`` wraps numbers, arrays and nested lists; ``_operands`` pairs two arguments
with PyTorch's type promotion (a Python scalar takes the tensor's dtype, so
``float32 * 2.0`` stays float32; mixed tensor dtypes are promoted through the
differentiable :class:`Cast`, which is ``cast``); ``_float`` promotes integer and bool
input of a floating function to float32. ``_binary`` and ``_apply_binary`` apply a binary
op with the readable broadcast error, and ``_masked_grad`` is the gradient that a mask
lets through, shared by the piecewise ops, ``where`` and the reductions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes
from .._shape import broadcast_shapes
from .._typing import TensorLike
from ..function import Function
from ..tensor import Tensor

__all__ = ["cast"]


def as_tensor(value: TensorLike, like: np.dtype | None = None) -> Tensor:
    """``value`` as a Tensor; a Python scalar takes the dtype ``like`` when compatible."""
    if isinstance(value, Tensor):
        return value
    if type(value) is float and like is not None and like.kind == "f":  # the common x * 0.5
        return Tensor._make(np.array(value, like))
    if isinstance(value, (bool, int, float)) and like is not None:
        return Tensor._make(dtypes.scalar_array(value, like))
    if isinstance(value, np.ndarray):
        return Tensor._make(value)
    return Tensor(value)


def _operands(a: TensorLike, b: TensorLike) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of one dtype (PyTorch promotion)."""
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            b = as_tensor(b)
        a = as_tensor(a, b._data.dtype)
    elif not isinstance(b, Tensor):
        b = as_tensor(b, a._data.dtype)
    if a._data.dtype != b._data.dtype:
        dtype = dtypes.result_type(a._data, b._data)
        a, b = cast(a, dtype), cast(b, dtype)
    return a, b


# The ops torch refuses with a bool operand (sub alone); arithmetic.py registers them. A set,
# so the check costs one hash lookup on the mixed-operand path.
REFUSES_BOOL: set[type[Function]] = set()


def _binary(fn: type[Function], a: TensorLike, b: TensorLike, name: str) -> Tensor:
    # Fast path: two Tensors of one dtype (dtype objects of built-in types are shared,
    # so ``is`` settles the common case; anything else goes through _operands).
    if not (isinstance(a, Tensor) and isinstance(b, Tensor) and a._data.dtype is b._data.dtype):
        if fn in REFUSES_BOOL:
            _check_bool_sub(a, b)  # before _operands promotes a bool operand to a number
        a, b = _operands(a, b)
    try:
        return fn.apply(a, b)
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)  # raises the readable error if shapes clash
        raise
    except TypeError:
        if fn in REFUSES_BOOL:
            _check_bool_sub(a, b)  # NumPy refuses bool - bool with a TypeError
        raise


def _is_bool(value: TensorLike) -> bool:
    kind = type(value)
    if kind is float or kind is int:  # the common scalar operands, settled first
        return False
    if isinstance(value, (Tensor, np.ndarray)):
        data = value._data if isinstance(value, Tensor) else value
        return data.dtype.kind == "b"
    return kind is bool or kind is np.bool_


def _check_bool_sub(a: TensorLike, b: TensorLike) -> None:
    """torch refuses ``-`` with a bool operand (a tensor or a Python bool)."""
    if _is_bool(a) or _is_bool(b):
        kinds = [
            type(v).__name__ if not isinstance(v, Tensor) else f"{v.dtype} tensor" for v in (a, b)
        ]
        raise RuntimeError(
            f"sub: cannot subtract with a bool operand (got {kinds[0]} - {kinds[1]}); "
            "to invert a mask use ~ or logical_not(), for exclusive or use ^"
        )


# Signed integers as wide as each float type: a float's bits AND all-ones is the float,
# AND zero is +0.0, whatever the float (inf and NaN included).
_SAME_WIDTH_INT = {2: np.int16, 4: np.int32, 8: np.int64}

_INT_ONE = {size: np.ones((), itype) for size, itype in _SAME_WIDTH_INT.items()}


def _masked_grad(grad: Any, mask: Any, keep: bool = True) -> Any:
    """``grad`` where ``mask == keep``, exactly 0 elsewhere: torch's ``where(mask, grad, 0)``.

    A product ``grad * mask`` would turn an inf or NaN gradient into NaN at a masked-out
    place; torch gives 0 there. ``mask`` is bool and broadcasts with ``grad``. On arrays
    this ANDs the gradient's bits with a mask of all-ones or zeros, which runs as fast as
    the product (``np.where`` branches per element and is ten times slower on a random
    mask); on Tensors (``create_graph=True``) it records ``where``.
    """
    itype = _SAME_WIDTH_INT.get(grad.dtype.itemsize)
    if (
        type(grad) is not np.ndarray
        or type(mask) is not np.ndarray
        or itype is None
        or grad.dtype.kind != "f"
    ):
        return np.where(mask, grad, 0) if keep else np.where(mask, 0, grad)
    bits = mask.astype(itype)  # 0 / 1
    if keep:
        np.negative(bits, out=bits)  # 1 -> all ones
    else:
        np.subtract(bits, _INT_ONE[bits.itemsize], out=bits)  # 0 -> all ones, 1 -> 0
    out = bits if bits.shape == grad.shape else None
    return np.bitwise_and(grad.view(itype), bits, out=out).view(grad.dtype)


class Cast(Function):
    """out = x converted to ``dtype``.  d/dx = grad converted back to x's dtype."""

    @staticmethod
    def forward(ctx, x, *, dtype):
        ctx.source = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return (grad.astype(ctx.source),)


def cast(x: TensorLike, dtype: dtypes.DTypeLike) -> Tensor:
    """``x`` converted to ``dtype``; differentiable between floating dtypes.

    Example:
        >>> import autograd as ag
        >>> ag.cast(ag.tensor([1.7]), "int64")
        tensor([1])
    """
    x = as_tensor(x)
    dtype = dtypes.to_dtype(dtype)
    if x._data.dtype == dtype:
        return x
    return Cast.apply(x, dtype=dtype)


def _float(x: TensorLike) -> Tensor:
    """Integer and bool tensors are promoted to float32 by floating functions (as torch)."""
    if isinstance(x, Tensor) and x._data.dtype.kind in "fc":
        return x
    x = as_tensor(x)
    return x if x._data.dtype.kind in "fc" else cast(x, dtypes.DEFAULT_FLOAT)


def _not_implemented(name: str, *tensors: Tensor, kinds: str = "biu") -> None:
    """torch's NotImplementedError for a dtype its kernel does not cover."""
    for t in tensors:
        if t._data.dtype.kind in kinds:
            raise NotImplementedError(
                f"{name}: not implemented for {t.dtype} tensors (shape "
                f"{t.shape}); convert with .float() first"
            )


def _apply_binary(fn: type[Function], a: Tensor, b: Tensor, name: str) -> Tensor:
    try:
        return fn.apply(a, b)
    except ValueError:
        broadcast_shapes(name, a.shape, b.shape)  # the readable error where shapes clash
        raise

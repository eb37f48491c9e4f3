"""Piecewise functions: abs, sign, relu, the rounding functions floor, ceil,
trunc and round, clamp (clip), clamp_min, clamp_max, maximum, minimum and nan_to_num.

Their derivatives are masks: the backward lets the gradient through where the input is on
the sloped piece (through :func:`~autograd.ops._operands._masked_grad`) and gives exactly
zero elsewhere. The steps (sign and the rounding functions) have a zero gradient
everywhere, as in PyTorch. ``_overwrite`` is the node of the in-place random fills
(``uniform_``, ``normal_``): new values, and a zero gradient to the old ones.

Binary ops broadcast like NumPy; their backward reduces each gradient back to its input's
shape with :func:`autograd._shape.unbroadcast`. Integer and bool input keeps its
dtype.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .. import dtypes
from .._shape import broadcast_shapes, unbroadcast
from .._typing import TensorLike
from ..function import Function, _named
from ..tensor import Tensor
from ._operands import _binary, _masked_grad, as_tensor, cast
from .indexing import where

__all__ = [
    "abs",
    "ceil",
    "clamp",
    "clamp_max",
    "clamp_min",
    "clip",
    "floor",
    "maximum",
    "minimum",
    "nan_to_num",
    "relu",
    "round",
    "sign",
    "trunc",
]


class Clamp(Function):
    """out = min(max(x, lo), hi).  d/dx = grad where lo <= x <= hi, else 0."""

    @staticmethod
    def forward(ctx, x, *, lo, hi):
        ctx.save_for_backward(
            ((x >= lo) if lo is not None else True) & ((x <= hi) if hi is not None else True)
        )
        return np.clip(x, lo, hi)

    @staticmethod
    def backward(ctx, grad):
        (inside,) = ctx.saved_tensors
        return (_masked_grad(grad, inside),)


def clamp(
    input: TensorLike, min: TensorLike | None = None, max: TensorLike | None = None
) -> Tensor:
    """Clamp every element into ``[min, max]``; either bound may be None.

    Example:
        >>> import autograd as ag
        >>> ag.clamp(ag.tensor([-2.0, 0.5, 3.0]), min=0.0, max=1.0)
        tensor([0.0000, 0.5000, 1.0000])
    """
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
    input = as_tensor(input)
    if (isinstance(min, Tensor) and min._requires_grad) or (
        isinstance(max, Tensor) and max._requires_grad
    ):
        return _clamp_tensor_bounds(input, min, max)
    lo = min._data if isinstance(min, Tensor) else min
    hi = max._data if isinstance(max, Tensor) else max
    if input._data.dtype.kind in "biu" and builtins.any(
        isinstance(b, float) or (isinstance(b, np.ndarray) and b.dtype.kind == "f")
        for b in (lo, hi)
    ):
        input = cast(input, dtypes.DEFAULT_FLOAT)  # an integer tensor with a float bound, as torch
    # Bounds take the tensor's dtype, so np.clip cannot widen float32 to float64.
    dtype = input._data.dtype
    low = None if lo is None else np.asarray(lo, dtype)
    high = None if hi is None else np.asarray(hi, dtype)
    for bound in (low, high):
        if isinstance(bound, np.ndarray) and bound.ndim:  # a tensor bound broadcasts with x
            broadcast_shapes("clamp", input.shape, bound.shape)
    return Clamp.apply(input, lo=low, hi=high)


clip = clamp


def _clamp_tensor_bounds(x: Tensor, lo: TensorLike | None, hi: TensorLike | None) -> Tensor:
    """clamp with bounds that require grad, as torch: the gradient goes to the bound where
    it is applied (``x < lo`` or ``x > hi``) and to ``x`` elsewhere (boundary included);
    ``hi`` wins where ``lo > hi``."""
    out = x
    if lo is not None:
        out = where(out < lo, lo, out)
    if hi is not None:
        out = where(out > hi, hi, out)
    return out


class Maximum(Function):
    """out = max(a, b).  d/da = grad unless b wins (0 there), d/db likewise; ties split it
    evenly. Where a NaN is compared neither wins, so both inputs get all of it (as torch)."""

    shapes: tuple[tuple[int, ...], tuple[int, ...]]  # the inputs' shapes, for unbroadcast
    needs_input_grad: tuple[bool, ...]

    @staticmethod
    def forward(ctx, a, b):
        out = np.maximum(a, b)
        _save_extremum_masks(ctx, a, b, a < b, a > b, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return _extremum_backward(ctx, grad)


class Minimum(Function):
    """out = min(a, b).  d/da = grad unless b wins (0 there), d/db likewise; ties split it
    evenly. Where a NaN is compared neither wins, so both inputs get all of it (as torch)."""

    shapes: tuple[tuple[int, ...], tuple[int, ...]]  # the inputs' shapes, for unbroadcast
    needs_input_grad: tuple[bool, ...]

    @staticmethod
    def forward(ctx, a, b):
        out = np.minimum(a, b)
        _save_extremum_masks(ctx, a, b, a > b, a < b, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return _extremum_backward(ctx, grad)


def _save_extremum_masks(
    ctx: Maximum | Minimum,
    a: np.ndarray,
    b: np.ndarray,
    b_wins: np.ndarray,
    a_wins: np.ndarray,
    dtype: np.dtype,
) -> None:
    """Save where each input loses, and the tie factor (0.5 at ties, else 1) in the output's
    dtype, or None without ties, for maximum's and minimum's backward."""
    ctx.shapes = a.shape, b.shape
    tie = a == b
    half = np.where(tie, 0.5, 1.0).astype(dtype) if tie.any() else None
    ctx.save_for_backward(b_wins, a_wins, half)


def _extremum_backward(ctx: Maximum | Minimum, grad: Any) -> tuple[Any, Any]:
    """Each input's gradient for maximum/minimum: selected where it does not lose."""
    a_loses, b_loses, half = ctx.saved_tensors
    a_shape, b_shape = ctx.shapes
    if half is not None:
        grad = grad * half
    needs = ctx.needs_input_grad
    return (
        unbroadcast(_masked_grad(grad, a_loses, keep=False), a_shape) if needs[0] else None,
        unbroadcast(_masked_grad(grad, b_loses, keep=False), b_shape) if needs[1] else None,
    )


def maximum(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise maximum, as ``torch.maximum``; ties split the gradient evenly.

    Example:
        >>> import autograd as ag
        >>> ag.maximum(ag.tensor([1.0, 5.0]), ag.tensor([3.0, 2.0]))
        tensor([3., 5.])
    """
    return _binary(Maximum, input, other, "maximum")


def minimum(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise minimum, as ``torch.minimum``; ties split the gradient evenly.

    Example:
        >>> import autograd as ag
        >>> ag.minimum(ag.tensor([1.0, 5.0]), ag.tensor([3.0, 2.0]))
        tensor([1., 2.])
    """
    return _binary(Minimum, input, other, "minimum")


class Abs(Function):
    """out = |x|.  d/dx = grad * sign(x) (0 at x == 0, and at NaN as torch's sgn)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * np.where(x == x, np.sign(x), 0),)


class Sign(Function):
    """out = sign(x).  d/dx = 0 everywhere it is defined."""

    @staticmethod
    def forward(ctx, x):
        return np.sign(x)

    @staticmethod
    def backward(ctx, grad):
        return (grad * 0,)


class ReLU(Function):
    """out = max(x, 0).  d/dx = grad, except 0 where out <= 0 (torch's test, so a NaN
    input passes the gradient through).

    Saves the mask ``out <= 0`` (one byte per element), not the output: the output is then
    freed as soon as the next layer is done with it, which keeps a conv -> relu -> pool
    stack's memory, and the page faults of re-growing it every step, down. The backward
    selects rather than multiplies, so an inf or NaN gradient still gives exactly 0 there.
    """

    torch_name = "ReluBackward0"

    @staticmethod
    def forward(ctx, x):
        out = np.maximum(x, 0)
        ctx.save_for_backward(out <= 0)
        return out

    @staticmethod
    def backward(ctx, grad):
        (dead,) = ctx.saved_tensors
        return (_masked_grad(grad, dead, keep=False),)


def abs(input: TensorLike) -> Tensor:
    """Elementwise absolute value.

    Example:
        >>> import autograd as ag
        >>> ag.abs(ag.tensor([-1.5, 2.0]))
        tensor([1.5000, 2.0000])
    """
    return Abs.apply(as_tensor(input))


def sign(input: TensorLike) -> Tensor:
    """Elementwise sign (-1, 0 or 1); its gradient is zero.

    Example:
        >>> import autograd as ag
        >>> ag.sign(ag.tensor([-2.0, 0.0, 3.0]))
        tensor([-1.,  0.,  1.])
    """
    return Sign.apply(as_tensor(input))


def relu(input: TensorLike) -> Tensor:
    """Elementwise ``max(x, 0)``.

    Example:
        >>> import autograd as ag
        >>> ag.relu(ag.tensor([-1.0, 2.0]))
        tensor([0., 2.])
    """
    return ReLU.apply(as_tensor(input))


class _Step(Function):
    """Base of piecewise-constant ops: d/dx = 0 wherever it is defined.

    The gradient is a zero array, not ``grad * 0``, so an infinite or NaN upstream
    gradient still gives 0, as in PyTorch.
    """

    @staticmethod
    def backward(ctx, grad):
        return (np.zeros_like(grad),)


class Floor(_Step):
    """out = floor(x).  d/dx = 0."""

    @staticmethod
    def forward(ctx, x):
        return np.floor(x)


class Ceil(_Step):
    """out = ceil(x).  d/dx = 0."""

    @staticmethod
    def forward(ctx, x):
        return np.ceil(x)


class Trunc(_Step):
    """out = trunc(x) (rounded towards zero).  d/dx = 0."""

    @staticmethod
    def forward(ctx, x):
        return np.trunc(x)


class Round(_Step):
    """out = x rounded half to even at ``decimals`` decimal places.  d/dx = 0."""

    @staticmethod
    def forward(ctx, x, *, decimals):
        return np.round(x, decimals)


class Overwrite(_Step):
    """out = ``values`` (in x's dtype), whatever x is.  d/dx = 0.

    The graph node of an in-place fill such as ``uniform_`` on a tensor in the graph.
    """

    @staticmethod
    def forward(ctx, x, *, values):
        return np.broadcast_to(np.asarray(values, x.dtype), x.shape).copy()


def _rounding(fn: type[Function], x: TensorLike, name: str, **params: Any) -> Tensor:
    """Apply a rounding op; integer input is returned as a copy (already whole), as torch."""
    x = as_tensor(x)
    kind = x._data.dtype.kind
    if kind == "b":
        raise RuntimeError(
            f"{name}: not implemented for bool tensors (got shape {x.shape}); "
            "convert with .float() or .long() first"
        )
    if kind in "iu":
        if params.get("decimals", 0) != 0:
            raise RuntimeError(
                f"{name}: decimals={params['decimals']} is not implemented for "
                f"integer tensors (dtype {x.dtype})"
            )
        return Tensor._make(x._data.copy())
    return fn.apply(x, **params)


def floor(input: TensorLike) -> Tensor:
    """Elementwise largest integer ``<= x``; its gradient is zero, as ``torch.floor``.

    Integer input is returned unchanged (as a copy).

    Example:
        >>> import autograd as ag
        >>> ag.floor(ag.tensor([-1.5, 0.5, 2.0]))
        tensor([-2.,  0.,  2.])
    """
    return _rounding(Floor, input, "floor")


def ceil(input: TensorLike) -> Tensor:
    """Elementwise smallest integer ``>= x``; its gradient is zero, as ``torch.ceil``.

    Example:
        >>> import autograd as ag
        >>> ag.ceil(ag.tensor([-1.5, 0.5, 2.0]))
        tensor([-1.,  1.,  2.])
    """
    return _rounding(Ceil, input, "ceil")


def trunc(input: TensorLike) -> Tensor:
    """Elementwise rounding towards zero; its gradient is zero, as ``torch.trunc``.

    Example:
        >>> import autograd as ag
        >>> ag.trunc(ag.tensor([-1.5, 0.5, 2.7]))
        tensor([-1.,  0.,  2.])
    """
    return _rounding(Trunc, input, "trunc")


def round(input: TensorLike, *, decimals: int = 0) -> Tensor:
    """Elementwise rounding to ``decimals`` places, halves to even, as ``torch.round``.

    A negative ``decimals`` rounds to tens, hundreds, ... The gradient is zero.

    Example:
        >>> import autograd as ag
        >>> ag.round(ag.tensor([0.5, 1.5, -2.5]))
        tensor([ 0.,  2., -2.])
        >>> ag.round(ag.tensor([1.2345, 1250.0], dtype="float64"), decimals=-2)
        tensor([   0., 1200.], dtype=float64)
    """
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"round: decimals must be an int, got {decimals!r}")
    out = _rounding(Round, input, "round", decimals=int(decimals))
    return out if decimals == 0 else _named(out, "RoundBackward1")


def clamp_min(input: TensorLike, min: TensorLike) -> Tensor:
    """Elementwise ``max(x, min)``, as ``torch.clamp_min`` (``clamp(x, min=min)``).

    Example:
        >>> import autograd as ag
        >>> ag.clamp_min(ag.tensor([-1.0, 0.5, 2.0]), 0.0)
        tensor([0.0000, 0.5000, 2.0000])
    """
    return clamp(input, min=min)


def clamp_max(input: TensorLike, max: TensorLike) -> Tensor:
    """Elementwise ``min(x, max)``, as ``torch.clamp_max`` (``clamp(x, max=max)``).

    Example:
        >>> import autograd as ag
        >>> ag.clamp_max(ag.tensor([-1.0, 0.5, 2.0]), 1.0)
        tensor([-1.0000,  0.5000,  1.0000])
    """
    return clamp(input, max=max)


def _overwrite(x: Tensor, values: Any, torch_name: str) -> Tensor:
    """``values`` in x's shape and dtype, recorded as a zero-gradient node named
    ``torch_name``: what an in-place fill (``uniform_``) of a tensor in the graph is."""
    return _named(Overwrite.apply(x, values=values), torch_name)


class NanToNum(Function):
    """out = x with NaN, +inf and -inf replaced.  d/dx = grad * isfinite(x) (so an
    infinite upstream gradient gives NaN where x is not finite, as torch's product)."""

    @staticmethod
    def forward(ctx, x, *, nan, posinf, neginf):
        ctx.save_for_backward(np.isfinite(x))
        return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        (finite,) = ctx.saved_tensors
        return (grad * finite,)


def nan_to_num(
    input: TensorLike, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """Replace NaN by ``nan``, +inf by ``posinf`` and -inf by ``neginf``, as
    ``torch.nan_to_num``; the infinities default to the dtype's largest and smallest
    finite values. Integer and bool tensors come back as a copy.

    Example:
        >>> import autograd as ag
        >>> ag.nan_to_num(ag.tensor([float("nan"), float("inf"), -1.0]), posinf=9.0)
        tensor([ 0.,  9., -1.])
    """
    x = as_tensor(input)
    if x._data.dtype.kind not in "fc":
        return Tensor._make(x._data.copy())
    return NanToNum.apply(x, nan=nan, posinf=posinf, neginf=neginf)

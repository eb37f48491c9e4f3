"""Unary math: exp, log, sqrt, abs, sign, sin, cos, tanh, sigmoid, relu,
log1p, expm1, square, rsqrt, reciprocal, the rounding functions floor, ceil,
round, trunc (zero gradient, as PyTorch), and clamp_min, clamp_max.

Each op saves what its derivative needs (often its output, which the forward
computed anyway) and runs the same formula on arrays or, under
``create_graph=True``, on Tensors. Integer input to a floating function is
promoted to float32 first, as in PyTorch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, _named
from ..tensor import Tensor
from .elementwise import _float, _masked_grad, as_tensor, cast, clamp

TensorLike = Any


class Exp(Function):
    """out = exp(x).  d/dx = grad * out."""

    @staticmethod
    def forward(ctx, x):
        out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * out,)


class Log(Function):
    """out = log(x).  d/dx = grad / x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / x,)


class Sqrt(Function):
    """out = sqrt(x).  d/dx = grad / (2 * out)."""

    @staticmethod
    def forward(ctx, x):
        out = np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad / (2 * out),)


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


class Sin(Function):
    """out = sin(x).  d/dx = grad * cos(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * np.cos(x),)


class Cos(Function):
    """out = cos(x).  d/dx = -grad * sin(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (-grad * np.sin(x),)


class Tanh(Function):
    """out = tanh(x).  d/dx = grad * (1 - out**2)."""

    @staticmethod
    def forward(ctx, x):
        out = np.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * (1 - out * out),)


class Sigmoid(Function):
    """out = 1 / (1 + exp(-x)), computed stably.  d/dx = grad * out * (1 - out)."""

    @staticmethod
    def forward(ctx, x):
        out = np.exp(-np.logaddexp(0, -x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * out * (1 - out),)


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


class Log1p(Function):
    """out = log(1 + x), accurate for small x.  d/dx = grad / (1 + x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log1p(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (x + 1),)


class Expm1(Function):
    """out = exp(x) - 1, accurate for small x.  d/dx = grad * (out + 1)."""

    @staticmethod
    def forward(ctx, x):
        out = np.expm1(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * (out + 1),)


class Square(Function):
    """out = x * x.  d/dx = grad * 2 * x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * (x + x),)


class Rsqrt(Function):
    """out = 1 / sqrt(x).  d/dx = -grad * out**3 / 2."""

    @staticmethod
    def forward(ctx, x):
        out = 1 / np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * (out * out * out) * -0.5,)


class Reciprocal(Function):
    """out = 1 / x.  d/dx = -grad * out**2."""

    @staticmethod
    def forward(ctx, x):
        out = 1 / x
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (-grad * (out * out),)


def exp(input: TensorLike) -> Tensor:
    """Elementwise ``e ** x``.

    Example:
        >>> import autograd as ag
        >>> ag.exp(ag.tensor([0.0, 1.0]))
        tensor([1.0000, 2.7183])
    """
    return Exp.apply(_float(input))


def log(input: TensorLike) -> Tensor:
    """Elementwise natural logarithm (``-inf`` at 0, ``nan`` below).

    Example:
        >>> import autograd as ag
        >>> ag.log(ag.tensor([1.0]))
        tensor([0.])
    """
    return Log.apply(_float(input))


def sqrt(input: TensorLike) -> Tensor:
    """Elementwise square root.

    Example:
        >>> import autograd as ag
        >>> ag.sqrt(ag.tensor([4.0, 9.0]))
        tensor([2., 3.])
    """
    return Sqrt.apply(_float(input))


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


def sin(input: TensorLike) -> Tensor:
    """Elementwise sine.

    Example:
        >>> import autograd as ag
        >>> ag.sin(ag.tensor([0.0]))
        tensor([0.])
    """
    return Sin.apply(_float(input))


def cos(input: TensorLike) -> Tensor:
    """Elementwise cosine.

    Example:
        >>> import autograd as ag
        >>> ag.cos(ag.tensor([0.0]))
        tensor([1.])
    """
    return Cos.apply(_float(input))


def tanh(input: TensorLike) -> Tensor:
    """Elementwise hyperbolic tangent.

    Example:
        >>> import autograd as ag
        >>> ag.tanh(ag.tensor([0.0]))
        tensor([0.])
    """
    return Tanh.apply(_float(input))


def sigmoid(input: TensorLike) -> Tensor:
    """Elementwise logistic function ``1 / (1 + e**-x)``, stable for large ``|x|``.

    Example:
        >>> import autograd as ag
        >>> ag.sigmoid(ag.tensor([0.0]))
        tensor([0.5000])
    """
    return Sigmoid.apply(_float(input))


def relu(input: TensorLike) -> Tensor:
    """Elementwise ``max(x, 0)``.

    Example:
        >>> import autograd as ag
        >>> ag.relu(ag.tensor([-1.0, 2.0]))
        tensor([0., 2.])
    """
    return ReLU.apply(as_tensor(input))


def log1p(input: TensorLike) -> Tensor:
    """Elementwise ``log(1 + x)``, accurate where ``|x|`` is small, as ``torch.log1p``.

    Example:
        >>> import autograd as ag
        >>> ag.log1p(ag.tensor([0.0, 1e-10]))
        tensor([0.0000e+00, 1.0000e-10])
    """
    return Log1p.apply(_float(input))


def expm1(input: TensorLike) -> Tensor:
    """Elementwise ``exp(x) - 1``, accurate where ``|x|`` is small, as ``torch.expm1``.

    Example:
        >>> import autograd as ag
        >>> ag.expm1(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.7183])
    """
    return Expm1.apply(_float(input))


def square(input: TensorLike) -> Tensor:
    """Elementwise ``x * x``, as ``torch.square``; integer and bool input give int64.

    Example:
        >>> import autograd as ag
        >>> ag.square(ag.tensor([-2.0, 3.0]))
        tensor([4., 9.])
    """
    input = as_tensor(input)
    if input._data.dtype.kind == "b":
        input = cast(input, np.int64)
    return Square.apply(input)


def rsqrt(input: TensorLike) -> Tensor:
    """Elementwise reciprocal square root ``1 / sqrt(x)``, as ``torch.rsqrt``.

    Example:
        >>> import autograd as ag
        >>> ag.rsqrt(ag.tensor([4.0, 0.25]))
        tensor([0.5000, 2.0000])
    """
    return Rsqrt.apply(_float(input))


def reciprocal(input: TensorLike) -> Tensor:
    """Elementwise ``1 / x``, as ``torch.reciprocal``; integer input gives float32.

    Example:
        >>> import autograd as ag
        >>> ag.reciprocal(ag.tensor([2.0, -4.0]))
        tensor([ 0.5000, -0.2500])
    """
    return Reciprocal.apply(_float(input))


# -- rounding: piecewise constant, so the gradient is zero (as torch's FloorBackward0 ...) --


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

"""Exponentials and logarithms: exp, exp2, expm1, log, log2, log10, log1p and
the binary logaddexp.

Each op is a :class:`~autograd.function.Function` whose forward runs on arrays and saves
what its derivative needs (often its output, which the forward computed anyway); the
backward is one formula that runs on arrays or, under ``create_graph=True``, on Tensors,
so every op here is differentiable to any order. Integer and bool input to a floating
function is promoted to float32 first, as in PyTorch.

Binary ops broadcast like NumPy; their backward reduces each gradient back to its input's
shape with :func:`autograd._shape.unbroadcast`.
"""

from __future__ import annotations

import math

import numpy as np

from .._shape import unbroadcast
from .._typing import TensorLike
from ..function import Function
from ..tensor import Tensor
from ._operands import _apply_binary, _float, _not_implemented, _operands

__all__ = ["exp", "exp2", "expm1", "log", "log10", "log1p", "log2", "logaddexp"]


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


_LN2 = math.log(2.0)

_LN10 = math.log(10.0)


class Log2(Function):
    """out = log2(x).  d/dx = grad / (x * ln 2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log2(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (x * _LN2),)


class Log10(Function):
    """out = log10(x).  d/dx = grad / (x * ln 10)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log10(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (x * _LN10),)


class Exp2(Function):
    """out = 2**x.  d/dx = grad * out * ln 2."""

    @staticmethod
    def forward(ctx, x):
        out = np.exp2(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * out * _LN2,)


def log2(input: TensorLike) -> Tensor:
    """Elementwise base-2 logarithm, as ``torch.log2``.

    Example:
        >>> import autograd as ag
        >>> ag.log2(ag.tensor([1.0, 8.0]))
        tensor([0., 3.])
    """
    return Log2.apply(_float(input))


def log10(input: TensorLike) -> Tensor:
    """Elementwise base-10 logarithm, as ``torch.log10``.

    Example:
        >>> import autograd as ag
        >>> ag.log10(ag.tensor([1.0, 100.0]))
        tensor([0., 2.])
    """
    return Log10.apply(_float(input))


def exp2(input: TensorLike) -> Tensor:
    """Elementwise ``2 ** x``, as ``torch.exp2``.

    Example:
        >>> import autograd as ag
        >>> ag.exp2(ag.tensor([0.0, 3.0]))
        tensor([1., 8.])
    """
    return Exp2.apply(_float(input))


class Logaddexp(Function):
    """out = log(exp(a) + exp(b)), computed stably.
    d/da = grad / (1 + exp(b - a)),  d/db = grad / (1 + exp(a - b))."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.logaddexp(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            unbroadcast(grad / (1 + np.exp(b - a)), a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad / (1 + np.exp(a - b)), b.shape) if ctx.needs_input_grad[1] else None,
        )


def logaddexp(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``log(exp(input) + exp(other))`` without overflow, as ``torch.logaddexp``
    (floating tensors only, as torch).

    Example:
        >>> import autograd as ag
        >>> ag.logaddexp(ag.tensor([0.0, 100.0]), ag.tensor([0.0, 100.0]))
        tensor([  0.6931, 100.6931])
    """
    a, b = _operands(input, other)
    _not_implemented("logaddexp", a, b)
    return _apply_binary(Logaddexp, a, b, "logaddexp")

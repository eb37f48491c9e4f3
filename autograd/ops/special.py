"""Special functions: erf, sigmoid and sinc.

Each op is a :class:`~autograd.function.Function` whose forward runs on arrays and saves
what its derivative needs (often its output, which the forward computed anyway); the
backward is one formula that runs on arrays or, under ``create_graph=True``, on Tensors,
so every op here is differentiable to any order. Integer and bool input to a floating
function is promoted to float32 first, as in PyTorch.

``erf`` is computed by :func:`_erf` (a series and a continued fraction, to ~1e-15), which
GELU in :mod:`autograd.ops.nn` uses too.
"""

from __future__ import annotations

import math

import numpy as np

from .._typing import TensorLike
from ..function import Function
from ..tensor import Tensor
from ._operands import _float

__all__ = ["erf", "sigmoid", "sinc"]


_ERF_SERIES = [(-1) ** k / (math.factorial(k) * (2 * k + 1)) for k in range(32)]


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1e-15 relative error (float64 inside), the input's dtype out.

    |x| < 2: the Maclaurin series 2/sqrt(pi) * sum (-1)^k x^(2k+1) / (k! (2k+1)), 32 terms;
    |x| >= 2: erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
    the Laplace continued fraction cut after 45 levels.
    """
    a = np.abs(x.astype(np.float64))
    out = np.empty_like(a)
    small = a < 2.0
    s = a[small]
    z, acc = s * s, np.zeros_like(s)
    for coef in reversed(_ERF_SERIES):
        acc = acc * z + coef
    out[small] = (2.0 / math.sqrt(math.pi)) * s * acc
    b = a[~small]
    frac = b.copy()
    for k in range(45, 0, -1):
        frac = b + (0.5 * k) / frac
    out[~small] = 1.0 - np.exp(-b * b) / (math.sqrt(math.pi) * frac)
    return np.copysign(out, x).astype(x.dtype)


class Erf(Function):
    """out = erf(x).  d/dx = grad * 2/sqrt(pi) * exp(-x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _erf(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * (2.0 / math.sqrt(math.pi)) * np.exp(-(x * x)),)


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


def sigmoid(input: TensorLike) -> Tensor:
    """Elementwise logistic function ``1 / (1 + e**-x)``, stable for large ``|x|``.

    Example:
        >>> import autograd as ag
        >>> ag.sigmoid(ag.tensor([0.0]))
        tensor([0.5000])
    """
    return Sigmoid.apply(_float(input))


class Sinc(Function):
    """out = sin(pi x) / (pi x), 1 at 0.  d/dx = grad * (cos(pi x) - out) / x, 0 at x = 0."""

    @staticmethod
    def forward(ctx, x):
        out = np.sinc(x)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        zero = x == 0
        safe = np.where(zero, 1, x)  # keeps 0/0 out of both the value and its derivative
        return (np.where(zero, 0, grad * (np.cos(math.pi * x) - out) / safe),)


def erf(input: TensorLike) -> Tensor:
    """Elementwise error function ``2/sqrt(pi) * integral_0^x exp(-t**2) dt``, as ``torch.erf``.

    Example:
        >>> import autograd as ag
        >>> ag.erf(ag.tensor([0.0, 1.0, -2.0]))
        tensor([ 0.0000,  0.8427, -0.9953])
    """
    return Erf.apply(_float(input))


def sinc(input: TensorLike) -> Tensor:
    """Elementwise normalized sinc ``sin(pi x) / (pi x)``, 1 at 0, as ``torch.sinc``.

    Example:
        >>> import autograd as ag
        >>> ag.sinc(ag.tensor([0.0, 0.5]))
        tensor([1.0000, 0.6366])
    """
    return Sinc.apply(_float(input))

"""Trigonometric and hyperbolic functions: sin, cos, tan, asin, acos, atan,
the binary atan2; sinh, cosh, tanh, asinh, acosh and atanh.

Each op is a :class:`~autograd.function.Function` whose forward runs on arrays and saves
what its derivative needs (often its output, which the forward computed anyway); the
backward is one formula that runs on arrays or, under ``create_graph=True``, on Tensors,
so every op here is differentiable to any order. Integer and bool input to a floating
function is promoted to float32 first, as in PyTorch.

Binary ops broadcast like NumPy; their backward reduces each gradient back to its input's
shape with :func:`autograd._shape.unbroadcast`.
"""

from __future__ import annotations

import numpy as np

from .._shape import unbroadcast
from .._typing import TensorLike
from ..function import Function
from ..tensor import Tensor
from ._operands import _apply_binary, _float, _operands

__all__ = [
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "cos",
    "cosh",
    "sin",
    "sinh",
    "tan",
    "tanh",
]


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


class Tan(Function):
    """out = tan(x).  d/dx = grad * (1 + out**2)."""

    @staticmethod
    def forward(ctx, x):
        out = np.tan(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * (1 + out * out),)


class Asin(Function):
    """out = asin(x).  d/dx = grad / sqrt(1 - x**2) (inf at |x| = 1, nan beyond)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arcsin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / np.sqrt(1 - x * x),)


class Acos(Function):
    """out = acos(x).  d/dx = -grad / sqrt(1 - x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arccos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (-grad / np.sqrt(1 - x * x),)


class Atan(Function):
    """out = atan(x).  d/dx = grad / (1 + x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arctan(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (1 + x * x),)


class Sinh(Function):
    """out = sinh(x).  d/dx = grad * cosh(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sinh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * np.cosh(x),)


class Cosh(Function):
    """out = cosh(x).  d/dx = grad * sinh(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cosh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * np.sinh(x),)


class Asinh(Function):
    """out = asinh(x).  d/dx = grad / sqrt(x**2 + 1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arcsinh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / np.sqrt(x * x + 1),)


class Acosh(Function):
    """out = acosh(x).  d/dx = grad / sqrt(x**2 - 1) (inf at |x| = 1, nan inside)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arccosh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / np.sqrt(x * x - 1),)


class Atanh(Function):
    """out = atanh(x).  d/dx = grad / (1 - x**2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arctanh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad / (1 - x * x),)


def tan(input: TensorLike) -> Tensor:
    """Elementwise tangent, as ``torch.tan``.

    Example:
        >>> import autograd as ag
        >>> ag.tan(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5574])
    """
    return Tan.apply(_float(input))


def asin(input: TensorLike) -> Tensor:
    """Elementwise arcsine (``nan`` outside ``[-1, 1]``), as ``torch.asin``.

    Example:
        >>> import autograd as ag
        >>> ag.asin(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5708])
    """
    return Asin.apply(_float(input))


def acos(input: TensorLike) -> Tensor:
    """Elementwise arccosine (``nan`` outside ``[-1, 1]``), as ``torch.acos``.

    Example:
        >>> import autograd as ag
        >>> ag.acos(ag.tensor([1.0, 0.0]))
        tensor([0.0000, 1.5708])
    """
    return Acos.apply(_float(input))


def atan(input: TensorLike) -> Tensor:
    """Elementwise arctangent, as ``torch.atan``.

    Example:
        >>> import autograd as ag
        >>> ag.atan(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """
    return Atan.apply(_float(input))


def sinh(input: TensorLike) -> Tensor:
    """Elementwise hyperbolic sine, as ``torch.sinh``.

    Example:
        >>> import autograd as ag
        >>> ag.sinh(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 1.1752])
    """
    return Sinh.apply(_float(input))


def cosh(input: TensorLike) -> Tensor:
    """Elementwise hyperbolic cosine, as ``torch.cosh``.

    Example:
        >>> import autograd as ag
        >>> ag.cosh(ag.tensor([0.0, 1.0]))
        tensor([1.0000, 1.5431])
    """
    return Cosh.apply(_float(input))


def asinh(input: TensorLike) -> Tensor:
    """Elementwise inverse hyperbolic sine, as ``torch.asinh``.

    Example:
        >>> import autograd as ag
        >>> ag.asinh(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8814])
    """
    return Asinh.apply(_float(input))


def acosh(input: TensorLike) -> Tensor:
    """Elementwise inverse hyperbolic cosine (``nan`` below 1), as ``torch.acosh``.

    Example:
        >>> import autograd as ag
        >>> ag.acosh(ag.tensor([1.0, 2.0]))
        tensor([0.0000, 1.3170])
    """
    return Acosh.apply(_float(input))


def atanh(input: TensorLike) -> Tensor:
    """Elementwise inverse hyperbolic tangent (``+-inf`` at ``+-1``), as ``torch.atanh``.

    Example:
        >>> import autograd as ag
        >>> ag.atanh(ag.tensor([0.0, 0.5]))
        tensor([0.0000, 0.5493])
    """
    return Atanh.apply(_float(input))


class Atan2(Function):
    """out = atan2(a, b), the angle of the point (b, a).  With r = a**2 + b**2:
    d/da = grad * b / r,  d/db = -grad * a / r (both 0 at the origin, as torch)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        r = a * a + b * b
        origin = r == 0
        recip = np.where(origin, 0, 1 / np.where(origin, 1, r))
        return (
            unbroadcast(grad * b * recip, a.shape) if ctx.needs_input_grad[0] else None,
            unbroadcast(grad * -a * recip, b.shape) if ctx.needs_input_grad[1] else None,
        )


def atan2(input: TensorLike, other: TensorLike) -> Tensor:
    """Elementwise ``atan(input / other)`` in the right quadrant, as ``torch.atan2``;
    integer and bool input give float32.

    Example:
        >>> import autograd as ag
        >>> ag.atan2(ag.tensor([1.0, 1.0]), ag.tensor([1.0, -1.0]))
        tensor([0.7854, 2.3562])
    """
    a, b = _operands(input, other)
    return _apply_binary(Atan2, _float(a), _float(b), "atan2")

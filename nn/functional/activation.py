"""Activation functions: the ReLU family, sigmoids and tanh-likes, softmax and its kin.

Mirrors :mod:`nn.modules.activation`. ``gelu``, ``sigmoid`` and ``tanh`` are the fused
autograd kernels, re-exported; the rest are composed from differentiable Tensor ops and
define no backward of their own.
"""

from __future__ import annotations

import warnings

import numpy as np

from autograd import Tensor, maximum, sigmoid, tanh, where
from autograd import log_softmax as _log_softmax
from autograd import relu as _relu
from autograd import softmax as _softmax
from autograd._typing import TensorLike
from autograd.dtypes import DTypeLike
from autograd.function import _named
from autograd.ops._operands import _float, as_tensor
from autograd.ops.nn import gelu

__all__ = [
    "celu",
    "elu",
    "gelu",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "leaky_relu",
    "log_softmax",
    "logsigmoid",
    "mish",
    "prelu",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
]


def relu(input: TensorLike, inplace: bool = False) -> Tensor:
    """``max(x, 0)`` elementwise, as ``torch.nn.functional.relu``.

    ``inplace`` is accepted for PyTorch compatibility; the result is always a new
    tensor (overwriting an input the graph still needs would break backward).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.relu(ag.tensor([-1.0, 2.0]), inplace=True)
        tensor([0., 2.])
    """
    return _relu(input)


def _softmax_args(
    name: str, input: TensorLike, dim: int | None, dtype: DTypeLike
) -> tuple[Tensor, int]:
    """The input as a Tensor (cast to ``dtype`` if given) and the dim, implicit if None."""
    x = as_tensor(input)
    if dtype is not None:
        x = x.astype(dtype)
    return x, _implicit_dim(name, x.ndim, stacklevel=4) if dim is None else dim


def _implicit_dim(name: str, ndim: int, stacklevel: int = 3) -> int:
    """PyTorch's deprecated choice of softmax dim when none is given (warns at the
    caller ``stacklevel`` frames up)."""
    dim = 0 if ndim in (0, 1, 3) else 1
    warnings.warn(
        f"{name} without dim: the implicit choice of dim (here {dim}, for a {ndim}-d "
        "input) is deprecated; pass dim explicitly",
        stacklevel=stacklevel,
    )
    return dim


def softmax(
    input: TensorLike, dim: int | None = None, _stacklevel: int = 3, dtype: DTypeLike = None
) -> Tensor:
    """Softmax along ``dim``, as ``torch.nn.functional.softmax``; stable for large inputs.

    ``dtype`` casts the input first; ``dim=None`` picks PyTorch's deprecated
    implicit dim (0 for 0-, 1- and 3-d inputs, else 1) and warns.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softmax(ag.tensor([0.0, 0.0]), dim=0)
        tensor([0.5000, 0.5000])
    """
    x, dim = _softmax_args("softmax", input, dim, dtype)
    return _softmax(x, dim)


def log_softmax(
    input: TensorLike, dim: int | None = None, _stacklevel: int = 3, dtype: DTypeLike = None
) -> Tensor:
    """``log(softmax(x))`` along ``dim`` (log-sum-exp), as ``torch.nn.functional.log_softmax``.

    ``dtype`` and ``dim=None`` as in :func:`softmax`.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.log_softmax(ag.tensor([1e4, 0.0]), dim=0)
        tensor([     0., -10000.])
    """
    x, dim = _softmax_args("log_softmax", input, dim, dtype)
    return _log_softmax(x, dim)


def leaky_relu(input: TensorLike, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    ``inplace`` is accepted for PyTorch compatibility; the result is always new.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.leaky_relu(ag.tensor([-2.0, 3.0]), 0.5)
        tensor([-1.,  3.])
    """
    x = _float(input)
    return where(x > 0, x, x * negative_slope)


def logsigmoid(input: TensorLike) -> Tensor:
    """``log(sigmoid(x))``, finite for any input (log-sum-exp of ``[0, x]``).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.logsigmoid(ag.tensor([-1e4, 1e4]))
        tensor([-10000.,      0.])
    """
    return -_softplus(-_float(input))  # log(sigmoid(x)) = -log(1 + exp(-x))


def _softplus(x: Tensor) -> Tensor:
    """``log(1 + exp(x))`` for any ``x``, infinities included: ``max(x, 0) + log1p(exp(-|x|))``.

    ``exp(-|x|)`` never overflows; the tie rule of ``maximum`` gives the slope 1/2 at
    0 (where ``|x|`` has slope 0), so the gradient is ``sigmoid(x)`` everywhere.
    """
    return maximum(x, np.zeros((), dtype=x.dtype)) + (-x.abs()).exp().log1p()


def softplus(input: TensorLike, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * x)) / beta``, and ``x`` itself where ``beta * x > threshold``.

    As ``torch.nn.functional.softplus``; finite for inputs of any size.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softplus(ag.tensor([-1e4, 0.0, 30.0]))
        tensor([ 0.0000,  0.6931, 30.0000])
    """
    x = _float(input)
    scaled = x * beta if beta != 1 else x
    soft = _softplus(scaled)
    if beta != 1:
        soft = soft / beta
    return where(scaled._data > threshold, x, soft)


def silu(input: TensorLike, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)`` (swish), as ``torch.nn.functional.silu``.

    ``inplace`` is accepted for PyTorch compatibility; the result is always new.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.silu(ag.tensor([-1e4, 0.0, 1.0]))
        tensor([-0.0000,  0.0000,  0.7311])
    """
    x = _float(input)
    return x * sigmoid(x)


def mish(input: TensorLike, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))``, as ``torch.nn.functional.mish``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.mish(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8651])
    """
    x = _float(input)
    return x * tanh(_softplus(x))


def elu(input: TensorLike, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere, as ``F.elu``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.elu(ag.tensor([-1.0, 2.0]))
        tensor([-0.6321,  2.0000])
    """
    x = _float(input)
    negative = x.clamp(max=0.0).expm1()  # clamped: no overflow in the branch not taken
    # torch's test is x <= 0, so a NaN input takes the identity branch (slope 1)
    return where(~(x._data <= 0), x, negative * alpha if alpha != 1 else negative)


def hardtanh(
    input: TensorLike, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """``x`` clipped to ``[min_val, max_val]``, as ``torch.nn.functional.hardtanh``.

    As in PyTorch the gradient is 1 strictly inside the interval and 0 elsewhere
    (the end points included).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardtanh(ag.tensor([-2.0, 0.5, 3.0]))
        tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError(
            f"hardtanh: min_val ({min_val}) cannot be greater than max_val ({max_val})"
        )
    x = _float(input)
    # torch's test: outside where x <= min_val or x >= max_val, so NaN counts as inside
    inside = ~((x._data <= min_val) | (x._data >= max_val))
    clipped = np.clip(x._data, np.asarray(min_val, x.dtype), np.asarray(max_val, x.dtype))
    return where(inside, x, Tensor._make(clipped))


def relu6(input: TensorLike, inplace: bool = False) -> Tensor:
    """``min(max(x, 0), 6)``, as ``torch.nn.functional.relu6``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.relu6(ag.tensor([-1.0, 3.0, 8.0]))
        tensor([0., 3., 6.])
    """
    return hardtanh(input, 0.0, 6.0)


def softsign(input: TensorLike) -> Tensor:
    """``x / (1 + |x|)``, as ``torch.nn.functional.softsign``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softsign(ag.tensor([-1.0, 3.0]))
        tensor([-0.5000,  0.7500])
    """
    x = _float(input)
    return x / (x.abs() + 1)


def softmin(
    input: TensorLike, dim: int | None = None, _stacklevel: int = 3, dtype: DTypeLike = None
) -> Tensor:
    """``softmax(-x)`` along ``dim``, as ``torch.nn.functional.softmin``.

    ``dtype`` and ``dim=None`` as in :func:`softmax`.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softmin(ag.tensor([0.0, 1e4]), dim=0)
        tensor([1., 0.])
    """
    x, dim = _softmax_args("softmin", input, dim, dtype)
    return _softmax(-x, dim)


_SELU_ALPHA = 1.6732632423543772848170429916717


_SELU_SCALE = 1.0507009873554804934193349852946


def prelu(input: TensorLike, weight: TensorLike) -> Tensor:
    """``x`` where positive, ``weight * x`` elsewhere, with one slope per channel (dim 1).

    ``weight`` has 1 element (shared by every channel) or ``input.shape[1]`` elements,
    as ``torch.nn.functional.prelu`` (an input below 2-D has one channel).

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.prelu(ag.tensor([[-2.0, 3.0]]), ag.tensor([0.25]))
        tensor([[-0.5000,  3.0000]])
    """
    x = _float(input)
    w = as_tensor(weight, x.dtype)
    n = w._data.size
    if w.ndim > 1:
        raise RuntimeError(f"prelu: weight must be 0-D or 1-D, got shape {w.shape}")
    if n != 1:
        channels = x.shape[1] if x.ndim >= 2 else 1  # torch: no channel dim below 2-D
        if n != channels:
            raise RuntimeError(
                f"Mismatch of parameter numbers and input channel size. Found "
                f"parameter numbers = {n} and channel size = {channels} "
                f"(input shape {x.shape})."
            )
        if x.ndim >= 2:
            w = w.reshape((1, n) + (1,) * (x.ndim - 2))
    else:
        w = w.reshape(())
    return _named(where(x > 0, x, x * w), "PreluKernelBackward0")


def selu(input: TensorLike, inplace: bool = False) -> Tensor:
    """``scale * elu(x, alpha)`` with the self-normalising constants, as ``F.selu``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.selu(ag.tensor([-1.0, 1.0]))
        tensor([-1.1113,  1.0507])
    """
    return elu(input, _SELU_ALPHA) * _SELU_SCALE


def celu(input: TensorLike, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``, as ``F.celu``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.celu(ag.tensor([-1.0, 2.0]), alpha=2.0)
        tensor([-0.7869,  2.0000])
    """
    if alpha == 0:
        raise RuntimeError(f"ZeroDivisionError: alpha cannot be 0 for CELU (got alpha={alpha})")
    x = _float(input)
    negative = (x.clamp(max=0.0) / alpha).expm1() * alpha
    return where(~(x._data <= 0), x, negative)


def hardswish(input: TensorLike, inplace: bool = False) -> Tensor:
    """``x * relu6(x + 3) / 6``, as ``torch.nn.functional.hardswish``.

    The gradient is 0 up to -3, ``(2x + 3) / 6`` strictly between -3 and 3 and 1 from 3
    on, as torch's.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardswish(ag.tensor([-4.0, 1.0, 4.0]))
        tensor([-0.0000,  0.6667,  4.0000])
    """
    x = _float(input)
    xc = x.clamp(-3.0, 3.0)  # the quadratic on a finite input: no 0 * inf in its backward
    middle = where(x._data < 3, xc * (xc + 3) / 6, x)
    return where(x._data <= -3, _signed_zeros(x), middle)


def _signed_zeros(x: Tensor) -> Tensor:
    """A constant ``x * 0`` (signed zeros; NaN where ``x`` is infinite or NaN, as torch)."""
    with np.errstate(invalid="ignore"):
        return Tensor._make(x._data * np.zeros((), dtype=x.dtype))


def hardsigmoid(input: TensorLike, inplace: bool = False) -> Tensor:
    """``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between, as ``F.hardsigmoid``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardsigmoid(ag.tensor([-4.0, 0.0, 4.0]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    x = _float(input)
    inside = (x._data > -3) & (x._data < 3)  # torch's test: NaN gets no gradient
    with np.errstate(invalid="ignore"):
        clipped = np.clip((x._data + 3) / 6, 0, 1).astype(x.dtype, copy=False)
    return where(inside, (x + 3) / 6, Tensor._make(clipped))


def threshold(input: TensorLike, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``x`` where ``x > threshold``, else ``value``, as ``torch.nn.functional.threshold``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.threshold(ag.tensor([0.5, 2.0]), 1.0, -1.0)
        tensor([-1.,  2.])
    """
    x = as_tensor(input)
    fill = Tensor._make(np.full(x.shape, value, dtype=x.dtype))
    return where(~(x._data <= threshold), x, fill)  # NaN passes through, as torch


def tanhshrink(input: TensorLike) -> Tensor:
    """``x - tanh(x)``, as ``torch.nn.functional.tanhshrink``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.tanhshrink(ag.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2384])
    """
    x = _float(input)
    return x - tanh(x)


def glu(input: TensorLike, dim: int = -1) -> Tensor:
    """Gated linear unit: split ``dim`` in halves ``a, b`` and return ``a * sigmoid(b)``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.glu(ag.tensor([[1.0, 2.0, 0.0, 0.0]]))
        tensor([[0.5000, 1.0000]])
    """
    x = _float(input)
    if x.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not -x.ndim <= dim < x.ndim:
        raise IndexError(
            f"Dimension out of range (expected to be in range of "
            f"[{-x.ndim}, {x.ndim - 1}], but got {dim})"
        )
    size = x.shape[dim]
    if size % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % x.ndim} is "
            f"size {size} (input shape {x.shape})"
        )
    a, b = x.chunk(2, dim)
    return a * sigmoid(b)


def softshrink(input: TensorLike, lambd: float = 0.5) -> Tensor:
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.softshrink(ag.tensor([-2.0, 0.2, 1.0]))
        tensor([-1.5000,  0.0000,  0.5000])
    """
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    x = _float(input)
    shrunk = where(x._data > lambd, x - lambd, x + lambd)
    inside = (x._data >= -lambd) & (x._data <= lambd)  # torch's test: NaN passes through
    return where(~inside, shrunk, _signed_zeros(x))


def hardshrink(input: TensorLike, lambd: float = 0.5) -> Tensor:
    """``x`` where ``|x| > lambd``, else 0, as ``torch.nn.functional.hardshrink``.

    Example:
        >>> import autograd as ag
        >>> import nn.functional as F
        >>> F.hardshrink(ag.tensor([-2.0, 0.2, 1.0]))
        tensor([-2.,  0.,  1.])
    """
    x = _float(input)
    inside = (x._data >= -lambd) & (x._data <= lambd)
    return where(~inside, x, _signed_zeros(x))

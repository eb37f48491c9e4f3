"""Ops that neural-network layers compose: fused linear, softmax and log-softmax.

Fused where fusing buys speed or stability: ``Linear`` is one node for
``x @ W^T + b``; ``LogSoftmax`` subtracts the row maximum (log-sum-exp), so
logits of +-1e4 stay finite.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._shape import normalize_dim
from ..function import Function
from ..tensor import Tensor
from .elementwise import _float, as_tensor

TensorLike = Any


class Linear(Function):
    """out = x @ W^T + b.  d/dx = grad @ W,  d/dW = grad^T @ x,  d/db = grad summed over rows."""

    @staticmethod
    def forward(ctx, x, weight, bias=None):
        ctx.save_for_backward(x, weight)
        out = x @ weight.T
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        needs = ctx.needs_input_grad
        grad_x = grad @ weight if needs[0] else None
        rows = grad.reshape((-1, grad.shape[-1]))  # (N, out)
        grad_w = rows.swapaxes(0, 1) @ x.reshape((-1, x.shape[-1])) if needs[1] else None
        grad_b = rows.sum(axis=0) if len(needs) > 2 and needs[2] else None
        return grad_x, grad_w, grad_b


class LogSoftmax(Function):
    """out = x - logsumexp(x, dim).  d/dx = grad - softmax(x) * grad.sum(dim)."""

    @staticmethod
    def forward(ctx, x, *, dim):
        shifted = x - x.max(axis=dim, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad - np.exp(out) * grad.sum(axis=ctx.dim, keepdims=True),)


class Softmax(Function):
    """out = exp(x) / sum(exp(x), dim).  d/dx = out * (grad - (grad * out).sum(dim))."""

    @staticmethod
    def forward(ctx, x, *, dim):
        e = np.exp(x - x.max(axis=dim, keepdims=True))
        out = e / e.sum(axis=dim, keepdims=True)
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return (out * (grad - (grad * out).sum(axis=ctx.dim, keepdims=True)),)


def linear(x: TensorLike, weight: TensorLike, bias: TensorLike | None = None) -> Tensor:
    """``x @ weight.T + bias`` in one node, as ``torch.nn.functional.linear``.

    Example:
        >>> import autograd as ag
        >>> ag.linear(ag.ones(2, 3), ag.ones(4, 3), ag.zeros(4)).shape
        (2, 4)
    """
    x, weight = as_tensor(x), as_tensor(weight)
    if weight.ndim != 2:
        raise RuntimeError(f"linear: weight must be 2-D (out, in), got shape {weight.shape}")
    if x.ndim == 0 or x.shape[-1] != weight.shape[1]:
        raise RuntimeError(
            f"linear: input shape {x.shape} and weight shape {weight.shape} cannot be "
            f"multiplied (the input's last dim must be in_features={weight.shape[1]}, "
            f"got {x.shape[-1] if x.ndim else 'a 0-d tensor'})"
        )
    if bias is None:
        return Linear.apply(x, weight)
    bias = as_tensor(bias)
    if bias.shape not in ((weight.shape[0],), ()):
        raise RuntimeError(
            f"linear: bias shape {bias.shape} does not match out_features={weight.shape[0]}"
        )
    return Linear.apply(x, weight, bias)


def softmax(x: TensorLike, dim: int) -> Tensor:
    """Softmax along ``dim``: non-negative, sums to 1, stable for large inputs.

    Example:
        >>> import autograd as ag
        >>> ag.softmax(ag.tensor([0.0, 0.0]), dim=0)
        tensor([0.5000, 0.5000])
    """
    x = _float(x)
    return Softmax.apply(x, dim=normalize_dim(dim, x.ndim, "softmax"))


def log_softmax(x: TensorLike, dim: int) -> Tensor:
    """``log(softmax(x))`` along ``dim``, computed with log-sum-exp.

    Example:
        >>> import autograd as ag
        >>> ag.log_softmax(ag.tensor([1e4, 0.0]), dim=0)
        tensor([     0., -10000.])
    """
    x = _float(x)
    return LogSoftmax.apply(x, dim=normalize_dim(dim, x.ndim, "log_softmax"))



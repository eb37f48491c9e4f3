"""Matrix products."""

from __future__ import annotations

from typing import Any

from .._shape import unbroadcast
from ..function import Function, _named
from ..tensor import Tensor
from .elementwise import _operands

TensorLike = Any


class MatMul(Function):
    """out = a @ b (NumPy's rules: 1-D operands are promoted, batch dims broadcast).

    d/da = grad @ b^T,  d/db = a^T @ grad, each summed back over broadcast batch dims.
    """

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a2 = a.reshape((1, a.shape[0])) if a.ndim == 1 else a  # (..., m, k)
        b2 = b.reshape((b.shape[0], 1)) if b.ndim == 1 else b  # (..., k, n)
        g2 = grad
        if a.ndim == 1:
            g2 = g2.reshape(g2.shape[:-1] + (1,) + g2.shape[-1:]) if b.ndim > 1 else g2
        if b.ndim == 1:
            g2 = g2.reshape(g2.shape + (1,))
        if a.ndim == 1 and b.ndim == 1:
            g2 = g2.reshape((1, 1))
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = unbroadcast(g2 @ b2.swapaxes(-1, -2), a2.shape).reshape(a.shape)
        if ctx.needs_input_grad[1]:
            grad_b = unbroadcast(a2.swapaxes(-1, -2) @ g2, b2.shape).reshape(b.shape)
        return grad_a, grad_b


def matmul(a: TensorLike, b: TensorLike) -> Tensor:
    """Matrix product with NumPy/PyTorch broadcasting rules, as ``torch.matmul``.

    Example:
        >>> import autograd as ag
        >>> (ag.ones(2, 3) @ ag.ones(3, 4)).shape
        (2, 4)
    """
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        _same_dtype("matmul", a, b)  # before _operands, which would promote
    a, b = _operands(a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(
            f"matmul: both arguments need to be at least 1-D, got shapes {a.shape} and {b.shape}"
        )
    k_a = a.shape[-1]
    k_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if k_a != k_b:
        raise RuntimeError(
            f"matmul: shapes {a.shape} and {b.shape} cannot be multiplied ({k_a} != {k_b}; "
            "the last dim of the first must equal the "
            f"{'second-to-last' if b.ndim > 1 else 'only'} dim of the second)"
        )
    try:
        return _named(MatMul.apply(a, b), _MATMUL_NAMES.get((a.ndim, b.ndim),
                                                             "UnsafeViewBackward0"))
    except ValueError:
        raise RuntimeError(
            f"matmul: batch dims of shapes {a.shape} and {b.shape} cannot be broadcast together"
        ) from None


# torch's node for a matmul of these ranks (batched products end in a view)
_MATMUL_NAMES = {(2, 2): "MmBackward0", (2, 1): "MvBackward0", (1, 1): "DotBackward0",
                 (1, 2): "SqueezeBackward4"}


def _same_dtype(op: str, *tensors: Tensor) -> None:
    """Matrix products take one dtype, as in torch: a float64 input to float32 weights raises
    instead of silently computing (and returning) float64."""
    first = tensors[0].data.dtype
    for t in tensors[1:]:  # built-in dtypes are shared objects: one identity test each
        if t.data.dtype is not first:
            break
    else:
        return
    dtypes = [t.data.dtype for t in tensors]
    if any(d != dtypes[0] for d in dtypes[1:]):
        shapes = ", ".join(str(t.shape) for t in tensors)
        names = " and ".join(str(d) for d in dtypes)
        raise RuntimeError(f"{op}: expected the same dtype, got {names} (shapes {shapes}); "
                           "convert one with .astype()")

"""Matrix products: ``matmul``; ``mm``, ``bmm``, ``dot`` and ``outer`` are composites."""

from __future__ import annotations

from typing import Any

from .._shape import unbroadcast
from ..function import Function, _named
from ..tensor import Tensor
from .elementwise import _operands, as_tensor, mul
from .shape import reshape

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
    first = tensors[0]._data.dtype
    for t in tensors[1:]:  # built-in dtypes are shared objects: one identity test each
        if t._data.dtype is not first:
            break
    else:
        return
    dtypes = [t._data.dtype for t in tensors]
    if any(d != dtypes[0] for d in dtypes[1:]):
        shapes = ", ".join(str(t.shape) for t in tensors)
        names = " and ".join(str(d) for d in dtypes)
        raise RuntimeError(f"{op}: expected the same dtype, got {names} (shapes {shapes}); "
                           "convert one with .astype()")


def _checked_pair(op: str, a: TensorLike, b: TensorLike, ndim: int,
                  names: tuple[str, str]) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of rank ``ndim`` and one dtype, or torch's error."""
    a, b = as_tensor(a), as_tensor(b)
    for t, name in zip((a, b), names):
        if t.ndim != ndim:
            raise RuntimeError(f"{op}: {name} must be a {ndim}-D tensor, got {t.ndim}-D "
                               f"(shapes {a.shape} and {b.shape})")
    _same_dtype(op, a, b)
    return a, b


def mm(a: TensorLike, b: TensorLike) -> Tensor:
    """Product of two matrices (2-D only, no broadcasting), as ``torch.mm``.

    Example:
        >>> import autograd as ag
        >>> ag.mm(ag.ones(2, 3), ag.ones(3, 4)).shape
        (2, 4)
    """
    a, b = _checked_pair("mm", a, b, 2, ("self", "mat2"))
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mm: mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x"
                           f"{a.shape[1]} and {b.shape[0]}x{b.shape[1]})")
    return matmul(a, b)


def bmm(a: TensorLike, b: TensorLike) -> Tensor:
    """Batched matrix product of ``(B, n, m)`` and ``(B, m, p)`` (no broadcasting), as
    ``torch.bmm``.

    Example:
        >>> import autograd as ag
        >>> ag.bmm(ag.ones(5, 2, 3), ag.ones(5, 3, 4)).shape
        (5, 2, 4)
    """
    a, b = _checked_pair("bmm", a, b, 3, ("batch1", "batch2"))
    if b.shape[:2] != (a.shape[0], a.shape[2]):
        raise RuntimeError(f"bmm: expected size for first two dimensions of batch2 tensor to "
                           f"be: [{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, "
                           f"{b.shape[1]}] (shapes {a.shape} and {b.shape})")
    return _named(matmul(a, b), "BmmBackward0")


def dot(a: TensorLike, b: TensorLike) -> Tensor:
    """Inner product of two 1-D tensors of equal size, as ``torch.dot``.

    Example:
        >>> import autograd as ag
        >>> ag.dot(ag.tensor([1.0, 2.0]), ag.tensor([3.0, 4.0]))
        tensor(11.)
    """
    a, b = _checked_pair("dot", a, b, 1, ("self", "tensor"))
    if a.shape != b.shape:
        raise RuntimeError(f"dot: inconsistent tensor size, expected tensor {list(a.shape)} "
                           f"and src {list(b.shape)} to have the same number of elements, but "
                           f"got {a.shape[0]} and {b.shape[0]} elements respectively")
    return matmul(a, b)


def outer(a: TensorLike, b: TensorLike) -> Tensor:
    """Outer product ``out[i, j] = a[i] * b[j]`` of two 1-D tensors, as ``torch.outer``.

    Example:
        >>> import autograd as ag
        >>> ag.outer(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 10.0, 100.0]))
        tensor([[  1.,  10., 100.],
                [  2.,  20., 200.]])
    """
    a, b = as_tensor(a), as_tensor(b)
    for t, name in ((a, "self"), (b, "vec2")):
        if t.ndim != 1:
            raise RuntimeError(f"outer: expected 1-D argument {name}, but got {t.ndim}-D "
                               f"(shapes {a.shape} and {b.shape})")
    return mul(reshape(a, (-1, 1)), reshape(b, (1, -1)))  # (n, 1) * (1, m) -> (n, m)

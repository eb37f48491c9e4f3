"""Reductions: ``sum``, ``max``/``min`` (amax semantics), and composites built on them.

``mean``, ``var`` and ``std`` are composites of ``sum`` and elementwise ops: no
backward of their own, so their gradients are as correct as the primitives.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .._shape import normalize_dims, resolve_aliases
from ..dtypes import DTypeLike
from ..function import Function, _named, call
from ..tensor import Tensor
from .elementwise import as_tensor, cast, sqrt, where
from .shape import Expand

TensorLike = Any


def _kept_shape(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


class Sum(Function):
    """out = x summed over ``dims``.  d/dx = grad broadcast back to x's shape."""

    @staticmethod
    def forward(ctx, x, *, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        return np.sum(x, axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.keepdim:
            grad = grad.reshape(_kept_shape(ctx.shape, ctx.dims))
        return (call(Expand, grad, shape=ctx.shape),)


class Max(Function):
    """out = max of x over ``dims``.  d/dx = grad / count at each maximum (ties share).

    A NaN extreme gives NaN gradients along its reduction (as ``torch.amax``), except for
    the whole-tensor ``max()``/``min()`` (``whole=True``), where the NaN takes the gradient.
    """

    @staticmethod
    def forward(ctx, x, *, dims, keepdim, reduce, whole=False):
        if x.size == 0 and (not dims or builtins.any(x.shape[d] == 0 for d in dims)):
            raise IndexError(  # torch's type for an empty reduction dim
                f"{reduce.__name__}: cannot reduce an empty tensor of shape {x.shape} over "
                f"dims {dims}; the operation has no identity"
            )
        out = reduce(x, axis=dims, keepdims=keepdim)
        ctx.dims, ctx.keepdim, ctx.whole = dims, keepdim, whole
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        if not ctx.keepdim:
            shape = _kept_shape(x.shape, ctx.dims)
            out, grad = out.reshape(shape), grad.reshape(shape)
        hit = x == out
        counts = hit.sum(axis=ctx.dims, keepdims=True)
        if ctx.whole and not counts.all():  # torch.max(): a NaN maximum takes the gradient
            hit = np.isnan(x) & np.isnan(out) if not isinstance(x, Tensor) else \
                (x != x) & (out != out)
            counts = hit.sum(axis=ctx.dims, keepdims=True)
        share = hit / counts
        return (grad * share.astype(grad.dtype),)


def _reduction_args(x: Tensor, dim: Any, keepdim: Any, axis: Any, keepdims: Any,
                    op: str) -> tuple[tuple[int, ...], bool]:
    dim, keepdim = resolve_aliases(dim, keepdim, axis, keepdims)
    if isinstance(dim, (tuple, list)) and not dim:
        dim = None  # torch: an empty dim list reduces over every dim (all/any keep theirs)
    return normalize_dims(dim, x.ndim, op), keepdim


def sum(x: TensorLike, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
        keepdims: Any = None, dtype: DTypeLike = None) -> Tensor:
    """Sum over ``dim`` (an int, a tuple, or None for all), as ``torch.sum``.

    Integer and bool tensors sum to int64.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> ag.sum(x), x.sum(dim=0), x.sum(1, keepdim=True).shape
        (tensor(10.), tensor([4., 6.]), (2, 1))
    """
    x = as_tensor(x)
    if dtype is not None:
        x = cast(x, dtype)
    elif x.data.dtype.kind in "biu":
        x = cast(x, np.int64)
    whole = dim is None and axis is None
    dims, keepdim = _reduction_args(x, dim, keepdim, axis, keepdims, "sum")
    return _named(Sum.apply(x, dims=dims, keepdim=keepdim),
                  "SumBackward0" if whole else "SumBackward1")


def mean(x: TensorLike, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
         keepdims: Any = None) -> Tensor:
    """Mean over ``dim``, as ``torch.mean``; integer input raises as in PyTorch.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 2.0], [3.0, 4.0]]).mean(dim=1)
        tensor([1.5000, 3.5000])
    """
    x = as_tensor(x)
    if x.data.dtype.kind not in "fc":
        raise RuntimeError(
            f"mean(): could not infer output dtype. Input dtype must be floating point, "
            f"got {x.dtype}; convert with .float() first"
        )
    whole = dim is None and axis is None
    dims, keepdim = _reduction_args(x, dim, keepdim, axis, keepdims, "mean")
    count = int(np.prod([x.shape[d] for d in dims])) if dims else 1
    out = Sum.apply(x, dims=dims, keepdim=keepdim) / (count if count else float("nan"))
    return _named(out, "MeanBackward0" if whole else "MeanBackward1")


def var(x: TensorLike, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None, axis: Any = None, keepdims: Any = None) -> Tensor:
    """Variance over ``dim`` with Bessel's correction by default, as ``torch.var``.

    Args:
        unbiased: divide by ``n - 1`` (True, the default) or ``n`` (False).
        correction: divide by ``n - correction``; overrides ``unbiased``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1.0, 2.0, 3.0, 4.0]).var(), ag.tensor([1.0, 3.0]).var(unbiased=False)
        (tensor(1.6667), tensor(1.))
    """
    x = as_tensor(x)
    if isinstance(dim, bool):  # torch.var(x, False) means unbiased=False
        dim, unbiased = None, dim
    if correction is None:
        correction = 0 if unbiased is False else 1
    dims, keepdim = _reduction_args(x, dim, keepdim, axis, keepdims, "var")
    count = int(np.prod([x.shape[d] for d in dims])) if dims else 1
    centered = x - mean(x, dims, keepdim=True)
    total = Sum.apply(centered * centered, dims=dims, keepdim=keepdim)
    return _named(total / _positive(count - correction), "VarBackward0")


def std(x: TensorLike, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None, axis: Any = None, keepdims: Any = None) -> Tensor:
    """Standard deviation over ``dim``: ``sqrt(var(...))`` with the same arguments.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1.0, 3.0]).std(unbiased=False)
        tensor(1.)
    """
    v = var(x, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    # Where the variance is 0 the slope of sqrt is infinite; PyTorch defines the
    # gradient of std there as 0, which sqrt(1) * 0 gives (and stays differentiable).
    nonzero = v != 0
    return _named(sqrt(where(nonzero, v, 1.0)) * nonzero, "StdBackward0")


def _positive(n: float) -> float:
    """torch's divisor ``max(0, n - correction)``: inf (or nan for 0/0) once it reaches 0."""
    return n if n > 0 else 0.0


def max(x: TensorLike, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
        keepdims: Any = None) -> Tensor:
    """Largest value over ``dim`` (all dims when None), as ``torch.amax``.

    Ties split the gradient evenly among the maxima.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> x.max(), x.max(dim=1)
        (tensor(7.), tensor([5., 7.]))
    """
    x = as_tensor(x)
    whole = dim is None and axis is None
    dims, keepdim = _reduction_args(x, dim, keepdim, axis, keepdims, "max")
    if whole and x.data.size == 0:
        _no_dim_on_empty("max", x)
    return _named(Max.apply(x, dims=dims, keepdim=keepdim, reduce=np.max, whole=whole),
                  "MaxBackward1" if whole else "AmaxBackward0")


def min(x: TensorLike, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
        keepdims: Any = None) -> Tensor:
    """Smallest value over ``dim`` (all dims when None), as ``torch.amin``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 5.0], [7.0, 2.0]]).min(dim=0)
        tensor([1., 2.])
    """
    x = as_tensor(x)
    whole = dim is None and axis is None
    dims, keepdim = _reduction_args(x, dim, keepdim, axis, keepdims, "min")
    if whole and x.data.size == 0:
        _no_dim_on_empty("min", x)
    return _named(Max.apply(x, dims=dims, keepdim=keepdim, reduce=np.min, whole=whole),
                  "MinBackward1" if whole else "AminBackward0")


amax, amin = max, min


def _no_dim_on_empty(op: str, x: Tensor) -> None:
    """torch's RuntimeError for a whole-tensor max/min of an empty tensor."""
    raise RuntimeError(f"{op}(): expected a reduction dim for an empty tensor of shape "
                       f"{x.shape} (numel() == 0); pass dim=")


def _arg_reduce(x: TensorLike, dim: Any, keepdim: Any, axis: Any, keepdims: Any,
                reduce: Any, op: str) -> Tensor:
    x = as_tensor(x)
    dim, keepdim = resolve_aliases(dim, keepdim, axis, keepdims)
    if dim is not None and (not isinstance(dim, (int, np.integer)) or isinstance(dim, bool)):
        raise TypeError(f"{op}(): argument 'dim' must be int, not {type(dim).__name__} ({dim!r})")
    if x.data.dtype.kind == "b":
        raise RuntimeError(f"{op}(): does not support bool input (shape {x.shape})")
    if x.data.size == 0:
        if dim is None:
            raise IndexError(f"{op}(): cannot reduce an empty tensor of shape {x.shape} "
                             "without a dim")
        d = normalize_dims(dim, x.ndim, op)
        if d and x.shape[d[0]] == 0:
            raise IndexError(f"{op}(): cannot reduce over dim {dim} of size 0 "
                             f"(tensor of shape {x.shape})")
    if dim is None:
        out = np.asarray(reduce(x.data))
        return Tensor._make(out.reshape((1,) * x.ndim) if keepdim else out)
    (axis_,) = normalize_dims(dim, x.ndim, op) or (None,)
    return Tensor._make(np.asarray(reduce(x.data, axis=axis_, keepdims=keepdim),
                                   dtype=np.int64))


def argmax(x: TensorLike, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
           keepdims: Any = None) -> Tensor:
    """Index of the largest value (flattened when ``dim`` is None); no gradient.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 5.0], [7.0, 2.0]]).argmax(dim=1)
        tensor([1, 0])
    """
    return _arg_reduce(x, dim, keepdim, axis, keepdims, np.argmax, "argmax")


def argmin(x: TensorLike, dim: Any = None, keepdim: bool = False, *, axis: Any = None,
           keepdims: Any = None) -> Tensor:
    """Index of the smallest value (flattened when ``dim`` is None); no gradient.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([3.0, 1.0, 2.0]).argmin()
        tensor(1)
    """
    return _arg_reduce(x, dim, keepdim, axis, keepdims, np.argmin, "argmin")


def all(x: TensorLike, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True where every element over ``dim`` is nonzero.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1, 0], [1, 1]]).all(dim=1)
        tensor([False,  True])
    """
    x = as_tensor(x)
    return Tensor._make(np.all(x.data, axis=normalize_dims(dim, x.ndim, "all"), keepdims=keepdim))


def any(x: TensorLike, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True where some element over ``dim`` is nonzero.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[0, 0], [0, 1]]).any(dim=1)
        tensor([False,  True])
    """
    x = as_tensor(x)
    return Tensor._make(np.any(x.data, axis=normalize_dims(dim, x.ndim, "any"), keepdims=keepdim))

"""Reductions: sum, mean, var, std, max, min, amax, amin, argmax, argmin, all,
any, prod, cumsum, logsumexp, norm and count_nonzero.

``dim`` takes an int, a tuple or None (all dimensions), with torch's ``keepdim``; NumPy's
``axis``/``keepdims`` spellings are accepted too. ``Sum`` and ``Expand`` are an adjoint
pair, so the backward of a sum is one broadcast. ``mean``, ``var``, ``std`` and ``norm``
are composites of the primitives and the elementwise ops: no backward of their own, so
their gradients are as correct as the primitives'. ``max``/``min`` along a dim return
torch's named tuples, and ``argmax``, ``argmin``, ``all``, ``any`` and ``count_nonzero``
carry no gradient.
"""

from __future__ import annotations

import builtins
import math
from typing import Any, NamedTuple

import numpy as np

from .._shape import normalize_dim, normalize_dims, resolve_aliases
from .._typing import TensorLike
from ..dtypes import DTypeLike
from ..function import Function, _named, call
from ..tensor import Tensor
from ._operands import _float, _masked_grad, as_tensor, cast
from .arithmetic import sqrt
from .indexing import _gather_index, where
from .piecewise import abs, maximum, minimum
from .shape import Expand, GetItem, expand, reshape, transpose, unsqueeze

__all__ = [
    "MaxResult",
    "MinResult",
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "count_nonzero",
    "cumsum",
    "logsumexp",
    "max",
    "mean",
    "min",
    "norm",
    "prod",
    "std",
    "sum",
    "var",
]


class MaxResult(NamedTuple):
    """``(values, indices)`` returned by ``max(input, dim)``, as ``torch.return_types.max``."""

    values: Tensor
    indices: Tensor


class MinResult(NamedTuple):
    """``(values, indices)`` returned by ``min(input, dim)``, as ``torch.return_types.min``."""

    values: Tensor
    indices: Tensor


def _extreme_along(input: Tensor, dim: Any, keepdim: bool, largest: bool) -> Any:
    """torch's ``max(input, dim)`` / ``min(input, dim)``: the first extreme value along one
    dim and its index; the gradient goes to that one element, as in torch."""
    op = "max" if largest else "min"
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(
            f"{op}(): argument 'dim' must be int, not {type(dim).__name__} ({dim!r}); "
            f"to reduce over several dims use a{op}"
        )
    d = normalize_dim(int(dim), input.ndim or 1, op)  # a 0-d tensor takes dim 0 or -1
    data = input._data.reshape(1) if input.ndim == 0 else input._data
    if data.shape[d] == 0:
        raise IndexError(
            f"{op}(): cannot reduce over dim {dim} of size 0 (tensor of shape {input.shape})"
        )
    index = (np.argmax if largest else np.argmin)(data, axis=d, keepdims=True)  # (..., 1, ...)
    source = reshape(input, (1,)) if input.ndim == 0 else input
    values = GetItem.apply(source, index=_gather_index(source, d, index))
    if not keepdim or input.ndim == 0:
        values, index = (
            reshape(values, input.shape[:d] + input.shape[d + 1 :]),
            index.reshape(input.shape[:d] + input.shape[d + 1 :]),
        )
    result = MaxResult if largest else MinResult
    return result(
        _named(values, f"{op.capitalize()}Backward0"), Tensor._make(index.astype(np.int64))
    )


def count_nonzero(input: TensorLike, dim: int | tuple[int, ...] | None = None) -> Tensor:
    """The number of nonzero entries along ``dim`` (all dims when None), as int64, as
    ``torch.count_nonzero``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[0, 1], [2, 3]]).count_nonzero(dim=-1)
        tensor([1, 2])
    """
    data = as_tensor(input)._data
    dims = normalize_dims(dim, data.ndim, "count_nonzero")
    if not dims:
        return Tensor._make(np.asarray(data != 0, dtype=np.int64))
    return Tensor._make(np.asarray(np.count_nonzero(data, axis=dims), dtype=np.int64))


_HALF = np.dtype(np.float16)


def _accumulated(reduce: Any, x: np.ndarray, **kwargs: Any) -> np.ndarray:
    """``reduce(x)``; float16 accumulates in float32 and rounds once, as torch's kernels."""
    if x.dtype == _HALF:
        with np.errstate(over="ignore"):  # beyond float16's range is inf, as in torch
            return reduce(x, dtype=np.float32, **kwargs).astype(_HALF)
    return reduce(x, **kwargs)


def _in_float32(x: Tensor) -> bool:
    """Whether a composite reduction of ``x`` must run in float32 (float16 input)."""
    return x._data.dtype == _HALF


def _kept_shape(shape: tuple[int, ...], dims: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def _keep_dims(
    x: Any, dims: tuple[int, ...], keepdim: bool, out: Any, grad: Any
) -> tuple[Any, Any]:
    """A reduction's output and gradient with the reduced ``dims`` kept (size 1), so they
    broadcast against its input ``x`` in a backward."""
    if not keepdim:
        shape = _kept_shape(x.shape, dims)
        out, grad = out.reshape(shape), grad.reshape(shape)
    return out, grad


class Sum(Function):
    """out = x summed over ``dims``.  d/dx = grad broadcast back to x's shape."""

    @staticmethod
    def forward(ctx, x, *, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        return _accumulated(np.sum, x, axis=dims, keepdims=keepdim)

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
        out, grad = _keep_dims(x, ctx.dims, ctx.keepdim, out, grad)
        hit = x == out
        counts = hit.sum(axis=ctx.dims, keepdims=True)
        if ctx.whole and not counts.all():  # torch.max(): a NaN maximum takes the gradient
            hit = (
                np.isnan(x) & np.isnan(out)
                if not isinstance(x, Tensor)
                else (x != x) & (out != out)
            )
            counts = hit.sum(axis=ctx.dims, keepdims=True)
        counts = counts.astype(grad.dtype)
        if ctx.whole:  # torch.max() selects: an inf/NaN gradient stays off the other places
            return (_masked_grad(grad / counts, hit),)
        return (grad * hit / counts,)  # amax multiplies by the mask, as torch


class Prod(Function):
    """out = product of x over ``dim`` (every element when None).

    d/dx_i = grad * (product of the other x_j): ``out / x_i`` when no x_j is zero, else
    exclusive running products from both ends, so a lone zero gets the product of the
    rest and everything else 0 (two zeros or more: all 0).
    """

    @staticmethod
    def forward(ctx, x, *, dim, keepdim):
        out = _accumulated(np.prod, x, axis=dim, keepdims=keepdim)
        ctx.dim, ctx.keepdim = dim, keepdim
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        dims = tuple(range(x.ndim)) if ctx.dim is None else (ctx.dim,)
        out, grad = _keep_dims(x, dims, ctx.keepdim, out, grad)
        if not ((x._data if isinstance(x, Tensor) else x) == 0).any():
            return (grad * (out / x),)
        return (grad * _prod_of_others(x, ctx.dim),)


def _exclusive_cumprod(a: np.ndarray, d: int) -> np.ndarray:
    """Running product along ``d`` that stops just before each element (1 at the start)."""
    c = np.roll(np.cumprod(a, axis=d), 1, axis=d)
    c[(slice(None),) * d + (0,)] = 1
    return c


def _prod_of_others(x: Any, dim: int | None) -> Any:
    """Product along ``dim`` of every element but the one at each position."""
    shape, d = x.shape, 0 if dim is None else dim
    if dim is None:
        x = x.reshape(-1)  # (numel,)
    if not isinstance(x, Tensor):  # O(n) on arrays
        flip = (slice(None),) * d + (slice(None, None, -1),)
        return (_exclusive_cumprod(x, d) * _exclusive_cumprod(x[flip], d)[flip]).reshape(shape)
    # create_graph: differentiable form, each slice with its own entry set to 1
    rows = transpose(x, d, -1)  # (..., n)
    n = rows.shape[-1]
    grid = expand(unsqueeze(rows, -2), *rows.shape[:-1], n, n)  # (..., n, n)
    others = prod(where(np.eye(n, dtype=bool), 1.0, grid), -1)  # (..., n)
    return transpose(others, d, -1).reshape(shape)


class Cumsum(Function):
    """out = running sum of x along ``dim``.  d/dx = running sum of grad from the end."""

    @staticmethod
    def forward(ctx, x, *, dim):
        ctx.dim, ctx.scalar = dim, x.ndim == 0
        return x.copy() if ctx.scalar else _accumulated(np.cumsum, x, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        if ctx.scalar:
            return (grad,)
        flip = (slice(None),) * ctx.dim + (slice(None, None, -1),)
        return (call(Cumsum, grad[flip], dim=ctx.dim)[flip],)


class LogSumExp(Function):
    """out = log(sum(exp(x))) over ``dims``, shifted by the max for stability.

    d/dx = grad * exp(x - out), the softmax of x along ``dims``.
    """

    @staticmethod
    def forward(ctx, x, *, dims, keepdim):
        shift = np.max(x, axis=dims, keepdims=True, initial=-np.inf)
        shift = np.where(np.isfinite(shift), shift, 0).astype(x.dtype)  # all -inf or inf
        with np.errstate(divide="ignore"):  # log(0) = -inf for an all -inf or empty slice
            out = np.log(np.sum(np.exp(x - shift), axis=dims, keepdims=True)) + shift
        if not keepdim:
            out = out.reshape([n for i, n in enumerate(x.shape) if i not in dims])
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        out, grad = _keep_dims(x, ctx.dims, ctx.keepdim, out, grad)
        return (grad * np.exp(x - out),)


def _reduction_args(
    x: Tensor, dim: Any, keepdim: Any, axis: Any, keepdims: Any, op: str
) -> tuple[tuple[int, ...], bool]:
    dim, keepdim = resolve_aliases(dim, keepdim, axis, keepdims)
    if isinstance(dim, (tuple, list)) and not dim:
        dim = None  # torch: an empty dim list reduces over every dim (all/any keep theirs)
    return normalize_dims(dim, x.ndim, op), keepdim


def sum(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
    dtype: DTypeLike = None,
) -> Tensor:
    """Sum over ``dim`` (an int, a tuple, or None for all), as ``torch.sum``.

    Integer and bool tensors sum to int64.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> ag.sum(x), x.sum(dim=0), x.sum(1, keepdim=True).shape
        (tensor(10.), tensor([4., 6.]), (2, 1))
    """
    input = as_tensor(input)
    if dtype is not None:
        input = cast(input, dtype)
    elif input._data.dtype.kind in "biu":
        input = cast(input, np.int64)
    whole = dim is None and axis is None
    dims, keepdim = _reduction_args(input, dim, keepdim, axis, keepdims, "sum")
    return _named(
        Sum.apply(input, dims=dims, keepdim=keepdim), "SumBackward0" if whole else "SumBackward1"
    )


def mean(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
    dtype: DTypeLike = None,
) -> Tensor:
    """Mean over ``dim``, as ``torch.mean``; integer input raises as in PyTorch unless
    ``dtype`` (a floating dtype the input is cast to first) is given.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 2.0], [3.0, 4.0]]).mean(dim=1)
        tensor([1.5000, 3.5000])
    """
    input = as_tensor(input)
    if dtype is not None:
        input = cast(input, dtype)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(
            f"mean(): could not infer output dtype. Input dtype must be floating point, "
            f"got {input.dtype}; convert with .float() first"
        )
    whole = dim is None and axis is None
    if _in_float32(input):  # the float16 sum may overflow where the mean does not
        out = cast(mean(cast(input, np.float32), dim, keepdim, axis=axis, keepdims=keepdims), _HALF)
        return _named(out, "MeanBackward0" if whole else "MeanBackward1")
    dims, keepdim = _reduction_args(input, dim, keepdim, axis, keepdims, "mean")
    count = int(np.prod([input.shape[d] for d in dims])) if dims else 1
    out = Sum.apply(input, dims=dims, keepdim=keepdim) / (count if count else float("nan"))
    return _named(out, "MeanBackward0" if whole else "MeanBackward1")


def var(
    input: TensorLike,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
    axis: Any = None,
    keepdims: Any = None,
) -> Tensor:
    """Variance over ``dim`` with Bessel's correction by default, as ``torch.var``.

    Args:
        unbiased: divide by ``n - 1`` (True, the default) or ``n`` (False).
        correction: divide by ``n - correction``; overrides ``unbiased``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1.0, 2.0, 3.0, 4.0]).var(), ag.tensor([1.0, 3.0]).var(unbiased=False)
        (tensor(1.6667), tensor(1.))
    """
    input = as_tensor(input)
    if isinstance(dim, bool):  # torch.var(x, False) means unbiased=False
        dim, unbiased = None, dim
    if correction is None:
        correction = 0 if unbiased is False else 1
    if _in_float32(input):  # float16 squares and their sum overflow early: round once at the end
        out = var(
            cast(input, np.float32),
            dim,
            keepdim=keepdim,
            correction=correction,
            axis=axis,
            keepdims=keepdims,
        )
        return _named(cast(out, _HALF), "VarBackward0")
    dims, keepdim = _reduction_args(input, dim, keepdim, axis, keepdims, "var")
    count = int(np.prod([input.shape[d] for d in dims])) if dims else 1
    centered = input - mean(input, dims, keepdim=True)
    total = Sum.apply(centered * centered, dims=dims, keepdim=keepdim)
    return _named(total / _positive(count - correction), "VarBackward0")


def std(
    input: TensorLike,
    dim: Any = None,
    unbiased: Any = None,
    keepdim: bool = False,
    *,
    correction: Any = None,
    axis: Any = None,
    keepdims: Any = None,
) -> Tensor:
    """Standard deviation over ``dim``: ``sqrt(var(...))`` with the same arguments.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1.0, 3.0]).std(unbiased=False)
        tensor(1.)
    """
    input = as_tensor(input)
    if _in_float32(input):
        out = std(
            cast(input, np.float32),
            dim,
            unbiased,
            keepdim,
            correction=correction,
            axis=axis,
            keepdims=keepdims,
        )
        return _named(cast(out, _HALF), "StdBackward0")
    v = var(input, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    # Where the variance is 0 the slope of sqrt is infinite; PyTorch defines the
    # gradient of std there as 0, which sqrt(1) * 0 gives (and stays differentiable).
    nonzero = v != 0
    return _named(sqrt(where(nonzero, v, 1.0)) * nonzero, "StdBackward0")


def _positive(n: float) -> float:
    """torch's divisor ``max(0, n - correction)``: inf (or nan for 0/0) once it reaches 0."""
    return n if n > 0 else 0.0


def max(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
) -> Any:
    """The largest value, in torch's three forms (``torch.max``).

    ``max(input)`` is the largest element (ties split the gradient evenly);
    ``max(input, dim, keepdim=False)`` is the named tuple ``(values, indices)`` of the first
    largest element along the int ``dim`` (its gradient goes to that element); and
    ``max(input, other)`` with a tensor ``other`` is ``maximum``. ``amax`` reduces over
    several dims at once.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> x.max()
        tensor(7.)
        >>> values, indices = x.max(dim=1)
        >>> values, indices
        (tensor([5., 7.]), tensor([1, 0]))
    """
    return _max_or_min(input, dim, keepdim, axis, keepdims, largest=True)


def min(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
) -> Any:
    """The smallest value, in torch's three forms (``torch.min``; see :func:`max`).

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 5.0], [7.0, 2.0]]).min(dim=0).values
        tensor([1., 2.])
    """
    return _max_or_min(input, dim, keepdim, axis, keepdims, largest=False)


def _max_or_min(
    input: TensorLike, dim: Any, keepdim: bool, axis: Any, keepdims: Any, largest: bool
) -> Any:
    input = as_tensor(input)
    if isinstance(dim, Tensor):  # torch.max(input, other)
        return maximum(input, dim) if largest else minimum(input, dim)
    dim, keepdim = resolve_aliases(dim, keepdim, axis, keepdims)
    if dim is not None:
        return _extreme_along(input, dim, keepdim, largest)
    op = "max" if largest else "min"
    if input._data.size == 0:
        _no_dim_on_empty(op, input)
    dims, keepdim = _reduction_args(input, None, keepdim, None, None, op)
    out = Max.apply(
        input, dims=dims, keepdim=keepdim, reduce=np.max if largest else np.min, whole=True
    )
    return _named(out, "MaxBackward1" if largest else "MinBackward1")


def amax(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
) -> Tensor:
    """Largest value over ``dim`` (an int, a tuple, or all dims when None), as ``torch.amax``.

    Ties split the gradient evenly among the maxima.

    Example:
        >>> import autograd as ag
        >>> ag.amax(ag.tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1)
        tensor([5., 7.])
    """
    return _amax_or_amin(input, dim, keepdim, axis, keepdims, "amax")


def amin(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
) -> Tensor:
    """Smallest value over ``dim`` (an int, a tuple, or all dims when None), as ``torch.amin``.

    Example:
        >>> import autograd as ag
        >>> ag.amin(ag.tensor([[1.0, 5.0], [7.0, 2.0]]), dim=0)
        tensor([1., 2.])
    """
    return _amax_or_amin(input, dim, keepdim, axis, keepdims, "amin")


def _amax_or_amin(
    input: TensorLike, dim: Any, keepdim: bool, axis: Any, keepdims: Any, op: str
) -> Tensor:
    input = as_tensor(input)
    whole = dim is None and axis is None
    dims, keepdim = _reduction_args(input, dim, keepdim, axis, keepdims, op)
    if whole and input._data.size == 0:
        _no_dim_on_empty(op, input)
    reduce = np.max if op == "amax" else np.min
    return _named(
        Max.apply(input, dims=dims, keepdim=keepdim, reduce=reduce, whole=whole),
        "AmaxBackward0" if op == "amax" else "AminBackward0",
    )


def _no_dim_on_empty(op: str, x: Tensor) -> None:
    """torch's RuntimeError for a whole-tensor max/min of an empty tensor."""
    raise RuntimeError(
        f"{op}(): expected a reduction dim for an empty tensor of shape "
        f"{x.shape} (numel() == 0); pass dim="
    )


def _arg_reduce(
    x: TensorLike, dim: Any, keepdim: Any, axis: Any, keepdims: Any, reduce: Any, op: str
) -> Tensor:
    x = as_tensor(x)
    dim, keepdim = resolve_aliases(dim, keepdim, axis, keepdims)
    if dim is not None and (not isinstance(dim, (int, np.integer)) or isinstance(dim, bool)):
        raise TypeError(f"{op}(): argument 'dim' must be int, not {type(dim).__name__} ({dim!r})")
    if x._data.dtype.kind == "b":
        raise RuntimeError(f"{op}(): does not support bool input (shape {x.shape})")
    if x._data.size == 0:
        if dim is None:
            raise IndexError(
                f"{op}(): cannot reduce an empty tensor of shape {x.shape} without a dim"
            )
        d = normalize_dims(int(dim), x.ndim, op)
        if d and x.shape[d[0]] == 0:
            raise IndexError(
                f"{op}(): cannot reduce over dim {dim} of size 0 (tensor of shape {x.shape})"
            )
    if dim is None:
        out = np.asarray(reduce(x._data))
        return Tensor._make(out.reshape((1,) * x.ndim) if keepdim else out)
    (axis_,) = normalize_dims(dim, x.ndim, op) or (None,)
    return Tensor._make(np.asarray(reduce(x._data, axis=axis_, keepdims=keepdim), dtype=np.int64))


def argmax(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
) -> Tensor:
    """Index of the largest value (flattened when ``dim`` is None); no gradient.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 5.0], [7.0, 2.0]]).argmax(dim=1)
        tensor([1, 0])
    """
    return _arg_reduce(input, dim, keepdim, axis, keepdims, np.argmax, "argmax")


def argmin(
    input: TensorLike,
    dim: Any = None,
    keepdim: bool = False,
    *,
    axis: Any = None,
    keepdims: Any = None,
) -> Tensor:
    """Index of the smallest value (flattened when ``dim`` is None); no gradient.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([3.0, 1.0, 2.0]).argmin()
        tensor(1)
    """
    return _arg_reduce(input, dim, keepdim, axis, keepdims, np.argmin, "argmin")


def all(input: TensorLike, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True where every element over ``dim`` is nonzero.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1, 0], [1, 1]]).all(dim=1)
        tensor([False,  True])
    """
    input = as_tensor(input)
    axes = normalize_dims(dim, input.ndim, "all")
    return Tensor._make(np.all(input._data, axis=axes, keepdims=keepdim))


def any(input: TensorLike, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True where some element over ``dim`` is nonzero.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[0, 0], [0, 1]]).any(dim=1)
        tensor([False,  True])
    """
    input = as_tensor(input)
    axes = normalize_dims(dim, input.ndim, "any")
    return Tensor._make(np.any(input._data, axis=axes, keepdims=keepdim))


def _single_dim(dim: Any, op: str) -> None:
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}(): argument 'dim' must be int, not {type(dim).__name__} ({dim!r})")


def prod(
    input: TensorLike, dim: int | None = None, keepdim: bool = False, *, dtype: DTypeLike = None
) -> Tensor:
    """Product of all elements, or over one ``dim``, as ``torch.prod``.

    Integer and bool tensors multiply in int64. The gradient is right where the input has
    zeros: a single zero in a slice receives the product of the others.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 0.0]], requires_grad=True)
        >>> x.prod(), x.prod(dim=1)
        (tensor(0., grad_fn=<ProdBackward0>), tensor([2., 0.], grad_fn=<ProdBackward1>))
        >>> x.prod(1).sum().backward()
        >>> x.grad
        tensor([[2., 1.],
                [0., 3.]])
    """
    input = as_tensor(input)
    if dtype is not None:
        input = cast(input, dtype)
    elif input._data.dtype.kind in "biu":
        input = cast(input, np.int64)
    if dim is None:
        return _named(Prod.apply(input, dim=None, keepdim=bool(keepdim)), "ProdBackward0")
    _single_dim(dim, "prod")
    (d,) = normalize_dims(dim, input.ndim, "prod") or (None,)
    return _named(Prod.apply(input, dim=d, keepdim=bool(keepdim)), "ProdBackward1")


def cumsum(input: TensorLike, dim: int, *, dtype: DTypeLike = None) -> Tensor:
    """Running sum along ``dim``, as ``torch.cumsum``; integer and bool input sum in int64.

    Example:
        >>> import autograd as ag
        >>> ag.cumsum(ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), dim=1)
        tensor([[ 1.,  3.,  6.],
                [ 4.,  9., 15.]])
    """
    input = as_tensor(input)
    if dtype is not None:
        input = cast(input, dtype)
    elif input._data.dtype.kind in "biu":
        input = cast(input, np.int64)
    _single_dim(dim, "cumsum")
    (d,) = normalize_dims(dim, input.ndim, "cumsum") or (0,)
    return Cumsum.apply(input, dim=d)


def logsumexp(input: TensorLike, dim: Any, keepdim: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over ``dim`` (an int or a tuple), computed without overflow.

    As ``torch.logsumexp``: integer input gives float32; a slice of all ``-inf`` gives
    ``-inf``. Its gradient is the softmax of ``x`` along ``dim``.

    Example:
        >>> import autograd as ag
        >>> ag.logsumexp(ag.tensor([[0.0, 0.0], [500.0, 500.0]]), dim=1)  # exp(500): inf
        tensor([  0.6931, 500.6931])
    """
    input = _float(input)
    dims, keepdim = _reduction_args(input, dim, keepdim, None, None, "logsumexp")
    return _named(LogSumExp.apply(input, dims=dims, keepdim=keepdim), "LogsumexpBackward0")


def norm(
    input: TensorLike,
    p: float | str | None = "fro",
    dim: Any = None,
    keepdim: bool = False,
    dtype: DTypeLike = None,
) -> Tensor:
    """Vector norm over ``dim`` (every element when None), as ``torch.norm``.

    Args:
        p: ``"fro"`` or 2 (Euclidean), 1, ``inf`` (largest ``|x|``), ``-inf``, 0 (count of
            nonzeros) or any other number (``sum(|x|**p) ** (1/p)``). ``"fro"`` takes at
            most two dims. As torch, the gradient of the 2-norm at the zero vector is 0,
            and ``inf`` splits it among tied largest entries.
        dim: an int, a tuple of ints, or None.
        dtype: cast the input to this floating dtype first.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[3.0, -4.0], [0.0, 1.0]])
        >>> x.norm(), x.norm(dim=1), x.norm(p=1, dim=0), x.norm(p=float("inf"))
        (tensor(5.0990), tensor([5., 1.]), tensor([3., 5.]), tensor(4.))
    """
    input = as_tensor(input)
    if dtype is not None:
        input = cast(input, dtype)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(
            f"norm(): expected a floating point input, got dtype {input.dtype} "
            f"(shape {input.shape}); convert it with .float() first"
        )
    if isinstance(p, str):
        if p != "fro":
            raise RuntimeError(
                f"norm(): p={p!r} is not supported; use 'fro' or a number (1, 2, inf, ...)"
            )
        if dim is not None and not isinstance(dim, (int, np.integer)) and len(dim) > 2:
            raise RuntimeError(
                f"norm(): p='fro' takes at most 2 dims, got dim={dim}; "
                "use p=2 for the Euclidean norm over more dims"
            )
        p = 2.0
    p = 2.0 if p is None else float(p)
    if _in_float32(input):  # float16 powers and their sum overflow early: round once at the end
        out = norm(cast(input, np.float32), p, dim, keepdim)
        return _named(cast(out, _HALF), "LinalgVectorNormBackward0")
    dims, keepdim = _reduction_args(input, dim, keepdim, None, None, "norm")
    if p == math.inf:
        out = amax(abs(input), dims, keepdim)
    elif p == -math.inf:
        out = amin(abs(input), dims, keepdim)
    elif p == 0:
        out = cast(sum(input != 0, dims, keepdim), input.dtype)
    elif p == 1:
        out = sum(abs(input), dims, keepdim)
    else:
        total = sum(input * input if p == 2 else abs(input) ** p, dims, keepdim)
        # d/dtotal of total**(1/p) is infinite at 0; torch defines the norm's gradient
        # there as 0, which the masked form gives (and stays differentiable).
        nonzero = total != 0
        total = where(nonzero, total, 1.0)
        out = (sqrt(total) if p == 2 else total ** (1 / p)) * nonzero
    return _named(out, "LinalgVectorNormBackward0")

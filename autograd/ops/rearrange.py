"""Rearranging elements: flip, roll, tril/triu, diag/trace, tile, movedim, narrow, select,
repeat_interleave.

``Flip``, ``Roll``, ``Tril`` and ``Triu`` are their own adjoints (up to the sign of
the shift), so each backward calls the same op through :func:`call`. The rest are
composites of :mod:`autograd.ops.shape` (``GetItem``/``IndexAdd``, ``Permute``,
``Expand``), so they are differentiable to any order.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .._shape import normalize_dim
from ..function import Function, _named, call
from ..tensor import Tensor
from .elementwise import as_tensor
from .shape import GetItem, IndexAdd, Permute, _shape_arg, expand, getitem, repeat, reshape

TensorLike = Any


class Flip(Function):
    """out = x reversed along ``dims``.  d/dx = grad flipped back along the same dims."""

    @staticmethod
    def forward(ctx, x, *, dims):
        ctx.dims = dims
        return np.flip(x, dims).copy()  # a copy, as torch: no negative strides

    @staticmethod
    def backward(ctx, grad):
        return (call(Flip, grad, dims=ctx.dims),)


class Roll(Function):
    """out = x shifted cyclically by ``shifts`` along ``dims``.  d/dx = grad rolled back."""

    @staticmethod
    def forward(ctx, x, *, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(x, shifts, dims)

    @staticmethod
    def backward(ctx, grad):
        back = tuple(-s for s in ctx.shifts) if ctx.dims is not None else -ctx.shifts
        return (call(Roll, grad, shifts=back, dims=ctx.dims),)


class Tril(Function):
    """out = x with entries above diagonal ``k`` zeroed.  d/dx = tril(grad, k)."""

    @staticmethod
    def forward(ctx, x, *, diagonal):
        ctx.diagonal = diagonal
        return np.tril(x, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return (call(Tril, grad, diagonal=ctx.diagonal),)


class Triu(Function):
    """out = x with entries below diagonal ``k`` zeroed.  d/dx = triu(grad, k)."""

    @staticmethod
    def forward(ctx, x, *, diagonal):
        ctx.diagonal = diagonal
        return np.triu(x, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return (call(Triu, grad, diagonal=ctx.diagonal),)


def _distinct_dims(dims: tuple[int, ...], ndim: int, op: str) -> tuple[int, ...]:
    out = tuple(normalize_dim(d, ndim, op) for d in dims)
    if len(set(out)) != len(out):
        raise RuntimeError(f"{op}: dims {dims} name a dimension more than once")
    return out if ndim else ()


def flip(input: TensorLike, *dims: Any) -> Tensor:
    """Reverse the order of elements along ``dims``, as ``torch.flip`` (returns a copy).

    Example:
        >>> import autograd as ag
        >>> ag.flip(ag.tensor([[1, 2], [3, 4]]), (0, 1))
        tensor([[4, 3],
                [2, 1]])
    """
    input = as_tensor(input)
    if not dims:
        raise TypeError("flip() missing 1 required argument: 'dims' (a dim or a tuple of dims)")
    return Flip.apply(input, dims=_distinct_dims(_shape_arg(dims), input.ndim, "flip"))


def roll(
    input: TensorLike, shifts: int | tuple[int, ...], dims: int | tuple[int, ...] | None = None
) -> Tensor:
    """Shift elements cyclically along ``dims``, as ``torch.roll``; without ``dims`` the
    tensor is flattened, rolled and given its shape back.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1, 2, 3, 4]).roll(1)
        tensor([4, 1, 2, 3])
        >>> ag.tensor([[1, 2], [3, 4]]).roll((1, -1), (0, 1))
        tensor([[4, 3],
                [2, 1]])
    """
    input = as_tensor(input)
    shift_t = tuple(shifts) if isinstance(shifts, (tuple, list)) else (shifts,)
    dim_t = () if dims is None else tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    if dims is None and len(shift_t) == 1:
        return Roll.apply(input, shifts=int(shift_t[0]), dims=None)
    if len(shift_t) != len(dim_t):
        raise RuntimeError(
            f"roll: shifts and dimensions must align; got {len(shift_t)} shifts "
            f"{shift_t} and {len(dim_t)} dims {dim_t}"
        )
    if input.ndim == 0:
        return Roll.apply(input, shifts=0, dims=None)
    dim_t = tuple(normalize_dim(d, input.ndim, "roll") for d in dim_t)
    return Roll.apply(input, shifts=tuple(int(s) for s in shift_t), dims=dim_t)


def _check_matrix(x: Tensor, op: str) -> None:
    if x.ndim < 2:
        raise RuntimeError(
            f"{op}: input tensor must have at least 2 dimensions, got shape {x.shape}"
        )


def tril(input: TensorLike, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (entries ``j - i <= diagonal``), the rest
    zero, as ``torch.tril``.

    Example:
        >>> import autograd as ag
        >>> ag.ones(3, 3).tril(-1)
        tensor([[0., 0., 0.],
                [1., 0., 0.],
                [1., 1., 0.]])
    """
    input = as_tensor(input)
    _check_matrix(input, "tril")
    return Tril.apply(input, diagonal=int(diagonal))


def triu(input: TensorLike, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (entries ``j - i >= diagonal``), the rest
    zero, as ``torch.triu``.

    Example:
        >>> import autograd as ag
        >>> ag.ones(2, 3).triu(1)
        tensor([[0., 1., 1.],
                [0., 0., 1.]])
    """
    input = as_tensor(input)
    _check_matrix(input, "triu")
    return Triu.apply(input, diagonal=int(diagonal))


def _diagonal_index(rows: int, cols: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of diagonal ``k`` of a ``rows x cols`` matrix."""
    n = builtins.max(builtins.min(rows, cols - k) if k >= 0 else builtins.min(rows + k, cols), 0)
    i = np.arange(n)
    return (i, i + k) if k >= 0 else (i - k, i)


def diag(input: TensorLike, diagonal: int = 0) -> Tensor:
    """A 1-D tensor placed on diagonal ``diagonal`` of a square matrix, or diagonal
    ``diagonal`` of a 2-D tensor as a 1-D tensor, as ``torch.diag``.

    Example:
        >>> import autograd as ag
        >>> ag.diag(ag.tensor([1, 2]), 1)
        tensor([[0, 1, 0],
                [0, 0, 2],
                [0, 0, 0]])
        >>> ag.arange(6).reshape(2, 3).diag(-1)
        tensor([3])
    """
    input = as_tensor(input)
    if isinstance(diagonal, bool) or not isinstance(diagonal, (int, np.integer)):
        raise TypeError(
            f"diag(): argument 'diagonal' must be int, not {type(diagonal).__name__} ({diagonal!r})"
        )
    k = int(diagonal)
    if input.ndim == 1:
        m = input.shape[0] + builtins.abs(k)
        out = IndexAdd.apply(input, shape=(m, m), index=_diagonal_index(m, m, k))
        return _named(out, "DiagEmbedBackward0")
    if input.ndim == 2:
        index = _diagonal_index(*input.shape, k)
        return _named(GetItem.apply(input, index=index), "DiagonalBackward0")
    raise RuntimeError(
        f"diag(): supports 1-D or 2-D tensors, got a {input.ndim}-D tensor of shape {input.shape}"
    )


def trace(input: TensorLike) -> Tensor:
    """Sum of the main diagonal of a 2-D tensor, as ``torch.trace`` (integers give int64).

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1.0, 2.0], [3.0, 4.0]]).trace()
        tensor(5.)
    """
    input = as_tensor(input)
    if input.ndim != 2:
        raise RuntimeError(
            f"trace: expected a matrix, but got a tensor with dim {input.ndim} "
            f"(shape {input.shape})"
        )
    if input._data.dtype == np.bool_:
        raise NotImplementedError(
            "\"trace\" not implemented for 'Bool'; convert first, e.g. x.long().trace()"
        )
    return _named(diag(input).sum(), "TraceBackward0")


def tile(input: TensorLike, *dims: Any) -> Tensor:
    """Repeat the tensor ``dims[i]`` times along each dim, as ``torch.tile``; with fewer
    entries than dims, the missing leading ones count as 1.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1, 2]]).tile(2)
        tensor([[1, 2, 1, 2]])
    """
    input = as_tensor(input)
    reps = _shape_arg(dims)
    if builtins.any(r < 0 for r in reps):
        raise RuntimeError(f"tile: repetitions must be non-negative, got dims={reps}")
    reps = (1,) * (input.ndim - len(reps)) + reps
    return _named(repeat(input, reps), "RepeatBackward0")


def movedim(
    input: TensorLike, source: int | tuple[int, ...], destination: int | tuple[int, ...]
) -> Tensor:
    """Move dims ``source`` to positions ``destination``; the others keep their order, as
    ``torch.movedim``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, 3, 4).movedim(0, -1).shape
        (3, 4, 2)
    """
    input = as_tensor(input)
    src = tuple(source) if isinstance(source, (tuple, list)) else (source,)
    dst = tuple(destination) if isinstance(destination, (tuple, list)) else (destination,)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: source {src} and destination {dst} must name the same "
            f"number of dims ({len(src)} != {len(dst)})"
        )
    src = _distinct_dims(src, input.ndim, "movedim")
    dst = _distinct_dims(dst, input.ndim, "movedim")
    order = [-1] * input.ndim
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(input.ndim) if d not in src)
    order = [o if o >= 0 else next(rest) for o in order]
    return Permute.apply(input, dims=tuple(order))


def narrow(input: TensorLike, dim: int, start: int, length: int) -> Tensor:
    """The slice ``start:start + length`` of dim ``dim``, as ``torch.narrow``.

    Example:
        >>> import autograd as ag
        >>> ag.arange(6).reshape(2, 3).narrow(1, 1, 2)
        tensor([[1, 2],
                [4, 5]])
    """
    input = as_tensor(input)
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor")
    d = normalize_dim(dim, input.ndim, "narrow")
    n, start, length = input.shape[d], int(start), int(length)
    if not -n <= start <= n:
        raise IndexError(
            f"narrow: start out of range (expected to be in range of [{-n}, {n}], but got {start})"
        )
    start = start % n if start < 0 else start
    if length < 0:
        raise RuntimeError(f"narrow(): length must be non-negative, got {length}")
    if start + length > n:
        raise RuntimeError(
            f"narrow: start ({start}) + length ({length}) exceeds dimension size ({n}) of dim {d}"
        )
    return getitem(input, (slice(None),) * d + (slice(start, start + length),))


def select(input: TensorLike, dim: int, index: int) -> Tensor:
    """The slice at ``index`` of dim ``dim``, with that dim removed, as ``torch.select``.

    Example:
        >>> import autograd as ag
        >>> ag.arange(6).reshape(2, 3).select(1, -1)
        tensor([2, 5])
    """
    input = as_tensor(input)
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor")
    d = normalize_dim(dim, input.ndim, "select")
    n, i = input.shape[d], int(index)
    if not -n <= i < n:
        raise IndexError(
            f"select(): index {i} out of range for tensor of size {input.shape} at dimension {d}"
        )
    return getitem(input, (slice(None),) * d + (i % n,))


def repeat_interleave(
    input: TensorLike,
    repeats: int | TensorLike,
    dim: int | None = None,
    *,
    output_size: int | None = None,
) -> Tensor:
    """Repeat each element ``repeats`` times along ``dim`` (of the flattened tensor when
    ``dim`` is None), as ``torch.repeat_interleave``. ``repeats`` is an int, or one count
    per element of ``dim``; ``output_size``, if given, must be the result's size along
    ``dim`` (torch uses it to skip a sum; here it is checked).

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1, 2], [3, 4]]).repeat_interleave(2, dim=0)
        tensor([[1, 2],
                [1, 2],
                [3, 4],
                [3, 4]])
        >>> ag.tensor([1, 2]).repeat_interleave(ag.tensor([1, 2]))
        tensor([1, 2, 2])
    """
    input = as_tensor(input)
    if dim is None or input.ndim == 0:
        input = reshape(input, (-1,))
    d = normalize_dim(0 if dim is None else dim, input.ndim, "repeat_interleave")
    out = _repeat_interleave(input, repeats, d)
    if output_size is not None and output_size != out.shape[d]:
        raise RuntimeError(
            f"repeat_interleave: output_size={output_size} does not match the "
            f"size {out.shape[d]} that repeats give along dim {d}"
        )
    return out


def _repeat_interleave(input: Tensor, repeats: int | TensorLike, d: int) -> Tensor:
    n = input.shape[d]
    if isinstance(repeats, (int, np.integer)):
        if repeats < 0:
            raise RuntimeError(f"repeat_interleave: repeats must be non-negative, got {repeats}")
        r = int(repeats)
        y = reshape(input, input.shape[: d + 1] + (1,) + input.shape[d + 1 :])  # (..., n, 1, ...)
        y = expand(y, input.shape[: d + 1] + (r,) + input.shape[d + 1 :])  # (..., n, r, ...)
        return reshape(y, input.shape[:d] + (n * r,) + input.shape[d + 1 :])
    counts = (repeats._data if isinstance(repeats, Tensor) else np.asarray(repeats)).reshape(-1)
    if counts.dtype.kind not in "iu" or (counts.size and counts.min() < 0):
        raise RuntimeError(
            f"repeat_interleave: repeats must be non-negative integers, got {counts.tolist()}"
        )
    if counts.size not in (1, n):
        raise RuntimeError(
            f"repeat_interleave: repeats must have the same size as input along "
            f"dim {d}, but got repeats.size(0) = {counts.size} and "
            f"input.size({d}) = {n}"
        )
    index = np.repeat(np.arange(n), counts)
    return _named(GetItem.apply(input, index=(slice(None),) * d + (index,)), "IndexSelectBackward0")

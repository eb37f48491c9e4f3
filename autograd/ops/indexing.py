"""Picking and ordering elements: where, masked_fill, gather, index_select,
masked_select, sort, argsort, topk, nonzero and multinomial.

The differentiable ones are composites of ``GetItem`` (:mod:`autograd.ops.shape`) with
an index array, so their gradients scatter back through ``IndexAdd`` (repeated indices
accumulate) and they are differentiable to any order; ``where`` and ``masked_fill`` route
the gradient with a mask. The index-valued results (``argsort``, ``nonzero``,
``multinomial``, the indices of ``sort`` and ``topk``) carry no gradient.
"""

from __future__ import annotations

from typing import Any, NamedTuple, overload

import numpy as np

from .._shape import broadcast_shapes, normalize_dim, unbroadcast
from .._typing import TensorLike
from ..function import Function, _named
from ..random import generator as _shared
from ..tensor import Tensor
from ._operands import _masked_grad, _operands, as_tensor, cast
from .shape import GetItem, expand, reshape

__all__ = [
    "SortResult",
    "TopkResult",
    "argsort",
    "gather",
    "index_select",
    "masked_fill",
    "masked_select",
    "multinomial",
    "nonzero",
    "sort",
    "topk",
    "where",
]


class Where(Function):
    """out = a where cond else b.  d/da = grad where cond (else 0),  d/db = grad where not cond."""

    @staticmethod
    def forward(ctx, a, b, *, cond):
        ctx.shapes = a.shape, b.shape
        ctx.save_for_backward(cond)
        return np.where(cond, a, b)

    @staticmethod
    def backward(ctx, grad):
        (cond,) = ctx.saved_tensors
        a_shape, b_shape = ctx.shapes
        needs = ctx.needs_input_grad
        return (
            unbroadcast(_masked_grad(grad, cond), a_shape) if needs[0] else None,
            unbroadcast(_masked_grad(grad, cond, keep=False), b_shape) if needs[1] else None,
        )


@overload
def where(condition: TensorLike) -> tuple[Tensor, ...]: ...
@overload
def where(condition: TensorLike, input: TensorLike, other: TensorLike) -> Tensor: ...
def where(
    condition: TensorLike, input: TensorLike | None = None, other: TensorLike | None = None
) -> Tensor | tuple[Tensor, ...]:
    """Pick from ``input`` where ``condition`` holds, else from ``other`` (broadcasting).

    With only ``condition``, the indices of its nonzero entries, one int64 tensor per
    dim (``torch.where(condition)``, i.e. ``nonzero(as_tuple=True)``).

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([-1.0, 2.0])
        >>> ag.where(x > 0, x, 0.0)
        tensor([0., 2.])
    """
    if input is None and other is None:
        cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
        return tuple(Tensor._make(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(cond)))
    if input is None or other is None:
        raise TypeError(
            "where() takes a condition alone or a condition, input and other; "
            f"got input={input!r} and other={other!r}"
        )
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        if isinstance(condition, Tensor):
            raise RuntimeError(
                f"where: expected condition to be a bool tensor, got dtype "
                f"{cond.dtype} (shape {cond.shape}); compare it, e.g. t != 0"
            )
        cond = cond.astype(bool)
    a, b = _operands(input, other)
    try:
        broadcast_shapes("where", cond.shape, np.broadcast_shapes(a.shape, b.shape))
    except ValueError:
        broadcast_shapes("where", a.shape, b.shape)
    return Where.apply(a, b, cond=cond)


def masked_fill(input: TensorLike, mask: TensorLike, value: TensorLike) -> Tensor:
    """``value`` where the bool ``mask`` is True, else ``x``, as ``torch.masked_fill``.

    The mask broadcasts with ``x``; ``value`` is a number or a 0-d tensor and takes
    ``x``'s dtype. The gradient flows to ``x`` where the mask is False (and to a
    ``value`` tensor that requires grad, summed over the filled places).

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> x.masked_fill(ag.tensor([True, False]), 0.0)
        tensor([[0., 2.],
                [0., 4.]])
    """
    input = as_tensor(input)
    cond = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if cond.dtype != np.bool_:
        raise RuntimeError(
            f"masked_fill: expected a bool mask, got dtype {cond.dtype} "
            f"(shape {cond.shape}); compare it first, e.g. mask != 0"
        )
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise RuntimeError(
                f"masked_fill: value must be a number or a 0-dim tensor, got a "
                f"tensor of shape {value.shape}"
            )
        value = cast(value, input._data.dtype)
    else:
        value = Tensor._make(np.asarray(value).astype(input._data.dtype))
    broadcast_shapes("masked_fill", cond.shape, input.shape)
    return _named(Where.apply(value, input, cond=cond), "MaskedFillBackward0")


def _integer_index(index: TensorLike, op: str) -> np.ndarray:
    """The array of an integer index tensor, array or list; anything else raises."""
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    if idx.dtype.kind not in "iu":
        raise RuntimeError(f"{op}(): expected an integer index, got dtype {idx.dtype}")
    return idx


def _gather_index(x: Tensor, d: int, index: np.ndarray) -> tuple[Any, ...]:
    """The advanced index that picks ``x[..., index[i, j, k], ...]`` (``index`` at dim ``d``)."""
    shape = (1,) * index.ndim
    return tuple(
        index if i == d else np.arange(n).reshape(shape[:i] + (n,) + shape[i + 1 :])
        for i, n in enumerate(index.shape)
    )


def gather(input: TensorLike, dim: int, index: TensorLike) -> Tensor:
    """Values along ``dim`` at ``index``, as ``torch.gather``:
    ``out[i][j] = x[index[i][j]][j]`` for ``dim=0``.

    ``index`` has as many dims as ``x`` and is no larger in the other dims. The
    gradient scatters back with accumulation, so repeated indices add up.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> out = x.gather(1, ag.tensor([[0, 0], [1, 0]]))
        >>> out
        tensor([[1., 1.],
                [4., 3.]], grad_fn=<GatherBackward0>)
        >>> out.sum().backward()
        >>> x.grad
        tensor([[2., 0.],
                [1., 1.]])
    """
    input = as_tensor(input)
    idx = _integer_index(index, "gather")
    d = normalize_dim(dim, input.ndim, "gather")
    if idx.ndim != input.ndim:
        raise RuntimeError(
            f"gather(): index tensor must have the same number of dimensions as "
            f"input tensor, got index shape {idx.shape} and input shape "
            f"{input.shape}"
        )
    for i, (m, n) in enumerate(zip(idx.shape, input.shape)):
        if i != d and m > n:
            raise RuntimeError(
                f"gather(): size does not match at dimension {i}: expected index "
                f"{idx.shape} to be no larger than input {input.shape} apart from "
                f"dimension {d}"
            )
    size = input.shape[d] if input.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        bad = idx.min() if idx.min() < 0 else idx.max()
        raise RuntimeError(
            f"gather(): index {bad} is out of bounds for dimension {d} with size {size}"
        )
    if input.ndim == 0:
        return _named(reshape(input, ()), "GatherBackward0")
    return _named(GetItem.apply(input, index=_gather_index(input, d, idx)), "GatherBackward0")


class SortResult(NamedTuple):
    """``(values, indices)`` returned by :func:`sort`, as ``torch.return_types.sort``."""

    values: Tensor
    indices: Tensor


class TopkResult(NamedTuple):
    """``(values, indices)`` returned by :func:`topk`, as ``torch.return_types.topk``."""

    values: Tensor
    indices: Tensor


def _argsort(data: np.ndarray, d: int, descending: bool) -> np.ndarray:
    """Stable argsort along ``d``; NaN counts as the largest value, as in torch."""
    if not descending:
        return np.argsort(data, axis=d, kind="stable")
    # sorting the reversed array ascending and reversing back keeps ties in input order
    flipped = np.argsort(np.flip(data, d), axis=d, kind="stable")
    return data.shape[d] - 1 - np.flip(flipped, d)


def sort(
    input: TensorLike, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> SortResult:
    """Sort along ``dim``; returns ``(values, indices)`` as ``torch.sort``.

    The sort is always stable (``stable`` is accepted for torch's signature) and NaN
    counts as the largest value. Values are differentiable; indices are int64.

    Example:
        >>> import autograd as ag
        >>> values, indices = ag.tensor([3.0, 1.0, 2.0]).sort(descending=True)
        >>> values, indices
        (tensor([3., 2., 1.]), tensor([0, 2, 1]))
    """
    input = as_tensor(input)
    d = normalize_dim(dim, input.ndim, "sort")
    if input.ndim == 0:
        return SortResult(
            _named(reshape(input, ()), "SortBackward0"), Tensor._make(np.zeros((), np.int64))
        )
    order = _argsort(input._data, d, descending).astype(np.int64)
    values = GetItem.apply(input, index=_gather_index(input, d, order))
    return SortResult(_named(values, "SortBackward0"), Tensor._make(order))


def topk(
    input: TensorLike, k: int, dim: int = -1, largest: bool = True, sorted: bool = True
) -> TopkResult:
    """The ``k`` largest (or smallest) values along ``dim`` and their indices, as
    ``torch.topk``. The result is always sorted (``sorted=False`` leaves the order free).

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1.0, 5.0, 3.0, 4.0]).topk(2)
        TopkResult(values=tensor([5., 4.]), indices=tensor([1, 3]))
    """
    input = as_tensor(input)
    d = normalize_dim(dim, input.ndim, "topk")
    n = input.shape[d] if input.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError(
            f"topk: selected index k out of range: k={k} for dimension {d} of size {n}"
        )
    if input.ndim == 0:
        values, indices = sort(input)
        return TopkResult(_named(values, "TopkBackward0"), indices)
    order = _argsort(input._data, d, largest)
    order = order[(slice(None),) * d + (slice(0, k),)].astype(np.int64)
    values = GetItem.apply(input, index=_gather_index(input, d, order))
    return TopkResult(_named(values, "TopkBackward0"), Tensor._make(order))


def index_select(input: TensorLike, dim: int, index: TensorLike) -> Tensor:
    """The entries of ``x`` at ``index`` (a 1-D integer tensor) along ``dim``, as
    ``torch.index_select``. Repeated indices are allowed; their gradients add up.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> out = x.index_select(0, ag.tensor([1, 1]))
        >>> out
        tensor([[3., 4.],
                [3., 4.]], grad_fn=<IndexSelectBackward0>)
        >>> out.sum().backward()
        >>> x.grad
        tensor([[0., 0.],
                [2., 2.]])
    """
    input = as_tensor(input)
    idx = _integer_index(index, "index_select")
    d = normalize_dim(dim, input.ndim, "index_select")
    if idx.ndim > 1:
        raise IndexError(f"index_select(): index is supposed to be a vector, got shape {idx.shape}")
    idx = idx.reshape(-1).astype(np.int64)
    size = input.shape[d] if input.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        bad = idx.min() if idx.min() < 0 else idx.max()
        raise IndexError(
            f"index_select(): index {bad} is out of range for dimension {d} with size {size}"
        )
    if input.ndim == 0:
        if idx.size != 1:
            raise RuntimeError(
                f"index_select(): index to a 0-dim tensor can have only 1 value, "
                f"got {idx.size} value(s)"
            )
        return _named(reshape(input, ()), "IndexSelectBackward0")
    out = GetItem.apply(input, index=(slice(None),) * d + (idx,))
    return _named(out, "IndexSelectBackward0")


def masked_select(input: TensorLike, mask: TensorLike) -> Tensor:
    """The entries of ``x`` where the bool ``mask`` holds, as a 1-D tensor, as
    ``torch.masked_select``; ``x`` and ``mask`` broadcast together.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([[1.0, -2.0], [-3.0, 4.0]])
        >>> x.masked_select(x > 0)
        tensor([1., 4.])
    """
    input = as_tensor(input)
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if m.dtype != np.bool_:
        raise RuntimeError(
            f"masked_select: expected a bool mask, got dtype {m.dtype} "
            f"(shape {m.shape}); compare it first, e.g. mask != 0"
        )
    shape = broadcast_shapes("masked_select", input.shape, m.shape)
    if input.shape != shape:
        input = expand(input, shape)
    flat = reshape(input, (-1,))
    index = np.flatnonzero(np.broadcast_to(m, shape))
    return _named(GetItem.apply(flat, index=index), "MaskedSelectBackward0")


def argsort(
    input: TensorLike, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> Tensor:
    """The int64 indices that sort ``x`` along ``dim``, as ``torch.argsort``. The sort is
    always stable and NaN counts as the largest value.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([3.0, 1.0, 2.0]).argsort(descending=True)
        tensor([0, 2, 1])
    """
    input = as_tensor(input)
    d = normalize_dim(dim, input.ndim, "argsort")
    if input.ndim == 0:
        return Tensor._make(np.zeros((), np.int64))
    return Tensor._make(_argsort(input._data, d, descending).astype(np.int64))


def nonzero(input: TensorLike, *, as_tuple: bool = False) -> Tensor | tuple[Tensor, ...]:
    """The indices of the nonzero entries, as ``torch.nonzero``: an int64 tensor of shape
    ``(count, ndim)``, or with ``as_tuple=True`` one 1-D index tensor per dim.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[0, 1], [2, 0]]).nonzero()
        tensor([[0, 1],
                [1, 0]])
        >>> ag.tensor([0, 3, 4]).nonzero(as_tuple=True)
        (tensor([1, 2]),)
    """
    data = as_tensor(input)._data
    if as_tuple:  # a 0-d tensor counts as 1-D, as torch
        return tuple(Tensor._make(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(data)))
    if data.ndim == 0:
        return Tensor._make(np.zeros((1 if data else 0, 0), np.int64))
    return Tensor._make(np.argwhere(data).astype(np.int64))


def multinomial(
    input: TensorLike, num_samples: int, replacement: bool = False, *, generator: Any = None
) -> Tensor:
    """Draw category indices in proportion to the non-negative weights of ``input``'s rows,
    as ``torch.multinomial``.

    ``input`` is 1-D (one distribution) or 2-D (one per row); the weights need not sum
    to one. Without ``replacement`` a category is drawn at most once per row, so
    ``num_samples`` may not exceed the row's length (as torch, zero-weight categories
    come last, once the others are drawn). Samples come
    from the library's shared generator (``ag.manual_seed``) and carry no gradient;
    the result is int64 of shape ``(num_samples,)`` or ``(rows, num_samples)``.

    Example:
        >>> import autograd as ag
        >>> ag.multinomial(ag.tensor([0.0, 0.0, 1.0]), 2, replacement=True)
        tensor([2, 2])
    """
    if generator is not None:
        raise NotImplementedError(
            "multinomial: draws come from the shared generator "
            "(seed it with ag.manual_seed); generator= is not supported"
        )
    w = input._data if isinstance(input, Tensor) else np.asarray(input)
    if w.ndim not in (1, 2):
        raise RuntimeError(f"prob_dist must be 1 or 2 dim, got a tensor of shape {w.shape}")
    if w.dtype.kind != "f":
        raise RuntimeError(
            f"multinomial only supports floating-point dtypes for input, got: {w.dtype}"
        )
    if num_samples <= 0:
        raise RuntimeError(f"cannot sample n_sample <= 0 samples (got {num_samples})")
    rows = w.reshape(-1, w.shape[-1]).astype(np.float64)
    if not np.isfinite(rows).all() or (rows < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(axis=1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if not replacement and num_samples > rows.shape[1]:
        raise RuntimeError(
            f"cannot sample n_sample > prob_dist.size(-1) samples without "
            f"replacement (n_sample={num_samples}, "
            f"prob_dist.size(-1)={rows.shape[1]})"
        )
    rng = _shared()
    if replacement:  # invert each row's cumulative distribution at uniform points
        cdf = np.cumsum(rows, axis=1)
        u = rng.random((rows.shape[0], num_samples)) * cdf[:, -1:]
        out = np.stack([np.searchsorted(c, x, side="right") for c, x in zip(cdf, u)])
        out = np.minimum(out, rows.shape[1] - 1)
    else:  # the smallest exponential(1) / weight keys: sequential draws without replacement
        with np.errstate(divide="ignore"):
            keys = rng.standard_exponential(rows.shape) / rows
        out = np.argsort(keys, axis=1, kind="stable")[:, :num_samples]
    shape = (num_samples,) if w.ndim == 1 else (w.shape[0], num_samples)
    return Tensor._make(out.astype(np.int64).reshape(shape))

"""Shape ops: reshape (view), permute, transpose, expand, squeeze, unsqueeze,
flatten, repeat, tile, cat, stack, split, chunk, unbind, flip, roll, movedim, narrow,
select, repeat_interleave; and ``getitem``/``setitem``, the view primitive they slice with.

Primitives are adjoint pairs: ``Reshape`` with itself, ``Permute`` with the inverse
permutation, ``Expand`` with a sum, ``GetItem`` with ``IndexAdd``, ``Flip`` and ``Roll``
with themselves. Each backward calls its partner through :func:`call`, so a plain
backward is one NumPy call and ``create_graph=True`` records the partner op; everything
else is a composite of the primitives. ``getitem`` lives here rather than in
:mod:`autograd.ops.indexing` because ``split``, ``unbind`` and ``narrow`` are built on it,
while the selections there are built on ``reshape`` and ``expand``.
"""

from __future__ import annotations

import builtins
import operator
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import dtypes
from .._shape import normalize_dim, unbroadcast
from .._typing import TensorLike
from ..function import Function, _named, call
from ..tensor import Tensor
from ._operands import as_tensor, cast

__all__ = [
    "broadcast_to",
    "cat",
    "chunk",
    "concatenate",
    "expand",
    "flatten",
    "flip",
    "getitem",
    "movedim",
    "narrow",
    "permute",
    "repeat",
    "repeat_interleave",
    "reshape",
    "roll",
    "select",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "tile",
    "transpose",
    "unbind",
    "unsqueeze",
    "view",
]


def _index_arrays(index: Any) -> Any:
    """Replace Tensors inside an index by their arrays."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    return index


class Reshape(Function):
    """out = x viewed with a new shape.  d/dx = grad reshaped back."""

    @staticmethod
    def forward(ctx, x, *, shape):
        ctx.shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return (grad.reshape(ctx.shape),)


class Permute(Function):
    """out = x with dims reordered.  d/dx = grad with the inverse order."""

    @staticmethod
    def forward(ctx, x, *, dims):
        ctx.dims = dims
        return np.transpose(x, dims)

    @staticmethod
    def backward(ctx, grad):
        return (call(Permute, grad, dims=tuple(np.argsort(ctx.dims).tolist())),)


class Expand(Function):
    """out = x broadcast to ``shape`` (a view).  d/dx = grad summed back to x's shape."""

    @staticmethod
    def forward(ctx, x, *, shape):
        ctx.shape = x.shape
        return np.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, grad):
        return (unbroadcast(grad, ctx.shape),)


class GetItem(Function):
    """out = x[index].  d/dx = zeros with grad added at index (repeats accumulate)."""

    @staticmethod
    def forward(ctx, x, *, index):
        ctx.shape, ctx.index = x.shape, index
        out = x[index]
        if type(out) is not np.ndarray and _is_basic(index):
            # NumPy gives a scalar (a copy) for a full integer index; torch a 0-d view.
            # An Ellipsis (there is none yet, or out would be an array) keeps the view.
            out = x[(*index, Ellipsis) if isinstance(index, tuple) else (index, Ellipsis)]
        return out

    @staticmethod
    def backward(ctx, grad):
        return (call(IndexAdd, grad, shape=ctx.shape, index=ctx.index),)


class IndexAdd(Function):
    """out = zeros(shape) with ``src`` added at ``index``.  d/dsrc = grad[index]."""

    @staticmethod
    def forward(ctx, src, *, shape, index):
        ctx.index = index
        out = np.zeros(shape, dtype=src.dtype)
        if _is_basic(index):
            out[index] = src
        else:
            np.add.at(out, index, src)
        return out

    @staticmethod
    def backward(ctx, grad):
        return (call(GetItem, grad, index=ctx.index),)


class IndexPut(Function):
    """out = x with ``out[index] = value``.  d/dx = grad, zeroed at index;
    d/dvalue = grad[index], summed back to value's shape (torch's CopySlices)."""

    torch_name = "CopySlices"

    @staticmethod
    def forward(ctx, x, value, *, index):
        ctx.index, ctx.value_shape = index, np.shape(value)
        out = x.copy()  # x stays intact for the nodes that saved it
        out[index] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        needs = ctx.needs_input_grad
        grad_x = None
        if needs[0]:
            grad_x = grad.copy() if isinstance(grad, np.ndarray) else grad * 1
            grad_x[ctx.index] = 0
        grad_value = unbroadcast(grad[ctx.index], ctx.value_shape) if needs[1] else None
        return grad_x, grad_value


def setitem(x: Tensor, index: Any, value: TensorLike) -> Tensor:
    """``x[index] = value`` recorded in the graph: a new tensor holding the result.

    ``Tensor.__setitem__`` uses it when ``x`` is a result of the graph or ``value``
    requires grad, and makes ``x`` take the result's value and node, as torch does.

    Example:
        >>> import autograd as ag
        >>> w = ag.tensor([2.0], requires_grad=True)
        >>> out = ag.zeros(3)
        >>> out[1:2] = w * 3
        >>> out.sum().backward()
        >>> w.grad
        tensor([3.])
    """
    index = _list_index(_index_arrays(index))
    value = as_tensor(value)
    if value._data.dtype != x._data.dtype:
        value = cast(value, x._data.dtype)
    try:
        out = IndexPut.apply(x, value, index=index)
    except ValueError:
        raise RuntimeError(
            f"index assignment: value of shape {value.shape} cannot be "
            f"broadcast to x{_index_repr(index)} (x has shape {x.shape})"
        ) from None
    # torch's node: CopySlices for ints and slices, IndexPutBackward0 for arrays and masks
    return out if _is_basic(index) else _named(out, "IndexPutBackward0")


def _list_index(index: Any) -> Any:
    """A list index as an array; an empty list is an empty int64 index, as torch (NumPy
    would make it float64)."""
    if not isinstance(index, list):
        return index
    array = np.asarray(index)
    return array.astype(np.int64) if array.size == 0 and array.dtype.kind == "f" else array


def _index_repr(index: Any) -> str:
    return f"[{index!r}]" if not isinstance(index, tuple) else f"[{', '.join(map(repr, index))}]"


class Cat(Function):
    """out = inputs joined along ``dim``.  d/d(input i) = grad's slice for input i."""

    @staticmethod
    def forward(ctx, *arrays, dim):
        ctx.dim = dim
        ctx.bounds = np.cumsum([0] + [a.shape[dim] for a in arrays]).tolist()
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.dim
        return tuple(
            grad[lead + (slice(start, stop),)] if need else None
            for start, stop, need in zip(ctx.bounds, ctx.bounds[1:], ctx.needs_input_grad)
        )


def _is_basic(index: Any) -> bool:
    """True for indices made only of ints, slices, None and Ellipsis (no repeats possible)."""
    items = index if isinstance(index, tuple) else (index,)
    return builtins.all(
        i is None or i is Ellipsis or isinstance(i, (slice, int, np.integer)) for i in items
    )


def _shape_arg(shape: tuple[Any, ...]) -> tuple[int, ...]:
    """Accept ``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])``."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    try:  # int() would truncate 2.7 to 2; sizes must be integers, as torch's
        return tuple(operator.index(n) for n in shape)
    except TypeError:
        bad = next(n for n in shape if not _is_index(n))
        raise TypeError(
            f"size must be a tuple of ints, but got {type(bad).__name__} {bad!r} in {shape}"
        ) from None


def _is_index(n: Any) -> bool:
    try:
        operator.index(n)
    except TypeError:
        return False
    return True


def reshape(input: TensorLike, *shape: Any) -> Tensor:
    """The same data with a new shape; one dimension may be -1.

    Example:
        >>> import autograd as ag
        >>> ag.arange(6).reshape(2, -1).shape
        (2, 3)
    """
    input = as_tensor(input)
    shape = _shape_arg(shape)
    for i, n in enumerate(shape):
        if n < -1:  # NumPy reads any negative size as -1
            raise RuntimeError(
                f"invalid shape dimension {n} at index {i} of shape "
                f"{list(shape)} (reshaping a tensor of shape {input.shape})"
            )
    try:  # a new tensor even when the shape is unchanged, as torch's view
        return _named(Reshape.apply(input, shape=shape), "ViewBackward0")
    except ValueError:
        raise RuntimeError(
            f"reshape: shape {shape} is invalid for input of shape {input.shape} "
            f"(size {input._data.size})"
        ) from None


view = reshape


def permute(input: TensorLike, *dims: Any) -> Tensor:
    """Reorder the dimensions, as ``torch.permute``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, 3, 4).permute(2, 0, 1).shape
        (4, 2, 3)
    """
    input = as_tensor(input)
    order = tuple(normalize_dim(d, input.ndim, "permute") for d in _shape_arg(dims))
    if sorted(order) != list(range(input.ndim)):
        raise RuntimeError(
            f"permute: dims {tuple(dims)} must name each of the {input.ndim} dims of a tensor "
            f"of shape {input.shape} exactly once"
        )
    return Permute.apply(input, dims=order)


def transpose(input: TensorLike, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions, as ``torch.transpose``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, 3).transpose(0, 1).shape
        (3, 2)
    """
    input = as_tensor(input)
    order = list(range(input.ndim))
    d0 = normalize_dim(dim0, input.ndim, "transpose")
    d1 = normalize_dim(dim1, input.ndim, "transpose")
    if order:  # a 0-d tensor accepts dims 0 and -1 and stays as it is
        order[d0], order[d1] = order[d1], order[d0]
    return _named(Permute.apply(input, dims=tuple(order)), "TransposeBackward0")


def swapaxes(input: TensorLike, axis0: int, axis1: int) -> Tensor:
    """``transpose`` under NumPy's name, as ``torch.swapaxes``.

    Example:
        >>> import autograd as ag
        >>> ag.swapaxes(ag.zeros(2, 3), 0, 1).shape
        (3, 2)
    """
    return transpose(input, axis0, axis1)


def expand(x: TensorLike, *shape: Any) -> Tensor:
    """Broadcast to ``shape`` without copying; -1 keeps a dimension's size.

    Example:
        >>> import autograd as ag
        >>> ag.ones(3, 1).expand(3, 4).shape
        (3, 4)
    """
    x = as_tensor(x)
    shape = _shape_arg(shape)
    lead = len(shape) - x.ndim
    if lead < 0:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(shape)}) must be greater or equal "
            f"to the number of dimensions in the tensor ({x.ndim}); sizes {list(shape)}, "
            f"tensor shape {x.shape}"
        )
    target = tuple(x.shape[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(shape))
    if lead and builtins.min(target[:lead]) < 0:
        raise RuntimeError(
            f"expand: the expanded size {builtins.min(target[:lead])} isn't allowed in a "
            f"leading, non-existing dimension; target sizes {shape}, tensor shape {x.shape}"
        )
    for i, n in enumerate(x.shape):
        if n != 1 and n != target[lead + i]:
            raise RuntimeError(
                f"expand: the expanded size of the tensor ({target[lead + i]}) must match the "
                f"existing size ({n}) at non-singleton dimension {lead + i}; target sizes "
                f"{shape}, tensor shape {x.shape}"
            )
    return Expand.apply(x, shape=target)


def broadcast_to(input: TensorLike, size: Sequence[int]) -> Tensor:
    """Broadcast to ``shape`` (``torch.broadcast_to``).

    Example:
        >>> import autograd as ag
        >>> ag.broadcast_to(ag.tensor([1.0, 2.0]), (2, 2))
        tensor([[1., 2.],
                [1., 2.]])
    """
    return expand(input, tuple(size))


def squeeze(input: TensorLike, dim: Any = None) -> Tensor:
    """Remove dimensions of size 1 (only ``dim`` when given), as ``torch.squeeze``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(1, 3, 1).squeeze().shape, ag.zeros(1, 3, 1).squeeze(0).shape
        ((3,), (3, 1))
    """
    input = as_tensor(input)
    if dim is None:
        dims = {i for i, n in enumerate(input.shape) if n == 1}
    else:
        given = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {normalize_dim(d, input.ndim, "squeeze") for d in given}
        dims = {d for d in dims if input.ndim and input.shape[d] == 1}
    out = reshape(input, tuple(n for i, n in enumerate(input.shape) if i not in dims))
    return _named(out, "SqueezeBackward0" if dim is None else "SqueezeBackward1")


def unsqueeze(input: TensorLike, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(3).unsqueeze(0).shape, ag.zeros(3).unsqueeze(-1).shape
        ((1, 3), (3, 1))
    """
    input = as_tensor(input)
    d = normalize_dim(dim, input.ndim + 1, "unsqueeze")
    return _named(reshape(input, input.shape[:d] + (1,) + input.shape[d:]), "UnsqueezeBackward0")


def flatten(input: TensorLike, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim..end_dim`` into one.

    Example:
        >>> import autograd as ag
        >>> ag.zeros(2, 3, 4).flatten(1).shape
        (2, 12)
    """
    input = as_tensor(input)
    if input.ndim == 0:
        return reshape(input, (1,))
    start = normalize_dim(start_dim, input.ndim, "flatten")
    end = normalize_dim(end_dim, input.ndim, "flatten")
    if start > end:
        raise RuntimeError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim}")
    if start == end:
        return input  # nothing to merge: torch returns the input itself
    merged = int(np.prod(input.shape[start : end + 1]))
    return reshape(input, input.shape[:start] + (merged,) + input.shape[end + 1 :])


def repeat(x: TensorLike, *sizes: Any) -> Tensor:
    """Tile the tensor ``sizes[i]`` times along each dimension, as ``torch.Tensor.repeat``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([1.0, 2.0]).repeat(2)
        tensor([1., 2., 1., 2.])
    """
    x = as_tensor(x)
    sizes = _shape_arg(sizes)
    if len(sizes) < x.ndim:
        raise RuntimeError(
            f"repeat: number of repeat dims ({len(sizes)}) can not be smaller than the number "
            f"of dimensions of the tensor ({x.ndim})"
        )
    shape = (1,) * (len(sizes) - x.ndim) + x.shape
    result = [r * d for r, d in zip(sizes, shape)]
    if builtins.min(sizes, default=0) < 0:  # expand would read -1 as "keep"
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {builtins.min(result)}: {result} "
            f"(repeat({', '.join(map(str, sizes))}) of a tensor of shape {x.shape})"
        )
    x = reshape(x, tuple(n for d in shape for n in (1, d)))  # (1, d0, 1, d1, ...)
    x = expand(x, tuple(n for r, d in zip(sizes, shape) for n in (r, d)))
    return reshape(x, tuple(r * d for r, d in zip(sizes, shape)))


def getitem(x: TensorLike, index: Any) -> Tensor:
    """``x[index]`` with ints, slices, None, ``...``, bool masks and integer arrays.

    The gradient scatters back with accumulation, so repeated indices add up.

    Example:
        >>> import autograd as ag
        >>> x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> x[[0, 0, 2]].sum().backward()
        >>> x.grad
        tensor([2., 0., 1.])
    """
    x = as_tensor(x)
    index = _list_index(_index_arrays(index))
    if isinstance(index, np.ndarray) and index.dtype.kind == "f":
        raise IndexError(f"tensors used as indices must be long or bool, got {index.dtype}")
    try:
        out = GetItem.apply(x, index=index)
    except IndexError as e:
        raise IndexError(index_error_message(str(e), x.shape)) from None
    return _named(out, _index_node_name(index))


_OUT_OF_BOUNDS = re.compile(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)")

_TOO_MANY = re.compile(r"too many indices for array: array is (\d+)-dimensional")

_MASK = re.compile(
    r"boolean index did not match indexed array along (?:axis|dimension) (\d+); "
    r"size of (?:axis|dimension) is (\d+) but size of corresponding boolean "
    r"(?:axis|dimension) is (\d+)"
)


def index_error_message(numpy_message: str, shape: tuple[int, ...]) -> str:
    """NumPy's IndexError text in torch's words, naming the tensor's shape.

    Example:
        >>> index_error_message("index 5 is out of bounds for axis 0 with size 2", (2, 3))
        'index 5 is out of bounds for dimension 0 with size 2 (indexing a tensor of shape (2, 3))'
    """
    where = f" (indexing a tensor of shape {shape})"
    if m := _OUT_OF_BOUNDS.search(numpy_message):
        return f"index {m[1]} is out of bounds for dimension {m[2]} with size {m[3]}" + where
    if m := _TOO_MANY.search(numpy_message):
        return f"too many indices for tensor of dimension {m[1]}" + where
    if m := _MASK.search(numpy_message):
        return (
            f"The shape of the mask [{m[3]}] at index {m[1]} does not match the shape of "
            f"the indexed tensor [{m[2]}] at index {m[1]}" + where
        )
    return numpy_message.replace("axis", "dimension").replace("array", "tensor") + where


def _index_node_name(index: Any) -> str:
    """torch's node for ``x[index]``: Index for arrays and masks, else the last of Select
    (an int), Slice or Unsqueeze (None) that the index applies."""
    parts = index if isinstance(index, tuple) else (index,)
    name = "SliceBackward0"
    for part in parts:
        if isinstance(part, np.ndarray):
            return "IndexBackward0"
        if isinstance(part, (int, np.integer)):
            name = "SelectBackward0"
        elif part is None:
            name = "UnsqueezeBackward0"
        elif isinstance(part, slice) and part != slice(None):
            name = "SliceBackward0"
    return name


def cat(tensors: Sequence[TensorLike], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension, as ``torch.cat``.

    Example:
        >>> import autograd as ag
        >>> ag.cat([ag.zeros(2, 3), ag.ones(1, 3)]).shape
        (3, 3)
    """
    parts = [as_tensor(t) for t in tensors]
    if not parts:
        raise ValueError("cat: expected a non-empty list of parts, got an empty sequence")
    first = parts[0]
    if first.ndim == 0:
        raise RuntimeError("cat: zero-dimensional tensor (at position 0) cannot be concatenated")
    d = normalize_dim(dim, first.ndim, "cat")
    for i, t in enumerate(parts[1:], 1):
        if (
            t.ndim != first.ndim
            or t.shape[:d] + t.shape[d + 1 :] != first.shape[:d] + first.shape[d + 1 :]
        ):
            if (0,) in (t.shape, first.shape):  # torch skips legacy 1-D empty parts
                return _cat_skipping_empty(parts, dim)
            raise RuntimeError(
                f"cat: sizes of parts must match except in dimension {d}; tensor 0 has shape "
                f"{first.shape} and tensor {i} has shape {t.shape}"
            )
    dtype = first._data.dtype
    for t in parts[1:]:
        if t._data.dtype != dtype:
            dtype = dtypes.result_type(np.empty(0, dtype), t._data)
    return Cat.apply(*[cast(t, dtype) for t in parts], dim=d)


concatenate = cat


def _cat_skipping_empty(tensors: list[Tensor], dim: int) -> Tensor:
    """torch.cat ignores 1-D tensors of shape (0,) beside tensors of any shape (their dtype
    still takes part in the promotion)."""
    kept = [t for t in tensors if t.shape != (0,)]
    if not kept:
        return cat(tensors[:1], dim)
    dtype = kept[0]._data.dtype
    for t in tensors:
        if t._data.dtype != dtype:
            dtype = dtypes.result_type(np.empty(0, dtype), t._data)
    return cat([cast(t, dtype) for t in kept], dim)


def stack(tensors: Sequence[TensorLike], dim: int = 0) -> Tensor:
    """Join tensors of equal shape along a new dimension, as ``torch.stack``.

    Example:
        >>> import autograd as ag
        >>> ag.stack([ag.zeros(2, 3), ag.ones(2, 3)], dim=1).shape
        (2, 2, 3)
    """
    parts = [as_tensor(t) for t in tensors]
    if not parts:
        raise RuntimeError("stack: expected a non-empty list of parts")
    for i, t in enumerate(parts[1:], 1):
        if t.shape != parts[0].shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {parts[0].shape} at "
                f"entry 0 and {t.shape} at entry {i}"
            )
    d = normalize_dim(dim, parts[0].ndim + 1, "stack")
    return _named(cat([unsqueeze(t, d) for t in parts], d), "StackBackward0")


def _split_at(x: Tensor, d: int, sizes: Sequence[int], name: str) -> tuple[Tensor, ...]:
    """Slices of ``x`` along dim ``d`` with the given sizes, each node named ``name``."""
    lead = (slice(None),) * d
    bounds = np.cumsum([0, *sizes]).tolist()
    return tuple(
        _named(getitem(x, lead + (slice(start, stop),)), name)
        for start, stop in zip(bounds, bounds[1:])
    )


def split(
    tensor: TensorLike, split_size_or_sections: int | Sequence[int], dim: int = 0
) -> tuple[Tensor, ...]:
    """Split into pieces along ``dim``, as ``torch.split``.

    An int gives pieces of that size (the last may be smaller); a list gives the
    size of each piece, and must add up to the size of ``dim``.

    Example:
        >>> import autograd as ag
        >>> [t.shape for t in ag.arange(5).split(2)]
        [(2,), (2,), (1,)]
        >>> ag.arange(5).split([1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
    tensor = as_tensor(tensor)
    if tensor.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor, got a 0-d tensor")
    d = normalize_dim(dim, tensor.ndim, "split")
    n = tensor.shape[d]
    if isinstance(split_size_or_sections, (int, np.integer)):
        size = int(split_size_or_sections)
        if size < 0 or (size == 0 and n != 0):
            raise RuntimeError(
                f"split: split_size must be positive (0 only for a dimension of "
                f"size 0), got split_size={size} for dimension {d} of size {n}"
            )
        pieces = builtins.max(-(-n // size) if size else 1, 1)
        sizes = [size] * (pieces - 1) + [n - size * (pieces - 1)]
        return _split_at(tensor, d, sizes, "SplitBackward0")
    sizes = [int(s) for s in split_size_or_sections]
    if builtins.any(s < 0 for s in sizes):
        raise RuntimeError(
            f"split_with_sizes expects split_sizes have only non-negative "
            f"entries, but got split_sizes={sizes}"
        )
    if builtins.sum(sizes) != n:
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
            f"tensor's size at dimension {d}), but got split_sizes={sizes}"
        )
    return _split_at(tensor, d, sizes, "SplitWithSizesBackward0")


def chunk(input: TensorLike, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """Split into ``chunks`` pieces of size ``ceil(n / chunks)`` along ``dim``, as
    ``torch.chunk``; the last piece may be smaller and there may be fewer pieces.

    Example:
        >>> import autograd as ag
        >>> [t.shape for t in ag.zeros(5).chunk(2)], len(ag.zeros(6).chunk(4))
        ([(3,), (2,)], 3)
    """
    input = as_tensor(input)
    if not isinstance(chunks, (int, np.integer)) or chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if input.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor, got a 0-d tensor")
    d = normalize_dim(dim, input.ndim, "chunk")
    n = input.shape[d]
    if n == 0:  # torch gives ``chunks`` empty pieces
        return _split_at(input, d, [0] * int(chunks), "SplitWithSizesBackward0")
    return split(input, -(-n // int(chunks)), d)


def unbind(input: TensorLike, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices along ``dim``, with that dimension removed, as ``torch.unbind``.

    Example:
        >>> import autograd as ag
        >>> ag.tensor([[1, 2], [3, 4]]).unbind(1)
        (tensor([1, 3]), tensor([2, 4]))
    """
    input = as_tensor(input)
    if input.ndim == 0:
        raise IndexError("unbind: dimension specified as 0 but tensor has no dimensions")
    d = normalize_dim(dim, input.ndim, "unbind")
    lead = (slice(None),) * d
    return tuple(
        _named(getitem(input, lead + (i,)), "UnbindBackward0") for i in range(input.shape[d])
    )


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

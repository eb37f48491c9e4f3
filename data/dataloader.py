"""DataLoader: batches of a dataset as autograd Tensors, optionally shuffled."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd import random as _random

from .dataset import array_source

Batch = tuple[Tensor, ...] | Tensor


class DataLoader:
    """Iterate over a dataset in batches of Tensors.

    Each pass over the loader is one epoch. With ``shuffle=True`` every epoch
    draws a fresh permutation of the dataset.

    Array-backed datasets (those exposing ``arrays``, such as
    :class:`~data.TensorDataset`, :class:`~data.MNIST` and Subsets of them) are
    batched with one fancy index per array per batch: no per-sample Python loop
    and no copy beyond that gather. Other datasets are indexed item by item and
    collated: NumPy arrays and Tensors are stacked, Python ints become int64,
    floats float32 and bools bool; items that are tuples give one Tensor per
    field.

    Args:
        dataset: a map-style dataset (``__getitem__`` and ``__len__``).
        batch_size: samples per batch, a positive int.
        shuffle: draw a new random order each epoch.
        drop_last: drop the last batch when it would be smaller than
            ``batch_size``.
        seed: seeds a generator private to this loader (created once, so
            successive epochs differ and two loaders with the same seed give
            the same sequence of orders). Without it the order comes from the
            library's shared generator, which ``ag.manual_seed`` seeds.
        transform: a function applied to the whole *batch* of the first field
            (the inputs ``x``) as an ``np.ndarray``, e.g. ``x.shape == (64, 28,
            28)`` for MNIST; it returns the new array (or Tensor). It runs after
            the batch is gathered, so it may modify the array in place. Labels
            and other fields are not transformed.

    Yields:
        For datasets whose items are tuples, a tuple of Tensors ``(x, y, ...)``
        with a leading batch dimension; otherwise one Tensor.

    Example:
        >>> import numpy as np
        >>> from data import DataLoader, TensorDataset
        >>> ds = TensorDataset(np.ones((10, 3), np.float32), np.arange(10))
        >>> loader = DataLoader(ds, batch_size=4, shuffle=True, seed=0)
        >>> len(loader)
        3
        >>> [tuple(x.shape) for x, y in loader]
        [(4, 3), (4, 3), (2, 3)]
        >>> x, y = next(iter(loader)); y.dtype
        dtype('int64')
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: int | None = None,
        transform: Callable[[np.ndarray], Any] | None = None,
    ) -> None:
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(f"DataLoader: dataset must define __len__ and __getitem__, "
                            f"got {type(dataset).__name__}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size <= 0:
            raise ValueError(
                f"DataLoader: batch_size should be a positive integer, "
                f"got batch_size={batch_size!r}"
            )
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise TypeError(f"DataLoader: seed must be an int or None, got {seed!r}")
        if transform is not None and not callable(transform):
            raise TypeError(
                f"DataLoader: transform must be callable or None, got {type(transform).__name__}"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.seed = seed
        self.transform = transform
        self._rng = np.random.default_rng(seed) if seed is not None else None

    def __len__(self) -> int:
        n = len(self.dataset)
        if self.drop_last:
            return n // self.batch_size
        return -(-n // self.batch_size)

    def _order(self, n: int) -> np.ndarray | None:
        """This epoch's permutation, or None for the natural order."""
        if not self.shuffle:
            return None
        rng = self._rng if self._rng is not None else _random.generator()
        return rng.permutation(n)

    def __iter__(self) -> Iterator[Batch]:
        n = len(self.dataset)
        order = self._order(n)
        source = array_source(self.dataset)
        if source is not None:
            return self._iter_arrays(source[0], source[1], order, n)
        return self._iter_items(order, n)

    def _starts(self, n: int) -> range:
        stop = n - n % self.batch_size if self.drop_last else n
        return range(0, stop, self.batch_size)

    def _iter_arrays(self, arrays: tuple[np.ndarray, ...], index: np.ndarray | None,
                     order: np.ndarray | None, n: int) -> Iterator[Batch]:
        if order is not None and index is not None:
            order = index[order]  # compose once per epoch: one gather per batch below
        elif order is None:
            order = index
        bs = self.batch_size
        for start in self._starts(n):
            if order is None:
                fields = [a[start:start + bs].copy() for a in arrays]  # a copy, not a view
            else:
                rows = order[start:start + bs]
                fields = [a[rows] for a in arrays]
            yield self._finish(fields, True)

    def _iter_items(self, order: np.ndarray | None, n: int) -> Iterator[Batch]:
        bs = self.batch_size
        dataset = self.dataset
        for start in self._starts(n):
            rows = range(start, min(start + bs, n)) if order is None else order[start:start + bs]
            items = [dataset[int(i)] for i in rows]
            if isinstance(items[0], (tuple, list)):
                yield self._finish(_collate_fields(items), True)
            else:
                yield self._finish([_collate(items, 0)], False)

    def _finish(self, fields: list[np.ndarray], as_tuple: bool) -> Batch:
        if self.transform is not None:
            fields[0] = _apply_transform(self.transform, fields[0])
        if not as_tuple:
            return Tensor._make(fields[0])
        return tuple([Tensor._make(f) for f in fields])

    def __repr__(self) -> str:
        return (f"DataLoader(dataset={type(self.dataset).__name__}, batch_size={self.batch_size}, "
                f"shuffle={self.shuffle}, drop_last={self.drop_last})")


def _apply_transform(transform: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    out = transform(x)
    if isinstance(out, Tensor):
        return out.data
    if not isinstance(out, np.ndarray):
        raise TypeError(
            f"DataLoader: transform must return an np.ndarray or Tensor, got {type(out).__name__}"
        )
    return out


def _collate_fields(items: Sequence[Sequence[Any]]) -> list[np.ndarray]:
    width = len(items[0])
    for item in items:
        if len(item) != width:
            raise ValueError(
                f"DataLoader: dataset items have different numbers of fields "
                f"({width} and {len(item)}); every item must have the same structure"
            )
    return [_collate([item[k] for item in items], k) for k in range(width)]


def _collate(values: list[Any], field: int) -> np.ndarray:
    """Stack one field of a batch of items into an array."""
    first = values[0]
    if isinstance(first, Tensor):
        values = [v.data if isinstance(v, Tensor) else v for v in values]
        first = values[0]
    if isinstance(first, (np.ndarray, np.generic)):
        try:
            return np.stack(values)
        except ValueError:
            shapes = sorted({np.shape(v) for v in values})
            raise ValueError(
                f"DataLoader: cannot stack field {field} of the batch: its items have shapes "
                f"{shapes}; every item's field must have the same shape"
            ) from None
    if isinstance(first, (bool, int, float)):
        kinds = {bool if isinstance(v, bool) else type(v) for v in values}
        if kinds == {bool}:
            return np.array(values, dtype=np.bool_)
        if kinds == {int}:
            return np.array(values, dtype=np.int64)
        if kinds <= {int, float}:
            return np.array(values, dtype=np.float32)
        raise TypeError(
            f"DataLoader: field {field} mixes item types {sorted(k.__name__ for k in kinds)}; "
            f"every item's field must have the same type"
        )
    raise TypeError(
        f"DataLoader: cannot batch field {field} of type {type(first).__name__}; dataset items "
        f"must be numbers, np.ndarrays or Tensors, or tuples of them"
    )

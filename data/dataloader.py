"""DataLoader: batches of a dataset as autograd Tensors, optionally shuffled or sampled."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd import random as _random

from .dataset import IterableDataset, array_source
from .sampler import BatchSampler, sampler_epoch

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
    field. Other fields (strings, nested tuples, dicts) are collated by
    :func:`default_collate`, as torch: a field of strings becomes a tuple of
    them, a nested tuple a list of its collated fields.

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
            and other fields are not transformed. Not allowed with ``collate_fn``.
        sampler: an iterable of dataset indices (e.g. a
            :class:`~data.RandomSampler`) giving the order of each epoch;
            mutually exclusive with ``shuffle``. Random samplers without their
            own generator draw from this loader's ``seed`` generator (else the
            library's). Array-backed datasets are still gathered with one fancy
            index per batch.
        batch_sampler: an iterable of lists of indices, one list per batch (e.g.
            a :class:`~data.BatchSampler`); mutually exclusive with
            ``batch_size``, ``shuffle``, ``sampler`` and ``drop_last``.
        collate_fn: builds a batch from the *list* of items (as torch); it
            forces item-by-item indexing. Default: the built-in collation
            (see :func:`default_collate`).

    Raises:
        ValueError: as torch, for ``sampler`` with ``shuffle=True``,
            ``batch_sampler`` with any of ``batch_size``, ``shuffle``,
            ``sampler``, ``drop_last``, and for ``shuffle``, ``sampler`` or
            ``batch_sampler`` with an :class:`~data.IterableDataset`.

    Yields:
        For datasets whose items are tuples, a tuple of Tensors ``(x, y, ...)``
        with a leading batch dimension (or, for a field of other values, what
        :func:`default_collate` makes of it); otherwise one Tensor.

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
        >>> from data import BatchSampler, SequentialSampler
        >>> [y.tolist() for x, y in DataLoader(ds, sampler=[9, 0, 5], batch_size=2)]
        [[9, 0], [5]]
        >>> bs = BatchSampler(SequentialSampler(ds), batch_size=6, drop_last=True)
        >>> [y.tolist() for x, y in DataLoader(ds, batch_sampler=bs)]
        [[0, 1, 2, 3, 4, 5]]
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int | None = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: int | None = None,
        transform: Callable[[np.ndarray], Any] | None = None,
        sampler: Iterable[int] | None = None,
        batch_sampler: Iterable[Sequence[int]] | None = None,
        collate_fn: Callable[[list[Any]], Any] | None = None,
    ) -> None:
        iterable = isinstance(dataset, IterableDataset)
        if not iterable and not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(f"DataLoader: dataset must define __len__ and __getitem__, got "
                            f"{type(dataset).__name__}; an iterable-style dataset must subclass "
                            f"IterableDataset")
        if iterable:
            if shuffle:
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle "
                                 f"option, but got shuffle={shuffle!r}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler "
                                 f"option, but got sampler={sampler!r}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler!r}")
        if sampler is not None and shuffle:
            raise ValueError(f"sampler option is mutually exclusive with shuffle (got "
                             f"sampler={sampler!r}, shuffle={shuffle!r})")
        if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None
                                          or drop_last):
            raise ValueError(
                f"batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                f"and drop_last (got batch_size={batch_size!r}, shuffle={shuffle!r}, "
                f"sampler={sampler!r}, drop_last={drop_last!r})")
        for name, value in (("sampler", sampler), ("batch_sampler", batch_sampler)):
            if value is not None and not isinstance(value, Iterable):
                raise TypeError(f"DataLoader: {name} must be an iterable of indices, got "
                                f"{type(value).__name__}")
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(
                f"DataLoader: collate_fn must be callable or None, got {type(collate_fn).__name__}")
        if collate_fn is not None and transform is not None:
            raise ValueError("DataLoader: give either transform or collate_fn, not both "
                             f"(got transform={transform!r}, collate_fn={collate_fn!r})")
        if batch_size is None:  # torch's "no automatic batching": items one by one
            if drop_last:
                raise ValueError("DataLoader: batch_size=None yields single items, so there is "
                                 "no last batch to drop; drop_last must be False")
            if transform is not None:
                raise ValueError("DataLoader: transform applies to batches; with "
                                 "batch_size=None use collate_fn, which gets each item")
        elif isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size <= 0:
            raise ValueError(
                f"DataLoader: batch_size should be a positive integer or None, "
                f"got batch_size={batch_size!r}"
            )
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise TypeError(f"DataLoader: seed must be an int or None, got {seed!r}")
        if transform is not None and not callable(transform):
            raise TypeError(
                f"DataLoader: transform must be callable or None, got {type(transform).__name__}"
            )
        self.dataset = dataset
        self.batch_size = None if batch_size is None else int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.seed = seed
        self.transform = transform
        self._rng = np.random.default_rng(seed) if seed is not None else None
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.collate_fn = collate_fn

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)  # type: ignore[arg-type]
        n = len(self.sampler if self.sampler is not None else self.dataset)  # type: ignore[arg-type]
        if self.batch_size is None:
            return n
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
        if self.batch_size is None:
            return self._iter_unbatched()
        if self.sampler is not None or self.batch_sampler is not None \
                or self.collate_fn is not None or isinstance(self.dataset, IterableDataset):
            return self._iter_sampled()
        n = len(self.dataset)
        order = self._order(n)
        source = array_source(self.dataset)
        if source is not None:
            return self._iter_arrays(source[0], source[1], order, n)
        return self._iter_items(order, n)

    def _iter_unbatched(self) -> Iterator[Any]:
        """``batch_size=None``: each item in the epoch's order, through ``collate_fn`` if
        given, else :func:`default_convert` (arrays become Tensors, no batch dim added)."""
        if isinstance(self.dataset, IterableDataset):
            items: Iterable[Any] = self.dataset
        else:
            if self.sampler is not None:
                order: Iterable[int] = sampler_epoch(self.sampler, self._rng)
            else:
                shuffled = self._order(len(self.dataset))
                order = range(len(self.dataset)) if shuffled is None else shuffled
            items = (self.dataset[int(i)] for i in order)
        convert = self.collate_fn if self.collate_fn is not None else default_convert
        for item in items:
            yield convert(item)

    def _iter_sampled(self) -> Iterator[Any]:
        """Iteration with a sampler, batch sampler, collate_fn or an IterableDataset."""
        if isinstance(self.dataset, IterableDataset):
            return self._iter_stream()
        source = None if self.collate_fn is not None else array_source(self.dataset)
        if self.batch_sampler is not None:
            return self._iter_batches(source)
        if self.sampler is not None:
            order = sampler_epoch(self.sampler, self._rng)
        else:
            order = self._order(len(self.dataset))
            if order is None:
                order = np.arange(len(self.dataset), dtype=np.int64)
        if source is not None:
            return self._iter_arrays(source[0], source[1], order, len(order))
        return self._iter_items(order, len(order))

    def _iter_batches(self, source: tuple[tuple[np.ndarray, ...], np.ndarray | None] | None
                      ) -> Iterator[Any]:
        if isinstance(self.batch_sampler, BatchSampler):
            batches: Iterable[Any] = self.batch_sampler._epoch_batches(self._rng)
        else:
            batches = self.batch_sampler  # type: ignore[assignment]
        for batch in batches:
            rows = np.asarray(batch)
            if rows.ndim != 1 or (rows.size and rows.dtype.kind not in "iu"):
                raise TypeError(f"DataLoader: batch_sampler must yield lists of ints, got "
                                f"{batch!r}")
            if source is not None:
                arrays, index = source
                if index is not None:
                    rows = index[rows]
                yield self._finish([a[rows] for a in arrays], True)
            else:
                yield self._batch([self.dataset[int(i)] for i in rows])

    def _iter_stream(self) -> Iterator[Any]:
        items: list[Any] = []
        for item in self.dataset:
            items.append(item)
            if len(items) == self.batch_size:
                yield self._batch(items)
                items = []
        if items and not self.drop_last:
            yield self._batch(items)

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
            yield self._batch([dataset[int(i)] for i in rows])

    def _batch(self, items: list[Any]) -> Any:
        """Collate a list of items: ``collate_fn`` if given, else the built-in rules."""
        if self.collate_fn is not None:
            return self.collate_fn(items)
        if isinstance(items[0], (tuple, list)):
            return self._finish(_collate_fields(items), True)
        if not isinstance(items[0], _ARRAY_LEAVES):
            return default_collate(items)
        return self._finish([_collate(items, 0)], False)

    def _finish(self, fields: list[Any], as_tuple: bool) -> Batch:
        """Wrap the batched fields (arrays, or fields :func:`default_collate` already built)."""
        if self.transform is not None:
            fields[0] = _apply_transform(self.transform, fields[0])
        if not as_tuple:
            return Tensor._make(fields[0])
        return tuple([Tensor._make(f) if isinstance(f, np.ndarray) else f for f in fields])

    def __repr__(self) -> str:
        extra = "".join(f", {k}={type(v).__name__}" for k, v in (
            ("sampler", self.sampler), ("batch_sampler", self.batch_sampler),
            ("collate_fn", self.collate_fn)) if v is not None)
        return (f"DataLoader(dataset={type(self.dataset).__name__}, batch_size={self.batch_size}, "
                f"shuffle={self.shuffle}, drop_last={self.drop_last}{extra})")


def _apply_transform(transform: Callable[[np.ndarray], Any], x: Any) -> np.ndarray:
    if not isinstance(x, np.ndarray):
        raise TypeError(f"DataLoader: transform needs the first field of the items to batch "
                        f"into an array, but it batches into a {type(x).__name__}")
    out = transform(x)
    if isinstance(out, Tensor):
        return out._data
    if not isinstance(out, np.ndarray):
        raise TypeError(
            f"DataLoader: transform must return an np.ndarray or Tensor, got {type(out).__name__}"
        )
    return out


# What ``_collate`` stacks into one array; any other value goes to ``default_collate``.
_ARRAY_LEAVES = (Tensor, np.ndarray, np.generic, bool, int, float)


def _collate_fields(items: Sequence[Sequence[Any]]) -> list[Any]:
    """One batched field per position of the items: an array where ``_collate`` can stack
    it, else what ``default_collate`` builds (a tuple of strings, a list for a nested tuple)."""
    width = len(items[0])
    for item in items:
        if len(item) != width:
            raise ValueError(
                f"DataLoader: dataset items have different numbers of fields "
                f"({width} and {len(item)}); every item must have the same structure"
            )
    fields = []
    for k in range(width):
        values = [item[k] for item in items]
        if isinstance(values[0], _ARRAY_LEAVES):
            fields.append(_collate(values, k))
        else:  # a field as torch's zip(*batch) gives it: a tuple
            fields.append(_collate_any(tuple(values), f"field {k}"))
    return fields


def _collate(values: Sequence[Any], field: int) -> np.ndarray:
    """Stack one field of a batch of items into an array."""
    first = values[0]
    if isinstance(first, Tensor):
        values = [v._data if isinstance(v, Tensor) else v for v in values]
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


def default_convert(data: Any) -> Any:
    """One item as torch's ``default_convert`` leaves it: NumPy arrays and scalars become
    Tensors (sharing memory where they can), containers are converted element by element
    (a plain tuple becomes a list, as in torch), anything else is returned as it is.

    It is what a :class:`DataLoader` with ``batch_size=None`` yields for each item.

    Example:
        >>> import numpy as np
        >>> from data import default_convert
        >>> default_convert((np.array([1.0, 2.0]), 3, "a"))
        [tensor([1., 2.], dtype=float64), 3, 'a']
    """
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray):
        return data if data.dtype.kind in "USOV" else Tensor._make(data)
    if isinstance(data, np.generic) and not isinstance(data, (np.str_, np.bytes_)):
        return Tensor._make(np.asarray(data))
    if isinstance(data, Mapping):
        return {key: default_convert(value) for key, value in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (tuple, list)):
        return [default_convert(d) for d in data]
    return data


def default_collate(batch: Sequence[Any]) -> Any:
    """Collate a list of dataset items into a batch, as torch's ``default_collate``.

    Tensors, NumPy arrays and NumPy scalars are stacked along a new first
    dimension; Python ints become an int64 Tensor, bools a bool Tensor and
    floats a float32 Tensor (this library's default float; torch uses float64
    here). Strings stay as the container that holds them, as torch: a list at
    the top and in a mapping, a tuple in a field of sequence items. Mappings
    are collated key by key, sequences field by field: namedtuples keep their
    type and, as torch, nested plain tuples and lists become lists; plain
    tuple items at the top give a tuple, as the :class:`DataLoader` yields
    (torch gives a list).

    Args:
        batch: the items of one batch, a non-empty list.

    Returns:
        The batch: a Tensor, or the items' structure with Tensors at its leaves.

    Raises:
        ValueError: the items' fields differ in shape or number.
        TypeError: an item holds something that cannot be batched.

    Example:
        >>> import numpy as np
        >>> from data import default_collate
        >>> x, y = default_collate([(np.zeros(3, np.float32), 1), (np.ones(3, np.float32), 0)])
        >>> x.shape, y.dtype
        ((2, 3), dtype('int64'))
        >>> out = default_collate([{"a": 1.0, "b": "x"}, {"a": 2.5, "b": "y"}])
        >>> out["a"].tolist(), out["b"]
        ([1.0, 2.5], ['x', 'y'])
        >>> default_collate([(0, "a.png", (1, 2)), (1, "b.png", (3, 4))])[1:]
        (('a.png', 'b.png'), [tensor([1, 3]), tensor([2, 4])])
    """
    if not isinstance(batch, Sequence) or isinstance(batch, (str, bytes)) or len(batch) == 0:
        raise TypeError(f"default_collate: batch must be a non-empty list of items, got "
                        f"{type(batch).__name__} {batch!r:.60}")
    out = _collate_any(list(batch), "batch")
    if type(batch[0]) is tuple:  # the top level keeps the items' tuple, as the DataLoader's
        return tuple(out)
    return out


def _collate_any(values: Sequence[Any], where: str) -> Any:
    """Collate the values found at ``where`` in each item, as torch's ``default_collate``."""
    first = values[0]
    if isinstance(first, (str, bytes)):
        return values  # as torch: the list or the tuple (a field of sequences) they came in
    if isinstance(first, Mapping):
        keys = set(first)
        for v in values:
            if not isinstance(v, Mapping) or set(v) != keys:
                raise ValueError(f"default_collate: the items at {where} have different keys "
                                 f"({sorted(map(str, keys))} and "
                                 f"{sorted(map(str, v)) if isinstance(v, Mapping) else v!r})")
        out = {k: _collate_any([v[k] for v in values], f"{where}[{k!r}]") for k in first}
        try:
            return type(first)(out)
        except TypeError:
            return out
    if isinstance(first, (tuple, list)):
        width = len(first)
        for v in values:
            if len(v) != width:
                raise ValueError(f"default_collate: the items at {where} have different numbers "
                                 f"of fields ({width} and {len(v)}); each element in the batch "
                                 f"should be of equal size")
        fields = [_collate_any(tuple(v[k] for v in values), f"{where}[{k}]")
                  for k in range(width)]
        if isinstance(first, tuple) and hasattr(first, "_fields"):  # namedtuple
            return type(first)(*fields)
        return fields  # as torch, which turns plain tuples into lists too
    try:
        return Tensor._make(_collate(values, 0))
    except (TypeError, ValueError) as err:
        raise type(err)(str(err).replace("DataLoader", "default_collate")
                        .replace("field 0", where)) from None

"""DataLoader: batches of a dataset as autograd Tensors, optionally shuffled or sampled."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np

from autograd import Tensor
from autograd import random as _random

from .dataset import IterableDataset, Subset, array_source
from .sampler import BatchSampler, sampler_epoch
from .worker import WorkerPool

Batch = tuple[Tensor, ...] | Tensor

# (arrays, index): item i is tuple(a[index[i]] for a in arrays); index None: the identity
_Source = tuple[tuple[np.ndarray, ...], np.ndarray | None]


class DataLoader:
    """Iterate over a dataset in batches of Tensors, with torch's arguments.

    Each pass over the loader is one epoch. With ``shuffle=True`` every epoch
    draws a fresh permutation of the dataset.

    Array-backed datasets (those exposing ``arrays``, such as
    :class:`~data.TensorDataset`, :class:`~data.MNIST` and Subsets of them) are
    batched with one fancy index per array per batch: no per-sample Python loop
    and no copy beyond that gather. So are the torchvision-style
    :mod:`data.datasets` whose transform is built of
    :class:`~data.transforms.ToTensor`, :class:`~data.transforms.Normalize`
    and :class:`~data.transforms.Pad` (and no ``target_transform``): one fancy
    index into the raw images, then the transform applied to the whole batch,
    bit for bit as per item. Other datasets are indexed item by item and
    collated: NumPy arrays and Tensors are stacked, Python ints become int64,
    floats float32 and bools bool; items that are tuples give one Tensor per
    field. Other fields (strings, nested tuples, dicts) are collated by
    :func:`default_collate`, as torch: a field of strings becomes a tuple of
    them, a nested tuple a list of its collated fields.

    Args:
        dataset: a map-style dataset (``__getitem__`` and ``__len__``) or an
            :class:`~data.IterableDataset`.
        batch_size: samples per batch, a positive int; None yields the items
            one by one (torch's "no automatic batching").
        shuffle: draw a new random order each epoch.
        sampler: an iterable of dataset indices (e.g. a
            :class:`~data.RandomSampler`) giving the order of each epoch;
            mutually exclusive with ``shuffle``. Random samplers without their
            own generator draw from this loader's generator. Array-backed
            datasets are still gathered with one fancy index per batch.
        batch_sampler: an iterable of lists of indices, one list per batch (e.g.
            a :class:`~data.BatchSampler`); mutually exclusive with
            ``batch_size``, ``shuffle``, ``sampler`` and ``drop_last``.
        num_workers: worker processes that fetch and collate batches of
            datasets whose items go through Python (see :mod:`data.worker`;
            each iterates its own copy of an IterableDataset, as torch's);
            0 fetches in this process. Array-backed batches are always built
            in this process: one gather is faster than shipping the batch from
            another process.
        collate_fn: builds a batch from the *list* of items (as torch); it
            forces item-by-item indexing. Default: the built-in collation
            (see :func:`default_collate`).
        pin_memory: accepted for torch's signature; a no-op, as there is no
            GPU memory to copy to.
        drop_last: drop the last batch when it would be smaller than
            ``batch_size``.
        timeout: seconds to wait for a batch from the workers before raising
            RuntimeError; 0 waits as long as the workers are alive.
        worker_init_fn: called in each worker with its id, after seeding.
        multiprocessing_context: the start method of the workers (``"fork"``,
            ``"spawn"``, ``"forkserver"``) or a ``multiprocessing`` context;
            default the platform's.
        generator: an ``np.random.Generator`` for the shuffle order, the
            random samplers and the workers' base seed.
        prefetch_factor: batches in flight per worker (default 2 with workers;
            must be None without).
        persistent_workers: keep the workers alive from one epoch to the next.
        pin_memory_device: accepted for torch's signature; ignored.
        in_order: yield the workers' batches in the sampler's order (else as
            they arrive).
        seed: seeds a generator private to this loader (created once, so
            successive epochs differ and two loaders with the same seed give
            the same sequence of orders). Without ``seed`` or ``generator``
            the order comes from the library's shared generator, which
            ``ag.manual_seed`` seeds.
        transform: a function applied to the whole *batch* of the first field
            (the inputs ``x``) as an ``np.ndarray``, e.g. ``x.shape == (64, 28,
            28)`` for MNIST; it returns the new array (or Tensor). It runs after
            the batch is gathered, so it may modify the array in place. Labels
            and other fields are not transformed. Not allowed with ``collate_fn``.

    Raises:
        ValueError: as torch, for ``sampler`` with ``shuffle=True``,
            ``batch_sampler`` with any of ``batch_size``, ``shuffle``,
            ``sampler``, ``drop_last``, for ``shuffle``, ``sampler`` or
            ``batch_sampler`` with an :class:`~data.IterableDataset`, for a
            negative ``num_workers``, ``timeout`` or ``prefetch_factor``, and
            for ``prefetch_factor``, ``persistent_workers`` or
            ``multiprocessing_context`` without workers.

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

    dataset: Any
    batch_size: int | None
    shuffle: bool
    drop_last: bool
    sampler: Iterable[int] | None
    batch_sampler: Iterable[Sequence[int]] | None
    collate_fn: Callable[[list[Any]], Any] | None
    num_workers: int
    prefetch_factor: int | None
    persistent_workers: bool
    timeout: float
    worker_init_fn: Callable[[int], None] | None
    multiprocessing_context: Any
    in_order: bool
    _rng: np.random.Generator | None
    _fetch: _Fetcher

    def __init__(
        self,
        dataset: Any,
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler: Iterable[int] | None = None,
        batch_sampler: Iterable[Sequence[int]] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[list[Any]], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context: Any = None,
        generator: np.random.Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
        seed: int | None = None,
        transform: Callable[[np.ndarray], Any] | None = None,
    ) -> None:
        shuffle = bool(shuffle) if shuffle is not None else False
        if isinstance(num_workers, bool) or not isinstance(num_workers, (int, np.integer)):
            raise TypeError(f"DataLoader: num_workers must be an int, got {num_workers!r}")
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to "
                "disable multiprocessing."
            )
        if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real):
            raise TypeError(f"DataLoader: timeout must be a number of seconds, got {timeout!r}")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in "
                "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                "otherwise set prefetch_factor to None."
            )
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        if prefetch_factor is not None:
            if isinstance(prefetch_factor, bool) or not isinstance(
                prefetch_factor, (int, np.integer)
            ):
                raise TypeError(
                    f"DataLoader: prefetch_factor must be an int, got {prefetch_factor!r}"
                )
            if prefetch_factor < 0:
                raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if worker_init_fn is not None and not callable(worker_init_fn):
            raise TypeError(
                f"DataLoader: worker_init_fn must be callable or None, got "
                f"{type(worker_init_fn).__name__}"
            )
        multiprocessing_context = _check_context(multiprocessing_context, int(num_workers))
        if generator is not None and not isinstance(generator, np.random.Generator):
            raise TypeError(
                f"DataLoader: generator must be an np.random.Generator or None, "
                f"got {type(generator).__name__}"
            )
        if generator is not None and seed is not None:
            raise ValueError(
                f"DataLoader: give either seed or generator, not both (got seed={seed!r})"
            )
        iterable = isinstance(dataset, IterableDataset)
        if not iterable and not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(
                f"DataLoader: dataset must define __len__ and __getitem__, got "
                f"{type(dataset).__name__}; an iterable-style dataset must subclass "
                f"IterableDataset"
            )
        if iterable:
            if shuffle:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle "
                    f"option, but got shuffle={shuffle!r}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler "
                    f"option, but got sampler={sampler!r}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified "
                    f"batch_sampler option, but got batch_sampler={batch_sampler!r}"
                )
        if sampler is not None and shuffle:
            raise ValueError(
                f"sampler option is mutually exclusive with shuffle (got "
                f"sampler={sampler!r}, shuffle={shuffle!r})"
            )
        if batch_sampler is not None and (
            batch_size != 1 or shuffle or sampler is not None or drop_last
        ):
            raise ValueError(
                f"batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                f"and drop_last (got batch_size={batch_size!r}, shuffle={shuffle!r}, "
                f"sampler={sampler!r}, drop_last={drop_last!r})"
            )
        for name, value in (("sampler", sampler), ("batch_sampler", batch_sampler)):
            if value is not None and not isinstance(value, Iterable):
                raise TypeError(
                    f"DataLoader: {name} must be an iterable of indices, got {type(value).__name__}"
                )
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(
                f"DataLoader: collate_fn must be callable or None, got {type(collate_fn).__name__}"
            )
        if collate_fn is not None and transform is not None:
            raise ValueError(
                "DataLoader: give either transform or collate_fn, not both "
                f"(got transform={transform!r}, collate_fn={collate_fn!r})"
            )
        if batch_size is None:  # torch's "no automatic batching": items one by one
            if drop_last:
                raise ValueError(
                    "DataLoader: batch_size=None yields single items, so there is "
                    "no last batch to drop; drop_last must be False"
                )
            if transform is not None:
                raise ValueError(
                    "DataLoader: transform applies to batches; with "
                    "batch_size=None use collate_fn, which gets each item"
                )
        elif (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size <= 0
        ):
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
        self.shuffle = shuffle
        self.drop_last = bool(drop_last)
        self.seed = seed
        self.transform = transform
        self.generator = generator
        self._rng = (
            generator
            if generator is not None
            else (np.random.default_rng(seed) if seed is not None else None)
        )
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.collate_fn = collate_fn
        self.num_workers = int(num_workers)
        self.pin_memory = bool(pin_memory)
        self.pin_memory_device = pin_memory_device
        self.timeout = float(timeout)
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.prefetch_factor = None if prefetch_factor is None else int(prefetch_factor)
        self.persistent_workers = bool(persistent_workers)
        self.in_order = bool(in_order)
        self._fetch = _Fetcher(dataset, collate_fn, transform, self.batch_size, self.drop_last)
        self._pool: WorkerPool | None = None

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
        if isinstance(self.dataset, IterableDataset):
            return self._iter_workers(stream=True) if self.num_workers else self._iter_stream()
        source = (
            None
            if self.collate_fn is not None or self.batch_size is None
            else batch_source(self.dataset)
        )
        if source is not None:
            return self._iter_arrays(source)
        if self.num_workers > 0:
            return self._iter_workers()
        return (self._fetch(indices) for indices in self._index_batches())

    def _epoch_order(self) -> np.ndarray | None:
        """The epoch's dataset indices from the sampler or the shuffle; None: in order."""
        if self.sampler is not None:
            return sampler_epoch(self.sampler, self._rng)
        return self._order(len(self.dataset))

    def _index_batches(self) -> Iterator[Any]:
        """The epoch's batches of dataset indices: int64 arrays, or slices for the natural
        order; single ints with ``batch_size=None``."""
        if self.batch_sampler is not None:
            if isinstance(self.batch_sampler, BatchSampler):
                yield from self.batch_sampler._epoch_batches(self._rng)
                return
            for batch in self.batch_sampler:
                rows = np.asarray(batch)
                if rows.ndim != 1 or (rows.size and rows.dtype.kind not in "iu"):
                    raise TypeError(
                        f"DataLoader: batch_sampler must yield lists of ints, got {batch!r}"
                    )
                yield rows.astype(np.int64, copy=False)
            return
        order = self._epoch_order()
        n = len(self.dataset) if order is None else len(order)
        if self.batch_size is None:
            yield from (range(n) if order is None else order.tolist())
            return
        bs = self.batch_size
        stop = n - n % bs if self.drop_last else n
        for start in range(0, stop, bs):
            yield slice(start, min(start + bs, n)) if order is None else order[start : start + bs]

    def _iter_arrays(self, source: _Source) -> Iterator[Batch]:
        arrays, index = source
        for rows in self._index_batches():
            if index is not None:
                rows = index[rows]
            if isinstance(rows, slice):
                fields = [a[rows].copy() for a in arrays]  # a copy, not a view
            else:
                fields = [_gather(a, rows) for a in arrays]
            yield self._fetch.finish(fields, True)

    def _iter_workers(self, stream: bool = False) -> Iterator[Any]:
        pool = self._pool
        if pool is None or pool.closed:
            rng = self._rng if self._rng is not None else _random.generator()
            pool = WorkerPool(
                self._fetch,
                self.num_workers,
                self.prefetch_factor or 2,
                self.worker_init_fn,
                self.multiprocessing_context,
                self.timeout,
                rng,
                self.in_order,
            )
            self._pool = pool
        try:
            yield from pool.run(None if stream else self._index_batches())
        finally:
            if not self.persistent_workers:
                pool.shutdown()
                self._pool = None

    def _iter_stream(self) -> Iterator[Any]:
        if self.batch_size is None:
            for item in self.dataset:
                yield self._fetch.convert(item)
            return
        items: list[Any] = []
        for item in self.dataset:
            items.append(item)
            if len(items) == self.batch_size:
                yield self._fetch.batch(items)
                items = []
        if items and not self.drop_last:
            yield self._fetch.batch(items)

    def __del__(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            with contextlib.suppress(Exception):  # also at interpreter exit
                pool.shutdown()

    def __repr__(self) -> str:
        extra = "".join(
            f", {k}={type(v).__name__}"
            for k, v in (
                ("sampler", self.sampler),
                ("batch_sampler", self.batch_sampler),
                ("collate_fn", self.collate_fn),
            )
            if v is not None
        )
        if self.num_workers:
            extra += f", num_workers={self.num_workers}"
        return (
            f"DataLoader(dataset={type(self.dataset).__name__}, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, drop_last={self.drop_last}{extra})"
        )


def _gather(array: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``array[rows]`` for a 1-D int array ``rows``: ``take`` on the rows of a 2-D view of a
    C-contiguous array, which NumPy does faster than the same fancy index."""
    if array.ndim > 2 and array.flags.c_contiguous:
        flat = array.reshape(len(array), -1).take(rows, axis=0)
        return flat.reshape((len(rows),) + array.shape[1:])
    return array.take(rows, axis=0)


def _check_context(context: Any, num_workers: int) -> Any:
    """``multiprocessing_context`` as torch checks it, resolved to a context object."""
    if context is None:
        return None
    if num_workers == 0:
        raise ValueError(
            f"multiprocessing_context can only be used with multi-process loading "
            f"(num_workers > 0), but got num_workers={num_workers}"
        )
    if isinstance(context, str):
        valid = multiprocessing.get_all_start_methods()
        if context not in valid:
            raise ValueError(
                f"multiprocessing_context option should specify a valid start "
                f"method in {valid!r}, but got multiprocessing_context={context!r}"
            )
        context = multiprocessing.get_context(context)
    if not isinstance(context, multiprocessing.context.BaseContext):
        raise TypeError(
            f"multiprocessing_context option should be a valid context object or a "
            f"string specifying the start method, but got "
            f"multiprocessing_context={context}"
        )
    return context


def batch_source(dataset: Any) -> _Source | None:
    """How to build ``dataset``'s batches without indexing it item by item, or None.

    Returns ``(arrays, index)``: item ``i`` is ``tuple(a[index[i]] for a in arrays)``
    (``index`` None for the identity). Datasets
    following the array protocol (``arrays``) and torchvision-style datasets whose
    transform :func:`~data.transforms.batch_plan` can apply to a batch (their
    images are transformed once and kept) qualify, also below Subsets.

    Example:
        >>> from data import datasets, transforms
        >>> from data.dataloader import batch_source
        >>> ds = datasets.MNIST(None, train=False, transform=transforms.ToTensor())
        >>> arrays, index = batch_source(ds)
        >>> arrays[0].shape, arrays[0].dtype, index
        ((10000, 1, 28, 28), dtype('float32'), None)
        >>> ds.transform = transforms.Lambda(lambda x: x)
        >>> batch_source(ds) is None
        True
    """
    source = array_source(dataset)
    if source is not None:
        return source
    from .datasets import VisionDataset

    index = None
    while isinstance(dataset, Subset):
        idx = np.asarray(dataset.indices, dtype=np.int64)
        index = idx if index is None else idx[index]
        dataset = dataset.dataset
    if not isinstance(dataset, VisionDataset):
        return None
    arrays = dataset._batched_arrays()
    return None if arrays is None else (arrays, index)


class _Fetcher:
    """Builds one batch from its dataset indices: what runs in a worker process."""

    def __init__(
        self,
        dataset: Any,
        collate_fn: Callable[[list[Any]], Any] | None,
        transform: Callable[[np.ndarray], Any] | None,
        batch_size: int | None,
        drop_last: bool,
    ) -> None:
        self.dataset = dataset
        self.collate_fn = collate_fn
        self.transform = transform
        self.batch_size = batch_size
        self.unbatched = batch_size is None
        self.drop_last = drop_last
        self.current: int | None = None  # the index being loaded, for error messages
        self.collating = False  # whether a stream's items are being collated, ditto
        self._stream: Iterator[Any] | None = None  # this process's pass over an iterable
        self._stream_epoch = -1

    def stream_batch(self, epoch: int) -> Any:
        """The next batch of this process's pass over an IterableDataset (a new pass for a
        new ``epoch``); StopIteration when it is used up."""
        if self._stream is None or self._stream_epoch != epoch:
            self._stream, self._stream_epoch = iter(self.dataset), epoch
        self.collating = False
        if self.batch_size is None:
            item = next(self._stream)
            self.collating = True
            return self.convert(item)
        items = list(itertools.islice(self._stream, self.batch_size))
        if not items or (self.drop_last and len(items) < self.batch_size):
            raise StopIteration
        self.collating = True
        return self.batch(items)

    def __call__(self, indices: Any) -> Any:
        dataset = self.dataset
        if self.unbatched:
            self.current = int(indices)
            item = dataset[self.current]
            self.current = None
            return self.convert(item)
        rows = range(len(dataset))[indices] if isinstance(indices, slice) else indices
        items = []
        for i in rows:
            self.current = int(i)
            items.append(dataset[self.current])
        self.current = None
        return self.batch(items)

    def convert(self, item: Any) -> Any:
        return self.collate_fn(item) if self.collate_fn is not None else default_convert(item)

    def batch(self, items: list[Any]) -> Any:
        """Collate a list of items: ``collate_fn`` if given, else the built-in rules."""
        if self.collate_fn is not None:
            return self.collate_fn(items)
        if isinstance(items[0], (tuple, list)):
            return self.finish(_collate_fields(items), True)
        if not isinstance(items[0], _ARRAY_LEAVES):
            return default_collate(items)
        return self.finish([_collate(items, 0)], False)

    def finish(self, fields: list[Any], as_tuple: bool) -> Batch:
        """Wrap the batched fields (arrays, or fields :func:`default_collate` already built)."""
        if self.transform is not None:
            fields[0] = _apply_transform(self.transform, fields[0])
        if not as_tuple:
            return Tensor._make(fields[0])
        return tuple([Tensor._make(f) if isinstance(f, np.ndarray) else f for f in fields])


def _apply_transform(transform: Callable[[np.ndarray], Any], x: Any) -> np.ndarray:
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"DataLoader: transform needs the first field of the items to batch "
            f"into an array, but it batches into a {type(x).__name__}"
        )
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
        raise TypeError(
            f"default_collate: batch must be a non-empty list of items, got "
            f"{type(batch).__name__} {batch!r:.60}"
        )
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
                raise ValueError(
                    f"default_collate: the items at {where} have different keys "
                    f"({sorted(map(str, keys))} and "
                    f"{sorted(map(str, v)) if isinstance(v, Mapping) else v!r})"
                )
        out = {k: _collate_any([v[k] for v in values], f"{where}[{k!r}]") for k in first}
        try:
            # a Mapping type that can be rebuilt from a dict (else the TypeError below)
            return cast("Callable[[dict[Any, Any]], Any]", type(first))(out)
        except TypeError:
            return out
    if isinstance(first, (tuple, list)):
        width = len(first)
        for v in values:
            if len(v) != width:
                raise ValueError(
                    f"default_collate: the items at {where} have different numbers "
                    f"of fields ({width} and {len(v)}); each element in the batch "
                    f"should be of equal size"
                )
        fields = [_collate_any(tuple(v[k] for v in values), f"{where}[{k}]") for k in range(width)]
        if isinstance(first, tuple) and hasattr(first, "_fields"):  # namedtuple
            return type(first)(*fields)
        return fields  # as torch, which turns plain tuples into lists too
    try:
        return Tensor._make(_collate(values, 0))
    except (TypeError, ValueError) as err:
        raise type(err)(
            str(err).replace("DataLoader", "default_collate").replace("field 0", where)
        ) from None

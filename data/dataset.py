"""Datasets: the indexable collections a :class:`~data.DataLoader` draws batches from.

A dataset is anything with ``__getitem__`` and ``__len__``. Datasets whose items
are rows of NumPy arrays also expose those arrays through the ``arrays``
attribute (the *array protocol*): a tuple of arrays sharing their first
dimension, such that ``dataset[i] == tuple(a[i] for a in dataset.arrays)``. The
DataLoader then builds each batch with one fancy index per array instead of
a Python loop over samples. :class:`TensorDataset`, :class:`~data.MNIST`,
:class:`~data.FashionMNIST`, :class:`~data.CIFAR10` and any :class:`Subset` of
them take that fast path. A subclass of those that redefines ``__getitem__``
(to augment, say) is indexed item by item, so its ``__getitem__`` is honoured.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from autograd import dtypes as _dtypes
from autograd import random as _random


class Dataset:
    """Base class of map-style datasets: ``dataset[i]`` for ``0 <= i < len(dataset)``.

    Subclasses implement ``__getitem__`` and ``__len__``. An array-backed subclass
    also sets ``arrays`` (see the module docstring) so that a
    :class:`~data.DataLoader` batches it without a per-sample loop; the default
    ``None`` means "index item by item". ``a + b`` concatenates two datasets.

    Example:
        >>> from data import Dataset
        >>> class Squares(Dataset):
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, i):
        ...         return float(i), i * i
        >>> ds = Squares()
        >>> len(ds), ds[3]
        (4, (3.0, 9))
    """

    arrays: tuple[np.ndarray, ...] | None = None

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """Base class of iterable-style datasets: subclasses implement ``__iter__``.

    A :class:`~data.DataLoader` over one batches the items in the order the
    iterator yields them (no shuffle, sampler or batch sampler). As in torch,
    ``len()`` of the dataset, or of a loader over it, raises TypeError unless
    the subclass defines ``__len__``.

    Example:
        >>> from data import DataLoader, IterableDataset
        >>> class Count(IterableDataset):
        ...     def __iter__(self):
        ...         return iter(range(5))
        >>> [b.tolist() for b in DataLoader(Count(), batch_size=2)]
        [[0, 1], [2, 3], [4]]
        >>> len(Count())
        Traceback (most recent call last):
        ...
        TypeError: object of type 'Count' has no len()
    """

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")

    def __len__(self) -> int:
        raise TypeError(f"object of type '{type(self).__name__}' has no len()")

    def __getitem__(self, index: int) -> Any:
        raise TypeError(
            f"{type(self).__name__} is an IterableDataset: iterate over it instead "
            f"of indexing it (got index {index!r})"
        )

    def __add__(self, other: Dataset) -> ConcatDataset:
        raise TypeError(
            f"cannot concatenate IterableDataset {type(self).__name__} with "
            f"{type(other).__name__}; ConcatDataset takes map-style datasets"
        )


def _as_array(value: Any) -> np.ndarray:
    """A Tensor's array (shared, not copied), an ndarray as is, else torch.tensor's dtype rules."""
    if isinstance(value, Tensor):
        return value._data
    if isinstance(value, np.ndarray):
        return value
    return _dtypes.infer_array(value)


class TensorDataset(Dataset):
    """Dataset of the rows of equally long arrays: item ``i`` is ``(a[i], b[i], ...)``.

    Args:
        *arrays: NumPy arrays, Tensors or nested lists, all with the same size of
            the first dimension. Arrays are stored as given (a Tensor's array is
            shared, not copied); lists follow ``ag.tensor``'s dtype rules (floats
            become float32, ints int64).

    Attributes:
        arrays: the stored ``np.ndarray`` s (the array protocol the DataLoader
            uses for its one-fancy-index batches).

    Example:
        >>> import numpy as np
        >>> from data import TensorDataset
        >>> ds = TensorDataset(np.zeros((5, 3), np.float32), np.arange(5))
        >>> len(ds), ds[2][0].shape, int(ds[2][1])
        (5, (3,), 2)
    """

    _items_are_array_rows = True

    def __init__(self, *arrays: Any) -> None:
        if not arrays:
            raise ValueError("TensorDataset needs at least one array")
        stored = tuple(_as_array(a) for a in arrays)
        for k, a in enumerate(stored):
            if a.ndim == 0:
                raise ValueError(
                    f"TensorDataset: array {k} is 0-dimensional; every array needs a first "
                    f"dimension indexing the samples"
                )
        sizes = [a.shape[0] for a in stored]
        if any(s != sizes[0] for s in sizes):
            raise ValueError(
                f"TensorDataset: size mismatch between arrays: first dimensions are {sizes}; "
                f"all arrays must have the same number of samples"
            )
        self.arrays = stored

    arrays: tuple[np.ndarray, ...]  # always set, unlike the base class's optional protocol

    def __getitem__(self, index: int) -> tuple[Tensor, ...]:
        """Item ``index``: one Tensor per array, as torch's TensorDataset (views, not copies)."""
        return tuple(Tensor._make(np.asarray(a[index])) for a in self.arrays)

    def __len__(self) -> int:
        return self.arrays[0].shape[0]


class Subset(Dataset):
    """The items of ``dataset`` at ``indices``, in that order.

    A Subset of an array-backed dataset stays on the DataLoader's fast path: the
    loader composes the indices and gathers each batch from the underlying arrays
    with one fancy index, without copying the dataset.

    Args:
        dataset: the dataset to draw from.
        indices: integer positions into ``dataset``.

    Example:
        >>> import numpy as np
        >>> from data import Subset, TensorDataset
        >>> sub = Subset(TensorDataset(np.arange(10) * 10), [7, 2])
        >>> len(sub), int(sub[0][0]), int(sub[1][0])
        (2, 70, 20)
    """

    def __init__(self, dataset: Any, indices: Sequence[int] | np.ndarray) -> None:
        idx = np.asarray(indices)
        if idx.size == 0:
            idx = idx.astype(np.int64)
        if idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise TypeError(
                f"Subset: indices must be a 1-D sequence of ints, got shape {idx.shape} "
                f"and dtype {idx.dtype}"
            )
        n = len(dataset)
        if idx.size and (idx.min() < -n or idx.max() >= n):
            bad = idx[(idx < -n) | (idx >= n)][0]
            raise IndexError(f"Subset: index {int(bad)} is out of range for a dataset of size {n}")
        self.dataset = dataset
        self.indices = np.where(idx < 0, idx + n, idx).astype(np.int64)

    def __getitem__(self, index: int) -> Any:
        if isinstance(index, (list, np.ndarray)):
            return [self.dataset[int(i)] for i in self.indices[index]]
        return self.dataset[int(self.indices[index])]

    def __len__(self) -> int:
        return len(self.indices)

    @property
    def arrays(self) -> tuple[np.ndarray, ...] | None:  # type: ignore[override]
        """The subset's rows of the underlying arrays (a gathered copy), or None."""
        source = array_source(self)
        if source is None:
            return None
        arrays, index = source
        return tuple(a[index] for a in arrays)


class ConcatDataset(Dataset):
    """The items of several datasets, one after the other (``a + b``).

    Example:
        >>> import numpy as np
        >>> from data import TensorDataset
        >>> ds = TensorDataset(np.arange(3)) + TensorDataset(np.arange(10, 12))
        >>> len(ds), int(ds[3][0])
        (5, 10)
    """

    def __init__(self, datasets: Sequence[Any]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset needs at least one dataset")
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, index: int) -> Any:
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of range for a dataset of size {n}")
        if index < 0:
            index += n
        k = int(np.searchsorted(self.cumulative_sizes, index, side="right"))
        start = self.cumulative_sizes[k - 1] if k > 0 else 0
        return self.datasets[k][index - start]


def array_source(dataset: Any) -> tuple[tuple[np.ndarray, ...], np.ndarray | None] | None:
    """``(arrays, index)`` such that item ``i`` is ``tuple(a[index[i]] for a in arrays)``.

    ``index`` is None when the items are the arrays' rows in order. Returns None
    when ``dataset`` (below any Subsets) does not follow the array protocol.

    Example:
        >>> import numpy as np
        >>> from data import Subset, TensorDataset
        >>> from data.dataset import array_source
        >>> inner = Subset(TensorDataset(np.arange(5)), [4, 3, 2])
        >>> arrays, index = array_source(Subset(inner, [2, 0]))
        >>> index.tolist()
        [2, 4]
    """
    index = None
    while isinstance(dataset, Subset):
        index = dataset.indices if index is None else dataset.indices[index]
        dataset = dataset.dataset
    arrays = getattr(dataset, "arrays", None)
    if arrays is None or _overrides_items(dataset):
        return None
    return tuple(arrays), index


def _overrides_items(dataset: Any) -> bool:
    """Whether a subclass redefines ``__getitem__`` of an array-backed class (e.g. to augment).

    Its items then no longer equal the array rows, so the loader must call it per item.
    """
    getitem = type(dataset).__getitem__
    for cls in type(dataset).__mro__:
        if cls.__dict__.get("_items_are_array_rows") and "__getitem__" in cls.__dict__:
            return getitem is not cls.__dict__["__getitem__"]
    return False


def _split_lengths(n: int, lengths: Sequence[int | float]) -> list[int]:
    """Integer lengths from ints summing to ``n`` or fractions summing to 1."""
    lengths = list(lengths)
    if all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in lengths):
        if any(x < 0 for x in lengths):
            raise ValueError(f"random_split: lengths must be non-negative, got {lengths}")
        if sum(lengths) != n:
            raise ValueError(
                f"random_split: lengths {lengths} sum to {sum(lengths)}, but the dataset has "
                f"{n} items; give lengths that sum to {n} or fractions that sum to 1"
            )
        return [int(x) for x in lengths]
    if any(isinstance(x, bool) or not isinstance(x, (int, float, np.number)) for x in lengths):
        raise TypeError(f"random_split: lengths must be ints or floats, got {lengths}")
    if any(not 0 <= x <= 1 for x in lengths) or not math.isclose(sum(lengths), 1.0, abs_tol=1e-6):
        raise ValueError(
            f"random_split: fractions {lengths} must each lie in [0, 1] and sum to 1 "
            f"(they sum to {sum(lengths)}); the dataset has {n} items"
        )
    counts = [int(math.floor(n * x)) for x in lengths]
    for k in range(n - sum(counts)):  # leftovers go round-robin, one per split
        counts[k % len(counts)] += 1
    for k, count in enumerate(counts):
        if count == 0:  # as torch, only for fractions
            warnings.warn(
                f"random_split: split {k} is empty (fraction {lengths[k]} of {n} items)",
                stacklevel=3,
            )
    return counts


def random_split(
    dataset: Any, lengths: Sequence[int | float], seed: int | None = None
) -> list[Subset]:
    """Split ``dataset`` at random into non-overlapping :class:`Subset` s.

    Args:
        dataset: the dataset to split.
        lengths: the sizes of the splits, summing to ``len(dataset)``; or
            fractions summing to 1, as in PyTorch: each split gets
            ``floor(n * fraction)`` items and the remainder is handed out one
            item at a time to the splits in order.
        seed: seeds a private generator, so the split is the same every time.
            Without it the permutation comes from the library's shared generator
            (``ag.manual_seed`` makes it reproducible).

    Returns:
        One Subset per length.

    Example:
        >>> import numpy as np
        >>> from data import TensorDataset, random_split
        >>> train, val = random_split(TensorDataset(np.arange(10)), [0.8, 0.2], seed=0)
        >>> len(train), len(val)
        (8, 2)
        >>> sorted(np.concatenate([train.indices, val.indices]).tolist()) == list(range(10))
        True
    """
    n = len(dataset)
    counts = _split_lengths(n, lengths)
    rng = np.random.default_rng(seed) if seed is not None else _random.generator()
    perm = rng.permutation(n)
    bounds = np.cumsum([0] + counts)
    return [Subset(dataset, perm[bounds[k] : bounds[k + 1]]) for k in range(len(counts))]

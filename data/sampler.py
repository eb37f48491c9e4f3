"""Samplers: the order in which a :class:`~data.DataLoader` visits a dataset (torch's API).

A sampler is an iterable of dataset indices; a batch sampler is an iterable of
lists of indices. The samplers here also compute a whole epoch's indices as one
NumPy array, so a DataLoader over an array-backed dataset still gathers each
batch with one fancy index.

Random samplers draw from, in order of precedence: their own ``generator``;
the DataLoader's private generator (its ``seed``); the library's shared
generator (``ag.manual_seed``). Runs are therefore reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from typing import Any, Generic, TypeVar

import numpy as np

from autograd import Tensor
from autograd import random as _random

__all__ = [
    "BatchSampler",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
]


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


_T_co = TypeVar("_T_co", covariant=True)


class Sampler(Generic[_T_co]):
    """Base class of samplers: subclasses implement ``__iter__`` (and usually ``__len__``).

    Subclasses may also implement ``_epoch(rng)`` returning the epoch's indices
    as a 1-D int64 array; the DataLoader then batches that array directly.

    Example:
        >>> from data import Sampler
        >>> class Evens(Sampler):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(0, self.n, 2))
        ...     def __len__(self):
        ...         return (self.n + 1) // 2
        >>> list(Evens(5)), len(Evens(5))
        ([0, 2, 4], 3)
    """

    def __init__(self, data_source: Sized | None = None) -> None:
        pass

    def __iter__(self) -> Iterator[_T_co]:
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")


class _ArraySampler(Sampler[int]):
    """A sampler whose epoch is one int64 array drawn by ``_epoch``."""

    generator: np.random.Generator | None = None

    def _rng(self, rng: np.random.Generator | None) -> np.random.Generator:
        if self.generator is not None:
            return self.generator
        return rng if rng is not None else _random.generator()

    def _epoch(self, rng: np.random.Generator | None = None) -> np.ndarray:
        raise NotImplementedError

    def __iter__(self) -> Iterator[int]:
        return iter(self._epoch().tolist())


def _check_generator(name: str, generator: Any) -> np.random.Generator | None:
    if generator is not None and not isinstance(generator, np.random.Generator):
        raise TypeError(
            f"{name}: generator must be an np.random.Generator or None, "
            f"got {type(generator).__name__}"
        )
    return generator


class SequentialSampler(_ArraySampler):
    """Indices ``0, 1, ..., len(data_source) - 1`` in order.

    Example:
        >>> from data import SequentialSampler
        >>> list(SequentialSampler(range(4))), len(SequentialSampler(range(4)))
        ([0, 1, 2, 3], 4)
    """

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def _epoch(self, rng: np.random.Generator | None = None) -> np.ndarray:
        return np.arange(len(self.data_source), dtype=np.int64)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(_ArraySampler):
    """Random indices into ``data_source``: a fresh permutation each epoch by default.

    Args:
        data_source: the dataset (only its length is used).
        replacement: draw ``num_samples`` indices independently (with
            replacement) instead of permuting.
        num_samples: indices per epoch, default ``len(data_source)``. Without
            replacement and larger than the dataset, whole permutations are
            concatenated (then a partial one), as torch does.
        generator: an ``np.random.Generator`` for this sampler; without it the
            DataLoader's ``seed`` generator, else the library's shared one.

    Raises:
        TypeError: ``replacement`` is not a bool.
        ValueError: ``num_samples`` is not a positive int (also for an empty
            dataset, as torch).

    Example:
        >>> import numpy as np
        >>> from data import RandomSampler
        >>> s = RandomSampler(range(5), generator=np.random.default_rng(0))
        >>> sorted(s), len(s)
        ([0, 1, 2, 3, 4], 5)
        >>> len(RandomSampler(range(5), replacement=True, num_samples=12))
        12
    """

    def __init__(
        self,
        data_source: Sized,
        replacement: bool = False,
        num_samples: int | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = _check_generator("RandomSampler", generator)
        if not isinstance(replacement, bool):
            raise TypeError(
                f"replacement should be a boolean value, but got replacement={replacement!r}"
            )
        n = self.num_samples
        if not _is_int(n) or n <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={n!r}"
            )

    @property
    def num_samples(self) -> int:
        """``num_samples`` as given, else the dataset's current length."""
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def _epoch(self, rng: np.random.Generator | None = None) -> np.ndarray:
        gen = self._rng(rng)
        n, k = len(self.data_source), int(self.num_samples)
        if self.replacement:
            return gen.integers(0, n, size=k, dtype=np.int64)
        parts = [gen.permutation(n) for _ in range(k // n)]
        if k % n:
            parts.append(gen.permutation(n)[: k % n])
        return np.concatenate(parts).astype(np.int64, copy=False)

    def __len__(self) -> int:
        return int(self.num_samples)


class SubsetRandomSampler(_ArraySampler):
    """The given ``indices`` in a fresh random order each epoch.

    Args:
        indices: the dataset indices to draw from (ints).
        generator: as for :class:`RandomSampler`.

    Example:
        >>> import numpy as np
        >>> from data import SubsetRandomSampler
        >>> s = SubsetRandomSampler([10, 20, 30], generator=np.random.default_rng(0))
        >>> sorted(s), len(s)
        ([10, 20, 30], 3)
    """

    def __init__(
        self, indices: Sequence[int] | np.ndarray, generator: np.random.Generator | None = None
    ) -> None:
        idx = np.asarray(indices)
        if idx.size == 0:
            idx = idx.astype(np.int64)
        if idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise TypeError(
                f"SubsetRandomSampler: indices must be a 1-D sequence of ints, got "
                f"shape {idx.shape} and dtype {idx.dtype}"
            )
        self.indices = indices
        self._indices = idx.astype(np.int64, copy=False)
        self.generator = _check_generator("SubsetRandomSampler", generator)

    def _epoch(self, rng: np.random.Generator | None = None) -> np.ndarray:
        return self._indices[self._rng(rng).permutation(len(self._indices))]

    def __len__(self) -> int:
        return len(self._indices)


class WeightedRandomSampler(_ArraySampler):
    """``num_samples`` indices drawn with probability proportional to ``weights``.

    Args:
        weights: one non-negative weight per index (need not sum to 1).
        num_samples: indices per epoch, a positive int.
        replacement: draw independently (default); without replacement
            ``num_samples`` may not exceed the number of non-zero weights.
        generator: as for :class:`RandomSampler`.

    Raises:
        ValueError: as torch for a non-positive ``num_samples``, a non-bool
            ``replacement`` or weights that are not 1-D. Negative, non-finite
            or all-zero weights, and too few non-zero weights for a draw
            without replacement, raise ValueError here when the sampler is
            built (torch raises RuntimeError when it is first iterated).

    Example:
        >>> import numpy as np
        >>> from data import WeightedRandomSampler
        >>> s = WeightedRandomSampler([0.0, 1.0, 0.0], 4, generator=np.random.default_rng(0))
        >>> list(s), len(s)
        ([1, 1, 1, 1], 4)
    """

    def __init__(
        self,
        weights: Sequence[float] | np.ndarray,
        num_samples: int,
        replacement: bool = True,
        generator: np.random.Generator | None = None,
    ) -> None:
        if not _is_int(num_samples) or num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got "
                f"num_samples={num_samples!r}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                f"replacement should be a boolean value, but got replacement={replacement!r}"
            )
        w = np.asarray(weights._data if isinstance(weights, Tensor) else weights, dtype=np.float64)
        if w.ndim != 1:
            raise ValueError(
                f"weights should be a 1d sequence but given weights have shape {w.shape}"
            )
        if w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
            raise ValueError(
                f"WeightedRandomSampler: weights must be finite, non-negative and "
                f"not all zero, got {w.tolist() if w.size <= 10 else w}"
            )
        nonzero = int(np.count_nonzero(w))
        if not replacement and num_samples > nonzero:
            raise ValueError(
                f"WeightedRandomSampler: cannot draw num_samples={num_samples} without "
                f"replacement from {nonzero} non-zero weights"
            )
        self.weights = w
        self.num_samples = int(num_samples)
        self.replacement = replacement
        self.generator = _check_generator("WeightedRandomSampler", generator)
        self._p = w / w.sum()

    def _epoch(self, rng: np.random.Generator | None = None) -> np.ndarray:
        return (
            self._rng(rng)
            .choice(len(self._p), size=self.num_samples, replace=self.replacement, p=self._p)
            .astype(np.int64)
        )

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler[list[int]]):
    """Group the indices of ``sampler`` into lists of ``batch_size``.

    Args:
        sampler: any iterable of indices (a Sampler, a list, a range).
        batch_size: indices per batch, a positive int.
        drop_last: drop the last batch when it is smaller than ``batch_size``.

    Raises:
        ValueError: as torch, for a non-positive ``batch_size`` or a non-bool
            ``drop_last``.

    Example:
        >>> from data import BatchSampler, SequentialSampler
        >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
        [[0, 1], [2, 3], [4]]
        >>> len(BatchSampler(range(5), batch_size=2, drop_last=True))
        2
    """

    def __init__(self, sampler: Sampler | Iterable[int], batch_size: int, drop_last: bool) -> None:
        if not _is_int(batch_size) or batch_size <= 0:
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size!r}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(
                f"drop_last should be a boolean value, but got drop_last={drop_last!r}"
            )
        self.sampler = sampler
        self.batch_size = int(batch_size)
        self.drop_last = drop_last

    def _epoch_batches(self, rng: np.random.Generator | None = None) -> Iterator[np.ndarray]:
        """The epoch's batches as int64 arrays (one draw of the sampler's epoch if it can)."""
        order = sampler_epoch(self.sampler, rng)
        bs, n = self.batch_size, len(order)
        stop = n - n % bs if self.drop_last else n
        for start in range(0, stop, bs):
            yield order[start : start + bs]

    def __iter__(self) -> Iterator[list[int]]:
        batch: list[int] = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)  # type: ignore[arg-type]
        if self.drop_last:
            return n // self.batch_size
        return -(-n // self.batch_size)


def sampler_epoch(sampler: Iterable[int], rng: np.random.Generator | None = None) -> np.ndarray:
    """One epoch of ``sampler`` as a 1-D int64 array.

    Samplers of this module draw it in one go from their generator, else
    ``rng``, else the library's generator; any other iterable is consumed.

    Example:
        >>> from data.sampler import SequentialSampler, sampler_epoch
        >>> sampler_epoch(SequentialSampler(range(3))).tolist(), sampler_epoch([2, 0]).tolist()
        ([0, 1, 2], [2, 0])
    """
    if isinstance(sampler, _ArraySampler):
        return sampler._epoch(rng)
    order = np.asarray(list(sampler))
    if order.size == 0:
        return order.astype(np.int64)
    if order.ndim != 1 or order.dtype.kind not in "iu":
        raise TypeError(
            f"sampler must yield ints, got an epoch of shape {order.shape} and dtype {order.dtype}"
        )
    return order.astype(np.int64, copy=False)

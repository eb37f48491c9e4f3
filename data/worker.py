"""DataLoader worker processes: items fetched and collated in parallel, as torch's.

A :class:`~data.DataLoader` with ``num_workers > 0`` over a dataset whose items
go through Python starts that many processes. The main process draws the
epoch's order and sends each batch's indices to the workers in turn (worker
``k % num_workers`` gets batch ``k``), keeping ``prefetch_factor`` batches per
worker in flight; each worker indexes the dataset, collates the batch and sends
the arrays back, and the main process yields the batches in order. The order of
the batches therefore does not depend on ``num_workers``. An
:class:`~data.IterableDataset` is iterated by every worker over its own copy,
as torch's (use :func:`get_worker_info` in ``__iter__`` to split the work), and
the batches come from the workers in turn until every copy is used up.

Each worker seeds Python's ``random``, NumPy's legacy global generator and the
library's generator (``ag.manual_seed``) with ``base_seed + worker_id``, where
``base_seed`` is drawn once per pool from the DataLoader's generator, so random
transforms differ between workers and are reproducible.

An exception in a worker is raised again in the main process with the same
type and a message naming the worker, the dataset index being loaded and the
original traceback. A worker that dies (killed, out of memory) makes the
loader raise RuntimeError naming its pid instead of waiting for its batches.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import pickle
import queue
import random
import signal
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import Tensor
from autograd import random as _random

__all__ = ["WorkerInfo", "get_worker_info"]

_POLL = 0.1  # seconds between checks that the workers are alive
NEXT = "next batch of the stream"  # the task of a worker iterating an IterableDataset


@dataclass(frozen=True)
class WorkerInfo:
    """What a DataLoader worker process knows about itself (see :func:`get_worker_info`).

    Attributes:
        id: this worker's number, ``0 .. num_workers - 1``.
        num_workers: how many workers the loader runs.
        seed: the seed of this worker's random generators.
        dataset: this process's copy of the dataset.

    Example:
        >>> from data.worker import WorkerInfo
        >>> WorkerInfo(id=0, num_workers=2, seed=7, dataset=None).num_workers
        2
    """

    id: int
    num_workers: int
    seed: int
    dataset: Any


_worker_info: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """This worker's :class:`WorkerInfo` in a DataLoader worker process, else None.

    Use it in a dataset or ``worker_init_fn`` to shard work between workers or
    to seed other libraries.

    Example:
        >>> from data import get_worker_info
        >>> get_worker_info() is None  # in the main process
        True
    """
    return _worker_info


class _TensorOnWire:
    """A Tensor's array crossing a process boundary (Tensors themselves are not pickled)."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray) -> None:
        self.array = array


def _to_wire(obj: Any) -> Any:
    """``obj`` with every Tensor in its tuples, lists and dicts replaced by its array."""
    if isinstance(obj, Tensor):
        return _TensorOnWire(obj._data)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*(_to_wire(v) for v in obj))
    if isinstance(obj, (tuple, list)):
        return type(obj)(_to_wire(v) for v in obj)
    if isinstance(obj, Mapping):
        return {k: _to_wire(v) for k, v in obj.items()}
    return obj


def _from_wire(obj: Any) -> Any:
    """Undo :func:`_to_wire`."""
    if isinstance(obj, _TensorOnWire):
        return Tensor._make(obj.array)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*(_from_wire(v) for v in obj))
    if isinstance(obj, (tuple, list)):
        return type(obj)(_from_wire(v) for v in obj)
    if isinstance(obj, Mapping):
        return {k: _from_wire(v) for k, v in obj.items()}
    return obj


def _failure(exc: BaseException, where: str) -> tuple[str, str, str, str]:
    """An exception as it crosses to the main process: its class's module and name and
    torch's message ("Caught X in DataLoader worker process N ... Original Traceback")."""
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    msg = f"Caught {type(exc).__name__} {where}.\nOriginal {tb}"
    return "err", type(exc).__module__, type(exc).__qualname__, msg


class _KeyErrorMessage(str):
    """A KeyError's message that prints as itself (KeyError shows its argument's repr,
    which would turn the traceback into one line of escapes)."""

    def __repr__(self) -> str:
        return str(self)


def _reraise(module: str, qualname: str, msg: str) -> None:
    try:
        cls: Any = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        exc = cls(_KeyErrorMessage(msg) if issubclass(cls, KeyError) else msg)
        if not isinstance(exc, BaseException):
            raise TypeError
    except Exception:
        exc = RuntimeError(msg)
    raise exc


def _seed_worker(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    _random.manual_seed(seed)


def _worker_loop(
    fetch: Any,
    index_queue: Any,
    result_queue: Any,
    worker_id: int,
    num_workers: int,
    seed: int,
    init_fn: Callable[[int], None] | None,
    parent: int,
) -> None:
    """Body of a worker process: fetch the batches whose indices arrive, until told to stop."""
    global _worker_info
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    _worker_info = WorkerInfo(
        id=worker_id, num_workers=num_workers, seed=seed, dataset=fetch.dataset
    )
    _seed_worker(seed)
    if init_fn is not None:
        try:
            init_fn(worker_id)
        except Exception as e:
            result_queue.put(
                (
                    None,
                    None,
                    _failure(e, f"in DataLoader worker process {worker_id} (in worker_init_fn)"),
                )
            )
            return
    while True:
        try:
            task = index_queue.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:  # the main process is gone
                return
            continue
        if task is None:
            return
        epoch, k, indices = task
        fetch.current = None
        stream, sending = isinstance(indices, str), False
        try:
            batch = fetch.stream_batch(epoch) if stream else fetch(indices)
            sending = True
            # pickled here, so that a batch that cannot be sent is an error, not a batch
            # that never arrives
            payload: Any = ("ok", pickle.dumps(_to_wire(batch), pickle.HIGHEST_PROTOCOL))
            del batch
        except StopIteration:  # this worker's copy of an iterable dataset is used up
            payload = ("stop", worker_id)
        except Exception as e:
            if sending:
                at = "while sending the batch to the main process"
            elif fetch.current is not None:
                at = f"while loading dataset index {fetch.current}"
            elif stream and fetch.collating is False:
                at = "while iterating the dataset"
            else:
                at = "while collating the batch"
            payload = _failure(e, f"in DataLoader worker process {worker_id} {at}")
        del indices
        result_queue.put((epoch, k, payload))


def _base_seed(rng: np.random.Generator) -> int:
    """A seed for the workers drawn from ``rng`` without moving its stream, so the epoch's
    order is the same whether or not workers run (a child of its seed sequence)."""
    try:
        child = rng.spawn(1)[0]
    except (TypeError, ValueError, AttributeError):  # a bit generator without a seed sequence
        child = np.random.default_rng(rng.bit_generator.random_raw())
    return int(child.integers(0, 2**62))


class WorkerPool:
    """The worker processes of one DataLoader (for one epoch, or all with persistent workers).

    Example:
        >>> import numpy as np
        >>> from data import DataLoader
        >>> loader = DataLoader(list(range(6)), batch_size=2, num_workers=2)
        >>> [b.tolist() for b in loader]
        [[0, 1], [2, 3], [4, 5]]
    """

    def __init__(
        self,
        fetch: Any,
        num_workers: int,
        prefetch_factor: int,
        init_fn: Callable[[int], None] | None,
        context: Any,
        timeout: float,
        rng: np.random.Generator,
        in_order: bool = True,
    ) -> None:
        ctx = context if context is not None else multiprocessing.get_context()
        self.base_seed = _base_seed(rng)
        self.prefetch_factor = prefetch_factor
        self.timeout = float(timeout)
        self.in_order = in_order
        self.epoch = 0
        self.result_queue = ctx.Queue()
        self.index_queues = []
        self.workers = []
        for wid in range(num_workers):
            q = ctx.Queue()
            p = ctx.Process(
                target=_worker_loop,
                daemon=True,
                args=(
                    fetch,
                    q,
                    self.result_queue,
                    wid,
                    num_workers,
                    self.base_seed + wid,
                    init_fn,
                    os.getpid(),
                ),
            )
            p.start()
            self.index_queues.append(q)
            self.workers.append(p)
        self.closed = False

    def run(self, batches: Iterator[Any] | None) -> Iterator[Any]:
        """Yield the fetched batch of each item of ``batches`` (index arrays), in order.

        With ``batches=None`` the dataset is an IterableDataset: each worker iterates its
        own copy, as torch's, and the batches come from the workers in turn until every
        copy is used up.
        """
        self.epoch += 1
        epoch, n = self.epoch, len(self.workers)
        budget = max(1, self.prefetch_factor * n)
        sent = done = turn = 0
        exhausted = False
        active = [True] * n
        buffer: dict[int, Any] = {}
        while True:
            while sent - done < budget:
                if batches is None:
                    if not any(active):
                        break
                    while not active[turn % n]:
                        turn += 1
                    worker, task = turn % n, NEXT
                    turn += 1
                else:
                    if exhausted:
                        break
                    try:
                        task = next(batches)
                    except StopIteration:
                        exhausted = True
                        break
                    worker = sent % n
                self.index_queues[worker].put((epoch, sent, task))
                sent += 1
            if done == sent:
                return
            while (done not in buffer) if self.in_order else not buffer:
                if self.epoch != epoch:  # a new epoch of these persistent workers began:
                    return  # as torch's, iterating the loader again ends the old iterator
                ep, k, payload = self._get()
                if ep is None:  # worker_init_fn failed
                    _reraise(*payload[1:])
                if ep == epoch:
                    buffer[k] = payload
            payload = buffer.pop(done) if self.in_order else buffer.pop(next(iter(buffer)))
            done += 1
            if payload[0] == "stop":
                active[payload[1]] = False
                continue
            if payload[0] == "err":
                _reraise(*payload[1:])
            yield _from_wire(pickle.loads(payload[1]))

    def _get(self) -> Any:
        start = time.monotonic()
        while True:
            try:
                return self.result_queue.get(timeout=_POLL)
            except queue.Empty:
                pass
            dead = [(i, w) for i, w in enumerate(self.workers) if not w.is_alive()]
            if dead:
                how = "; ".join(_exit_reason(i, w.exitcode) for i, w in dead)
                pids = ", ".join(str(w.pid) for _, w in dead)
                self.shutdown()
                raise RuntimeError(
                    f"DataLoader worker (pid(s) {pids}) exited unexpectedly: "
                    f"{how}. Its batches are lost; if the dataset uses much "
                    f"memory, try fewer workers"
                )
            if self.timeout > 0 and time.monotonic() - start > self.timeout:
                self.shutdown()
                raise RuntimeError(f"DataLoader timed out after {self.timeout:g} seconds")

    def shutdown(self) -> None:
        """Stop the workers (those that do not stop within a second are terminated)."""
        if self.closed:
            return
        self.closed = True
        for q, w in zip(self.index_queues, self.workers):
            if w.is_alive():
                with contextlib.suppress(OSError, ValueError):
                    q.put(None)
        deadline = time.monotonic() + 1.0
        for w in self.workers:
            w.join(timeout=max(0.0, deadline - time.monotonic()))
            if w.is_alive():
                w.terminate()
                w.join(timeout=1.0)
        for q in [*self.index_queues, self.result_queue]:
            q.cancel_join_thread()
            q.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.shutdown()


def _exit_reason(worker_id: int, code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"worker {worker_id} was killed by signal {name}"
    return f"worker {worker_id} exited with code {code}"

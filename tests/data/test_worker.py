"""DataLoader worker processes: same batches as in-process, torch's errors, no hangs."""

from __future__ import annotations

import os
import pickle
import signal
import time

import numpy as np
import pytest

import autograd as ag
from data import (
    DataLoader,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
    datasets,
    get_worker_info,
)
from data import transforms as T
from tests.helpers import requires_torch


class Squares(Dataset):
    """Items computed in Python: ``(float32 [i, i*i], i)``."""

    def __init__(self, n=50, delay=0.0, fail_at=None):
        self.n, self.delay, self.fail_at = n, delay, fail_at

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if self.delay:
            time.sleep(self.delay)
        if i == self.fail_at:
            raise ValueError(f"cannot load item {i}")
        return np.array([i, i * i], np.float32), i


class WhoLoads(Dataset):
    """Items say which process loaded them."""

    def __len__(self):
        return 12

    def __getitem__(self, i):
        info = get_worker_info()
        if info is None:
            return -1, -1, os.getpid(), 0
        return info.id, info.num_workers, os.getpid(), info.seed


def labels(loader):
    return [b[1].tolist() for b in loader]


def test_workers_give_the_same_batches_as_the_main_process():
    ds = Squares(53)
    ref = [(x.numpy(), y.numpy()) for x, y in DataLoader(ds, batch_size=8)]
    for workers in (1, 2, 3):
        got = [(x.numpy(), y.numpy()) for x, y in DataLoader(ds, batch_size=8, num_workers=workers)]
        assert len(got) == len(ref) == 7
        for (xg, yg), (xr, yr) in zip(got, ref):
            assert xg.dtype == np.float32 and yg.dtype == np.int64
            np.testing.assert_array_equal(xg, xr)
            np.testing.assert_array_equal(yg, yr)


@pytest.mark.parametrize(
    "make",
    [
        lambda ds, nw: DataLoader(ds, batch_size=5, shuffle=True, seed=4, num_workers=nw),
        lambda ds, nw: DataLoader(ds, batch_size=5, shuffle=True, num_workers=nw),
        lambda ds, nw: DataLoader(
            ds,
            batch_size=5,
            shuffle=True,
            num_workers=nw,
            generator=np.random.default_rng(4),
            persistent_workers=nw > 0,
        ),
    ],
    ids=["seed", "manual_seed", "generator-persistent"],
)
def test_shuffle_order_is_the_same_for_any_num_workers(make):
    ds = Squares(23)
    orders = {}
    for nw in (0, 1, 2):
        ag.manual_seed(9)
        loader = make(ds, nw)
        orders[nw] = [labels(loader) for _ in range(3)]  # three epochs
    assert orders[0] == orders[1] == orders[2]
    epoch = sum(orders[0][0], [])
    assert sorted(epoch) == list(range(23)) and epoch != list(range(23))
    assert orders[0][0] != orders[0][1]


def test_worker_info_ids_seeds_and_worker_init_fn():
    assert get_worker_info() is None
    loader = DataLoader(WhoLoads(), batch_size=2, num_workers=3)
    batches = [tuple(f.tolist() for f in b) for b in loader]
    ids = [b[0] for b in batches]
    assert ids == [[k % 3] * 2 for k in range(6)]  # batch k goes to worker k % 3
    assert {n for b in batches for n in b[1]} == {3}
    pids = {b[2][0] for b in batches}
    assert len(pids) == 3 and os.getpid() not in pids
    seeds = {b[0][0]: b[3][0] for b in batches}
    assert seeds[1] == seeds[0] + 1 and seeds[2] == seeds[0] + 2  # base_seed + id
    ag.manual_seed(1)
    first = [b[3].tolist() for b in DataLoader(WhoLoads(), batch_size=12, num_workers=1)]
    ag.manual_seed(1)
    again = [b[3].tolist() for b in DataLoader(WhoLoads(), batch_size=12, num_workers=1)]
    assert first == again


class InitRecorder(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return float(os.environ.get("INIT_WORKER_ID", "-1"))


def _init(worker_id):
    os.environ["INIT_WORKER_ID"] = str(worker_id + 10)


def _broken_init(worker_id):
    raise KeyError("no such setting")


def test_worker_init_fn_runs_in_each_worker():
    out = [
        b.tolist()
        for b in DataLoader(InitRecorder(), batch_size=1, num_workers=2, worker_init_fn=_init)
    ]
    assert out == [[10.0], [11.0], [10.0], [11.0]]
    assert "INIT_WORKER_ID" not in os.environ
    with pytest.raises(
        KeyError,
        match="Caught KeyError in DataLoader worker process 0 "
        r"\(in worker_init_fn\)",
    ):
        list(DataLoader(InitRecorder(), batch_size=1, num_workers=1, worker_init_fn=_broken_init))


def test_a_worker_exception_names_the_worker_the_index_and_the_traceback():
    loader = DataLoader(Squares(20, fail_at=13), batch_size=4, num_workers=2)
    with pytest.raises(ValueError) as err:
        list(loader)
    msg = str(err.value)
    assert msg.startswith(
        "Caught ValueError in DataLoader worker process 1 while loading "
        "dataset index 13.\nOriginal Traceback (most recent call last):\n"
    )
    assert "in __getitem__" in msg and msg.rstrip().endswith("ValueError: cannot load item 13")
    with pytest.raises(ValueError, match="cannot load item 13"):
        list(DataLoader(Squares(20, fail_at=13), batch_size=4))  # in-process: the original


class Unstackable(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return np.zeros(i + 1, np.float32)


def test_a_collate_failure_is_reported_as_such():
    with pytest.raises(ValueError, match="worker process 0 while collating the batch"):
        list(DataLoader(Unstackable(), batch_size=4, num_workers=1))


def test_a_killed_worker_raises_instead_of_hanging():
    loader = DataLoader(
        Squares(400, delay=0.005), batch_size=4, num_workers=2, persistent_workers=True
    )
    it = iter(loader)
    next(it)
    victim = loader._pool.workers[0]
    os.kill(victim.pid, signal.SIGKILL)
    start = time.monotonic()
    with pytest.raises(
        RuntimeError,
        match=rf"DataLoader worker \(pid\(s\) {victim.pid}\) exited "
        r"unexpectedly: worker 0 was killed by signal "
        r"SIGKILL",
    ):
        for _ in it:
            pass
    assert time.monotonic() - start < 10
    assert not any(w.is_alive() for w in loader._pool.workers)  # the others are stopped too


def test_timeout_raises_when_a_batch_takes_too_long():
    loader = DataLoader(Squares(4, delay=1.0), batch_size=2, num_workers=1, timeout=0.3)
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.3 seconds"):
        list(loader)


def test_workers_stop_after_the_epoch_unless_persistent():
    loader = DataLoader(Squares(8), batch_size=2, num_workers=2)
    it = iter(loader)
    next(it)
    workers = list(loader._pool.workers)
    assert all(w.is_alive() for w in workers)
    list(it)
    assert loader._pool is None and not any(w.is_alive() for w in workers)
    persistent = DataLoader(WhoLoads(), batch_size=3, num_workers=2, persistent_workers=True)
    pids = [{p for b in persistent for p in b[2].tolist()} for _ in range(2)]
    assert pids[0] == pids[1] and len(pids[0]) == 2
    pool = persistent._pool
    del persistent
    assert pool.closed


def test_a_broken_off_epoch_of_persistent_workers_does_not_leak_into_the_next():
    loader = DataLoader(Squares(40), batch_size=4, num_workers=2, persistent_workers=True)
    for k, _ in enumerate(loader):
        if k == 1:
            break
    assert labels(loader) == [list(range(s, s + 4)) for s in range(0, 40, 4)]


def test_array_backed_batches_stay_in_process():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    loader = DataLoader(TensorDataset(x, np.arange(10)), batch_size=5, num_workers=2)
    assert [b[1].tolist() for b in loader] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert loader._pool is None
    mnist = DataLoader(
        datasets.MNIST(None, train=False, transform=T.ToTensor()), batch_size=100, num_workers=2
    )
    next(iter(mnist))
    assert mnist._pool is None


def test_random_transforms_in_workers_are_reproducible_and_differ_between_workers():
    ds = Subset(
        datasets.MNIST(
            None, train=False, transform=T.Compose([T.RandomCrop(28, padding=4), T.ToTensor()])
        ),
        [0] * 8,
    )
    runs = []
    for _ in range(2):
        ag.manual_seed(3)
        runs.append([x.numpy() for x, _ in DataLoader(ds, batch_size=4, num_workers=2)])
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(runs[0][0], runs[0][1])  # the two workers crop differently


def test_collate_fn_unbatched_batch_sampler_and_out_of_order():
    ds = Squares(10)

    def collate(items):
        return {"x": ag.tensor(np.stack([x for x, _ in items])), "n": len(items)}

    out = list(DataLoader(ds, batch_size=4, num_workers=2, collate_fn=collate))
    assert [b["n"] for b in out] == [4, 4, 2]
    assert out[2]["x"].numpy()[:, 0].tolist() == [8.0, 9.0]
    single = list(DataLoader(ds, batch_size=None, num_workers=2))
    assert [y for _, y in single] == list(range(10)) and single[3][0].shape == (2,)
    batches = list(DataLoader(ds, batch_sampler=[[9, 1], [4]], num_workers=2))
    assert [y.tolist() for _, y in batches] == [[9, 1], [4]]
    loose = DataLoader(Squares(40, delay=0.001), batch_size=4, num_workers=2, in_order=False)
    assert sorted(sum(labels(loose), [])) == list(range(40))


def test_spawned_workers():
    ds = Subset(
        datasets.MNIST(
            None, train=False, transform=T.Compose([T.RandomHorizontalFlip(p=0.0), T.ToTensor()])
        ),
        list(range(6)),
    )
    got = [
        x.numpy()
        for x, _ in DataLoader(ds, batch_size=3, num_workers=1, multiprocessing_context="spawn")
    ]
    ref = [x.numpy() for x, _ in DataLoader(ds, batch_size=3)]
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)


class Shards(IterableDataset):
    """An iterable dataset that splits its range between the workers, as torch's docs show."""

    def __init__(self, n=10, shard=True):
        self.n, self.shard = n, shard

    def __iter__(self):
        info = get_worker_info()
        if info is None or not self.shard:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))


def plain(batch):
    return batch.tolist() if hasattr(batch, "tolist") else batch


@requires_torch
def test_iterable_datasets_run_one_copy_per_worker_as_torch():
    import torch.utils.data

    class TorchShards(torch.utils.data.IterableDataset):
        def __init__(self, n, shard):
            self.n, self.shard = n, shard

        def __iter__(self):
            info = torch.utils.data.get_worker_info()
            if info is None or not self.shard:
                return iter(range(self.n))
            return iter(range(info.id, self.n, info.num_workers))

    cases = [
        dict(n=10, shard=True, batch_size=2),
        dict(n=11, shard=True, batch_size=2),
        dict(n=7, shard=False, batch_size=3),
        dict(n=9, shard=True, batch_size=2, drop_last=True),
        dict(n=5, shard=True, batch_size=None),
    ]
    for case in cases:
        n, shard = case.pop("n"), case.pop("shard")
        theirs = [
            plain(b)
            for b in torch.utils.data.DataLoader(TorchShards(n, shard), num_workers=2, **case)
        ]
        loader = DataLoader(Shards(n, shard), num_workers=2, persistent_workers=True, **case)
        for _ in range(2):  # a fresh pass over each copy every epoch
            assert [plain(b) for b in loader] == theirs
    assert [b.tolist() for b in DataLoader(Shards(5), batch_size=2)] == [[0, 1], [2, 3], [4]]


def test_a_new_epoch_of_persistent_workers_ends_the_old_iterator():
    loader = DataLoader(Squares(40), batch_size=4, num_workers=2, persistent_workers=True)
    old = iter(loader)
    first = next(old)
    assert first[1].tolist() == [0, 1, 2, 3]
    assert labels(loader) == [list(range(s, s + 4)) for s in range(0, 40, 4)]
    assert len(list(old)) <= 4  # what was already fetched, then it stops instead of waiting
    assert [
        b.tolist()
        for b in DataLoader(list(range(4)), batch_size=2, num_workers=2, prefetch_factor=0)
    ] == [[0, 1], [2, 3]]


class BrokenStream(IterableDataset):
    def __iter__(self):
        yield 1
        raise OSError("the stream broke")


def _unsendable(items):
    return lambda: items  # a function made here cannot be pickled


def test_stream_errors_and_unsendable_batches_are_reported():
    with pytest.raises(OSError, match="worker process 0 while iterating the dataset"):
        list(DataLoader(BrokenStream(), batch_size=2, num_workers=1))
    with pytest.raises(
        (AttributeError, TypeError, pickle.PicklingError),
        match="worker process 0 while sending the batch to the main process",
    ):
        list(DataLoader(Squares(4), batch_size=2, num_workers=1, collate_fn=_unsendable))

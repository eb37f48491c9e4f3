"""examples/data_benchmark.py: its measurements run on a few images and report every figure."""

from __future__ import annotations

import data_benchmark
import numpy as np

from data import DataLoader, TensorDataset


def test_round_robin_times_each_loader_once_per_round():
    calls = []

    def make(name):
        def build():
            calls.append(name)
            return DataLoader(TensorDataset(np.zeros((8, 2), np.float32)), batch_size=4)

        return build

    times = data_benchmark.round_robin({"a": make("a"), "b": make("b")}, repeats=3)
    assert calls == ["a", "b"]  # each loader is built once
    assert {k: len(v) for k, v in times.items()} == {"a": 3, "b": 3}
    assert all(t > 0 for v in times.values() for t in v)


def test_transform_overhead_reports_medians_and_their_ratio():
    r = data_benchmark.transform_overhead(repeats=2, limit=256)
    assert set(r) == {"none", "transformed", "library_mnist", "ratio", "first_transformed"}
    assert r["ratio"] == r["transformed"] / r["none"]
    assert all(v > 0 for v in r.values())


def test_worker_speedup_times_each_worker_count():
    r = data_benchmark.worker_speedup(repeats=1, limit=128, configs=((0, None), (2, 3)))
    assert sorted(r) == [(0, None), (2, 3)]
    assert r[(2, 3)]["workers_cpu"] > r[(0, None)]["workers_cpu"]  # the work moved
    assert all(t["wall"] > 0 and t["main_cpu"] > 0 for t in r.values())

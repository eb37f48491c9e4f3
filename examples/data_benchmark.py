"""How fast is the data pipeline? DataLoader epochs of MNIST, with and without workers.

Run ``python examples/data_benchmark.py`` (about a minute) or ``--quick``. It times:

- a shuffled DataLoader epoch (batch size 64) of the torchvision-style
  ``datasets.MNIST`` without a transform (uint8 batches), with
  ``Compose([ToTensor(), Normalize((0.1307,), (0.3081,))])`` (batched: one
  fancy index per batch into the images, transformed once), and of the
  library's own ``data.MNIST()`` (float32 arrays prepared once) for reference;
  the target is a transformed epoch within 1.5x of the no-transform epoch;
- an epoch of per-item augmentation (``RandomCrop(28, padding=4)``,
  ``RandomHorizontalFlip()``, ``ToTensor()``, ``Normalize``), which goes
  through Python item by item, with 0 and 2 worker processes (torch's default
  ``prefetch_factor=2``, and 8 batches in flight per worker): the speed-up,
  and the CPU seconds spent by the main process and by the workers (on a
  busy machine the wall time shows the CPU share the processes got, the CPU
  seconds the work).

Loaders run round-robin (one epoch each, in turn) and the figures are
medians, because the machine may be shared and noisy. The first transformed
epoch, which computes the transformed images, is reported on its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

import autograd as ag  # noqa: E402
import data  # noqa: E402
from data import DataLoader, Subset, datasets, transforms  # noqa: E402

NORMALIZE = transforms.Normalize((0.1307,), (0.3081,))


def time_epoch(loader: DataLoader) -> float:
    """Seconds to draw every batch of one epoch of ``loader``."""
    start = time.perf_counter()
    for _ in loader:
        pass
    return time.perf_counter() - start


def round_robin(
    loaders: dict[str, Callable[[], DataLoader]], repeats: int
) -> dict[str, list[float]]:
    """Epoch times of each loader, ``repeats`` rounds of one epoch each, in turn."""
    built = {name: make() for name, make in loaders.items()}
    times: dict[str, list[float]] = {name: [] for name in loaders}
    for _ in range(repeats):
        for name, loader in built.items():
            times[name].append(time_epoch(loader))
    return times


def transform_overhead(
    repeats: int = 7, limit: int | None = None, batch_size: int = 64
) -> dict[str, float]:
    """Median epoch seconds without and with ToTensor+Normalize, and their ratio.

    Example:
        >>> r = transform_overhead(repeats=1, limit=256)
        >>> sorted(r)
        ['first_transformed', 'library_mnist', 'none', 'ratio', 'transformed']
    """
    ag.manual_seed(0)

    def make(transform: object = None) -> Callable[[], DataLoader]:
        def build() -> DataLoader:
            ds = datasets.MNIST(None, train=True, transform=transform)
            return DataLoader(
                ds if limit is None else Subset(ds, range(limit)),
                batch_size=batch_size,
                shuffle=True,
            )

        return build

    pipeline = transforms.Compose([transforms.ToTensor(), NORMALIZE])
    first_loader = make(pipeline)()
    first = time_epoch(first_loader)  # includes transforming the images once

    def library() -> DataLoader:
        ds = data.MNIST(train=True)
        return DataLoader(
            ds if limit is None else Subset(ds, range(limit)), batch_size=batch_size, shuffle=True
        )

    times = round_robin(
        {"none": make(None), "transformed": lambda: first_loader, "library_mnist": library}, repeats
    )
    med = {k: statistics.median(v) for k, v in times.items()}
    med["ratio"] = med["transformed"] / med["none"]
    med["first_transformed"] = first
    return med


def _children_cpu() -> float:
    """CPU seconds of the child processes that have exited (the workers of past epochs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def worker_speedup(
    repeats: int = 3,
    limit: int = 20000,
    batch_size: int = 64,
    configs: tuple[tuple[int, int | None], ...] = ((0, None), (2, None)),
) -> dict[tuple[int, int | None], dict[str, float]]:
    """Per-item augmentation epochs for each ``(num_workers, prefetch_factor)``: median wall
    seconds, and the CPU seconds of the main process and of the workers per epoch.

    Workers are started for each epoch (torch's default), so their start-up is included.

    Example:
        >>> r = worker_speedup(repeats=1, limit=128, configs=((0, None), (1, 4)))
        >>> sorted(r[(1, 4)])
        ['main_cpu', 'wall', 'workers_cpu']
    """
    augment = transforms.Compose(
        [
            transforms.RandomCrop(28, padding=4),
            transforms.RandomHorizontalFlip(),
            transforms.ToTensor(),
            NORMALIZE,
        ]
    )
    ds = Subset(datasets.MNIST(None, train=True, transform=augment), range(limit))
    loaders = {
        (n, pf): DataLoader(
            ds, batch_size=batch_size, shuffle=True, num_workers=n, prefetch_factor=pf
        )
        for n, pf in configs
    }
    runs: dict[tuple[int, int | None], list[tuple[float, float, float]]] = {c: [] for c in configs}
    for _ in range(repeats):
        for c, loader in loaders.items():
            cpu, children = time.process_time(), _children_cpu()
            wall = time_epoch(loader)
            runs[c].append((wall, time.process_time() - cpu, _children_cpu() - children))
    return {
        c: {
            "wall": statistics.median(r[0] for r in rs),
            "main_cpu": statistics.median(r[1] for r in rs),
            "workers_cpu": statistics.median(r[2] for r in rs),
        }
        for c, rs in runs.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and images")
    args = parser.parse_args(argv)
    repeats, limit = (3, 10000) if args.quick else (9, 20000)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"CPUs available: {cpus}; load average before the run: {load}")
    r = transform_overhead(repeats=repeats)
    print(f"MNIST train epoch, batch 64, shuffled (median of {repeats}):")
    print(f"  datasets.MNIST, no transform        {r['none'] * 1e3:8.1f} ms")
    print(
        f"  datasets.MNIST, ToTensor+Normalize  {r['transformed'] * 1e3:8.1f} ms "
        f"(first epoch, transforming the images: {r['first_transformed'] * 1e3:.1f} ms)"
    )
    print(f"  data.MNIST() (library's own)        {r['library_mnist'] * 1e3:8.1f} ms")
    verdict = "MET" if r["ratio"] <= 1.5 else "NOT MET"
    print(
        f"  transformed / no transform: {r['ratio']:.2f}x (target <= 1.5x: {verdict}; the "
        f"transformed batches are float32, 4x the bytes of the uint8 ones)"
    )
    print(
        f"  transformed / data.MNIST(): {r['transformed'] / r['library_mnist']:.2f}x "
        f"(the same float32 batches)"
    )
    w = worker_speedup(
        repeats=max(3, repeats // 2), limit=limit, configs=((0, None), (2, None), (2, 8))
    )
    print(f"Per-item augmentation, {limit} images, batch 64 (median):")
    for (n, pf), t in w.items():
        name = f"num_workers={n}" + (f", prefetch_factor={pf}" if pf else "")
        print(
            f"  {name:35s} {t['wall']:6.2f} s wall; CPU: main {t['main_cpu']:.2f} s, "
            f"workers {t['workers_cpu']:.2f} s"
        )
        if n:
            print(f"  {'':35s} speed-up {w[(0, None)]['wall'] / t['wall']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""ReduceLROnPlateau against torch: reductions on a metric sequence, and step(metric, epoch)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import optim
from optim import lr_scheduler
from tests.helpers import requires_torch, torch


def _params():
    return [ag.Tensor(np.ones(2, np.float32), requires_grad=True) for _ in range(2)]


def _optimizers(opt_name):
    """Our and torch's optimizer, two groups with different lr."""
    kwargs = {"SGD": {"momentum": 0.9}, "Adam": {}}[opt_name]
    p, q = _params()
    ours = getattr(optim, opt_name)(
        [{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, **kwargs
    )
    tp, tq = torch.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
    theirs = getattr(torch.optim, opt_name)(
        [{"params": [tp]}, {"params": [tq], "lr": 0.05}], lr=0.1, **kwargs
    )
    return ours, theirs


PLATEAU = [
    {},
    {"patience": 2, "factor": 0.5},
    {"mode": "max", "patience": 1, "threshold": 0.05},
    {"threshold_mode": "abs", "threshold": 0.2, "patience": 1, "cooldown": 2, "factor": 0.3},
    {"mode": "max", "threshold_mode": "abs", "patience": 0, "min_lr": [0.01, 0.02]},
    {"patience": 0, "factor": 0.5, "min_lr": 0.02, "eps": 1e-3},
]


@requires_torch
@pytest.mark.parametrize("kwargs", PLATEAU)
def test_reduce_on_plateau_matches_torch(kwargs):
    rng = np.random.default_rng(0)
    metrics = np.concatenate([np.linspace(5, 1, 8), np.full(6, 1.0), rng.uniform(0.5, 1.5, 26)])
    metrics = np.round(metrics, 2)
    opt, topt = _optimizers("SGD")
    sched = lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    tsched = torch.optim.lr_scheduler.ReduceLROnPlateau(topt, **kwargs)
    for i, m in enumerate(metrics):
        metric = float(m) if i % 2 else ag.tensor(float(m), dtype="float64")
        sched.step(metric)
        tsched.step(float(m))
        assert sched.get_last_lr() == tsched.get_last_lr(), f"after metric {i} ({m})"
        assert (sched.best, sched.num_bad_epochs, sched.cooldown_counter) == (
            tsched.best,
            tsched.num_bad_epochs,
            tsched.cooldown_counter,
        )
    assert sched.get_last_lr() != [0.1, 0.05]  # the sequence did trigger reductions


@requires_torch
def test_reduce_on_plateau_deprecated_epoch_matches_torch():
    results = []
    for lib, sched_lib, make in (
        (optim, lr_scheduler, lambda: ag.ones(2, requires_grad=True)),
        (torch.optim, torch.optim.lr_scheduler, lambda: torch.ones(2, requires_grad=True)),
    ):
        sched = sched_lib.ReduceLROnPlateau(lib.SGD([make()], lr=0.1), patience=1)
        out = []
        for epoch, metric in [(None, 1.0), (5, 1.0), (None, 1.0), (2, 2.0), (None, 0.5)]:
            if epoch is None:
                sched.step(metric)
            else:
                with pytest.warns(UserWarning, match=r"epoch"):
                    sched.step(metric, epoch)
            out.append((sched.get_last_lr(), sched.last_epoch))
        results.append(out)
    assert results[0] == results[1]

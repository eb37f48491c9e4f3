"""CosineAnnealingLR resumed with last_epoch, and CosineAnnealingWarmRestarts at fractional
epochs, against torch."""

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


def _opt(lib):
    """SGD with two groups (lr 0.1 and 0.05) in ``lib`` (our optim or torch.optim)."""
    if lib is optim:
        p, q = (ag.Tensor(np.ones(2, np.float32), requires_grad=True) for _ in range(2))
    else:
        p, q = (torch.ones(2, requires_grad=True) for _ in range(2))
    return lib.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)


@requires_torch
def test_cosine_resumed_with_last_epoch_matches_torch():
    opt, topt = _optimizers("SGD")
    for group in opt.param_groups + topt.param_groups:
        group["initial_lr"] = group["lr"]
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=8, last_epoch=3)
    tsched = torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=8, last_epoch=3)
    for _ in range(10):
        assert sched.get_last_lr() == tsched.get_last_lr()
        opt.step()
        topt.step()
        sched.step()
        tsched.step()


@requires_torch
@pytest.mark.parametrize(("T_0", "T_mult"), [(5, 1), (3, 2), (2, 3)])
def test_warm_restarts_fractional_epochs_match_torch(T_0, T_mult):
    opt, topt = _opt(optim), _opt(torch.optim)
    sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=T_0, T_mult=T_mult, eta_min=0.01)
    tsched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        topt, T_0=T_0, T_mult=T_mult, eta_min=0.01
    )
    batches = 7
    for epoch in range(8):
        for batch in range(batches):
            sched.step(epoch + batch / batches)
            tsched.step(epoch + batch / batches)
            assert sched.get_last_lr() == tsched.get_last_lr(), (epoch, batch)
            assert (sched.T_i, sched.T_cur, sched.last_epoch) == (
                tsched.T_i,
                tsched.T_cur,
                tsched.last_epoch,
            )
    with pytest.raises(ValueError, match="Expected non-negative epoch, but got -1"):
        sched.step(-1)

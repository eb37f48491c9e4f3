"""OneCycleLR against torch: stepping past total_steps, and the momentum it needs."""

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


@requires_torch
def test_one_cycle_past_total_steps_raises_like_torch():
    opt, topt = _optimizers("SGD")
    sched = lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=5)
    tsched = torch.optim.lr_scheduler.OneCycleLR(topt, max_lr=1.0, total_steps=5)
    for _ in range(5):
        opt.step()
        topt.step()
        sched.step()
        tsched.step()
    with pytest.raises(ValueError) as theirs:
        tsched.step()
    with pytest.raises(
        ValueError,
        match=r"Tried to step 6 times\. The specified number of "
        r"total steps is 5",
    ) as ours:
        sched.step()
    assert str(ours.value) == str(theirs.value)


def test_one_cycle_needs_momentum_or_betas():
    opt = optim.Adagrad(_params())
    with pytest.raises(
        ValueError,
        match="optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
    ):
        lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10, cycle_momentum=False)

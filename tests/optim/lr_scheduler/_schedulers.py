"""The schedulers the scheduler tests build, in this library and in torch: ``_make(lib, name,
opt)`` over ``_opt(lib)``, an SGD with two parameter groups."""

from __future__ import annotations

import numpy as np

import autograd as ag
import optim
from tests.helpers import torch


class _Halve:
    """A callable object (its ``__dict__`` goes into the state_dict)."""

    def __init__(self):
        self.factor = 0.97

    def __call__(self, epoch):
        return self.factor if epoch % 3 else 1.02


def _opt(lib):
    """SGD with two groups (lr 0.1 and 0.05) in ``lib`` (our optim or torch.optim)."""
    if lib is optim:
        p, q = (ag.Tensor(np.ones(2, np.float32), requires_grad=True) for _ in range(2))
    else:
        p, q = (torch.ones(2, requires_grad=True) for _ in range(2))
    return lib.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)


def _make(lib, name, opt):
    """Scheduler ``name`` of ``lib`` (``optim`` or ``torch.optim``) over ``opt``."""
    S = lib.lr_scheduler
    if name == "LinearLR":
        return S.LinearLR(opt)
    if name == "LinearLR-custom":
        return S.LinearLR(opt, start_factor=0.1, end_factor=0.6, total_iters=17)
    if name == "ConstantLR":
        return S.ConstantLR(opt)
    if name == "ConstantLR-custom":
        return S.ConstantLR(opt, factor=0.25, total_iters=12)
    if name == "MultiplicativeLR":
        return S.MultiplicativeLR(opt, lambda epoch: 0.95 if epoch % 2 else 0.99)
    if name == "MultiplicativeLR-list":
        return S.MultiplicativeLR(opt, [lambda epoch: 0.9, _Halve()])
    if name == "PolynomialLR":
        return S.PolynomialLR(opt)
    if name == "PolynomialLR-custom":
        return S.PolynomialLR(opt, total_iters=30, power=2.5)
    if name == "CosineAnnealingWarmRestarts":
        return S.CosineAnnealingWarmRestarts(opt, T_0=7)
    if name == "CosineAnnealingWarmRestarts-mult":
        return S.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)
    if name == "SequentialLR":
        return S.SequentialLR(
            opt,
            [
                S.LinearLR(opt, start_factor=0.2, total_iters=6),
                S.CosineAnnealingLR(opt, T_max=15, eta_min=0.002),
                S.ExponentialLR(opt, gamma=0.9),
            ],
            milestones=[6, 21],
        )
    if name == "SequentialLR-constant":
        return S.SequentialLR(
            opt,
            [S.ConstantLR(opt, factor=0.5, total_iters=4), S.StepLR(opt, step_size=5, gamma=0.5)],
            milestones=[4],
        )
    if name == "ChainedScheduler":
        return S.ChainedScheduler(
            [S.ConstantLR(opt, factor=0.2, total_iters=5), S.ExponentialLR(opt, gamma=0.95)]
        )
    if name == "ChainedScheduler-nested":
        return S.ChainedScheduler(
            [
                S.LinearLR(opt, start_factor=0.5, total_iters=8),
                S.CosineAnnealingWarmRestarts(opt, T_0=10),
                S.MultiStepLR(opt, milestones=[10, 25], gamma=0.5),
            ],
            opt,
        )
    raise AssertionError(name)

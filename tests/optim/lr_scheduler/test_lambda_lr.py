"""LambdaLR and MultiplicativeLR: state dicts leave functions out and keep callable objects,
and the lambdas must be callable."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import optim
from optim import lr_scheduler
from tests.helpers import torch


def _params():
    return [ag.Tensor(np.ones(2, np.float32), requires_grad=True) for _ in range(2)]


def _build(name, kwargs):
    p, q = _params()
    opt = optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)
    return opt, getattr(lr_scheduler, name)(opt, **kwargs)


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


def test_lambda_state_dict_omits_functions_but_keeps_callable_objects():
    class Warmup:
        def __init__(self):
            self.scale = 2.0

        def __call__(self, epoch):
            return self.scale * min(1.0, (epoch + 1) / 3)

    warm = Warmup()
    opt, sched = _build("LambdaLR", {"lr_lambda": [lambda e: 0.5**e, warm]})
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"scale": 2.0}]
    warm.scale = 5.0
    sched.load_state_dict(sd)
    assert warm.scale == 2.0
    assert sd["lr_lambdas"] == [None, {"scale": 2.0}]  # loading does not consume the dict


def test_multiplicative_state_dict_keeps_callable_objects():
    opt = _opt(optim)
    sched = _make(optim, "MultiplicativeLR-list", opt)
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"factor": 0.97}]
    sd["lr_lambdas"][1]["factor"] = 0.5
    sched.load_state_dict(sd)
    assert sched.lr_lambdas[1].factor == 0.5


def test_multiplicative_lambda_must_be_callable():
    with pytest.raises(TypeError, match="lr_lambda should be a function, but got int"):
        lr_scheduler.MultiplicativeLR(_opt(optim), [lambda e: 1.0, 3])

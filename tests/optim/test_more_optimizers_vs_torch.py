"""Adamax, NAdam, RAdam, Adadelta and the extra lr schedulers against torch.optim."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import optim
from optim import lr_scheduler
from tests.helpers import requires_torch, torch

# -- schedulers ----------------------------------------------------------------------------

SCHED_STEPS = 45


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


SCHEDULERS = [
    "LinearLR",
    "LinearLR-custom",
    "ConstantLR",
    "ConstantLR-custom",
    "MultiplicativeLR",
    "MultiplicativeLR-list",
    "PolynomialLR",
    "PolynomialLR-custom",
    "CosineAnnealingWarmRestarts",
    "CosineAnnealingWarmRestarts-mult",
    "SequentialLR",
    "SequentialLR-constant",
    "ChainedScheduler",
    "ChainedScheduler-nested",
]


def _state(sched):
    return sched.get_last_lr(), [g["lr"] for g in sched.optimizer.param_groups]


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", SCHEDULERS)
def test_schedule_matches_torch(name):
    opt, topt = _opt(optim), _opt(torch.optim)
    sched, tsched = _make(optim, name, opt), _make(torch.optim, name, topt)
    for step in range(SCHED_STEPS + 1):
        assert sched.get_last_lr() == tsched.get_last_lr(), f"get_last_lr after {step} steps"
        assert [g["lr"] for g in opt.param_groups] == [g["lr"] for g in topt.param_groups]
        assert sched.last_epoch == tsched.last_epoch if hasattr(tsched, "last_epoch") else True
        if step < SCHED_STEPS:
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


@pytest.mark.parametrize("name", SCHEDULERS)
def test_scheduler_state_dict_round_trip(name):
    opt = _opt(optim)
    sched = _make(optim, name, opt)
    expected = []
    for _ in range(SCHED_STEPS):
        opt.step()
        sched.step()
        expected.append(_state(sched))

    opt = _opt(optim)
    sched = _make(optim, name, opt)
    for _ in range(17):
        opt.step()
        sched.step()
    opt_sd, sched_sd = opt.state_dict(), sched.state_dict()
    assert "optimizer" not in sched_sd
    for _ in range(3):  # stepping on must not change the saved dicts
        opt.step()
        sched.step()
    opt2 = _opt(optim)
    sched2 = _make(optim, name, opt2)
    opt2.load_state_dict(opt_sd)
    sched2.load_state_dict(sched_sd)
    assert _state(sched2)[0] == expected[16][0]
    got = expected[:17]
    for _ in range(17, SCHED_STEPS):
        opt2.step()
        sched2.step()
        got.append(_state(sched2))
    assert got == expected


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(
    "name",
    [
        "LinearLR-custom",
        "ConstantLR-custom",
        "PolynomialLR-custom",
        "CosineAnnealingWarmRestarts-mult",
        "SequentialLR",
        "ChainedScheduler-nested",
        "MultiplicativeLR-list",
    ],
)
def test_state_dict_keys_match_torch(name):
    opt, topt = _opt(optim), _opt(torch.optim)
    sched, tsched = _make(optim, name, opt), _make(torch.optim, name, topt)
    for _ in range(5):
        opt.step(), topt.step(), sched.step(), tsched.step()
    ours, theirs = sched.state_dict(), tsched.state_dict()
    public = {k for k in theirs if not k.startswith("_get_lr_called")}
    assert public <= set(ours), public - set(ours)
    if "lr_lambdas" in theirs:
        assert ours["lr_lambdas"] == theirs["lr_lambdas"]


def test_multiplicative_state_dict_keeps_callable_objects():
    opt = _opt(optim)
    sched = _make(optim, "MultiplicativeLR-list", opt)
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"factor": 0.97}]
    sd["lr_lambdas"][1]["factor"] = 0.5
    sched.load_state_dict(sd)
    assert sched.lr_lambdas[1].factor == 0.5


BAD_SCHEDULERS = [
    (lambda S, o: S.LinearLR(o, start_factor=0.0), "start_factor=0.0"),
    (lambda S, o: S.LinearLR(o, start_factor=1.5), "start_factor=1.5"),
    (lambda S, o: S.LinearLR(o, end_factor=-0.1), "end_factor=-0.1"),
    (lambda S, o: S.ConstantLR(o, factor=1.2), "factor=1.2"),
    (lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=0), "T_0, but got 0"),
    (lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=2.5), "T_0, but got 2.5"),
    (lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=0), "T_mult >= 1, but got 0"),
    (lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, eta_min="x"), "eta_min, but got x"),
    (lambda S, o: S.SequentialLR(o, [], milestones=[]), "at least one scheduler"),
    (
        lambda S, o: S.SequentialLR(o, [S.ConstantLR(o), S.ConstantLR(o)], milestones=[]),
        "number of schedulers 2 and the number of milestones to be equal to 0",
    ),
    (
        lambda S, o: S.SequentialLR(o, [S.ReduceLROnPlateau(o)], milestones=[]),
        "does not support `ReduceLROnPlateau`",
    ),
    (lambda S, o: S.ChainedScheduler([]), "at least one scheduler"),
    (
        lambda S, o: S.ChainedScheduler([S.ConstantLR(o), S.ExponentialLR(_opt_like(o), 0.9)]),
        "same optimizer",
    ),
]


def _opt_like(opt):
    return _opt(optim) if isinstance(opt, optim.Optimizer) else _opt(torch.optim)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("build", "message"), BAD_SCHEDULERS)
def test_invalid_scheduler_arguments_raise_value_error(build, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        build(optim.lr_scheduler, _opt(optim))
    if torch is not None:
        with pytest.raises(ValueError):
            build(torch.optim.lr_scheduler, _opt(torch.optim))


def test_multiplicative_lambda_must_be_callable():
    with pytest.raises(TypeError, match="lr_lambda should be a function, but got int"):
        lr_scheduler.MultiplicativeLR(_opt(optim), [lambda e: 1.0, 3])


def test_schedulers_are_exported_and_drive_updates():
    for name in [
        "LinearLR",
        "ConstantLR",
        "MultiplicativeLR",
        "PolynomialLR",
        "CosineAnnealingWarmRestarts",
        "SequentialLR",
        "ChainedScheduler",
    ]:
        assert name in lr_scheduler.__all__ and hasattr(lr_scheduler, name)
    w = ag.Tensor(np.array([1.0], np.float32), requires_grad=True)
    opt = optim.SGD([w], lr=1.0)
    sched = lr_scheduler.PolynomialLR(opt, total_iters=4)
    for _ in range(5):
        w.grad = ag.Tensor(np.array([1.0], np.float32))
        opt.step()
        sched.step()
    assert math.isclose(float(w._data[0]), 1.0 - (1 + 0.75 + 0.5 + 0.25))

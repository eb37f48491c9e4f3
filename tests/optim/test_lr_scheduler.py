"""Learning-rate schedulers against torch.optim.lr_scheduler, step by step."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from optim import lr_scheduler
from tests.helpers import requires_torch, torch

STEPS = 30
SCHEDULERS = [
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("MultiStepLR", {"milestones": [2, 5, 5, 11], "gamma": 0.3}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 7, "eta_min": 0.001}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 0.95**epoch + 0.01 * (epoch % 4)}),
    ("LambdaLR", {"lr_lambda": [lambda epoch: 1 / (epoch + 1), lambda epoch: 0.9**epoch]}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": STEPS}),
    (
        "OneCycleLR",
        {
            "max_lr": [0.5, 2.0],
            "total_steps": STEPS,
            "anneal_strategy": "linear",
            "pct_start": 0.25,
            "base_momentum": [0.8, 0.7],
            "max_momentum": 0.9,
        },
    ),
    (
        "OneCycleLR",
        {
            "max_lr": 0.3,
            "epochs": 5,
            "steps_per_epoch": 6,
            "three_phase": True,
            "div_factor": 10.0,
            "final_div_factor": 100.0,
        },
    ),
    ("OneCycleLR", {"max_lr": 0.3, "total_steps": STEPS, "cycle_momentum": False}),
]
IDS = [f"{name}{i}" for i, (name, _) in enumerate(SCHEDULERS)]


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


def _momenta(opt):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]


@requires_torch
@pytest.mark.parametrize("opt_name", ["SGD", "Adam"])
@pytest.mark.parametrize(("name", "kwargs"), SCHEDULERS, ids=IDS)
def test_schedule_matches_torch(name, kwargs, opt_name):
    opt, topt = _optimizers(opt_name)
    sched = getattr(lr_scheduler, name)(opt, **kwargs)
    tsched = getattr(torch.optim.lr_scheduler, name)(topt, **kwargs)
    steps = STEPS if name == "OneCycleLR" else STEPS + 5  # OneCycleLR allows total_steps steps
    for step in range(steps + 1):
        assert sched.get_last_lr() == tsched.get_last_lr(), f"lr after {step} steps"
        assert [g["lr"] for g in opt.param_groups] == [g["lr"] for g in topt.param_groups]
        assert _momenta(opt) == _momenta(topt), f"momentum after {step} steps"
        assert sched.last_epoch == tsched.last_epoch
        if step < steps:
            opt.step()
            topt.step()
            sched.step()
            tsched.step()


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


# -- state_dict ---------------------------------------------------------------------------


def _build(name, kwargs):
    p, q = _params()
    opt = optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)
    return opt, getattr(lr_scheduler, name)(opt, **kwargs)


@pytest.mark.parametrize(("name", "kwargs"), SCHEDULERS, ids=IDS)
def test_scheduler_state_dict_round_trip(name, kwargs):
    opt, sched = _build(name, kwargs)
    expected = []
    for _ in range(STEPS):
        opt.step()
        sched.step()
        expected.append((sched.get_last_lr(), _momenta(opt)))

    opt, sched = _build(name, kwargs)
    for _ in range(12):
        opt.step()
        sched.step()
    opt_sd, sched_sd = opt.state_dict(), sched.state_dict()
    assert "optimizer" not in sched_sd and sched_sd["last_epoch"] == 12
    for _ in range(3):  # stepping on must not change the saved dicts
        opt.step()
        sched.step()
    opt2, sched2 = _build(name, kwargs)
    opt2.load_state_dict(opt_sd)
    sched2.load_state_dict(sched_sd)
    got = expected[:12]
    for _ in range(12, STEPS):
        opt2.step()
        sched2.step()
        got.append((sched2.get_last_lr(), _momenta(opt2)))
    assert got == expected


def test_scheduler_state_dict_holds_plain_values():
    opt, sched = _build("MultiStepLR", {"milestones": [3, 3, 6]})
    sd = sched.state_dict()
    assert sd["milestones"] == {3: 2, 6: 1} and type(sd["milestones"]) is dict
    assert sd["base_lrs"] == [0.1, 0.05] and sd["_last_lr"] == [0.1, 0.05]
    sched.step()
    assert sd["_last_lr"] == [0.1, 0.05]
    _, plateau = _build("ReduceLROnPlateau", {"min_lr": [0.0, 0.01]})
    psd = plateau.state_dict()
    assert psd["best"] == math.inf and "optimizer" not in psd and psd["min_lrs"] == [0.0, 0.01]


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


def test_resuming_with_last_epoch_needs_initial_lr():
    opt = optim.SGD(_params(), lr=0.1)
    with pytest.raises(KeyError, match=r"'initial_lr' is not specified in param_groups\[0\]"):
        lr_scheduler.StepLR(opt, step_size=2, last_epoch=4)


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


# -- argument checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "error", "message"),
    [
        ("StepLR", {"optimizer": "sgd", "step_size": 2}, TypeError, "str is not an Optimizer"),
        (
            "OneCycleLR",
            {"max_lr": 1.0},
            ValueError,
            r"You must define either total_steps OR \(epochs AND steps_per_epoch\)",
        ),
        (
            "OneCycleLR",
            {"max_lr": 1.0, "total_steps": 0},
            ValueError,
            "Expected positive integer total_steps, but got 0",
        ),
        (
            "OneCycleLR",
            {"max_lr": 1.0, "epochs": 2, "steps_per_epoch": -1},
            ValueError,
            "Expected positive integer steps_per_epoch, but got -1",
        ),
        (
            "OneCycleLR",
            {"max_lr": 1.0, "total_steps": 9, "pct_start": 1.5},
            ValueError,
            "Expected float between 0 and 1 pct_start, but got 1.5",
        ),
        (
            "OneCycleLR",
            {"max_lr": 1.0, "total_steps": 9, "anneal_strategy": "exp"},
            ValueError,
            "anneal_strategy must be one of 'cos' or 'linear', instead got exp",
        ),
        (
            "OneCycleLR",
            {"max_lr": [1.0], "total_steps": 9},
            ValueError,
            "max_lr must have the same length as optimizer.param_groups. max_lr has 1 values, "
            "param_groups has 2",
        ),
        ("LambdaLR", {"lr_lambda": [abs]}, ValueError, "Expected 2 lr_lambdas, but got 1"),
        ("ReduceLROnPlateau", {"factor": 1.0}, ValueError, r"Factor should be < 1.0"),
        ("ReduceLROnPlateau", {"mode": "up"}, ValueError, "mode up is unknown!"),
        (
            "ReduceLROnPlateau",
            {"threshold_mode": "pct"},
            ValueError,
            "threshold mode pct is unknown!",
        ),
        ("ReduceLROnPlateau", {"min_lr": [0.1]}, ValueError, "expected 2 min_lrs, got 1"),
    ],
)
def test_invalid_scheduler_arguments(name, kwargs, error, message):
    p, q = _params()
    kwargs = {"optimizer": optim.SGD([{"params": [p]}, {"params": [q]}], lr=0.1), **kwargs}
    with pytest.raises(error, match=message):
        getattr(lr_scheduler, name)(**kwargs)


def test_one_cycle_needs_momentum_or_betas():
    opt = optim.Adagrad(_params())
    with pytest.raises(
        ValueError,
        match="optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
    ):
        lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10, cycle_momentum=False)


def test_schedulers_change_the_optimizers_updates():
    p = ag.Tensor(np.zeros(1, np.float32), requires_grad=True)
    opt = optim.SGD([p], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    for _ in range(3):
        p.grad = ag.ones(1)
        opt.step()
        sched.step()
    np.testing.assert_allclose(p._data, [-1.75])


@pytest.mark.parametrize(("name", "kwargs"), [SCHEDULERS[1], SCHEDULERS[7]], ids=[IDS[1], IDS[7]])
def test_checkpoint_through_nn_save_resumes_the_schedule(name, kwargs, tmp_path):
    opt, sched = _build(name, kwargs)
    expected = []
    for _ in range(20):
        opt.step()
        sched.step()
        expected.append(sched.get_last_lr())
    opt, sched = _build(name, kwargs)
    for _ in range(8):
        opt.step()
        sched.step()
    nn.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, tmp_path / "c.npz")
    ckpt = nn.load(tmp_path / "c.npz")
    opt2, sched2 = _build(name, kwargs)
    opt2.load_state_dict(ckpt["optimizer"])
    sched2.load_state_dict(ckpt["scheduler"])
    got = expected[:8]
    for _ in range(8, 20):
        opt2.step()
        sched2.step()
        got.append(sched2.get_last_lr())
    assert got == expected


@requires_torch
@pytest.mark.parametrize(("name", "kwargs"), SCHEDULERS[:8], ids=IDS[:8])
def test_deprecated_step_epoch_matches_torch(name, kwargs):
    """``step(epoch)`` warns and jumps to ``epoch`` with the closed form, as torch does."""
    epochs = [1, 2, 7, 3, None, None, 10, 4, None]
    results = []
    for lib, sched_lib, make in (
        (optim, lr_scheduler, lambda: ag.ones(2, requires_grad=True)),
        (torch.optim, torch.optim.lr_scheduler, lambda: torch.ones(2, requires_grad=True)),
    ):
        opt = lib.SGD(
            [{"params": [make()]}, {"params": [make()], "lr": 0.05}], lr=0.1, momentum=0.9
        )
        sched = getattr(sched_lib, name)(opt, **kwargs)
        out = []
        for epoch in epochs:
            opt.step()
            if epoch is None:
                sched.step()
            else:
                with pytest.warns(UserWarning, match=r"epoch"):
                    sched.step(epoch)
            out.append(([round(lr, 12) for lr in sched.get_last_lr()], sched.last_epoch))
        results.append(out)
    assert results[0] == results[1]


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

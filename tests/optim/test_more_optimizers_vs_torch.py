"""Adamax, NAdam, RAdam, Adadelta and the extra lr schedulers against torch.optim."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import optim
from optim import lr_scheduler
from tests.helpers import requires_torch, torch

STEPS = 30
SHAPES = [(4, 3), (3,)]
# A 0-d parameter beside an ordinary one: NumPy arithmetic on 0-d arrays returns scalars,
# which must not break the in-place updates; its state keeps the shape () as torch's does.
SHAPE_SETS = {"nd": SHAPES, "0d": [(), (3,)]}
GROUP_LRS = [0.03, 0.007]
TOL = {np.float32: {"rtol": 2e-6, "atol": 1e-6}, np.float64: {"rtol": 1e-12, "atol": 1e-14}}

CONFIGS = [
    ("Adamax", {}),
    ("Adamax", {"betas": (0.8, 0.95), "eps": 1e-6, "weight_decay": 0.1}),
    ("Adamax", {"weight_decay": 0.05, "maximize": True}),
    ("Adamax", {"betas": (0.3, 0.5)}),
    ("NAdam", {}),
    ("NAdam", {"weight_decay": 0.1, "momentum_decay": 0.01}),
    ("NAdam", {"weight_decay": 0.2, "decoupled_weight_decay": True}),
    ("NAdam", {"betas": (0.8, 0.9), "eps": 1e-6, "weight_decay": 0.05, "maximize": True}),
    ("RAdam", {}),
    ("RAdam", {"weight_decay": 0.1}),
    ("RAdam", {"weight_decay": 0.2, "decoupled_weight_decay": True}),
    ("RAdam", {"betas": (0.8, 0.9), "eps": 1e-6, "maximize": True, "weight_decay": 0.05}),
    ("Adadelta", {}),
    ("Adadelta", {"rho": 0.7, "eps": 1e-4, "weight_decay": 0.1}),
    ("Adadelta", {"rho": 0.95, "weight_decay": 0.05, "maximize": True}),
]


def _ids(configs):
    return [f"{name}-{'-'.join(f'{k}={v}' for k, v in kw.items())}" for name, kw in configs]


def _pair(name, kwargs, arrays, dtype):
    """Our optimizer and torch's over two param groups (one per tensor) with their own lr."""
    ours = [ag.Tensor(a.astype(dtype), requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
    opt = getattr(optim, name)(
        [{"params": [p], "lr": lr} for p, lr in zip(ours, GROUP_LRS)], **kwargs
    )
    topt = getattr(torch.optim, name)(
        [{"params": [p], "lr": lr} for p, lr in zip(theirs, GROUP_LRS)], foreach=False, **kwargs
    )
    return ours, theirs, opt, topt


def _assert_same(ours, theirs, dtype, step):
    for i, (p, t) in enumerate(zip(ours, theirs)):
        assert p._data.dtype == dtype, f"param {i} became {p._data.dtype} at step {step}"
        np.testing.assert_allclose(
            p._data, t.detach().numpy(), **TOL[dtype], err_msg=f"param {i} after step {step}"
        )


def _assert_same_state(opt, topt, dtype):
    for group, tgroup in zip(opt.param_groups, topt.param_groups):
        for p, tp in zip(group["params"], tgroup["params"]):
            ours, theirs = opt.state[p], topt.state[tp]
            assert set(ours) == set(theirs)
            for key, value in ours.items():
                expected = theirs[key].detach().numpy()
                assert np.shape(value) == expected.shape or key == "step", key
                if isinstance(value, np.ndarray):
                    assert value.dtype == dtype, key
                np.testing.assert_allclose(value, expected, **TOL[dtype], err_msg=key)


@requires_torch
@pytest.mark.parametrize("shapes", SHAPE_SETS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=_ids(CONFIGS))
def test_fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes):
    rng = np.random.default_rng(11)
    arrays = [rng.standard_normal(s) for s in SHAPE_SETS[shapes]]
    ours, theirs, opt, topt = _pair(name, kwargs, arrays, dtype)
    for step in range(STEPS):
        for p, t in zip(ours, theirs):
            g = rng.standard_normal(p.shape).astype(dtype)
            p.grad = ag.Tensor(g.copy())
            t.grad = torch.tensor(g.copy())
        opt.step()
        topt.step()
        _assert_same(ours, theirs, dtype, step)
    _assert_same_state(opt, topt, dtype)


def _loss(x, b, c, w):
    return (
        ((x - c) ** 2).sum() * 0.5
        + (x * w).tanh().sum()
        + (x * b).sum(1).tanh().sum()
        + (b**2).sum() * 0.25
    )


@requires_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=_ids(CONFIGS))
def test_loss_trajectory_matches_torch(name, kwargs, dtype):
    rng = np.random.default_rng(12)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    c = rng.standard_normal((4, 3)).astype(dtype)
    w = rng.uniform(0.5, 2.0, (4, 3)).astype(dtype)
    ours, theirs, opt, topt = _pair(name, kwargs, arrays, dtype)
    # each library's own float32 gradients differ in the last bits; allow for that
    tol = {"rtol": 2e-5, "atol": 1e-5} if dtype == np.float32 else TOL[dtype]
    for step in range(STEPS):
        opt.zero_grad()
        topt.zero_grad()
        _loss(ours[0], ours[1], c, w).backward()
        _loss(theirs[0], theirs[1], torch.tensor(c), torch.tensor(w)).backward()
        opt.step()
        topt.step()
        for i, (p, t) in enumerate(zip(ours, theirs)):
            assert p._data.dtype == dtype
            np.testing.assert_allclose(
                p._data, t.detach().numpy(), **tol, err_msg=f"param {i} after step {step}"
            )


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=_ids(CONFIGS))
def test_optimizer_state_dict_round_trip_resumes_exactly(name, kwargs):
    rng = np.random.default_rng(13)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    grads = [[rng.standard_normal(s) for s in SHAPES] for _ in range(10)]

    def build():
        ps = [ag.Tensor(a.astype(np.float32), requires_grad=True) for a in arrays]
        return ps, getattr(optim, name)(
            [{"params": [p], "lr": lr} for p, lr in zip(ps, GROUP_LRS)], **kwargs
        )

    def run(ps, opt, steps):
        for gs in steps:
            for p, g in zip(ps, gs):
                p.grad = ag.Tensor(g.astype(np.float32))
            opt.step()

    ps, opt = build()
    run(ps, opt, grads)
    ps2, opt2 = build()
    run(ps2, opt2, grads[:4])
    sd = opt2.state_dict()
    ps3, opt3 = build()
    for p3, p2 in zip(ps3, ps2):
        p3._data[...] = p2._data
    opt3.load_state_dict(sd)
    run(ps3, opt3, grads[4:])
    for a, b in zip(ps, ps3):
        np.testing.assert_array_equal(a._data, b._data)


@requires_torch
@pytest.mark.parametrize("name", ["Adamax", "NAdam", "RAdam", "Adadelta"])
def test_defaults_match_torch(name):
    ours = getattr(optim, name)([ag.zeros(2, requires_grad=True)])
    theirs = getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)])
    for key, value in ours.defaults.items():
        assert theirs.defaults[key] == value, key


BAD_ARGS = [
    ("Adamax", {"lr": -1.0}, "Invalid learning rate: -1.0"),
    ("Adamax", {"betas": (1.0, 0.9)}, "Invalid beta parameter at index 0: 1.0"),
    ("Adamax", {"eps": -1e-3}, "Invalid epsilon value: -0.001"),
    ("NAdam", {"betas": (0.9, -0.1)}, "Invalid beta parameter at index 1: -0.1"),
    ("NAdam", {"momentum_decay": -0.5}, "Invalid momentum_decay value: -0.5"),
    ("NAdam", {"weight_decay": -0.5}, "Invalid weight_decay value: -0.5"),
    ("RAdam", {"lr": -0.1}, "Invalid learning rate: -0.1"),
    ("RAdam", {"weight_decay": -2.0}, "Invalid weight_decay value: -2.0"),
    ("Adadelta", {"rho": 1.5}, "Invalid rho value: 1.5"),
    ("Adadelta", {"eps": -1.0}, "Invalid epsilon value: -1.0"),
]


@pytest.mark.parametrize(("name", "kwargs", "message"), BAD_ARGS)
def test_invalid_arguments_raise_value_error(name, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        getattr(optim, name)([ag.zeros(2, requires_grad=True)], **kwargs)
    if torch is not None:
        with pytest.raises(ValueError):
            getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs)


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

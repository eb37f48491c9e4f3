"""Optimizer trajectories step by step against torch.optim, shared by the per-optimizer tests.

Two kinds of gradients: fixed sequences drawn from a seeded generator and assigned to
``.grad`` on both sides, and gradients of a small non-trivial loss (a quadratic plus a
tanh term) computed by each library's own autograd. The ``*_in_groups`` checks run two
param groups, each with its own lr, and compare the optimizer state too.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import optim
from tests.helpers import torch

STEPS = 20


def ids(configs):
    """Test ids for ``(name, kwargs)`` configurations: ``SGD-lr=0.1-momentum=0.9``."""
    return [f"{name}-{'-'.join(f'{k}={v}' for k, v in kw.items())}" for name, kw in configs]


SHAPES = [(4, 3), (3,)]
# A 0-d parameter (a learnable temperature, say) beside an ordinary one: NumPy arithmetic
# on 0-d arrays returns scalars, which must not break the in-place updates or the state.
SHAPE_SETS = {"nd": SHAPES, "0d": [(), (3,)]}
# float32: each library rounds its own way (torch fuses multiply-adds), so allow a
# few ulps of the parameters' O(1) scale; float64 agrees to rounding.
TOL = {np.float32: {"rtol": 2e-6, "atol": 1e-6}, np.float64: {"rtol": 1e-12, "atol": 1e-14}}


def _pair(name, kwargs, arrays, dtype, group_lrs=None):
    """Our optimizer and torch's over identical copies of ``arrays``."""
    ours = [ag.Tensor(a.astype(dtype), requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
    if group_lrs is None:
        ours_params, theirs_params = ours, theirs
    else:  # one group per tensor, each with its own lr
        ours_params = [{"params": [p], "lr": lr} for p, lr in zip(ours, group_lrs)]
        theirs_params = [{"params": [p], "lr": lr} for p, lr in zip(theirs, group_lrs)]
    opt = getattr(optim, name)(ours_params, **kwargs)
    topt = getattr(torch.optim, name)(theirs_params, foreach=False, **kwargs)
    return ours, theirs, opt, topt


def _assert_same(ours, theirs, dtype, step):
    for i, (p, t) in enumerate(zip(ours, theirs)):
        assert p._data.dtype == dtype, f"param {i} became {p._data.dtype} at step {step}"
        np.testing.assert_allclose(
            p._data, t.detach().numpy(), **TOL[dtype], err_msg=f"param {i} after step {step}"
        )


def _assert_same_state_shapes(opt, topt):
    """Each state entry has torch's shape (``()`` for a 0-d parameter), in ``state_dict()`` too."""
    ours, theirs = opt.state_dict()["state"], topt.state_dict()["state"]
    assert set(ours) == set(theirs)
    for i, entry in ours.items():
        expected = {k: tuple(v.shape) for k, v in theirs[i].items() if v is not None}
        got = {k: np.shape(v) for k, v in entry.items()}
        assert got == expected, f"state of param {i}"
        assert all(isinstance(v, (np.ndarray, float)) for v in entry.values()), entry


def fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes):
    rng = np.random.default_rng(1)
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
    assert [type(p._data) for p in ours] == [np.ndarray] * len(ours)
    _assert_same_state_shapes(opt, topt)


def _loss(x, b, c, w):
    """A quadratic plus tanh bends; written once for both libraries' tensors."""
    return (
        ((x - c) ** 2).sum() * 0.5
        + (x * w).tanh().sum()
        + (x * b).sum(1).tanh().sum()
        + (b**2).sum() * 0.25
    )


def loss_trajectory_matches_torch(name, kwargs, dtype):
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    c = rng.standard_normal((4, 3)).astype(dtype)
    w = rng.uniform(0.5, 2.0, (4, 3)).astype(dtype)
    ours, theirs, opt, topt = _pair(name, kwargs, arrays, dtype)
    for step in range(STEPS):
        opt.zero_grad()
        topt.zero_grad()
        _loss(ours[0], ours[1], c, w).backward()
        _loss(theirs[0], theirs[1], torch.tensor(c), torch.tensor(w)).backward()
        opt.step()
        topt.step()
        _assert_same(ours, theirs, dtype, step)


def param_groups_with_different_lr_match_torch(name, dtype):
    kwargs = {
        "SGD": {"momentum": 0.9},
        "Adam": {},
        "AdamW": {},
        "RMSprop": {"centered": True},
        "Adagrad": {},
    }[name]
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    ours, theirs, opt, topt = _pair(name, kwargs, arrays, dtype, group_lrs=[0.03, 0.001])
    assert [g["lr"] for g in opt.param_groups] == [0.03, 0.001]
    for step in range(STEPS):
        for p, t in zip(ours, theirs):
            g = rng.standard_normal(p.shape).astype(dtype)
            p.grad = ag.Tensor(g.copy())
            t.grad = torch.tensor(g.copy())
        opt.step()
        topt.step()
        _assert_same(ours, theirs, dtype, step)


def _hyper(draw, st, name):
    """Random hyperparameters (any combination of options) for optimizer ``name``."""
    flag = st.booleans()
    rate = st.floats(0.0, 0.95)
    if name == "SGD":
        momentum = draw(st.sampled_from([0.0, 0.5, 0.9]))
        nesterov = momentum > 0 and draw(flag)
        return {
            "lr": draw(st.floats(1e-3, 0.2)),
            "momentum": momentum,
            "dampening": 0.0 if nesterov else draw(rate),
            "nesterov": nesterov,
            "weight_decay": draw(st.floats(0, 0.5)),
            "maximize": draw(flag),
        }
    if name in ("Adam", "AdamW"):
        return {
            "lr": draw(st.floats(1e-4, 0.1)),
            "betas": (draw(rate), draw(rate)),
            "eps": draw(st.sampled_from([1e-8, 1e-3])),
            "weight_decay": draw(st.floats(0, 0.5)),
            "amsgrad": draw(flag),
            "maximize": draw(flag),
        }
    if name == "RMSprop":
        return {
            "lr": draw(st.floats(1e-4, 0.05)),
            "alpha": draw(st.floats(0.5, 0.999)),
            "momentum": draw(st.sampled_from([0.0, 0.7])),
            "centered": draw(flag),
            "weight_decay": draw(st.floats(0, 0.5)),
            "maximize": draw(flag),
        }
    return {
        "lr": draw(st.floats(1e-3, 0.5)),
        "lr_decay": draw(st.floats(0, 0.2)),
        "initial_accumulator_value": draw(st.floats(0, 1)),
        "weight_decay": draw(st.floats(0, 0.5)),
        "maximize": draw(flag),
    }


def random_hyperparameters_match_torch(name):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=15, deadline=None, derandomize=True)
    @hypothesis.given(st.data(), st.integers(0, 2**16))
    def check(data, seed):
        kwargs = _hyper(data.draw, st, name)
        rng = np.random.default_rng(seed)
        arrays = [rng.standard_normal(s) for s in SHAPES]
        ours, theirs, opt, topt = _pair(name, kwargs, arrays, np.float64)
        for step in range(8):
            for p, t in zip(ours, theirs):
                g = rng.standard_normal(p.shape)
                p.grad = ag.Tensor(g.copy())
                t.grad = torch.tensor(g.copy())
            opt.step()
            topt.step()
            _assert_same(ours, theirs, np.float64, step)

    check()


STEPS_IN_GROUPS = 30
GROUP_LRS = [0.03, 0.007]


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


def fixed_gradient_sequence_in_groups_matches_torch(name, kwargs, dtype, shapes):
    rng = np.random.default_rng(11)
    arrays = [rng.standard_normal(s) for s in SHAPE_SETS[shapes]]
    ours, theirs, opt, topt = _pair(name, kwargs, arrays, dtype, group_lrs=GROUP_LRS)
    for step in range(STEPS_IN_GROUPS):
        for p, t in zip(ours, theirs):
            g = rng.standard_normal(p.shape).astype(dtype)
            p.grad = ag.Tensor(g.copy())
            t.grad = torch.tensor(g.copy())
        opt.step()
        topt.step()
        _assert_same(ours, theirs, dtype, step)
    _assert_same_state(opt, topt, dtype)


def loss_trajectory_in_groups_matches_torch(name, kwargs, dtype):
    rng = np.random.default_rng(12)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    c = rng.standard_normal((4, 3)).astype(dtype)
    w = rng.uniform(0.5, 2.0, (4, 3)).astype(dtype)
    ours, theirs, opt, topt = _pair(name, kwargs, arrays, dtype, group_lrs=GROUP_LRS)
    # each library's own float32 gradients differ in the last bits; allow for that
    tol = {"rtol": 2e-5, "atol": 1e-5} if dtype == np.float32 else TOL[dtype]
    for step in range(STEPS_IN_GROUPS):
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


def state_dict_round_trip_in_groups_resumes_exactly(name, kwargs):
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


def defaults_match_torch(name):
    ours = getattr(optim, name)([ag.zeros(2, requires_grad=True)])
    theirs = getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)])
    for key, value in ours.defaults.items():
        assert theirs.defaults[key] == value, key


def invalid_arguments_raise_value_error(name, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        getattr(optim, name)([ag.zeros(2, requires_grad=True)], **kwargs)
    if torch is not None:
        with pytest.raises(ValueError):
            getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs)

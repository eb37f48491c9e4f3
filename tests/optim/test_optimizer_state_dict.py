"""Optimizer.state_dict / load_state_dict: format, snapshots, checks (state from other shapes
is refused, naming the parameter), and resumed trajectories."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from tests.helpers import requires_torch, torch

STATEFUL = [
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.2, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.2}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
]


IDS = [name + "-" + "-".join(map(str, kw.values())) for name, kw in STATEFUL]


SHAPES = [(4, 3), (3,), (2,)]


ALLOWED = (str, int, float, bool, type(None), np.ndarray)


def _grads(seed, steps, dtype=np.float32):
    rng = np.random.default_rng(seed)
    return [[rng.standard_normal(s).astype(dtype) for s in SHAPES] for _ in range(steps)]


def _make(name, kwargs, arrays):
    """An optimizer with two groups (different lr) over fresh copies of ``arrays``."""
    params = [ag.Tensor(a.copy(), requires_grad=True) for a in arrays]
    groups = [{"params": params[:2]}, {"params": params[2:], "lr": kwargs["lr"] * 3}]
    return params, getattr(optim, name)(groups, **kwargs)


def _run(params, opt, grads):
    for step in grads:
        for p, g in zip(params, step):
            p.grad = ag.Tensor(g.copy())
        opt.step()


def _check_plain(obj, where="state_dict"):
    """Only dicts (str/int keys), lists, tuples, numbers, bools, None, str and arrays."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            assert isinstance(k, (str, int)), f"{where}: key {k!r} is a {type(k).__name__}"
            _check_plain(v, f"{where}[{k!r}]")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _check_plain(v, f"{where}[{i}]")
    else:
        assert isinstance(obj, ALLOWED), f"{where} is a {type(obj).__name__}"


def _resume(name, kwargs, arrays, grads, transform=lambda sd: sd):
    """Run 10 steps, save, run 2 more (must not matter), restore into fresh copies, finish."""
    first, opt1 = _make(name, kwargs, arrays)
    _run(first, opt1, grads[:10])
    sd = opt1.state_dict()
    at10 = [p._data.copy() for p in first]
    _run(first, opt1, grads[10:12])
    resumed, opt2 = _make(name, {**kwargs, "lr": 123.0}, at10)
    opt2.load_state_dict(transform(sd))
    assert [g["lr"] for g in opt2.param_groups] == [kwargs["lr"], kwargs["lr"] * 3]
    _run(resumed, opt2, grads[10:])
    return resumed, opt2


def _straight(name, kwargs, arrays, grads):
    params, opt = _make(name, kwargs, arrays)
    _run(params, opt, grads)
    return params


def _as_if_from_a_file(sd):
    """What a generic serializer may give back: str keys, lists for tuples, numpy numbers."""

    def convert(obj):
        if isinstance(obj, dict):
            return {str(k): convert(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [convert(v) for v in obj]
        if isinstance(obj, bool) or obj is None or isinstance(obj, (str, np.ndarray)):
            return obj
        return np.asarray(obj)  # numbers as 0-d arrays

    return convert(sd)


def _trained(model, opt_class, named=False):
    params = model.named_parameters() if named else model.parameters()
    opt = opt_class(params, lr=0.01)
    model(ag.ones(1, model.in_features)).sum().backward()
    opt.step()
    return opt


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL, ids=IDS)
def test_state_dict_format(name, kwargs):
    arrays = [np.ones(s, np.float32) for s in SHAPES]
    params, opt = _make(name, kwargs, arrays)
    _run(params, opt, _grads(0, 2))
    sd = opt.state_dict()
    assert set(sd) == {"state", "param_groups"}
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert sorted(sd["state"]) == [0, 1, 2]
    assert sd["param_groups"][1]["lr"] == kwargs["lr"] * 3
    for i, p in enumerate(params):
        for key, value in sd["state"][i].items():
            if isinstance(value, np.ndarray):
                assert value.shape == p.shape and value.dtype == np.float32, key
                assert value is not opt.state[p][key]  # a snapshot, not the live buffer
            else:
                assert key == "step" and value == 2.0
    _check_plain(sd)


def test_state_dict_is_a_snapshot():
    p = ag.Tensor(np.ones(2, np.float32), requires_grad=True)
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    p.grad = ag.ones(2)
    opt.step()
    sd = opt.state_dict()
    saved = sd["state"][0]["momentum_buffer"].copy()
    opt.step()
    np.testing.assert_array_equal(sd["state"][0]["momentum_buffer"], saved)


def test_state_of_sgd_without_momentum_is_empty():
    p = ag.Tensor(np.ones(2, np.float32), requires_grad=True)
    opt = optim.SGD([p], lr=0.1)
    p.grad = ag.ones(2)
    opt.step()
    assert opt.state_dict()["state"] == {}


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL, ids=IDS)
def test_restored_optimizer_continues_the_same_trajectory(name, kwargs):
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    grads = _grads(6, 20)
    resumed, _ = _resume(name, kwargs, arrays, grads)
    for p, q in zip(resumed, _straight(name, kwargs, arrays, grads)):
        assert p._data.dtype == np.float32
        np.testing.assert_array_equal(p._data, q._data)


@requires_torch
@pytest.mark.parametrize(("name", "kwargs"), STATEFUL, ids=IDS)
def test_restored_optimizer_matches_torch_uninterrupted(name, kwargs):
    rng = np.random.default_rng(7)
    arrays = [rng.standard_normal(s) for s in SHAPES]
    grads = _grads(8, 20, np.float64)
    resumed, _ = _resume(name, kwargs, arrays, grads)
    ts = [torch.tensor(a.copy(), requires_grad=True) for a in arrays]
    topt = getattr(torch.optim, name)(
        [{"params": ts[:2]}, {"params": ts[2:], "lr": kwargs["lr"] * 3}], foreach=False, **kwargs
    )
    for step in grads:
        for t, g in zip(ts, step):
            t.grad = torch.tensor(g.copy())
        topt.step()
    for p, t in zip(resumed, ts):
        np.testing.assert_allclose(p._data, t.detach().numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL, ids=IDS)
def test_restore_from_a_serialized_form(name, kwargs):
    rng = np.random.default_rng(9)
    arrays = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    grads = _grads(10, 20)
    resumed, opt = _resume(name, kwargs, arrays, grads, _as_if_from_a_file)
    for group in opt.param_groups:
        for key, value in group.items():
            assert not isinstance(value, (np.ndarray, np.generic, list)) or key == "params", key
    if "betas" in kwargs or name.startswith("Adam"):
        assert isinstance(opt.param_groups[0]["betas"], tuple)
    for p, q in zip(resumed, _straight(name, kwargs, arrays, grads)):
        assert p._data.dtype == np.float32
        np.testing.assert_array_equal(p._data, q._data)


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL[1:3], ids=IDS[1:3])
def test_restore_through_nn_save(name, kwargs, tmp_path):
    rng = np.random.default_rng(11)
    arrays = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    grads = _grads(12, 20)

    def through_file(sd):
        nn.save({"optimizer": sd}, tmp_path / "ckpt.npz")
        return nn.load(tmp_path / "ckpt.npz")["optimizer"]

    resumed, _ = _resume(name, kwargs, arrays, grads, through_file)
    for p, q in zip(resumed, _straight(name, kwargs, arrays, grads)):
        np.testing.assert_array_equal(p._data, q._data)


def test_float64_state_is_cast_to_the_param_dtype():
    p64 = ag.Tensor(np.ones(3), requires_grad=True)
    opt64 = optim.Adam([p64], lr=0.1)
    p64.grad = ag.Tensor(np.array([1.0, -2.0, 3.0]))
    opt64.step()
    p32 = ag.Tensor(np.ones(3, np.float32), requires_grad=True)
    opt32 = optim.Adam([p32])
    opt32.load_state_dict(opt64.state_dict())
    state = opt32.state[p32]
    assert state["exp_avg"].dtype == np.float32 and state["exp_avg_sq"].dtype == np.float32
    assert state["step"] == 1.0 and isinstance(state["step"], float)
    p32.grad = ag.Tensor(np.ones(3, np.float32))
    opt32.step()
    assert p32._data.dtype == np.float32


def test_load_checks_group_count_and_sizes():
    p, q, r = (ag.Tensor(np.ones(2, np.float32), requires_grad=True) for _ in range(3))
    two = optim.SGD([{"params": [p]}, {"params": [q, r]}], lr=0.1).state_dict()
    with pytest.raises(
        ValueError,
        match=r"different number of parameter groups \(2 saved, "
        r"the optimizer has 1\)",
    ):
        optim.SGD([p, q, r], lr=0.1).load_state_dict(two)
    with pytest.raises(
        ValueError,
        match="contains a parameter group that doesn't match the size "
        r"of optimizer's group \(group 0: 1 parameters saved, "
        r"the optimizer has 2\)",
    ):
        optim.SGD([{"params": [p, q]}, {"params": [r]}], lr=0.1).load_state_dict(two)
    with pytest.raises(KeyError, match="no 'param_groups' entry"):
        optim.SGD([p], lr=0.1).load_state_dict({"state": {}})


def test_load_replaces_hyperparameters_and_adamw_stays_decoupled():
    p = ag.Tensor(np.ones(2, np.float32), requires_grad=True)
    adam = optim.Adam([p], lr=0.5, betas=(0.8, 0.9), weight_decay=0.1)
    adamw = optim.AdamW([ag.Tensor(np.ones(2, np.float32), requires_grad=True)])
    adamw.load_state_dict(adam.state_dict())
    group = adamw.param_groups[0]
    assert (group["lr"], group["betas"], group["weight_decay"]) == (0.5, (0.8, 0.9), 0.1)
    assert group["decoupled_weight_decay"] is True
    assert adamw.state_dict()["param_groups"][0]["params"] == [0]


@pytest.mark.parametrize(
    "opt_class",
    [
        optim.Adam,
        optim.AdamW,
        optim.RMSprop,
        optim.Adagrad,
        optim.Adamax,
        optim.NAdam,
        optim.RAdam,
        optim.Adadelta,
    ],
)
def test_state_from_other_shapes_is_refused_at_load(opt_class):
    saved = _trained(nn.Linear(3, 2), opt_class).state_dict()
    target = nn.Linear(2, 2)
    opt = opt_class(target.parameters(), lr=0.01)
    before = opt.state
    with pytest.raises(
        ValueError,
        match=r"of shape \(2, 3\) for parameter 0 of group 0, "
        r"whose shape is \(2, 2\)",
    ):
        opt.load_state_dict(saved)
    assert opt.state is before  # nothing half-loaded


def test_sgd_momentum_buffer_is_checked_and_names_are_given():
    model = nn.Linear(3, 2)
    opt = optim.SGD(model.named_parameters(), lr=0.1, momentum=0.9)
    model(ag.ones(1, 3)).sum().backward()
    opt.step()
    other = nn.Linear(3, 4)
    opt2 = optim.SGD(other.named_parameters(), lr=0.1, momentum=0.9)
    with pytest.raises(
        ValueError,
        match=r"'momentum_buffer' of shape \(2, 3\) for parameter 0 "
        r"of group 0 \('weight'\), whose shape is \(4, 3\)",
    ):
        opt2.load_state_dict(opt.state_dict())


def test_second_group_and_index_are_named(tmp_path):
    a, b = nn.Linear(2, 2), nn.Linear(2, 3)
    opt = optim.Adam([{"params": a.parameters()}, {"params": b.parameters()}])
    (a(ag.ones(1, 2)).sum() + b(ag.ones(1, 2)).sum()).backward()
    opt.step()
    nn.save(opt.state_dict(), tmp_path / "opt.npz")
    c = nn.Linear(2, 5)
    opt2 = optim.Adam([{"params": nn.Linear(2, 2).parameters()}, {"params": c.parameters()}])
    with pytest.raises(
        ValueError,
        match=r"\(3, 2\) for parameter 0 of group 1, whose shape "
        r"is \(5, 2\)",
    ):
        opt2.load_state_dict(nn.load(tmp_path / "opt.npz"))


def test_matching_shapes_still_load_and_step():
    saved = _trained(nn.Linear(3, 2), optim.Adam).state_dict()
    model = nn.Linear(3, 2)
    opt = optim.Adam(model.parameters(), lr=0.01)
    opt.load_state_dict(saved)
    model(ag.ones(1, 3)).sum().backward()
    opt.step()
    assert opt.state[model.weight]["step"] == 2.0
    assert np.isfinite(model.weight.detach().numpy()).all()

"""The Optimizer base: argument checks, groups, zero_grad, closures, state_dict round trips."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import optim
from tests.helpers import requires_torch, torch

ALL = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]
# Configurations whose state is non-trivial (momentum buffers, moments, sums).
STATEFUL = [
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.2, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.2}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
]


def _param(*shape, dtype=np.float32, seed=0):
    rng = np.random.default_rng(seed)
    return ag.Tensor(rng.standard_normal(shape).astype(dtype), requires_grad=True)


# -- construction and groups ---------------------------------------------------------------


@requires_torch
def test_a_set_of_params_is_taken_at_the_top_and_rejected_in_a_group_like_torch():
    p = _param(2)
    assert optim.SGD({p}, lr=0.1).param_groups[0]["params"] == [p]
    assert (
        len(torch.optim.SGD({torch.zeros(2, requires_grad=True)}, lr=0.1).param_groups[0]["params"])
        == 1
    )
    with pytest.raises(TypeError, match="ordered collection"):
        optim.SGD([{"params": {p}}], lr=0.1)
    with pytest.raises(TypeError):
        torch.optim.SGD([{"params": {torch.zeros(2, requires_grad=True)}}], lr=0.1)


@requires_torch
def test_a_parameter_listed_twice_warns_and_is_stepped_twice_like_torch():
    results = []
    for lib, make in (
        (optim, lambda: ag.tensor([1.0, -2.0], requires_grad=True)),
        (torch.optim, lambda: torch.tensor([1.0, -2.0], requires_grad=True)),
    ):
        w = make()
        with pytest.warns(UserWarning, match="duplicate|more than once"):
            opt = lib.SGD([w, w], lr=0.1)
        (w * w).sum().backward()
        opt.step()
        results.append(w.detach().numpy().tolist())
    assert results[0] == pytest.approx(results[1])


def test_empty_and_wrong_params_are_rejected():
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        optim.Adam([])
    with pytest.raises(TypeError, match="iterable of Tensors or dicts, but got Tensor"):
        optim.SGD(_param(2), lr=0.1)
    with pytest.raises(TypeError, match="can only optimize Tensors, but one of the params is int"):
        optim.SGD([_param(2), 3], lr=0.1)
    with pytest.raises(TypeError, match="one of the params is numpy.ndarray"):
        optim.SGD([np.zeros(2)], lr=0.1)


def test_non_leaf_is_rejected():
    x = _param(2)
    with pytest.raises(ValueError, match=r"can't optimize a non-leaf Tensor \(shape \(2,\)"):
        optim.SGD([x * 2], lr=0.1)
    optim.SGD([(x * 2).detach().requires_grad_()], lr=0.1)  # the suggested fix works


def test_param_in_two_groups_is_rejected():
    p, q = _param(2), _param(3)
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        optim.SGD([{"params": [p, q]}, {"params": [q]}], lr=0.1)
    opt = optim.SGD([p], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [p]})
    with pytest.warns(UserWarning, match="more than once"):  # torch warns too
        opt.add_param_group({"params": [q, q]})
    with pytest.raises(TypeError, match="param_group must be a dict, but got list"):
        opt.add_param_group([q])


def test_groups_get_defaults_and_keep_their_own_values():
    p, q, r = _param(2), _param(3), _param(1)
    opt = optim.SGD([{"params": [p]}, {"params": q, "lr": 0.5, "momentum": 0.9}], lr=0.1)
    assert len(opt.param_groups[0]["params"]) == 1 and opt.param_groups[0]["params"][0] is p
    assert opt.param_groups[1]["params"][0] is q  # a bare Tensor becomes a one-element list
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert [g["momentum"] for g in opt.param_groups] == [0, 0.9]
    assert set(opt.param_groups[0]) == {
        "params",
        "lr",
        "momentum",
        "dampening",
        "weight_decay",
        "nesterov",
        "maximize",
    }
    opt.add_param_group({"params": [r], "nesterov": True, "momentum": 0.5})
    assert opt.param_groups[2]["lr"] == 0.1 and opt.param_groups[2]["nesterov"] is True
    assert opt.defaults["lr"] == 0.1


def test_param_groups_accept_generators():
    ps = [_param(2), _param(3)]
    opt = optim.Adam(p for p in ps)
    assert [id(p) for p in opt.param_groups[0]["params"]] == [id(p) for p in ps]


@requires_torch
def test_default_hyperparameters_match_torch():
    p = _param(2)
    t = torch.zeros(2, requires_grad=True)
    for name in ALL:
        ours = getattr(optim, name)([p]).param_groups[0]
        theirs = getattr(torch.optim, name)([t]).param_groups[0]
        for key, value in ours.items():
            if key != "params":
                assert theirs[key] == value, f"{name}: default {key}={value}, torch {theirs[key]}"


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("SGD", {"lr": -0.1}, "Invalid learning rate: -0.1"),
        ("SGD", {"lr": 0.1, "momentum": -0.5}, "Invalid momentum value: -0.5"),
        ("SGD", {"lr": 0.1, "weight_decay": -1}, "Invalid weight_decay value: -1"),
        (
            "SGD",
            {"lr": 0.1, "nesterov": True},
            "Nesterov momentum requires a momentum and zero dampening",
        ),
        (
            "SGD",
            {"lr": 0.1, "nesterov": True, "momentum": 0.9, "dampening": 0.1},
            r"Nesterov momentum requires a momentum and zero dampening \(got momentum=0.9, "
            r"dampening=0.1\)",
        ),
        ("Adam", {"lr": -1e-3}, "Invalid learning rate: -0.001"),
        ("Adam", {"eps": -1e-8}, "Invalid epsilon value: -1e-08"),
        ("Adam", {"betas": (1.0, 0.999)}, "Invalid beta parameter at index 0: 1.0"),
        ("Adam", {"betas": (0.9, -0.1)}, "Invalid beta parameter at index 1: -0.1"),
        ("Adam", {"weight_decay": -0.1}, "Invalid weight_decay value: -0.1"),
        ("AdamW", {"betas": (0.9, 1.5)}, "Invalid beta parameter at index 1: 1.5"),
        ("AdamW", {"lr": float("nan")}, "Invalid learning rate: nan"),
        ("RMSprop", {"alpha": -0.5}, "Invalid alpha value: -0.5"),
        ("RMSprop", {"momentum": -1}, "Invalid momentum value: -1"),
        ("RMSprop", {"eps": -1}, "Invalid epsilon value: -1"),
        ("Adagrad", {"lr_decay": -1}, "Invalid lr_decay value: -1"),
        (
            "Adagrad",
            {"initial_accumulator_value": -1},
            "Invalid initial_accumulator_value value: -1",
        ),
        ("Adagrad", {"eps": -1}, "Invalid epsilon value: -1"),
    ],
)
def test_invalid_hyperparameters(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        getattr(optim, name)([_param(2)], **kwargs)


# -- zero_grad, skipping, dtypes, closures --------------------------------------------------


def test_zero_grad_sets_to_none_by_default():
    p = _param(3)
    (p * p).sum().backward()
    opt = optim.SGD([p], lr=0.1)
    opt.zero_grad()
    assert p.grad is None


def test_zero_grad_in_place_keeps_the_gradient_object():
    p = _param(3)
    (p * p).sum().backward()
    grad, array = p.grad, p.grad._data
    optim.SGD([p], lr=0.1).zero_grad(set_to_none=False)
    assert p.grad is grad and p.grad._data is array
    np.testing.assert_array_equal(array, np.zeros(3, np.float32))
    (p * 3).sum().backward()  # accumulates into the zeroed gradient
    np.testing.assert_array_equal(p.grad._data, np.full(3, 3, np.float32))


def test_zero_grad_detaches_a_gradient_recorded_with_create_graph():
    p = _param(3)
    (p**3).sum().backward(create_graph=True)
    assert p.grad.grad_fn is not None
    optim.Adam([p]).zero_grad(set_to_none=False)
    assert p.grad.grad_fn is None and not p.grad.requires_grad
    np.testing.assert_array_equal(p.grad._data, np.zeros(3, np.float32))


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL)
def test_param_without_grad_is_skipped(name, kwargs):
    p, q = _param(3), _param(2, seed=1)
    before = q._data.copy()
    opt = getattr(optim, name)([p, q], **kwargs)
    state_before = {
        k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in opt.state.get(q, {}).items()
    }
    for _ in range(3):
        p.grad = ag.ones(3)
        opt.step()
    np.testing.assert_array_equal(q._data, before)
    assert not np.array_equal(p._data, _param(3)._data)
    after = opt.state.get(q, {})
    assert set(after) == set(state_before)  # Adagrad creates its state up front, others lazily
    for k, v in state_before.items():
        np.testing.assert_array_equal(after[k], v)


@pytest.mark.parametrize(("name", "kwargs"), STATEFUL + [("SGD", {"lr": 0.1, "maximize": True})])
def test_float32_stays_float32(name, kwargs):
    p = _param(4, 3)
    # numpy-typed hyperparameters (as a checkpoint may hold) must not promote the update
    opt = getattr(optim, name)([p], **kwargs)
    opt.param_groups[0]["lr"] = np.float64(kwargs["lr"])
    for _ in range(3):
        p.grad = ag.Tensor(np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32))
        opt.step()
    assert p._data.dtype == np.float32
    for key, value in opt.state[p].items():
        if isinstance(value, np.ndarray):
            assert value.dtype == np.float32, f"state {key} is {value.dtype}"


def test_step_updates_data_in_place_outside_the_graph():
    p = _param(3)
    array = p._data
    (p * p).sum().backward()
    optim.SGD([p], lr=0.1, momentum=0.9).step()
    assert p._data is array and p.is_leaf and p.grad_fn is None


def test_closure_is_called_with_grad_enabled_and_its_loss_returned():
    p = ag.Tensor(np.array([3.0], np.float32), requires_grad=True)
    opt = optim.SGD([p], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with ag.no_grad():
        loss = opt.step(closure)
    assert float(loss.item()) == 9.0
    np.testing.assert_allclose(p._data, [1.5])
    assert optim.SGD([p], lr=0.1).step() is None


def test_base_step_is_abstract():
    with pytest.raises(NotImplementedError, match="Optimizer does not implement step"):
        optim.Optimizer([_param(2)], {"lr": 0.1}).step()


def test_adagrad_initializes_state_of_a_group_added_later():
    p, q = _param(2), _param(3)
    opt = optim.Adagrad([p], lr=0.1, initial_accumulator_value=0.5)
    assert opt.state[p]["step"] == 0.0
    np.testing.assert_array_equal(opt.state[p]["sum"], np.full(2, 0.5, np.float32))
    opt.add_param_group({"params": [q]})
    q.grad = ag.ones(3)
    opt.step()
    np.testing.assert_allclose(opt.state[q]["sum"], np.full(3, 1.5))


def test_added_group_is_the_callers_dict():
    p, q = _param(2), _param(3)
    opt = optim.SGD([p], lr=0.1)
    group = {"params": (q,), "lr": 0.5}
    opt.add_param_group(group)
    assert opt.param_groups[1] is group
    assert isinstance(group["params"], list) and len(group["params"]) == 1
    assert group["params"][0] is q
    group["lr"] = 0.25
    q.grad = ag.ones(3)
    before = q._data.copy()
    opt.step()
    np.testing.assert_allclose(q._data, before - 0.25)


def test_repr_lists_each_group():
    opt = optim.SGD([_param(2)], lr=0.1, momentum=0.9)
    text = repr(opt)
    assert text.startswith("SGD (\nParameter Group 0\n") and text.endswith("\n)")
    assert "    lr: 0.1\n" in text and "    momentum: 0.9\n" in text


# -- named parameters and group-dict errors ---------------------------------------------


@requires_torch
def test_named_parameters_are_accepted_like_torch():
    import nn

    model = nn.Linear(3, 2)
    tmodel = torch.nn.Linear(3, 2)
    with torch.no_grad():
        tmodel.weight.copy_(torch.tensor(model.weight._data))
        tmodel.bias.copy_(torch.tensor(model.bias._data))
    opt = optim.Adam(model.named_parameters(), lr=0.1)
    topt = torch.optim.Adam(tmodel.named_parameters(), lr=0.1)
    assert opt.param_groups[0]["param_names"] == topt.param_groups[0]["param_names"]
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    for _ in range(3):
        opt.zero_grad()
        topt.zero_grad()
        model(ag.Tensor(x)).sum().backward()
        tmodel(torch.tensor(x)).sum().backward()
        opt.step()
        topt.step()
    np.testing.assert_allclose(model.weight._data, tmodel.weight.detach().numpy(), atol=1e-6)
    sd = opt.state_dict()
    assert sd["param_groups"][0]["param_names"] == ["weight", "bias"]
    assert sorted(sd["state"]) == sorted(topt.state_dict()["state"]) == [0, 1]
    unnamed = optim.Adam(model.parameters())
    unnamed.load_state_dict(sd)  # names in the saved dict are adopted, as in torch
    assert unnamed.param_groups[0]["param_names"] == ["weight", "bias"]


def test_named_and_unnamed_params_do_not_mix():
    a, b = _param(2), _param(3, seed=1)
    with pytest.raises(ValueError, match="all .name, Tensor. pairs or all Tensors"):
        optim.SGD([("a", a), b], lr=0.1)
    with pytest.raises(ValueError, match="cannot add a group without names"):
        optim.SGD([("a", a)], lr=0.1).add_param_group({"params": [b]})
    with pytest.raises(ValueError, match="cannot add a group with names"):
        optim.SGD([a], lr=0.1).add_param_group({"params": [("b", b)]})


def test_group_without_params_key_is_a_key_error_like_torch():
    opt = optim.SGD([_param(2)], lr=0.1)
    with pytest.raises(KeyError, match="'params' entry"):
        opt.add_param_group({"lr": 0.1})

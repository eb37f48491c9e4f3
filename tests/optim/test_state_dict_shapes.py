"""Optimizer state from a model with other shapes is refused at load, naming the parameter."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import optim


def _trained(model, opt_class, named=False):
    params = model.named_parameters() if named else model.parameters()
    opt = opt_class(params, lr=0.01)
    model(ag.ones(1, model.in_features)).sum().backward()
    opt.step()
    return opt


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

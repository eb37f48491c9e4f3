"""``Tensor.data`` as torch's: a detached Tensor over the same memory, assignable."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from tests.helpers import requires_torch, torch


def test_data_is_a_detached_tensor_sharing_memory():
    p = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    d = p.data
    assert isinstance(d, ag.Tensor)
    assert not d.requires_grad and d.grad_fn is None and d.is_leaf
    assert np.shares_memory(np.asarray(d), np.asarray(p.detach()))
    d[0] = 10.0
    assert p.tolist() == [10.0, 2.0, 3.0]


@requires_torch
@pytest.mark.parametrize(
    "method, args",
    [
        ("add_", (1.5,)),
        ("mul_", (3.0,)),
        ("sub_", (0.5,)),
        ("div_", (2.0,)),
        ("zero_", ()),
        ("fill_", (7.0,)),
        ("clamp_", (1.5, 2.5)),
        ("neg_", ()),
    ],
)
def test_in_place_methods_on_data_change_the_parameter_as_in_torch(method, args):
    values = [[1.0, 2.0], [3.0, 4.0]]
    ours = nn.Parameter(ag.tensor(values))
    theirs = torch.nn.Parameter(torch.tensor(values))
    out = getattr(ours.data, method)(*args)
    getattr(theirs.data, method)(*args)
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy())
    assert isinstance(out, ag.Tensor) and not out.requires_grad
    assert ours.grad_fn is None and ours.requires_grad


def test_random_fills_and_copy_through_data():
    w = nn.Parameter(ag.zeros(200))
    w.data.uniform_(-0.1, 0.1)
    a = w.detach().numpy()
    assert a.min() >= -0.1 and a.max() <= 0.1 and a.std() > 0.01
    w.data.normal_(0.0, 2.0)
    assert 1.5 < w.detach().numpy().std() < 2.5
    w.data.copy_(ag.ones(200))
    assert w.detach().numpy().tolist() == [1.0] * 200


@requires_torch
def test_assigning_data_replaces_the_storage_as_in_torch():
    ours = ag.ones(3, requires_grad=True)
    theirs = torch.ones(3, requires_grad=True)
    ours.data = ag.zeros(5, dtype="float64")
    theirs.data = torch.zeros(5, dtype=torch.float64)
    assert ours.shape == tuple(theirs.shape) == (5,)
    assert str(ours.dtype) == "float64" and theirs.dtype == torch.float64
    assert ours.requires_grad and theirs.requires_grad
    ours.data = np.full((2, 2), 3.0, np.float32)  # an array is accepted too (SPEC)
    assert ours.tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_assigning_something_else_to_data_is_refused():
    x = ag.ones(2)
    with pytest.raises(TypeError, match="Tensor or an np.ndarray, got list"):
        x.data = [1.0, 2.0]


def test_the_old_manual_sgd_step_trains():
    """``p.data.add_(-lr * p.grad)``, the update of older scripts, moves the parameter."""
    ag.manual_seed(0)
    model = nn.Linear(3, 1)
    x, y = ag.randn(32, 3), ag.randn(32, 1)
    losses = []
    for _ in range(20):
        model.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        losses.append(loss.item())
        for p in model.parameters():
            p.data.add_(-0.1 * p.grad)
    assert losses[-1] < 0.8 * losses[0]


def test_optimizer_step_through_data_matches_optim_sgd():
    ag.manual_seed(0)
    a, b = nn.Linear(4, 2), nn.Linear(4, 2)
    b.load_state_dict(a.state_dict())
    opt = optim.SGD(b.parameters(), lr=0.05)
    x = ag.randn(8, 4)
    for model in (a, b):
        model(x).sum().backward()
    for p in a.parameters():
        p.data.sub_(0.05 * p.grad)
    opt.step()
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(pa.detach().numpy(), pb.detach().numpy())

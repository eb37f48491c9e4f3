"""Tensor hooks: register_hook on leaves and non-leaves, the handle that removes them,
retain_grad, and the errors for tensors without grad or hooks that return the wrong thing.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import leaf, requires_torch, torch


@requires_torch
@pytest.mark.parametrize("retain_first", [True, False])
def test_retained_grad_sees_the_hooked_gradient_like_torch(retain_first):
    grads = []
    for lib in (ag, torch):
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        h = x * x
        if retain_first:
            h.retain_grad()
        h.register_hook(lambda g: g + 1)
        if not retain_first:
            h.retain_grad()
        (h * h).sum().backward()
        grads.append(h.grad.tolist())
    assert grads[0] == grads[1] == [3.0, 9.0]


def test_hook_on_leaf_replaces_grad_and_can_be_removed():
    x = leaf([1.0, 2.0])
    seen = []
    remove = x.register_hook(lambda g: seen.append(g._data.copy()) or g * 10)
    (x * x).sum().backward()
    np.testing.assert_array_equal(seen[0], [2.0, 4.0])
    np.testing.assert_array_equal(x.grad._data, [20.0, 40.0])
    remove()
    x.grad = None
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [2.0, 4.0])
    assert len(seen) == 1


@requires_torch
def test_register_hook_returns_a_removable_handle_like_torch():
    x, tx = leaf([1.0, 2.0]), torch.tensor([1.0, 2.0], requires_grad=True)
    for t in (x, tx):
        handle = t.register_hook(lambda g: g * 10)
        handle.remove()
        handle.remove()  # a second remove does nothing
        with t.register_hook(lambda g: g * 3):
            pass  # leaving the block removes it
        (t * t).sum().backward()
    np.testing.assert_array_equal(x.grad._data, tx.grad.numpy())


def test_hook_on_non_leaf_changes_what_flows_upstream():
    x = leaf([1.0, 2.0])
    h = x * 2
    seen = []
    h.register_hook(lambda g: seen.append(g._data.copy()))  # None keeps the gradient
    remove = h.register_hook(lambda g: g * 0.5)
    (h * h).sum().backward(retain_graph=True)
    np.testing.assert_array_equal(seen[0], 2 * h._data)
    np.testing.assert_array_equal(x.grad._data, 0.5 * 2 * h._data * 2)
    remove()
    x.grad = None
    (h * 1).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])


@requires_torch
def test_hooks_match_torch():
    a = np.array([1.0, -2.0, 3.0])
    x, xt = leaf(a), torch.tensor(a, requires_grad=True)
    outs = []
    for t, lib in ((x, ag), (xt, torch)):
        h = t * t
        h.register_hook(lambda g: g + 1)
        t.register_hook(lambda g: g * 2)
        lib.tanh(h).sum().backward()
        outs.append(t.grad)
    np.testing.assert_allclose(outs[0]._data, outs[1].numpy())


def test_hook_returning_non_tensor_raises():
    x = leaf([1.0])
    x.register_hook(lambda g: 3)
    with pytest.raises(TypeError, match="must return a Tensor or None"):
        (x * 2).sum().backward()


def test_hook_on_tensor_without_grad_raises():
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        ag.ones(2).register_hook(lambda g: g)


def test_hook_and_retain_grad_need_requires_grad():
    with pytest.raises(
        RuntimeError, match="can't retain_grad on a tensor that has requires_grad=False"
    ):
        ag.ones(2).retain_grad()


@requires_torch
@pytest.mark.parametrize("leaf", [True, False])
def test_a_hook_that_changes_the_gradient_shape_raises_like_torch(leaf):
    def run(lib):
        a = lib.ones(3, requires_grad=True)
        h = a if leaf else a * 2
        h.register_hook(lambda g: g[:1])
        (h * h).sum().backward()

    with pytest.raises(RuntimeError):
        run(torch)
    with pytest.raises(RuntimeError, match=r"changed the size.*\(1,\) for shape \(3,\)"):
        run(ag)

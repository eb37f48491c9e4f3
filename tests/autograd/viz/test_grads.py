"""autograd.viz.watch: the gradient each node sends, recorded weakly and without changing it."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_close, requires_torch, torch


@requires_torch
def test_watch_records_each_nodes_gradient_like_torch():
    a = np.array([[0.5, -1.0], [2.0, 0.3]])
    x = ag.tensor(a, requires_grad=True)
    h = ag.tanh(x * 3)
    loss = (h**2).sum()
    watch = ag.viz.watch_grads(loss)
    loss.backward()
    tx = torch.tensor(a, requires_grad=True)
    th = torch.tanh(tx * 3)
    th.retain_grad()
    (th**2).sum().backward()
    stats = watch[h.grad_fn]
    assert stats.shape == (2, 2)
    assert_close(np.array(stats.norm), np.array(th.grad.norm().item()), rtol=1e-12)
    assert_close(np.array(stats.absmax), np.array(th.grad.abs().max().item()), rtol=1e-12)
    assert stats.finite and stats.value is None
    assert [n.name() for n, _ in watch.steps()] == [
        "SumBackward0",
        "PowBackward0",
        "TanhBackward0",
        "MulBackward0",
    ]
    assert "TanhBackward0\\n(2, 2)\\n|grad| " in ag.viz.make_dot(loss, show_grads=True).source
    watch.remove()
    assert not h.grad_fn._hooks and watch[h.grad_fn] is stats  # records stay in the watch
    with pytest.warns(UserWarning, match="watch_grads"):  # a new watch is needed
        assert "grad not recorded" in ag.viz.make_dot(loss, show_grads=True).source


def test_watch_holds_the_graph_weakly():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * 2).sum()
    watch = ag.viz.watch_grads(loss)
    loss.backward()
    assert len(watch) == 2
    node = weakref.ref(loss.grad_fn)
    del loss
    gc.collect()
    assert node() is None and len(watch) == 0


def test_watch_does_not_change_gradients():
    x = ag.tensor([1.0, -2.0], requires_grad=True)
    loss = (ag.exp(x) * x).sum()
    ag.viz.watch_grads(loss)
    loss.backward()
    expected = np.exp(x._data) * (x._data + 1)
    np.testing.assert_allclose(x.grad._data, expected, rtol=1e-6)

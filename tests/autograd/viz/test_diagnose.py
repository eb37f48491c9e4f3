"""autograd.viz.explain_grad and graph_summary: why a tensor has no gradient (not connected,
detached, no_grad, integer dtype, freed graph, dead ReLUs), and what a graph holds.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
from tests.autograd.viz._graphs import (
    two_layer,
)


def test_explain_not_connected():
    w = ag.tensor([1.0], requires_grad=True)
    v = ag.tensor([2.0], requires_grad=True)
    loss = (v * 3).sum()
    e = ag.viz.explain_grad(loss, w, name="w")
    assert e.reason == "not_connected"
    assert re.match(r"w is not in loss's graph \(2 nodes, 1 leaves\)", str(e))


def test_explain_detached():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    d = w.detach()
    loss = (w * d).sum()
    e = ag.viz.explain_grad(loss, d, name="d")
    assert e.reason == "detached" and "looks like a .detach() of it" in str(e)
    h = ag.exp(w)
    hd = h.detach()
    loss = h.sum() + hd.sum()
    assert ag.viz.explain_grad(loss, hd).reason == "detached"


def test_explain_requires_grad_false():
    c = ag.tensor([1.0, 2.0])
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    e = ag.viz.explain_grad((w * c).sum(), c, name="c")
    assert e.reason == "requires_grad_false"
    assert "c has requires_grad=False" in str(e) and "requires_grad_()" in str(e)


def test_explain_no_grad():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    with ag.no_grad():
        h = w * 2  # came out of an op: no graph
        inside = ag.viz.explain_grad(h, h, name="h")
    loss = (h * 3).sum()
    e = ag.viz.explain_grad(loss, w, name="w")
    assert inside.reason == "no_grad" and "inside no_grad()" in str(inside)
    assert e.reason == "no_grad"
    assert str(e).startswith("loss has no graph (requires_grad=False, no grad_fn)")


def test_explain_integer_dtype():
    idx = ag.tensor([0, 1])
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    e = ag.viz.explain_grad(w.sum(), idx, name="idx")
    assert e.reason == "integer_dtype" and "idx has dtype int64" in str(e)


def test_explain_graph_freed():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    loss.backward()
    w.grad = None
    e = ag.viz.explain_grad(loss, w, name="w")
    assert e.reason == "graph_freed"
    assert "without retain_graph=True and freed 1 nodes' saved arrays" in str(e)


def test_explain_dead_relu():
    w = ag.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
    x = ag.tensor([[1.0, 1.0]])
    loss = ag.relu(x @ w - 100.0).sum()  # every pre-activation is far below zero
    e = ag.viz.explain_grad(loss, w, name="w")  # before backward: computed on the side
    assert e.reason == "dead_relu" and "ReluBackward0 of shape (1, 2)" in str(e)
    assert w.grad is None  # explaining did not write .grad
    loss.backward(retain_graph=True)
    np.testing.assert_array_equal(w.grad._data, 0)
    assert ag.viz.explain_grad(loss, w).reason == "dead_relu"
    fresh = ag.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
    alive = ag.relu(x @ fresh + 100.0).sum()
    assert ag.viz.explain_grad(alive, fresh).reason == "backward_not_run"


def test_explain_zero_without_relu_and_ok():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * 0.0).sum()
    assert ag.viz.explain_grad(loss, w).reason == "zero_grad"
    good = (w * 2).sum()
    good.backward()
    e = ag.viz.explain_grad(good, w, name="w")
    assert e.reason == "ok" and "norm 2.828" in str(e)


def test_explain_not_leaf_and_retain_grad():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    h = w * 3
    loss = h.sum()
    e = ag.viz.explain_grad(loss, h, name="h")
    assert e.reason == "not_leaf" and "h.retain_grad()" in str(e)
    h.retain_grad()
    loss.backward()
    assert ag.viz.explain_grad(loss, h).reason == "ok"


def test_explain_type_errors():
    with pytest.raises(TypeError, match="explain_grad: tensor must be a Tensor, got list"):
        ag.viz.explain_grad(ag.ones(1), [1.0])


def test_summary_counts_and_saved_bytes_match_a_direct_sum():
    loss, params = two_layer()
    s = ag.viz.graph_summary(loss)
    from autograd.engine import toposort

    nodes = toposort([loss.grad_fn])
    arrays = {id(v): v for n in nodes for v in (n._saved or ()) if isinstance(v, np.ndarray)}
    assert s.saved_bytes == sum(a.nbytes for a in arrays.values()) > 0
    assert s.saved_arrays == len(arrays)
    assert s.nodes == len(nodes) and s.leaves == 4
    assert s.op_counts["MatMul"] == 2 and s.op_counts["Tanh"] == 1
    assert sum(s.op_counts.values()) == s.nodes
    assert f"{s.nodes} nodes" in str(s) and "saved for backward" in str(s)
    saving = sum(1 for n in nodes if n._saved is not None)
    loss.backward()
    after = ag.viz.graph_summary(loss)
    assert after.saved_bytes == 0 and after.released == saving > 0
    assert "already freed by a backward" in str(after)


def test_summary_counts_a_shared_array_once():
    x = ag.ones(1000, requires_grad=True)  # float32: 4000 bytes
    loss = (x * x).sum()  # Mul saves x's array twice
    assert ag.viz.graph_summary(loss).saved_bytes == 4000

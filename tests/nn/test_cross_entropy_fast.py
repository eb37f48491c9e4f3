"""The lean cross-entropy node (2-D logits, int labels, no weight/ignored label/smoothing).

It must agree with torch and with the general path (forward and gradient), survive
``retain_graph`` backwards, differentiate again under ``create_graph``, and hand every
unusual batch to the general path.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import assert_close, check_higher_order, requires_torch, torch

pytestmark = requires_torch
REDUCTIONS = ["mean", "sum", "none"]


def tol(dtype):
    return {"rtol": 1e-9, "atol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5, "atol": 1e-6}


def batch(n=7, c=5, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, c)) * 3).astype(dtype), rng.integers(0, c, n)


def node_name(loss):  # the op class that made the loss (its repr shows torch's NllLoss)
    return f"{type(loss.grad_fn).__name__}Backward0"


def test_plain_batch_takes_the_lean_node_and_options_do_not():
    x, y = batch()
    xa, ya = ag.tensor(x, requires_grad=True), ag.tensor(y)
    assert node_name(F.cross_entropy(xa, ya)) == "LabelCrossEntropyBackward0"
    for options in ({"weight": ag.ones(5)}, {"label_smoothing": 0.1}, {"ignore_index": int(y[0])}):
        assert node_name(F.cross_entropy(xa, ya, **options)) == "CrossEntropyBackward0"
    # (C,) input and N-d input keep the general path
    assert node_name(F.cross_entropy(xa[0], ya[0])) != "LabelCrossEntropyBackward0"


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_lean_node_matches_torch_and_the_general_path(reduction, dtype):
    x, y = batch(dtype=dtype)
    up = np.random.default_rng(1).standard_normal(7 if reduction == "none" else ()).astype(dtype)
    fast = ag.tensor(x, requires_grad=True)
    general = ag.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(fast, ag.tensor(y), reduction=reduction)
    # an all-ones weight routes to the general path with the same mathematics
    ref = F.cross_entropy(
        general, ag.tensor(y), weight=ag.ones(5, dtype=dtype), reduction=reduction
    )
    tout = torch.nn.functional.cross_entropy(theirs, torch.tensor(y), reduction=reduction)
    assert node_name(out) == "LabelCrossEntropyBackward0"
    assert out.dtype == dtype and out.shape == tuple(tout.shape)
    assert_close(out, tout, what="loss", **tol(dtype))
    assert_close(out, ref._data, what="loss vs general path", **tol(dtype))
    out.backward(ag.tensor(up))
    ref.backward(ag.tensor(up))
    tout.backward(torch.tensor(up))
    assert_close(fast.grad, theirs.grad, what="gradient", **tol(dtype))
    assert_close(fast.grad, general.grad._data, what="gradient vs general path", **tol(dtype))


def test_stable_for_huge_logits():
    x = np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0]], dtype=np.float32)
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor([1, 1]))
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor([1, 1]))
    out.backward()
    tout.backward()
    assert np.isfinite(out.item())
    assert_close(out, tout, rtol=1e-5)
    assert_close(xa.grad, xt.grad, rtol=1e-5, atol=1e-6)


def test_retain_graph_backward_twice_accumulates_the_same_gradient():
    x, y = batch()
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor(y))
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor(y))
    out.backward(retain_graph=True)
    first = xa.grad._data.copy()
    out.backward()
    tout.backward(retain_graph=True)
    tout.backward()
    assert_close(xa.grad, 2 * first, rtol=1e-12)
    assert_close(xa.grad, xt.grad, **tol(np.float64))
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        out.backward()


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_create_graph_through_the_lean_node_matches_torch(reduction):
    _, y = batch()
    check_higher_order(
        lambda x: F.cross_entropy(x, ag.tensor(y), reduction=reduction),
        lambda x: torch.nn.functional.cross_entropy(x, torch.tensor(y), reduction=reduction),
        shapes=[(7, 5)],
        order=3,
    )


def test_gradcheck_float64():
    _, y = batch(n=4, c=3)
    x = ag.tensor(np.random.default_rng(2).standard_normal((4, 3)), requires_grad=True)
    assert ag.gradcheck(lambda t: F.cross_entropy(t, ag.tensor(y)), [x])


def test_label_equal_to_ignore_index_uses_the_general_path_and_matches_torch():
    x, y = batch()
    y[2] = 3
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor(y), ignore_index=3)
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor(y), ignore_index=3)
    out.backward()
    tout.backward()
    assert_close(out, tout, **tol(np.float64))
    assert_close(xa.grad, xt.grad, **tol(np.float64))


def test_bad_labels_are_still_named():
    x, y = batch()
    y[4] = 9
    with pytest.raises(IndexError, match="target label 9 is out of bounds for 5 classes"):
        F.cross_entropy(ag.tensor(x), ag.tensor(y))
    y[4] = -2
    with pytest.raises(IndexError, match="target label -2 is out of bounds"):
        F.cross_entropy(ag.tensor(x), ag.tensor(y))
    with pytest.raises(RuntimeError, match="integer tensor .*got dtype float64"):
        F.cross_entropy(ag.tensor(x), ag.tensor(y.astype(np.float64)))


def test_uint8_labels_take_the_fast_path_and_other_narrow_ints_raise_like_torch():
    x, y = batch()
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.cross_entropy(xa, ag.tensor(y.astype(np.uint8)))  # torch's Byte labels
    tout = torch.nn.functional.cross_entropy(xt, torch.tensor(y.astype(np.uint8)))
    assert node_name(out) == "LabelCrossEntropyBackward0"
    out.backward()
    tout.backward()
    assert_close(out, tout, **tol(np.float64))
    assert_close(xa.grad, xt.grad, **tol(np.float64))
    for label_dtype in (np.int32, np.int16):
        with pytest.raises(RuntimeError):
            torch.nn.functional.cross_entropy(xt, torch.tensor(y.astype(label_dtype)))
        with pytest.raises(RuntimeError, match=f"int64.*got dtype {np.dtype(label_dtype)}"):
            F.cross_entropy(ag.tensor(x), ag.tensor(y.astype(label_dtype)))

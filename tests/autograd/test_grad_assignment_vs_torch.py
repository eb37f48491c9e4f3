"""``.grad`` is validated at assignment, and a leaf that changed shape refuses its gradient."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from tests.helpers import requires_torch, torch


def _torch_error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.type, str(info.value)


CASES = [  # (our value, torch value) for a (2, 2) float32 tensor's .grad
    ("float", lambda: 0.0, lambda: 0.0),
    ("int", lambda: 1, lambda: 1),
    ("ndarray", lambda: np.ones((2, 2), np.float32), lambda: np.ones((2, 2), np.float32)),
    ("list", lambda: [[1.0, 1.0], [1.0, 1.0]], lambda: [[1.0, 1.0], [1.0, 1.0]]),
    ("size 5", lambda: ag.ones(5), lambda: torch.ones(5)),
    ("size 2", lambda: ag.ones(2), lambda: torch.ones(2)),
    ("size 1x1", lambda: ag.ones(1, 1), lambda: torch.ones(1, 1)),
    ("0-d", lambda: ag.tensor(1.0), lambda: torch.tensor(1.0)),
    (
        "float64",
        lambda: ag.ones(2, 2, dtype="float64"),
        lambda: torch.ones(2, 2, dtype=torch.float64),
    ),
    ("int64", lambda: ag.ones(2, 2, dtype="int64"), lambda: torch.ones(2, 2, dtype=torch.int64)),
]


@requires_torch
@pytest.mark.parametrize("name, ours, theirs", CASES, ids=[c[0] for c in CASES])
def test_bad_grad_is_refused_at_assignment_as_torch(name, ours, theirs):
    tw = torch.nn.Parameter(torch.ones(2, 2))
    kind, torch_text = _torch_error(lambda: setattr(tw, "grad", theirs()))
    w = nn.Parameter(ag.ones(2, 2))
    with pytest.raises(kind) as info:
        w.grad = ours()
    ours_text = str(info.value)
    if kind is TypeError:
        assert ours_text == torch_text  # the wording and the type name are torch's
    elif "size" in torch_text:
        assert ours_text == torch_text
    else:  # dtype: torch names C++ types; we name ours, with torch's lead-in
        assert ours_text.startswith("attempting to assign a gradient with dtype")
        assert re.search(r"'(float64|int64)'.*'float32'", ours_text)
    assert w.grad is None  # nothing was stored


def test_a_tensor_is_not_its_own_grad():
    w = ag.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="own grad"):
        w.grad = w


def test_valid_grads_and_none_are_accepted():
    w = nn.Parameter(ag.ones(2, 2))
    w.grad = ag.full((2, 2), 3.0)
    assert w.grad.tolist() == [[3.0, 3.0], [3.0, 3.0]]
    w.grad = None
    assert w.grad is None


def test_float_grad_never_reaches_the_engine():
    # It used to be accepted, and the next backward crashed with AttributeError in the engine.
    a = ag.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match="Tensor or None but got grad of type float"):
        a.grad = 0.0
    (a * 2).sum().backward()
    assert a.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("opt_class", [optim.SGD, optim.Adam, optim.RMSprop])
def test_optimizers_never_broadcast_a_grad(opt_class):
    m = nn.Linear(2, 2)
    before = m.weight.detach().numpy().copy()
    opt = opt_class(m.parameters(), lr=0.1)
    with pytest.raises(RuntimeError, match=r"size '\[2\]' to a tensor of size '\[2, 2\]'"):
        m.weight.grad = ag.ones(2)
    with pytest.raises(RuntimeError, match=r"size '\[5\]' to a tensor of size '\[2, 2\]'"):
        m.weight.grad = ag.ones(5)
    opt.step()
    np.testing.assert_array_equal(m.weight.detach().numpy(), before)  # no grad, no move


@requires_torch
def test_leaf_resized_before_backward_raises_as_torch():
    tx = torch.ones(3, requires_grad=True)
    ty = (tx * tx).sum()
    tx.data = torch.ones(5)
    with pytest.raises(RuntimeError, match="size"):
        ty.backward()
    x = ag.ones(3, requires_grad=True)
    y = (x * x).sum()
    x.data = np.ones(5, np.float32)
    with pytest.raises(RuntimeError, match=r"gradient \(\[3\]\).*leaf tensor \(\[5\]\)"):
        y.backward()
    assert x.grad is None


def test_leaf_resized_under_create_graph_raises_too():
    x = ag.ones(3, requires_grad=True)
    y = (x * x).sum()
    x.data = ag.ones(2, 2)
    # the differentiable backward reads x itself, so it fails in mul, as torch's does
    with pytest.raises(RuntimeError, match=r"\(3,\) and \(2, 2\)|\[3\].*\[2, 2\]"):
        y.backward(create_graph=True)


def test_leaf_resized_after_grad_was_set_refuses_to_accumulate():
    x = ag.ones(3, requires_grad=True)
    (x * x).sum().backward()
    x.data = ag.ones(5)
    with pytest.raises(RuntimeError, match=r"size \[5\] into the .grad of size \[3\]"):
        (x * x).sum().backward()
    x.grad = None
    (x * x).sum().backward()
    assert x.grad.shape == (5,)


def test_resizing_to_the_same_shape_still_works():
    x = ag.ones(3, requires_grad=True)
    y = (x * x).sum()
    x.data = np.full(3, 2.0, np.float32)
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]  # the saved x, as before

"""Function and its graph nodes: apply's recording paths, once_differentiable, and
``grad_fn.next_functions`` in torch's form.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest

import autograd as ag
from autograd.function import AccumulateGrad
from tests.helpers import (
    requires_torch,
    torch,
)


def _product_op(n):
    class Product(ag.Function):
        """out = x0 * x1 * ... (n inputs).  d/dxi = grad * prod of the others."""

        @staticmethod
        def forward(ctx, *xs):
            out = xs[0].copy()
            for x in xs[1:]:
                out = out * x
            ctx.save_for_backward(*xs, out)
            return out

        @staticmethod
        def backward(ctx, grad):
            *xs, _ = ctx.saved_tensors
            grads = []
            for i in range(len(xs)):
                g = grad
                for j, x in enumerate(xs):
                    if j != i:
                        g = g * x
                grads.append(g)
            return tuple(grads)

    return Product


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_second_derivative_through_each_apply_path(n):
    rng = np.random.default_rng(n)
    values = [rng.uniform(0.5, 2.0, 3) for _ in range(n)]
    xs = [ag.tensor(v, requires_grad=True) for v in values]
    out = _product_op(n).apply(*xs).sum()
    grads = ag.grad(out, xs, create_graph=True)
    for i, g in enumerate(grads):
        others = np.prod([v for j, v in enumerate(values) if j != i], axis=0)
        np.testing.assert_allclose(g._data, others)
    if n == 1:  # d out/d x0 = 1: nothing left to differentiate
        return
    # d/dx1 of sum(d out/d x0) = prod of the inputs other than x0 and x1
    (second,) = ag.grad(grads[0].sum(), [xs[1]])
    expected = (
        np.prod([v for j, v in enumerate(values) if j not in (0, 1)], axis=0)
        if n > 2
        else np.ones(3)
    )
    np.testing.assert_allclose(second._data, expected)


def test_three_inputs_some_without_grad():
    a = ag.tensor([1.0, 2.0], requires_grad=True)
    b = ag.tensor([3.0, 4.0])
    c = ag.tensor([5.0, 6.0], requires_grad=True)
    out = _product_op(3).apply(a, b, c)
    assert out.grad_fn.needs_input_grad == (True, False, True)
    assert out.grad_fn.next_functions[1] == (None, 0)
    out.sum().backward()
    np.testing.assert_allclose(a.grad._data, [15.0, 24.0])
    np.testing.assert_allclose(c.grad._data, [3.0, 8.0])
    assert b.grad is None


def test_three_inputs_under_no_grad_record_nothing():
    a, b, c = (ag.tensor([1.0], requires_grad=True) for _ in range(3))
    with ag.no_grad():
        out = _product_op(3).apply(a, b, c)
    assert out.grad_fn is None and not out.requires_grad


@requires_torch
def test_once_differentiable_refuses_double_backward():
    class Square(ag.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @ag.once_differentiable
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return (2 * x * grad,)

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (g,) = ag.grad(Square.apply(x).sum(), x)
    np.testing.assert_array_equal(g._data, [2.0, 4.0])
    with pytest.raises(RuntimeError, match="SquareBackward0 is not differentiable twice"):
        ag.grad(Square.apply(x).sum(), x, create_graph=True)


def _shape_of_graph(root, accumulate_type):
    """The graph from ``root`` as nested (name, [edges]) with leaves by position."""

    def name(node):
        if node is None:
            return None
        if isinstance(node, accumulate_type):
            return "AccumulateGrad"
        return node.name()

    out, stack = [], [root]
    while stack:
        node = stack.pop()
        edges = node.next_functions
        out.append((name(node), tuple((name(n), i) for n, i in edges)))
        stack.extend(n for n, _ in edges if n is not None)
    return out


def _build(lib, a, b, c):
    return ((a * b).exp() + c.sum() * a - (b * 2).tanh()).sum()


@requires_torch
def test_next_functions_have_torchs_form_and_structure():
    ours = [
        ag.tensor([1.0, 2.0], requires_grad=True),
        ag.tensor([0.5, -1.0]),
        ag.tensor([3.0], requires_grad=True),
    ]
    theirs = [
        torch.tensor([1.0, 2.0], requires_grad=True),
        torch.tensor([0.5, -1.0]),
        torch.tensor([3.0], requires_grad=True),
    ]
    y, t = _build(ag, *ours), _build(torch, *theirs)
    assert _shape_of_graph(y.grad_fn, AccumulateGrad) == _shape_of_graph(
        t.grad_fn, type(theirs[0].sum().grad_fn.next_functions[0][0])
    )


@requires_torch
def test_accumulate_grad_names_its_leaf_and_is_one_node_per_leaf():
    w = ag.ones(2, requires_grad=True)
    y = w * 3 + w
    (left, _), (right, _) = y.grad_fn.next_functions
    acc = left.next_functions[0][0]
    assert isinstance(acc, AccumulateGrad) and acc.variable is w
    assert acc is right[0] if isinstance(right, tuple) else acc is right
    assert acc.next_functions == () and acc.name() == "torch::autograd::AccumulateGrad"
    t = torch.ones(2, requires_grad=True)
    tacc = (t * 3).grad_fn.next_functions[0][0]
    assert acc.name() == tacc.name() and tacc.next_functions == ()
    assert tacc is (t + 1).grad_fn.next_functions[0][0]


@requires_torch
def test_inputs_without_grad_give_none_and_index_zero():
    x = ag.ones(2, requires_grad=True)
    y = ag.ones(2) * x
    assert y.grad_fn.next_functions[0] == (None, 0)
    assert y.grad_fn.next_functions[1][1] == 0
    t = torch.ones(2) * torch.ones(2, requires_grad=True)
    assert t.grad_fn.next_functions[0] == (None, 0)


@requires_torch
def test_accumulate_grad_nodes_do_not_keep_leaves_alive():
    w = ag.ones(2, requires_grad=True)
    (w * 2).grad_fn.next_functions  # noqa: B018 - creates the node
    before = len(AccumulateGrad._nodes)
    del w
    gc.collect()
    assert len(AccumulateGrad._nodes) == before - 1


@requires_torch
def test_backward_still_works_after_reading_next_functions():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    assert y.grad_fn.next_functions[0][0].next_functions[0][0].variable is x
    y.backward()
    assert x.grad.tolist() == [2.0, 4.0]


# -- what apply records for 1 to 5 inputs ---------------------------------------------------
def _weighted_sum_op(lib):
    """sum_i (i + 1) * x_i, recording ctx.needs_input_grad and saving nothing."""
    base = ag.Function if lib is ag else torch.autograd.Function
    seen = {}

    class WeightedSum(base):
        @staticmethod
        def forward(ctx, *xs):
            out = xs[0] * 1
            for i, x in enumerate(xs[1:], start=2):
                out = out + x * i
            return out

        @staticmethod
        def backward(ctx, grad):
            seen["needs"] = tuple(ctx.needs_input_grad)
            seen["saved"] = tuple(ctx.saved_tensors)
            return tuple(grad * (i + 1) for i in range(len(ctx.needs_input_grad)))

    return WeightedSum, seen


@requires_torch
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_needs_input_grad_and_an_empty_save_match_torch(n):
    flags = [i % 2 == 0 for i in range(n)]  # input 0 always needs a gradient
    results = []
    for lib in (ag, torch):
        op, seen = _weighted_sum_op(lib)
        xs = [lib.ones(2, dtype=lib.float64, requires_grad=f) for f in flags]
        op.apply(*xs).sum().backward()
        grads = [None if x.grad is None else x.grad.tolist() for x in xs]
        results.append((seen["needs"], seen["saved"], grads))
    assert results[0] == results[1]
    assert results[0][0] == tuple(flags) and results[0][1] == ()


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_next_functions_list_every_input_in_order(n):
    op, _ = _weighted_sum_op(ag)
    leaf = ag.ones(2, requires_grad=True)
    made = ag.ones(2, requires_grad=True) * 2
    const = ag.ones(2)
    inputs = [(leaf, made, const)[i % 3] for i in range(n)]
    node = op.apply(*inputs).grad_fn
    kinds = [
        None if f is None else "leaf" if f.name().endswith("AccumulateGrad") else f.name()
        for f, _ in node.next_functions
    ]
    expected = [("leaf", "MulBackward0", None)[i % 3] for i in range(n)]
    assert kinds == expected


def test_no_node_is_recorded_when_no_input_needs_a_gradient():
    op, _ = _weighted_sum_op(ag)
    out = op.apply(ag.ones(2), ag.ones(2), ag.ones(2))
    assert out.grad_fn is None and not out.requires_grad
    with ag.no_grad():
        assert op.apply(ag.ones(2, requires_grad=True)).grad_fn is None
    np.testing.assert_array_equal(out.numpy(), [6.0, 6.0])

"""Function.apply's one-, two- and three-input fast paths record the same graph as the general one.

Each op below saves all its inputs (and its output); second derivatives through
``create_graph`` only come out right when every saved array is recognised as the
input (or output) it is.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag


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

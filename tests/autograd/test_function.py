"""Function.apply: what a node records, for any number of inputs, compared with torch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch


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

"""grad_fn.next_functions in torch's form: ((node, index), ...), None for inputs that
need no grad and an AccumulateGrad node (with .variable) for leaves."""

from __future__ import annotations

import gc

import autograd as ag
from autograd.function import AccumulateGrad
from tests.helpers import requires_torch, torch

pytestmark = requires_torch


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


def test_inputs_without_grad_give_none_and_index_zero():
    x = ag.ones(2, requires_grad=True)
    y = ag.ones(2) * x
    assert y.grad_fn.next_functions[0] == (None, 0)
    assert y.grad_fn.next_functions[1][1] == 0
    t = torch.ones(2) * torch.ones(2, requires_grad=True)
    assert t.grad_fn.next_functions[0] == (None, 0)


def test_accumulate_grad_nodes_do_not_keep_leaves_alive():
    w = ag.ones(2, requires_grad=True)
    (w * 2).grad_fn.next_functions  # noqa: B018 - creates the node
    before = len(AccumulateGrad._nodes)
    del w
    gc.collect()
    assert len(AccumulateGrad._nodes) == before - 1


def test_backward_still_works_after_reading_next_functions():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    assert y.grad_fn.next_functions[0][0].next_functions[0][0].variable is x
    y.backward()
    assert x.grad.tolist() == [2.0, 4.0]

"""The engine behind backward() and autograd.grad: accumulation, retain_graph and freeing,
inputs=, allow_unused, create_graph, the order of the walk, and its errors.
"""

from __future__ import annotations

import gc
import re
import weakref

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    leaf,
    make_inputs,
    requires_torch,
    torch,
)


def test_gradients_accumulate_over_two_backwards():
    x = leaf([1.0, 2.0])
    (x * x).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [5.0, 7.0])
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [3.0, 3.0])
    x.grad.zero_()
    (x * 2).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])


def test_accumulated_grad_does_not_alias_the_graph():
    # the gradient of x + x reaching x twice must not alias, and a later
    # backward must not modify an array handed out earlier
    x = leaf([1.0, 2.0])
    y = leaf([1.0, 1.0])
    (x + x + y).sum().backward()
    first_y = y.grad._data.copy()
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])
    (y * 2).sum().backward()
    np.testing.assert_array_equal(y.grad._data, first_y + 2)


def test_upstream_gradient_array_is_not_stored_in_grad():
    x = leaf([1.0, 2.0])
    g = np.array([1.0, 1.0])
    (x + 0).backward(g)
    (x + 0).backward(g)
    np.testing.assert_array_equal(g, [1.0, 1.0])
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])


def test_only_leaves_get_grad_and_retain_grad():
    x = leaf([1.0, 2.0])
    h = x * 2
    k = h * 3
    k.retain_grad()
    assert not h.is_leaf and x.is_leaf
    (k * k).sum().backward()
    assert h.grad is None
    np.testing.assert_array_equal(k.grad._data, 2 * k._data)
    np.testing.assert_array_equal(x.grad._data, 36 * x._data * 2)


def test_constant_leaf_gets_no_grad():
    x = leaf([1.0])
    c = ag.tensor([2.0])
    (x * c).sum().backward()
    assert c.grad is None and c.is_leaf and not c.requires_grad


def test_grad_does_not_touch_dot_grad():
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    gx, gy = ag.grad((x * y).sum(), [x, y])
    np.testing.assert_array_equal(gx._data, [3.0, 4.0])
    np.testing.assert_array_equal(gy._data, [1.0, 2.0])
    assert x.grad is None and y.grad is None


def test_grad_allow_unused():
    x, unused = leaf([1.0]), leaf([1.0])
    with pytest.raises(RuntimeError, match="appears not to have been used.*allow_unused=True"):
        ag.grad((x * 2).sum(), [x, unused])
    gx, gu = ag.grad((x * 2).sum(), [x, unused], allow_unused=True)
    assert gu is None and gx.item() == 2.0


def test_grad_outputs_and_multiple_outputs():
    x = leaf([1.0, 2.0])
    (g,) = ag.grad(x * x, x, grad_outputs=ag.tensor([1.0, 10.0], dtype="float64"))
    np.testing.assert_array_equal(g._data, [2.0, 40.0])
    (g,) = ag.grad(
        [x * 2, x * x], x, grad_outputs=[ag.ones(2, dtype="float64"), ag.ones(2, dtype="float64")]
    )
    np.testing.assert_array_equal(g._data, [4.0, 6.0])
    with pytest.raises(RuntimeError, match="got 1 grad_outputs for 2 outputs"):
        ag.grad([x * 2, x * x], x, grad_outputs=[ag.ones(2)])
    with pytest.raises(
        RuntimeError,
        match=r"grad_output has a shape of \(3,\) and output has a "
        r"shape of \(2,\)",
    ):
        ag.grad(x * 2, x, grad_outputs=ag.ones(3))


def test_grad_of_non_leaf_input():
    x = leaf([1.0, 2.0])
    h = x * 3
    (gh,) = ag.grad((h * h).sum(), h)
    np.testing.assert_array_equal(gh._data, 2 * h._data)


@requires_torch
def test_grad_runs_hooks_only_of_the_requested_inputs_like_torch():
    for lib in (ag, torch):
        grad = lib.autograd.grad if lib is torch else lib.grad
        x, y = lib.tensor([1.0], requires_grad=True), lib.tensor([2.0], requires_grad=True)
        seen = []
        y.register_hook(lambda g: seen.append("y"))
        x.register_hook(lambda g: seen.append("x"))
        grad((x * y).sum(), [x])
        assert seen == ["x"], lib.__name__


def test_grad_with_a_leaf_among_the_outputs_touches_only_the_inputs():
    x, y = leaf([1.0]), leaf([2.0])
    seen = []
    x.register_hook(lambda g: seen.append(g))
    (gy,) = ag.grad([x, (x * y).sum()], [y])
    assert gy.item() == 1.0 and seen == [] and x.grad is None


def test_backward_inputs_argument():
    x, y = leaf([1.0]), leaf([2.0])
    (x * y).sum().backward(inputs=[x])
    assert y.grad is None and x.grad.item() == 2.0


def test_second_backward_through_freed_graph_raises():
    x = leaf([1.0, 2.0])
    y = (x.exp() * 2).sum()
    y.backward()
    with pytest.raises(
        RuntimeError,
        match=r"backward through the graph a second time.*"
        r"retain_graph=True",
    ):
        y.backward()


def test_retain_graph_allows_a_second_backward_that_accumulates():
    x = leaf([1.0, 2.0])
    y = (x.exp() * 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad._data, 4 * np.exp([1.0, 2.0]))
    (g,) = ag.grad((x * x).sum(), x, retain_graph=True)
    assert g is not None


def _saved_array_ref(op):
    """Build y = op(big intermediate) and return (loss, weakref to the array op saved)."""
    x = ag.randn(256, 256, requires_grad=True)
    h = x * 2
    y = op(h)
    saved = y.grad_fn.saved_tensors[0]
    assert isinstance(saved, np.ndarray) and saved.nbytes >= 256 * 256 * 4
    ref = weakref.ref(saved)
    del saved, h
    return x, y.sum(), ref


@pytest.mark.parametrize("op", [ag.tanh, ag.exp, ag.sigmoid], ids=["tanh", "exp", "sigmoid"])
def test_saved_arrays_are_freed_after_backward(op):
    x, loss, ref = _saved_array_ref(op)
    gc.collect()
    assert ref() is not None, "the saved array must stay alive until backward"
    loss.backward()
    gc.collect()
    assert ref() is None, "backward without retain_graph must free the saved array"
    assert x.grad is not None


def test_saved_arrays_survive_backward_with_retain_graph():
    _, loss, ref = _saved_array_ref(ag.tanh)
    loss.backward(retain_graph=True)
    gc.collect()
    assert ref() is not None


def test_graph_is_freed_when_the_output_is_dropped():
    x = ag.randn(256, 256, requires_grad=True)
    y = (x * 2).tanh()
    ref = weakref.ref(y.grad_fn.saved_tensors[0])
    del y
    assert ref() is None  # no reference cycle: freed without waiting for gc


def test_million_op_chain_backpropagates_without_recursion():
    # Neg is the cheapest op (one input, nothing saved), which keeps this test to seconds.
    x = ag.tensor([2.0], dtype="float64", requires_grad=True)
    y = x * 3
    for _ in range(1_000_000):
        y = -y
    y.backward()
    assert x.grad.item() == 3.0  # an even number of negations


def test_a_recorded_op_costs_well_under_two_kilobytes():
    import tracemalloc

    x = ag.tensor([1.0], dtype="float64", requires_grad=True)
    n = 20_000
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        y = x
        for _ in range(n):
            y = y * 1.0001  # a node, its saved scalar and input, its output
        graph, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (graph - before) / n < 1500
    y.backward()
    np.testing.assert_allclose(x.grad._data, [1.0001**n])


def test_diamond_graph_sums_both_paths():
    x = leaf([2.0])
    a = x * 3
    b = a * a + a.exp() + a  # a used three times
    b.sum().backward()
    np.testing.assert_allclose(x.grad._data, 3 * (2 * 6.0 + np.exp(6.0) + 1))


def test_backward_on_leaf_and_on_tensor_without_grad():
    x = leaf(3.0)
    x.backward()
    assert x.grad.item() == 1.0
    with pytest.raises(RuntimeError, match="does not require grad"):
        ag.tensor(1.0).backward()


def test_backward_explicit_gradient_shapes():
    x = leaf([[1.0, 2.0]])
    (x * 2).backward(ag.tensor([[1.0, 3.0]]))
    np.testing.assert_array_equal(x.grad._data, [[2.0, 6.0]])
    with pytest.raises(RuntimeError, match=r"grad_output has a shape of \(2,\)"):
        (x * 2).backward(ag.tensor([1.0, 3.0]))


def test_leaf_grad_keeps_the_leaf_dtype():
    x = ag.randn(3, requires_grad=True)
    (x.double() * 2).sum().backward()
    assert x.grad.dtype == np.float32


class _FirstGetsNothing(ag.Function):
    """out = a + b, whose backward sends nothing to ``a`` (and omits it when asked)."""

    @staticmethod
    def forward(ctx, a, b, *, short=False):
        ctx.short = short
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return (None, grad) if not ctx.short else (None,)


def test_a_node_that_receives_no_gradient_still_releases_its_producers():
    x = leaf([1.0, 2.0])
    h = x * 3
    out = _FirstGetsNothing.apply(h, x) + h * h  # h's node waits for both consumers
    out.sum().backward()
    np.testing.assert_array_equal(x.grad._data, 1 + 2 * h._data * 3)


def test_a_backward_returning_fewer_gradients_than_inputs():
    x, y = leaf([1.0]), leaf([2.0])
    out = _FirstGetsNothing.apply(x * 2, y, short=True) + x
    out.sum().backward()
    assert y.grad is None and x.grad.item() == 1.0


def test_grad_with_respect_to_an_intermediate_stops_there():
    x = leaf([1.0, 2.0])
    h = x.exp()
    out = (h * h).sum()
    (gh,) = ag.grad(out, h)
    np.testing.assert_allclose(gh._data, 2 * h._data)
    (gx,) = ag.grad(h.sum(), x)  # exp's node lies below h: ag.grad neither ran nor freed it
    np.testing.assert_allclose(gx._data, np.exp(x._data))
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        out.backward()  # the nodes above h were freed, as in torch


def test_two_leaves_fed_the_same_gradient_array_do_not_share_grad():
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    for _ in range(2):
        (x + y).backward(ag.tensor([1.0, 1.0], dtype="float64"))
    assert not np.shares_memory(x.grad._data, y.grad._data)
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])
    np.testing.assert_array_equal(y.grad._data, [2.0, 2.0])
    x.grad._data[0] = 100.0
    assert y.grad._data[0] == 2.0


@requires_torch
def test_a_node_with_many_consumers_sums_its_gradients_like_torch():
    # Add hands one gradient array to both of its inputs; summing in place must
    # never write into such a shared array.
    a = np.array([1.0, -2.0, 3.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(a.copy(), requires_grad=True)
        h = x * 2
        s = h + h  # both edges of Add lead to h, with one shared array
        out = (s + h + h * 3 + h.tanh() + s * s).sum()
        out.backward()
        results.append(x.grad.tolist())
    np.testing.assert_allclose(results[0], results[1])


@requires_torch
def test_nodes_run_after_all_their_consumers_whatever_order_the_graph_was_built_in():
    # The engine runs nodes latest-made first. Here a long path is built before a
    # short one, an in-place op gives c a newer node, and a is consumed before and
    # after it: each node must still wait for the gradients of every consumer.
    results = []
    for lib in (ag, torch):
        x = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
        a = x * 2
        long_path = a.exp()
        c = a * 1
        c.mul_(3)
        for _ in range(5):
            long_path = long_path.tanh()
        out = (long_path * c + a * a).sum()
        out.backward()
        results.append(x.grad.tolist())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)


def test_toposort_lists_every_consumer_before_what_it_feeds_from():
    x = leaf([1.0, 2.0])
    a = x * 2
    b = a.exp() + a
    out = (b * a).sum()
    order = ag.engine.toposort([out.grad_fn])
    position = {node: i for i, node in enumerate(order)}
    assert len(order) == 5  # Mul, Exp, Add, Mul, Sum
    for node in order:
        for source, _ in node.next_functions:
            if isinstance(source, ag.Function):
                assert position[node] < position[source]


def test_backward_on_non_scalar_without_gradient():
    x = ag.ones(2, 3, requires_grad=True)
    with pytest.raises(
        RuntimeError, match=r"^grad can be implicitly created only for scalar outputs$"
    ):
        (x * 2).backward()
    with pytest.raises(
        RuntimeError, match=r"^grad can be implicitly created only for scalar outputs$"
    ):
        ag.grad(x * 2, x)


def test_backward_on_one_element_non_0d_is_fine():
    x = ag.ones(1, 1, requires_grad=True)
    (x * 2).backward()
    assert x.grad.shape == (1, 1)


def test_freed_graph_message():
    x = ag.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=re.escape("Specify retain_graph=True")):
        y.backward()


def test_grad_of_input_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match="input 0 does not require grad"):
        ag.grad(ag.ones(2, requires_grad=True).sum(), ag.ones(2))


def test_backward_inputs_must_not_be_empty():
    x = ag.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="cannot be empty"):
        x.sum().backward(inputs=[])


@requires_torch
def test_hessian_vector_product_of_a_small_network():
    # Gradient-penalty style: differentiate the gradient's norm w.r.t. the weights.
    x_np, w_np = make_inputs([(4, 3), (3, 2)])
    w = ag.tensor(w_np, requires_grad=True)
    x = ag.tensor(x_np, requires_grad=True)
    (gx,) = ag.grad(ag.log_softmax(x @ w, 1).sum(), x, create_graph=True)
    (gw,) = ag.grad((gx * gx).sum(), w)
    wt = torch.tensor(w_np, requires_grad=True)
    xt = torch.tensor(x_np, requires_grad=True)
    (gxt,) = torch.autograd.grad(torch.log_softmax(xt @ wt, 1).sum(), xt, create_graph=True)
    (gwt,) = torch.autograd.grad((gxt * gxt).sum(), wt)
    np.testing.assert_allclose(gw._data, gwt.numpy(), rtol=1e-6, atol=1e-9)


@requires_torch
def test_backward_with_create_graph_builds_differentiable_grad():
    x = ag.tensor(3.0, requires_grad=True)
    y = x**3
    y.backward(create_graph=True)
    assert x.grad.requires_grad and x.grad.item() == 27.0
    (g2,) = ag.grad(x.grad, x)
    assert g2.item() == 18.0


@requires_torch
def test_grad_materialize_grads_and_empty_inputs_like_torch():
    x, y = ag.tensor([1.0, 2.0], requires_grad=True), ag.tensor([3.0], requires_grad=True)
    tx, ty = torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([3.0], requires_grad=True)
    ours = ag.grad((x * 2).sum(), [x, y], materialize_grads=True)
    theirs = torch.autograd.grad((tx * 2).sum(), [tx, ty], materialize_grads=True)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a._data, b.numpy())
    with pytest.raises(RuntimeError):  # unused input, without materialize_grads
        torch.autograd.grad((tx * 2).sum(), [tx, ty])
    with pytest.raises(RuntimeError, match="not to have been used"):
        ag.grad((x * 2).sum(), [x, y])
    with pytest.raises(RuntimeError):
        torch.autograd.grad((tx * 2).sum(), [])
    with pytest.raises(RuntimeError, match="'inputs' cannot be empty"):
        ag.grad((x * 2).sum(), [])


# -- the gradient buffer: sums in place, never aliasing ------------------------------------


@requires_torch
@pytest.mark.parametrize("seed", range(12))
def test_random_graphs_with_shared_nodes_match_torch(seed):
    # each step reuses earlier values, so nodes and leaves get several contributions,
    # summed in place by the engine's buffer; any aliasing would corrupt a sum
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(0.5, 1.5, (3, 4)) for _ in range(3)]
    plan = [
        (int(rng.integers(3)), int(rng.integers(100)), int(rng.integers(100))) for _ in range(12)
    ]
    grads = []
    for lib in (ag, torch):
        leaves = [lib.tensor(a, requires_grad=True) for a in arrays]
        values = list(leaves)
        for op, i, j in plan:
            a, b = values[i % len(values)], values[j % len(values)]
            values.append(a + b if op == 0 else a * b if op == 1 else lib.tanh(a) - b)
        sum(v.sum() for v in values[3:]).backward()
        grads.append([None if t.grad is None else t.grad.detach().numpy().copy() for t in leaves])
    for ours, theirs in zip(*grads):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_one_summed_gradient_reaching_two_leaves_is_stored_twice_not_shared():
    # s's gradient is summed from three uses; Add hands that same array to a and b
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    s = a + b
    (s * 1 + s * 2 + s * 3).sum().backward()
    np.testing.assert_array_equal(a.grad._data, [6.0, 6.0])
    np.testing.assert_array_equal(b.grad._data, [6.0, 6.0])
    assert not np.shares_memory(a.grad._data, b.grad._data)
    a.grad._data[0] = 100.0  # writing one leaf's .grad leaves the other alone
    assert b.grad._data[0] == 6.0


def test_a_later_backward_does_not_change_a_gradient_handed_to_a_hook():
    x = leaf([1.0, 2.0])
    seen = []
    h = x * 1
    h.register_hook(lambda g: seen.append(g))
    (h * 2 + h * 3).sum().backward()  # h's gradient is a sum the engine made
    first = seen[0]._data.copy()
    (x * 5).sum().backward()
    np.testing.assert_array_equal(seen[0]._data, first)
    np.testing.assert_array_equal(x.grad._data, [10.0, 10.0])


@requires_torch
@pytest.mark.parametrize("on_leaf", [False, True])
def test_a_gradient_a_hook_kept_is_not_the_leaf_grad_later_backwards_add_into(on_leaf):
    # Add passes h's gradient to x unchanged; a hook that keeps it must keep its
    # values, as in torch (whose .grad takes the array only when nothing else holds it)
    seen = []
    for lib in (ag, torch):
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        h = x + 0
        (x if on_leaf else h).register_hook(lambda g: seen.append(g))
        (h * 2 + h * 3).sum().backward()
        (x * 5).sum().backward()
        assert x.grad.tolist() == [10.0, 10.0]
    assert seen[0].tolist() == seen[1].tolist() == [5.0, 5.0]


@requires_torch
def test_backward_inputs_stop_at_a_non_leaf_like_torch():
    # only h (a non-leaf) is asked for: its .grad is filled, x's is not, as in torch
    results = []
    for lib in (ag, torch):
        x = lib.tensor([1.0, -2.0, 3.0], dtype=lib.float64, requires_grad=True)
        h = x * x
        y = (h * 3 + h.sin()).sum()
        y.backward(inputs=[h])
        results.append((h.grad.detach().numpy().copy(), x.grad))
    np.testing.assert_allclose(results[0][0], results[1][0])
    assert results[0][1] is None and results[1][1] is None


@requires_torch
def test_grad_of_a_leaf_and_a_non_leaf_at_once_like_torch():
    out = []
    for lib, grad in ((ag, ag.grad), (torch, torch.autograd.grad)):
        x = lib.tensor([0.5, 1.5], dtype=lib.float64, requires_grad=True)
        h = lib.tanh(x) * x
        y = (h * h + x).sum()
        out.append([g.detach().numpy() for g in grad(y, [h, x])])
    for ours, theirs in zip(*out):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)

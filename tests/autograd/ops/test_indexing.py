"""Indexing and selection against torch: getitem and index assignment, index_select gather
select masked_select masked_fill where sort argsort topk nonzero multinomial.

Values and gradients (repeated indices accumulate), views, dtypes of indices, sampling
distributions, and bad indices reported in torch's words.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_close,
    check_higher_order,
    check_op,
    make_inputs,
    positive,
    raises_like_torch,
    requires_torch,
    torch,
)


@requires_torch
def test_where_condition_must_be_bool_tensor():
    a, b = np.ones(3), np.zeros(3)
    for cond in ([1.0, 0.0, 2.0], [1, 0, 1]):
        raises_like_torch(
            lambda: ag.where(ag.tensor(cond), ag.tensor(a), ag.tensor(b)),
            lambda: torch.where(torch.tensor(cond), torch.tensor(a), torch.tensor(b)),
        )


@requires_torch
def test_where_with_only_a_condition_gives_indices():
    data = np.array([[1.0, -1.0, 2.0], [0.0, 3.0, -2.0]])
    ours, theirs = ag.where(ag.tensor(data) > 0), torch.where(torch.tensor(data) > 0)
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.dtype == np.int64
        assert_close(o, t)


@requires_torch
def test_empty_list_index_is_an_empty_int64_index_like_torch():
    data = np.arange(24.0).reshape(2, 3, 4)
    x, xt = ag.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    out, expected = x[[]], xt[[]]
    assert out.shape == tuple(expected.shape) == (0, 3, 4)
    (out.sum() + x.sum()).backward()
    (expected.sum() + xt.sum()).backward()
    assert_close(x.grad, xt.grad)
    y, yt = ag.tensor(data), torch.tensor(data)
    y[[]] = 5.0
    yt[[]] = 5.0
    assert_close(y, yt)


@requires_torch
@pytest.mark.parametrize(
    ("shape", "index"),
    [
        ((3,), 0),
        ((3,), -1),
        ((3,), (..., 1)),
        ((2, 3), (1, 2)),
        ((2, 3), (0, -1)),
        ((2, 3), (np.int64(1), 0)),
    ],
)
def test_integer_index_to_0d_is_a_view_like_torch(shape, index):
    results = []
    for lib in (ag, torch):
        x = lib.tensor(np.arange(6.0)[: int(np.prod(shape))].reshape(shape))
        y = x[index]
        y += 10
        results.append((x, y))
    assert results[0][1].shape == ()
    assert_close(results[0][0], results[1][0])


@requires_torch
def test_integer_index_to_0d_keeps_its_gradient():
    x = ag.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (x[1, 0] * 3 + x[0][1]).backward()
    assert x.grad.tolist() == [[0.0, 1.0], [3.0, 0.0]]


@requires_torch
@pytest.mark.parametrize(
    "shapes",
    [((2, 3), (2, 3), (2, 3)), ((2, 3), (3,), ()), ((2, 1), (1, 3), (2, 3)), ((0, 3), (3,), (1,))],
    ids=str,
)
def test_where(shapes):
    cond_shape, a_shape, b_shape = shapes
    cond = np.random.default_rng(5).random(cond_shape) > 0.5
    check_op(
        lambda a, b: ag.where(ag.tensor(cond), a, b),
        lambda a, b: torch.where(torch.tensor(cond), a, b),
        inputs=make_inputs([a_shape, b_shape]),
    )


@requires_torch
def test_where_with_scalar_branch_and_numpy_where():
    x = make_inputs([(3, 4)])
    check_op(lambda a: ag.where(a > 0, a, 0.0), lambda a: torch.where(a > 0, a, 0.0), inputs=x)
    check_op(
        lambda a: np.where(a._data > 0, a, a * 2), lambda a: torch.where(a > 0, a, a * 2), inputs=x
    )


def test_getitem_out_of_range_is_numpy_index_error():
    with pytest.raises(IndexError, match="index 5 is out of bounds"):
        ag.ones(3)[5]


def test_index_with_non_integer_tensor():
    with pytest.raises(TypeError, match="only integer tensors of a single element"):
        [1, 2][ag.tensor(1.0)]
    assert [1, 2][ag.tensor(1)] == 2


MASKS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 3), ()), ((3,), (2, 3)), ((), ())]


@requires_torch
@pytest.mark.parametrize("shape, mask_shape", MASKS, ids=str)
def test_masked_fill(shape, mask_shape):
    mask = np.random.default_rng(4).random(mask_shape) > 0.5
    check_op(
        lambda x: x.masked_fill(ag.tensor(mask), -1.5),
        lambda x: x.masked_fill(torch.tensor(mask), -1.5),
        shapes=[shape],
    )
    check_op(
        lambda x: ag.masked_fill(x, ag.tensor(mask), 0.0),
        lambda x: torch.masked_fill(x, torch.tensor(mask), 0.0),
        shapes=[shape],
    )


@requires_torch
def test_masked_fill_value_tensor_gets_the_gradient():
    mask = np.array([[True, False, True], [False, False, True]])
    check_op(
        lambda x, v: x.masked_fill(ag.tensor(mask), v),
        lambda x, v: x.masked_fill(torch.tensor(mask), v),
        shapes=[(2, 3), ()],
    )


@requires_torch
def test_masked_fill_higher_order():
    mask = np.array([True, False, True])
    check_higher_order(
        lambda x: x.masked_fill(ag.tensor(mask), 2.0) ** 3,
        lambda x: x.masked_fill(torch.tensor(mask), 2.0) ** 3,
        shapes=[(2, 3)],
    )


@requires_torch
def test_masked_fill_keeps_the_dtype_like_torch():
    mask = [True, False]
    ours = ag.tensor([1, 2]).masked_fill(ag.tensor(mask), 2.7)
    theirs = torch.tensor([1, 2]).masked_fill(torch.tensor(mask), 2.7)
    assert ours.dtype == np.int64 and ours.tolist() == theirs.tolist()
    x32 = ag.tensor([1.0, 2.0]).masked_fill(ag.tensor(mask), ag.tensor(3.0, dtype="float64"))
    assert x32.dtype == np.float32 and x32.tolist() == [3.0, 2.0]


@requires_torch
def test_masked_fill_errors():
    with pytest.raises(RuntimeError, match=r"masked_fill: expected a bool mask.*float32"):
        ag.ones(2).masked_fill(ag.ones(2), 0.0)
    with pytest.raises(RuntimeError):
        torch.ones(2).masked_fill(torch.ones(2), 0.0)
    with pytest.raises(RuntimeError, match=r"0-dim tensor.*\(2,\)"):
        ag.ones(2).masked_fill(ag.ones(2) > 0, ag.ones(2))
    with pytest.raises(RuntimeError, match=r"masked_fill: shapes \(3,\) and \(2,\)"):
        ag.ones(2).masked_fill(ag.ones(3) > 0, 0.0)


@requires_torch
@pytest.mark.parametrize("replacement", [True, False])
@pytest.mark.parametrize("shape", [(5,), (3, 5)])
def test_shape_and_dtype_as_torch(replacement, shape):
    w = np.random.default_rng(0).random(shape) + 0.1
    ours = ag.multinomial(ag.tensor(w), 4, replacement)
    theirs = torch.multinomial(torch.tensor(w), 4, replacement)
    assert ours.shape == tuple(theirs.shape) and ours.dtype == np.int64
    assert ours.requires_grad is False


@requires_torch
def test_frequencies_follow_the_weights_with_replacement():
    ag.manual_seed(0)
    w = np.array([1.0, 2.0, 0.0, 7.0])
    draws = ag.multinomial(ag.tensor(w), 40_000, replacement=True).numpy()
    freq = np.bincount(draws, minlength=4) / draws.size
    np.testing.assert_allclose(freq, w / w.sum(), atol=0.01)
    assert freq[2] == 0.0


@requires_torch
def test_without_replacement_draws_distinct_categories_in_sequence():
    ag.manual_seed(1)
    w = ag.tensor([[1.0, 2.0, 7.0]] * 6000)
    draws = ag.multinomial(w, 2).numpy()
    assert (draws[:, 0] != draws[:, 1]).all()
    # first draw ~ w; second, given first = 2 (p 0.7): 1 with probability 2/3
    np.testing.assert_allclose(np.bincount(draws[:, 0]) / 6000, [0.1, 0.2, 0.7], atol=0.02)
    second = draws[draws[:, 0] == 2, 1]
    assert abs((second == 1).mean() - 2 / 3) < 0.03
    assert sorted(ag.multinomial(ag.tensor([0.0, 1.0, 3.0]), 2).tolist()) == [1, 2]
    # as torch: zero-weight categories are drawn once the others are exhausted
    assert (
        ag.multinomial(ag.tensor([1.0, 0.0, 0.0]), 2).tolist()
        == torch.multinomial(torch.tensor([1.0, 0.0, 0.0]), 2).tolist()
    )


@requires_torch
def test_seeded_draws_repeat():
    ag.manual_seed(5)
    a = ag.multinomial(ag.tensor([0.2, 0.3, 0.5]), 10, True).tolist()
    ag.manual_seed(5)
    assert ag.multinomial(ag.tensor([0.2, 0.3, 0.5]), 10, True).tolist() == a


@requires_torch
@pytest.mark.parametrize(
    ("weights", "n", "replacement", "message"),
    [
        (np.ones((2, 2, 2)), 1, True, "prob_dist must be 1 or 2 dim"),
        (np.array([1.0, -1.0]), 1, True, "element < 0"),
        (np.array([1.0, np.nan]), 1, True, "`inf`, `nan`"),
        (np.zeros(3), 1, True, r"sum of probabilities <= 0"),
        (np.ones(3), 4, False, "cannot sample n_sample > prob_dist.size"),
        (np.ones(3), 0, True, "cannot sample n_sample <= 0"),
        (np.array([1, 2]), 1, True, "floating-point dtypes"),
    ],
)
def test_errors_as_torch(weights, n, replacement, message):
    with pytest.raises(RuntimeError, match=message):
        ag.multinomial(ag.tensor(weights), n, replacement)
    if "floating" not in message:  # torch raises the same kind of error
        with pytest.raises(RuntimeError):
            torch.multinomial(torch.tensor(weights), n, replacement)


INDICES = {
    "int": 1,
    "negative int": -1,
    "slice": slice(1, None),
    "step slice": slice(None, None, 2),
    "tuple of ints": (1, 2),
    "int and slice": (slice(0, 2), 1),
    "None": (None, 0),
    "ellipsis": (Ellipsis, 1),
    "ellipsis and None": (1, Ellipsis, None),
    "bool mask": "mask",
    "row mask": "row mask",
    "int list with repeats": [0, 2, 0, 0],
    "int array 2-D": np.array([[0, 1], [2, 2]]),
    "two int arrays": (np.array([0, 2, 2]), np.array([1, 1, 3])),
    "int array and slice": (slice(None), np.array([3, 3, 0])),
    "negative int array": np.array([-1, -1]),
    "empty int array": np.array([], dtype=np.int64),
    "empty slice": slice(2, 2),
}


def _index(name, x_shape):
    index = INDICES[name]
    rng = np.random.default_rng(4)
    if isinstance(index, str) and index == "mask":
        return rng.random(x_shape) > 0.4
    if isinstance(index, str) and index == "row mask":
        return np.array([True, False, True])
    return index


def _torch_index(index):
    if isinstance(index, tuple):
        return tuple(_torch_index(i) for i in index)
    if isinstance(index, (np.ndarray, list)):
        return torch.tensor(np.asarray(index))
    return index


@requires_torch
@pytest.mark.parametrize("name", list(INDICES))
def test_getitem(name):
    shape = (3, 4)
    index = _index(name, shape)
    check_op(lambda x: x[index], lambda x: x[_torch_index(index)], shapes=[shape])


@requires_torch
def test_getitem_negative_step_matches_flip():
    check_op(lambda x: x[:, ::-1], lambda x: x.flip(-1), shapes=[(3, 4)])
    check_op(lambda x: x[::-2], lambda x: x.flip(0)[::2], shapes=[(5,)])


@requires_torch
def test_getitem_with_tensor_indices():
    idx = ag.tensor([2, 0, 2])
    mask = ag.tensor([True, False, True])
    check_op(lambda x: x[idx], lambda x: x[torch.tensor([2, 0, 2])], shapes=[(3, 2)])
    check_op(lambda x: x[mask], lambda x: x[torch.tensor([True, False, True])], shapes=[(3, 2)])
    check_op(lambda x: x[x > 0], lambda x: x[x > 0], shapes=[(3, 4)])


@requires_torch
def test_getitem_of_0d_and_repeated_indices_accumulate():
    check_op(lambda x: x[None], lambda x: x[None], shapes=[()])
    check_op(lambda x: x[...], lambda x: x[...], shapes=[()])
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[1, 1, 1, 2]].sum().backward()
    np.testing.assert_array_equal(x.grad._data, [0.0, 3.0, 1.0])


@requires_torch
def test_getitem_rejects_float_indices():
    with pytest.raises(IndexError, match="must be long or bool"):
        ag.zeros(3)[ag.tensor([0.0, 1.0])]


@requires_torch
def test_iteration_and_len_go_through_getitem():
    x = ag.tensor(make_inputs([(3, 2)])[0], requires_grad=True)
    rows = list(x)
    assert len(x) == 3 and [r.shape for r in rows] == [(2,)] * 3
    (rows[0] * 2 + rows[2]).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [[2, 2], [0, 0], [1, 1]])


@requires_torch
@requires_torch
@pytest.mark.parametrize(
    "make, index",
    [
        (lambda lib: lib.zeros(2, 3), 5),
        (lambda lib: lib.zeros(2, 3), (0, 7)),
        (lambda lib: lib.zeros(2, 3), (0, 1, 2)),
        (lambda lib: lib.zeros(3), "mask"),
        (lambda lib: lib.zeros(3), "array"),
    ],
    ids=["int", "second dim", "too many", "mask", "array"],
)
def test_bad_indices_are_reported_in_torchs_words(make, index):
    def at(lib):
        if index == "mask":
            return lib.tensor([True, False])
        return lib.tensor([4]) if index == "array" else index

    with pytest.raises(IndexError) as theirs:
        make(torch)[at(torch)]
    for attempt in (lambda x: x[at(ag)], lambda x: x.__setitem__(at(ag), 1.0)):
        with pytest.raises(IndexError) as ours:
            attempt(make(ag))
        assert str(ours.value).startswith(str(theirs.value)), (str(ours.value), str(theirs.value))
        assert "axis" not in str(ours.value) and "shape (" in str(ours.value)


@requires_torch
@pytest.mark.parametrize(
    "shape, dim, index",
    [
        ((3, 4), 1, [[0, 0, 3], [1, 1, 1], [2, 0, 2]]),  # repeated indices accumulate
        ((3, 4), 0, [[0, 2, 2, 0], [0, 0, 0, 0]]),
        ((3, 4), -1, [[3], [3], [0]]),
        ((2, 3, 4), 2, [[[0, 1], [3, 3], [2, 2]]]),  # smaller than the input in dim 0 and 1
        ((5,), 0, [4, 4, 4, 0, 1, 1]),
        ((3, 4), 1, np.zeros((0, 2), np.int64)),
    ],
    ids=str,
)
def test_gather(shape, dim, index):
    idx = np.asarray(index, dtype=np.int64)
    check_op(
        lambda x: x.gather(dim, ag.tensor(idx)),
        lambda x: x.gather(dim, torch.tensor(idx)),
        shapes=[shape],
    )
    check_op(
        lambda x: ag.gather(x, dim, idx),
        lambda x: torch.gather(x, dim, torch.tensor(idx)),
        shapes=[shape],
    )


@requires_torch
def test_gather_repeated_index_gradient_and_name():
    x = ag.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    out = x.gather(1, ag.tensor([[2, 2, 2, 0]]))
    assert out.grad_fn.name() == "GatherBackward0"
    out.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 3.0]]


@requires_torch
def test_gather_int_input_and_0d():
    x = ag.tensor([[1, 2], [3, 4]])
    out = x.gather(0, ag.tensor([[1, 0]]))
    assert out.dtype == np.int64 and out.tolist() == [[3, 2]]
    assert_close(
        ag.tensor(3.0).gather(0, ag.tensor(0)), torch.tensor(3.0).gather(0, torch.tensor(0))
    )


@requires_torch
@pytest.mark.parametrize(
    "index, match",
    [
        (ag.tensor([0, 1]), r"same number of dimensions.*\(2,\).*\(2, 3\)"),
        (ag.tensor([[0, 5]]), r"index 5 is out of bounds for dimension 1 with size 3"),
        (ag.tensor([[0, -1]]), r"index -1 is out of bounds"),
        (ag.tensor([[0, 1]] * 3), r"dimension 0.*\(3, 2\).*\(2, 3\)"),
        (ag.tensor([[0.0, 1.0]]), r"integer index.*float32"),
    ],
)
def test_gather_errors(index, match):
    with pytest.raises(RuntimeError, match=match):
        ag.zeros(2, 3).gather(1, index)


def _distinct(shape, seed=0):
    """float64 values without ties, so indices agree with torch's unstable sort."""
    n = int(np.prod(shape))
    return np.random.default_rng(seed).permutation(n).reshape(shape).astype(np.float64) / n


@requires_torch
@pytest.mark.parametrize(
    "shape, dim",
    [((6,), -1), ((3, 4), 0), ((3, 4), 1), ((2, 3, 4), -2), ((0, 3), 0), ((4,), 0)],
    ids=str,
)
@pytest.mark.parametrize("descending", [False, True])
def test_sort(shape, dim, descending):
    data = _distinct(shape)
    values, indices = ag.tensor(data).sort(dim, descending)
    expected = torch.tensor(data).sort(dim, descending)
    assert_close(values, expected.values)
    assert indices.dtype == np.int64
    np.testing.assert_array_equal(indices._data, expected.indices.numpy())
    check_op(
        lambda x: x.sort(dim, descending).values,
        lambda x: x.sort(dim, descending).values,
        inputs=[data],
    )
    check_op(
        lambda x: ag.sort(x, dim=dim, descending=descending)[0],
        lambda x: torch.sort(x, dim=dim, descending=descending)[0],
        inputs=[data],
    )


@requires_torch
@pytest.mark.parametrize("descending", [False, True])
def test_sort_stable_ties_nan_and_bool(descending):
    for data in ([3, 1, 3, 2, 1], [3.0, float("nan"), 1.0, 3.0], [True, False, True]):
        ours = ag.tensor(data).sort(descending=descending, stable=True)
        theirs = torch.tensor(data).sort(descending=descending, stable=True)
        assert_close(ours.values, theirs.values)
        np.testing.assert_array_equal(ours.indices._data, theirs.indices.numpy())
        assert ours.values.dtype == theirs.values.numpy().dtype


@requires_torch
def test_sort_result_is_named_tuple():
    x = ag.tensor([2.0, 1.0], requires_grad=True)
    out = x.sort()
    assert out.values is out[0] and out.indices is out[1]
    assert out.values.grad_fn.name() == "SortBackward0"
    assert out.indices.requires_grad is False
    values, indices = ag.tensor(3.0).sort()
    assert values.item() == 3.0 and indices.item() == 0 and indices.dtype == np.int64


@requires_torch
@pytest.mark.parametrize(
    "shape, k, dim",
    [
        ((6,), 3, -1),
        ((3, 5), 2, 1),
        ((4, 3), 4, 0),
        ((4, 3), 0, 0),
        ((2, 3, 4), 1, -1),
        ((5,), 5, 0),
    ],
    ids=str,
)
@pytest.mark.parametrize("largest", [True, False])
def test_topk(shape, k, dim, largest):
    data = _distinct(shape, seed=1)
    values, indices = ag.tensor(data).topk(k, dim, largest)
    expected = torch.tensor(data).topk(k, dim, largest)
    assert_close(values, expected.values)
    assert indices.dtype == np.int64
    np.testing.assert_array_equal(indices._data, expected.indices.numpy())
    check_op(
        lambda x: x.topk(k, dim, largest).values,
        lambda x: x.topk(k, dim, largest).values,
        inputs=[data],
    )
    unsorted = ag.topk(ag.tensor(data), k, dim, largest, sorted=False)
    assert unsorted.values.shape == tuple(expected.values.shape)


@requires_torch
def test_topk_nan_name_and_errors():
    out = ag.tensor([3.0, float("nan"), 1.0], requires_grad=True).topk(2)
    assert np.isnan(out.values._data[0]) and out.indices.tolist() == [1, 0]
    assert out.values.grad_fn.name() == "TopkBackward0"
    assert ag.tensor(3.0).topk(1).values.item() == 3.0
    for k in (3, -1):
        with pytest.raises(RuntimeError, match=rf"k out of range: k={k}.*size 2"):
            ag.tensor([3.0, 1.0]).topk(k)


@requires_torch
@pytest.mark.parametrize("case", ["slice", "int", "mask", "array", "broadcast", "plain_target"])
def test_index_assignment_inside_a_graph_is_recorded_as_in_torch(case):
    data, weights = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]]), np.array([1.0, 2.0, 3.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        v = lib.tensor(np.array([0.5, -1.5, 2.5]), requires_grad=True)
        h = lib.zeros(2, 3, dtype=lib.float64) if case == "plain_target" else x * 2
        if case == "slice":
            h[:, 1:] = v[1:] * v[1:]
        elif case == "int":
            h[1] = v * 3
        elif case == "mask":
            h[h < 0] = 0.0
        elif case == "array":
            h[[1, 0], [2, 1]] = v[:2]
        elif case == "broadcast":
            h[:, 0] = v[0]
        else:
            h[0] = v * x[1]
        out = (h * h * lib.tensor(weights)).sum()
        out.backward()
        grads = [None if t.grad is None else np.asarray(t.grad.tolist()) for t in (x, v)]
        name = h.grad_fn.name().replace("torch::autograd::", "")  # torch's C++ node
        results.append((np.asarray(h.tolist()), grads, name))
    (h_ours, g_ours, name_ours), (h_theirs, g_theirs, name_theirs) = results
    np.testing.assert_allclose(h_ours, h_theirs)
    for a, b in zip(g_ours, g_theirs):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b)
    assert name_ours == name_theirs


@requires_torch
def test_index_assignment_in_a_graph_is_differentiable_twice():
    x_np, v_np = np.array([0.4, -1.1, 0.9]), np.array([0.3, -0.7])
    second = []
    for lib, grad in ((ag, ag.grad), (torch, torch.autograd.grad)):
        x, v = lib.tensor(x_np, requires_grad=True), lib.tensor(v_np, requires_grad=True)
        h = x * 1.0
        h[1:] = v * v * x[:2]
        (gx,) = grad((h * h * x).sum(), x, create_graph=True)
        second.append([np.asarray(g.tolist()) for g in grad(gx.sum(), [x, v])])
    for ours, theirs in zip(*second):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert ag.gradcheck(
        lambda x, v: _assigned(x, v),
        [ag.tensor(x_np, requires_grad=True), ag.tensor(v_np, requires_grad=True)],
    )


def _assigned(x, v):
    h = x * 1.0
    h[1:] = v * v * x[:2]
    return (h * h * x).sum()


@requires_torch
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("dim", [0, -1])
def test_argsort_ties_and_nan_match_torch(descending, dim):
    data = np.array([[3.0, 1.0, np.nan, 1.0], [2.0, 2.0, -1.0, 5.0]])
    ours = ag.tensor(data).argsort(dim, descending)
    theirs = torch.tensor(data).argsort(stable=True, dim=dim, descending=descending)
    assert_close(ours, theirs)
    assert ours.dtype == np.int64


@requires_torch
@pytest.mark.parametrize("value", [0.0, 3.0])
def test_nonzero_0d_and_as_tuple_match_torch(value):
    for data in (np.array(value), np.array([[0.0, 1.0], [2.0, 0.0]])):
        assert_close(ag.tensor(data).nonzero(), torch.tensor(data).nonzero())
        ours = ag.tensor(data).nonzero(as_tuple=True)
        theirs = torch.tensor(data).nonzero(as_tuple=True)
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_close(a, b)
            assert a.dtype == np.int64


def test_index_select_and_masked_select_0d():
    x = ag.tensor(2.0, requires_grad=True)
    out = x.index_select(0, ag.tensor([0]))
    assert out.shape == () and out.item() == 2.0
    assert x.masked_select(ag.tensor(True)).tolist() == [2.0]
    assert x.masked_select(ag.tensor(False)).shape == (0,)


def test_tensor_where_method():
    x = ag.tensor([1.0, -2.0, 3.0], requires_grad=True)
    out = x.where(x > 0, ag.tensor(0.0))
    assert out.tolist() == [1.0, 0.0, 3.0]
    out.sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 1.0]
    assert x.where(ag.tensor([False, True, True]), 9.0).tolist() == [9.0, -2.0, 3.0]


def _idx(t, values):
    """An int64 index of the caller's library (ours or torch)."""
    if isinstance(t, ag.Tensor):
        return ag.tensor(values, dtype="int64")
    return torch.tensor(values, dtype=torch.int64)


def _mask(t, values):
    if isinstance(t, ag.Tensor):
        return ag.tensor(values)
    return torch.tensor(values)


DIFFERENTIABLE = {  # name: (input shape, the same function of ours and of torch)
    "index_select_repeats": ((4, 3), lambda t: t.index_select(0, _idx(t, [3, 0, 3, 3]))),
    "index_select_neg_dim": ((2, 5), lambda t: t.index_select(-1, _idx(t, [4, 1]))),
    "index_select_empty": ((2, 3), lambda t: t.index_select(1, _idx(t, []))),
    "masked_select": ((3, 4), lambda t: t.masked_select(t > 0)),
    "masked_select_bcast": ((3, 1), lambda t: t.masked_select(_mask(t, [[True, False]]))),
    "masked_select_empty": ((2, 3), lambda t: t.masked_select(t > 100)),
    "select": ((3, 4), lambda t: t.select(1, -1)),
    "select_0": ((3, 4), lambda t: t.select(0, 2)),
}


@requires_torch
@pytest.mark.parametrize("name", list(DIFFERENTIABLE))
def test_differentiable_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_op(fn, fn, [shape])


@requires_torch
@pytest.mark.parametrize("name", ["index_select_repeats", "masked_select"])
def test_higher_order_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_higher_order(fn, fn, [shape], order=2)


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "float32"])
@pytest.mark.parametrize(
    "fn",
    [
        lambda t: t.select(0, 1),
        lambda t: t.index_select(1, _idx(t, [2, 0])),
        lambda t: t.argsort(),
        lambda t: t.nonzero(),
    ],
)
def test_values_and_dtypes_match_torch(fn, dtype):
    data = (np.arange(9).reshape(3, 3) % 4 - 1).astype(dtype)
    ours, theirs = fn(ag.tensor(data)), fn(torch.tensor(data))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert_close(ours, theirs)


@pytest.mark.parametrize(
    "fn, exc, pattern",
    [
        (lambda x: x.index_select(0, ag.tensor([2])), IndexError, "index 2 is out of range"),
        (lambda x: x.index_select(0, ag.tensor([-1])), IndexError, "index -1 is out of range"),
        (lambda x: x.index_select(0, ag.tensor([[0]])), IndexError, "vector"),
        (lambda x: x.index_select(0, ag.tensor([0.0])), RuntimeError, "integer index"),
        (lambda x: x.masked_select(ag.ones(2, 3)), RuntimeError, "bool mask"),
        (lambda x: x.masked_select(ag.tensor([True, False])), RuntimeError, r"\(2, 3\).*\(2,\)"),
        (lambda x: x.select(1, 3), IndexError, r"index 3 out of range.*\(2, 3\)"),
        (lambda x: ag.tensor(1.0).select(0, 0), IndexError, "0-dim"),
        (lambda x: x.argsort(2), IndexError, "dim 2 is out of range"),
    ],
)
def test_errors_name_the_values(fn, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(ag.arange(6.0).reshape(2, 3))


@requires_torch
def test_gather_second_derivative():
    idx = np.array([[0, 0, 2], [1, 2, 2]])
    check_higher_order(
        lambda x: x.gather(1, idx) ** 3,
        lambda x: x.gather(1, torch.tensor(idx)) ** 3,
        shapes=[(2, 3)],
        order=2,
    )


@requires_torch
@pytest.mark.parametrize(
    "fn",
    [
        lambda x: x.masked_fill(x > 1, 0.0),
    ],
    ids=[
        "masked_fill",
    ],
)
def test_float32_in_float32_out_with_float32_grads(fn):
    x = ag.tensor(positive([(2, 3)])[0].astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32

"""Shape ops and indexing against PyTorch in float64."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import check_op, make_inputs, requires_torch, torch

pytestmark = requires_torch


@pytest.mark.parametrize(
    "shape, new",
    [
        ((2, 3), (3, 2)),
        ((2, 3), (-1,)),
        ((6,), (2, -1)),
        ((), (1, 1)),
        ((1,), ()),
        ((0, 3), (3, 0)),
        ((2, 3, 4), (4, 6)),
    ],
    ids=str,
)
def test_reshape_and_view(shape, new):
    check_op(lambda x: x.reshape(*new), lambda x: x.reshape(new), shapes=[shape])
    check_op(lambda x: x.reshape(new), lambda x: x.reshape(new), shapes=[shape])
    check_op(lambda x: x.view(*new), lambda x: x.reshape(new), shapes=[shape])
    check_op(lambda x: ag.reshape(x, new), lambda x: torch.reshape(x, new), shapes=[shape])


@pytest.mark.parametrize(
    "shape, d0, d1",
    [((2, 3), 0, 1), ((2, 3, 4), 0, 2), ((2, 3, 4), -1, 1), ((3,), 0, 0), ((2, 3), 1, 1)],
    ids=str,
)
def test_transpose(shape, d0, d1):
    check_op(lambda x: x.transpose(d0, d1), lambda x: x.transpose(d0, d1), shapes=[shape])
    check_op(lambda x: ag.swapaxes(x, d0, d1), lambda x: torch.swapaxes(x, d0, d1), shapes=[shape])


@pytest.mark.parametrize(
    "shape, dims",
    [((2, 3, 4), (2, 0, 1)), ((2, 3), (1, 0)), ((2, 3, 4), (-1, 0, 1)), ((), ()), ((0, 2), (1, 0))],
    ids=str,
)
def test_permute(shape, dims):
    check_op(lambda x: x.permute(*dims), lambda x: x.permute(dims), shapes=[shape])
    check_op(lambda x: x.permute(dims), lambda x: x.permute(dims), shapes=[shape])


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4)], ids=str)
def test_T(shape):
    check_op(lambda x: x.T, lambda x: x.permute(tuple(reversed(range(x.ndim)))), shapes=[shape])


@pytest.mark.parametrize(
    "shape, start, end",
    [
        ((2, 3, 4), 0, -1),
        ((2, 3, 4), 1, -1),
        ((2, 3, 4), 0, 1),
        ((), 0, -1),
        ((3,), 0, 0),
        ((2, 0, 3), 1, 2),
    ],
    ids=str,
)
def test_flatten(shape, start, end):
    check_op(lambda x: x.flatten(start, end), lambda x: x.flatten(start, end), shapes=[shape])
    check_op(
        lambda x: ag.flatten(x, start, end), lambda x: torch.flatten(x, start, end), shapes=[shape]
    )


@pytest.mark.parametrize(
    "shape, dim",
    [
        ((1, 3, 1), None),
        ((1, 3, 1), 0),
        ((1, 3, 1), -1),
        ((1, 3, 1), 1),
        ((), None),
        ((1,), 0),
        ((2, 1, 0), 1),
    ],
    ids=str,
)
def test_squeeze(shape, dim):
    if dim is None:
        check_op(lambda x: x.squeeze(), lambda x: x.squeeze(), shapes=[shape])
    else:
        check_op(lambda x: x.squeeze(dim), lambda x: x.squeeze(dim), shapes=[shape])


@pytest.mark.parametrize(
    "shape, dim", [((3,), 0), ((3,), 1), ((3,), -1), ((), 0), ((2, 3), -2)], ids=str
)
def test_unsqueeze(shape, dim):
    check_op(lambda x: x.unsqueeze(dim), lambda x: x.unsqueeze(dim), shapes=[shape])
    check_op(lambda x: ag.unsqueeze(x, dim), lambda x: torch.unsqueeze(x, dim), shapes=[shape])


@pytest.mark.parametrize(
    "shape, target",
    [
        ((3, 1), (3, 4)),
        ((3,), (2, 3)),
        ((1,), (2, 2)),
        ((), (2, 3)),
        ((3, 1), (-1, 4)),
        ((1, 1), (2, 0)),
    ],
    ids=str,
)
def test_expand(shape, target):
    check_op(lambda x: x.expand(*target), lambda x: x.expand(*target), shapes=[shape])
    check_op(
        lambda x: ag.broadcast_to(x, target) if -1 not in target else x.expand(target),
        lambda x: x.expand(target),
        shapes=[shape],
    )


def test_expand_as_view_as_reshape_as():
    a, b = make_inputs([(3, 1), (3, 4)])
    check_op(lambda x, y: x.expand_as(y) * y, lambda x, y: x.expand_as(y) * y, inputs=[a, b])
    check_op(
        lambda x, y: x.reshape(4, 3).view_as(y) + y.reshape_as(y),
        lambda x, y: x.reshape(4, 3).view_as(y) + y.reshape_as(y),
        inputs=make_inputs([(3, 4), (3, 4)]),
    )


@pytest.mark.parametrize(
    "shape, sizes",
    [((2,), (3,)), ((2, 3), (2, 1)), ((2,), (2, 3)), ((), (3,)), ((2, 1), (1, 1, 2))],
    ids=str,
)
def test_repeat(shape, sizes):
    check_op(lambda x: x.repeat(*sizes), lambda x: x.repeat(*sizes), shapes=[shape])


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


@pytest.mark.parametrize("name", list(INDICES))
def test_getitem(name):
    shape = (3, 4)
    index = _index(name, shape)
    check_op(lambda x: x[index], lambda x: x[_torch_index(index)], shapes=[shape])


def test_getitem_negative_step_matches_flip():
    check_op(lambda x: x[:, ::-1], lambda x: x.flip(-1), shapes=[(3, 4)])
    check_op(lambda x: x[::-2], lambda x: x.flip(0)[::2], shapes=[(5,)])


def test_getitem_with_tensor_indices():
    idx = ag.tensor([2, 0, 2])
    mask = ag.tensor([True, False, True])
    check_op(lambda x: x[idx], lambda x: x[torch.tensor([2, 0, 2])], shapes=[(3, 2)])
    check_op(lambda x: x[mask], lambda x: x[torch.tensor([True, False, True])], shapes=[(3, 2)])
    check_op(lambda x: x[x > 0], lambda x: x[x > 0], shapes=[(3, 4)])


def test_getitem_of_0d_and_repeated_indices_accumulate():
    check_op(lambda x: x[None], lambda x: x[None], shapes=[()])
    check_op(lambda x: x[...], lambda x: x[...], shapes=[()])
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[1, 1, 1, 2]].sum().backward()
    np.testing.assert_array_equal(x.grad._data, [0.0, 3.0, 1.0])


def test_getitem_rejects_float_indices():
    with pytest.raises(IndexError, match="must be long or bool"):
        ag.zeros(3)[ag.tensor([0.0, 1.0])]


def test_iteration_and_len_go_through_getitem():
    x = ag.tensor(make_inputs([(3, 2)])[0], requires_grad=True)
    rows = list(x)
    assert len(x) == 3 and [r.shape for r in rows] == [(2,)] * 3
    (rows[0] * 2 + rows[2]).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [[2, 2], [0, 0], [1, 1]])


@pytest.mark.parametrize(
    "shapes, dim",
    [
        (((2, 3), (4, 3)), 0),
        (((2, 3), (2, 1), (2, 2)), 1),
        (((2, 3), (2, 3)), -1),
        (((3,), (0,)), 0),
        (((2, 0), (2, 3)), 1),
    ],
    ids=str,
)
def test_cat(shapes, dim):
    check_op(
        lambda *xs: ag.cat(list(xs), dim), lambda *xs: torch.cat(list(xs), dim), shapes=list(shapes)
    )
    check_op(
        lambda *xs: ag.concatenate(xs, dim=dim),
        lambda *xs: torch.cat(xs, dim=dim),
        shapes=list(shapes),
    )


def test_cat_where_one_input_does_not_require_grad():
    a = ag.tensor(np.ones((2, 2)), requires_grad=True)
    out = ag.cat([a, ag.zeros(1, 2, dtype="float64")])
    out.sum().backward()
    np.testing.assert_array_equal(a.grad._data, np.ones((2, 2)))


@pytest.mark.parametrize(
    "shape, n, dim",
    [((2, 3), 3, 0), ((2, 3), 2, 1), ((2, 3), 2, -1), ((), 3, 0), ((0,), 2, 1)],
    ids=str,
)
def test_stack(shape, n, dim):
    check_op(lambda *xs: ag.stack(xs, dim), lambda *xs: torch.stack(xs, dim), shapes=[shape] * n)


def test_cat_stack_errors_name_the_shapes():
    with pytest.raises(
        RuntimeError,
        match=r"tensor 0 has shape \(2, 3\) and tensor 1 has shape "
        r"\(2, 4\)",
    ):
        ag.cat([ag.zeros(2, 3), ag.zeros(2, 4)])
    with pytest.raises(RuntimeError, match=r"\(2, 3\) at entry 0 and \(3, 2\) at entry 1"):
        ag.stack([ag.zeros(2, 3), ag.zeros(3, 2)])
    with pytest.raises(ValueError, match="non-empty list"):  # torch.cat([]) raises ValueError
        ag.cat([])


def test_shape_errors():
    with pytest.raises(
        RuntimeError,
        match=r"shape \(4, 2\) is invalid for input of shape "
        r"\(2, 3\)",
    ):
        ag.zeros(2, 3).reshape(4, 2)
    with pytest.raises(RuntimeError, match=r"permute: dims \(0, 0\)"):
        ag.zeros(2, 3).permute(0, 0)
    with pytest.raises(
        RuntimeError,
        match=r"expanded size of the tensor \(4\) must match the "
        r"existing size \(3\)",
    ):
        ag.zeros(3).expand(2, 4)
    with pytest.raises(IndexError, match=r"dim 3 is out of range"):
        ag.zeros(2, 3).unsqueeze(3)
    with pytest.raises(RuntimeError, match="number of repeat dims"):
        ag.zeros(2, 3).repeat(2)


def test_reshape_shares_memory_like_a_view():
    x = ag.zeros(2, 3)
    v = x.view(6)
    x._data[0, 0] = 5.0
    assert v._data[0] == 5.0


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda x: ag.transpose(x, 0, 2), lambda x: torch.transpose(x, 0, 2)),
        (lambda x: ag.permute(x, (1, 2, 0)), lambda x: torch.permute(x, (1, 2, 0))),
        (lambda x: ag.squeeze(x[:1], 0), lambda x: torch.squeeze(x[:1], 0)),
        (lambda x: ag.expand(x[:, :1], 5, 2, 3, 4), lambda x: x[:, :1].expand(5, 2, 3, 4)),
        (lambda x: ag.repeat(x, 1, 2, 1), lambda x: x.repeat(1, 2, 1)),
        (lambda x: ag.view(x, 6, 4), lambda x: x.view(6, 4)),
        (lambda x: ag.getitem(x, (0, slice(1, 3))), lambda x: x[0, 1:3]),
        (lambda x: x.swapaxes(0, 1), lambda x: x.swapaxes(0, 1)),
        (lambda x: ag.flatten(x), lambda x: torch.flatten(x)),
    ],
    ids=[
        "transpose",
        "permute",
        "squeeze",
        "expand",
        "repeat",
        "view",
        "getitem",
        "swapaxes",
        "flatten",
    ],
)
def test_function_forms(ours, theirs):
    check_op(ours, theirs, shapes=[(2, 3, 4)])


@requires_torch
@pytest.mark.parametrize(
    "op",
    [
        lambda t: t.view(2, 3),
        lambda t: t.reshape(2, 3),
        lambda t: t.squeeze(),
        lambda t: t.expand(2, 3),
        lambda t: t.transpose(1, 1),
        lambda t: t.permute(0, 1),
    ],
)
def test_a_shape_op_that_keeps_the_shape_still_makes_a_new_non_leaf(op):
    x = ag.ones(2, 3, requires_grad=True)
    tx = torch.ones(2, 3, requires_grad=True)
    y, ty = op(x), op(tx)
    assert y is not x and ty is not tx
    assert (y.is_leaf, y.grad_fn is None) == (ty.is_leaf, ty.grad_fn is None) == (False, False)
    with pytest.raises(RuntimeError):
        ty.requires_grad_(False)
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad_(False)
    assert x.requires_grad
    (y * 2).sum().backward()
    (ty * 2).sum().backward()
    np.testing.assert_array_equal(x.grad._data, tx.grad.numpy())


@requires_torch
def test_flatten_of_a_single_dim_returns_the_input_itself_as_in_torch():
    x, tx = ag.ones(2, 3, requires_grad=True), torch.ones(2, 3, requires_grad=True)
    assert x.flatten(1) is x and tx.flatten(1) is tx


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

"""split/chunk/unbind/gather/sort/topk, mm/bmm/dot/outer, factories and F.pad against
PyTorch in float64."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import assert_close, check_op, make_inputs, requires_torch, torch

pytestmark = requires_torch


def _cat_flat(outs):
    """Several outputs as one differentiable tensor (for check_op)."""
    return (
        ag.cat([o.reshape(-1) for o in outs])
        if isinstance(outs[0], ag.Tensor)
        else torch.cat([o.reshape(-1) for o in outs])
    )


# -- split, chunk, unbind ---------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, size, dim",
    [
        ((5,), 2, 0),
        ((5, 3), 2, 0),
        ((2, 7), 3, -1),
        ((4, 6), 6, 1),
        ((4, 6), 10, 1),
        ((3, 4), [1, 3], 1),
        ((5,), [0, 5, 0], 0),
        ((0, 2), 2, 0),
        ((6, 2), [2, 2, 2], -2),
    ],
    ids=str,
)
def test_split(shape, size, dim):
    x = ag.tensor(make_inputs([shape])[0])
    ours, theirs = x.split(size, dim), torch.tensor(x._data).split(size, dim)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_close(a, b)
    assert len(ag.split(x, size, dim)) == len(theirs)
    check_op(
        lambda t: _cat_flat(t.split(size, dim)),
        lambda t: _cat_flat(t.split(size, dim)),
        shapes=[shape],
    )


@pytest.mark.parametrize(
    "shape, chunks, dim",
    [
        ((5,), 2, 0),
        ((6,), 4, 0),
        ((7, 3), 3, 0),
        ((2, 5), 5, 1),
        ((2, 5), 9, -1),
        ((0,), 3, 0),
        ((4, 1), 1, 1),
    ],
    ids=str,
)
def test_chunk(shape, chunks, dim):
    x = ag.tensor(make_inputs([shape])[0])
    ours, theirs = x.chunk(chunks, dim), torch.tensor(x._data).chunk(chunks, dim)
    assert [o.shape for o in ours] == [tuple(t.shape) for t in theirs]
    for a, b in zip(ours, theirs):
        assert_close(a, b)
    check_op(
        lambda t: _cat_flat(ag.chunk(t, chunks, dim)),
        lambda t: _cat_flat(torch.chunk(t, chunks, dim)),
        shapes=[shape],
    )


def test_chunk_five_into_two():
    assert [len(c) for c in ag.arange(5).chunk(2)] == [3, 2]


@pytest.mark.parametrize(
    "shape, dim", [((3,), 0), ((2, 3), 1), ((2, 3, 4), -1), ((2, 3), -2)], ids=str
)
def test_unbind(shape, dim):
    x = ag.tensor(make_inputs([shape])[0])
    ours, theirs = x.unbind(dim), torch.tensor(x._data).unbind(dim)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_close(a, b)
    check_op(
        lambda t: ag.stack([o * (i + 1) for i, o in enumerate(ag.unbind(t, dim))]),
        lambda t: torch.stack([o * (i + 1) for i, o in enumerate(t.unbind(dim))]),
        shapes=[shape],
    )


def test_split_family_node_names_and_dtype():
    x = ag.ones(5, requires_grad=True)
    assert x.split(2)[0].grad_fn.name() == "SplitBackward0"
    assert x.split([2, 3])[1].grad_fn.name() == "SplitWithSizesBackward0"
    assert x.chunk(2)[0].grad_fn.name() == "SplitBackward0"
    assert x.unbind()[0].grad_fn.name() == "UnbindBackward0"
    assert ag.arange(5).split(2)[0].dtype == np.int64


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda x: x.split(0), RuntimeError, r"split_size.*0.*size 5"),
        (lambda x: x.split(-1), RuntimeError, r"split_size=-1"),
        (lambda x: x.split([2, 2]), RuntimeError, r"sum exactly to 5.*\[2, 2\]"),
        (lambda x: x.split([2, -1, 4]), RuntimeError, r"non-negative.*\[2, -1, 4\]"),
        (lambda x: x.split(2, dim=3), IndexError, r"dim 3 is out of range"),
        (lambda x: x.chunk(0), RuntimeError, r"greater than 0, got: 0"),
        (lambda x: ag.tensor(1.0).unbind(), IndexError, r"no dimensions"),
        (lambda x: ag.tensor(1.0).split(1), RuntimeError, r"at least a 1-dimensional"),
        (lambda x: ag.tensor(1.0).chunk(1), RuntimeError, r"at least a 1-dimensional"),
    ],
)
def test_split_family_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call(ag.arange(5.0))


def test_split_empty_dim_with_size_zero():
    assert [t.shape for t in ag.zeros(0).split(0)] == [(0,)]


# -- gather -----------------------------------------------------------------------------


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


def test_gather_repeated_index_gradient_and_name():
    x = ag.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    out = x.gather(1, ag.tensor([[2, 2, 2, 0]]))
    assert out.grad_fn.name() == "GatherBackward0"
    out.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 3.0]]


def test_gather_int_input_and_0d():
    x = ag.tensor([[1, 2], [3, 4]])
    out = x.gather(0, ag.tensor([[1, 0]]))
    assert out.dtype == np.int64 and out.tolist() == [[3, 2]]
    assert_close(
        ag.tensor(3.0).gather(0, ag.tensor(0)), torch.tensor(3.0).gather(0, torch.tensor(0))
    )


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


# -- sort, topk -------------------------------------------------------------------------


def _distinct(shape, seed=0):
    """float64 values without ties, so indices agree with torch's unstable sort."""
    n = int(np.prod(shape))
    return np.random.default_rng(seed).permutation(n).reshape(shape).astype(np.float64) / n


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


@pytest.mark.parametrize("descending", [False, True])
def test_sort_stable_ties_nan_and_bool(descending):
    for data in ([3, 1, 3, 2, 1], [3.0, float("nan"), 1.0, 3.0], [True, False, True]):
        ours = ag.tensor(data).sort(descending=descending, stable=True)
        theirs = torch.tensor(data).sort(descending=descending, stable=True)
        assert_close(ours.values, theirs.values)
        np.testing.assert_array_equal(ours.indices._data, theirs.indices.numpy())
        assert ours.values.dtype == theirs.values.numpy().dtype


def test_sort_result_is_named_tuple():
    x = ag.tensor([2.0, 1.0], requires_grad=True)
    out = x.sort()
    assert out.values is out[0] and out.indices is out[1]
    assert out.values.grad_fn.name() == "SortBackward0"
    assert out.indices.requires_grad is False
    values, indices = ag.tensor(3.0).sort()
    assert values.item() == 3.0 and indices.item() == 0 and indices.dtype == np.int64


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


def test_topk_nan_name_and_errors():
    out = ag.tensor([3.0, float("nan"), 1.0], requires_grad=True).topk(2)
    assert np.isnan(out.values._data[0]) and out.indices.tolist() == [1, 0]
    assert out.values.grad_fn.name() == "TopkBackward0"
    assert ag.tensor(3.0).topk(1).values.item() == 3.0
    for k in (3, -1):
        with pytest.raises(RuntimeError, match=rf"k out of range: k={k}.*size 2"):
            ag.tensor([3.0, 1.0]).topk(k)


# -- mm, bmm, dot, outer ----------------------------------------------------------------


def test_mm_bmm_dot_outer_values_and_grads():
    check_op(ag.mm, torch.mm, shapes=[(3, 4), (4, 2)])
    check_op(ag.mm, torch.mm, shapes=[(0, 4), (4, 2)])
    check_op(ag.bmm, torch.bmm, shapes=[(2, 3, 4), (2, 4, 5)])
    check_op(ag.dot, torch.dot, shapes=[(5,), (5,)])
    check_op(ag.outer, torch.outer, shapes=[(3,), (4,)])


def test_linalg_node_names_and_dtypes():
    a, b = ag.ones(2, 3, requires_grad=True), ag.ones(3, 2)
    assert ag.mm(a, b).grad_fn.name() == "MmBackward0"
    assert (
        ag.bmm(ag.ones(1, 2, 3, requires_grad=True), ag.ones(1, 3, 2)).grad_fn.name()
        == "BmmBackward0"
    )
    assert ag.dot(ag.ones(2, requires_grad=True), ag.ones(2)).grad_fn.name() == "DotBackward0"
    assert ag.outer(ag.ones(2, requires_grad=True), ag.ones(2)).grad_fn.name() == "MulBackward0"
    assert ag.mm(ag.tensor([[1, 2]]), ag.tensor([[3], [4]])).tolist() == [[11]]
    assert ag.outer(ag.ones(2), ag.ones(3, dtype="float64")).dtype == np.float64
    assert ag.dot(ag.tensor([1, 2]), ag.tensor([3, 4])).dtype == np.int64


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ag.mm(ag.zeros(3), ag.zeros(3, 2)), r"mm: self must be a 2-D tensor, got 1-D"),
        (lambda: ag.mm(ag.zeros(2, 3), ag.zeros(3)), r"mat2 must be a 2-D tensor"),
        (lambda: ag.mm(ag.zeros(2, 2, 3), ag.zeros(3, 2)), r"self must be a 2-D tensor, got 3-D"),
        (lambda: ag.mm(ag.zeros(2, 3), ag.zeros(4, 2)), r"cannot be multiplied \(2x3 and 4x2\)"),
        (lambda: ag.mm(ag.zeros(2, 3), ag.zeros(3, 2, dtype="float64")), r"same dtype"),
        (lambda: ag.bmm(ag.zeros(2, 3), ag.zeros(3, 2)), r"batch1 must be a 3-D tensor"),
        (lambda: ag.bmm(ag.zeros(2, 2, 3), ag.zeros(2, 3)), r"batch2 must be a 3-D tensor"),
        (lambda: ag.bmm(ag.zeros(2, 2, 3), ag.zeros(3, 3, 2)), r"\[2, 3\] but got: \[3, 3\]"),
        (lambda: ag.bmm(ag.zeros(2, 2, 3), ag.zeros(2, 4, 2)), r"\[2, 3\] but got: \[2, 4\]"),
        (lambda: ag.dot(ag.zeros(2, 2), ag.zeros(2)), r"dot: self must be a 1-D tensor, got 2-D"),
        (lambda: ag.dot(ag.zeros(3), ag.zeros(2)), r"got 3 and 2 elements"),
        (lambda: ag.dot(ag.zeros(2), ag.zeros(2, dtype="float64")), r"same dtype"),
        (lambda: ag.outer(ag.zeros(2, 2), ag.zeros(2)), r"outer: expected 1-D argument self"),
        (lambda: ag.outer(ag.zeros(2), ag.tensor(1.0)), r"argument vec2, but got 0-D"),
    ],
)
def test_linalg_errors(call, match):
    with pytest.raises(RuntimeError, match=match):
        call()


# -- factories and conversions ----------------------------------------------------------


def test_empty_and_empty_like():
    assert ag.empty(2, 3).shape == (2, 3) and ag.empty(2, 3).dtype == np.float32
    assert ag.empty((2,), dtype="int64").dtype == np.int64
    assert ag.empty(2, requires_grad=True).requires_grad
    assert ag.empty_like(ag.ones(2, dtype="float64")).dtype == np.float64


@pytest.mark.parametrize(
    "dtype", ["float16", "float32", "float64", "int32", "int64", "uint8", "bool", "complex64"]
)
def test_from_numpy_shares_memory_and_keeps_dtype(dtype):
    a = np.zeros(3, dtype=dtype)
    t = ag.from_numpy(a)
    assert t.dtype == torch.from_numpy(a).numpy().dtype == a.dtype
    assert np.shares_memory(t._data, a)
    t._data[1] = 1
    assert a[1] == 1


def test_from_numpy_errors():
    with pytest.raises(TypeError, match=r"expected np.ndarray \(got list\)"):
        ag.from_numpy([1, 2])
    with pytest.raises(TypeError, match=r"type object"):
        ag.from_numpy(np.array([object()]))


def test_like_factories():
    x = ag.zeros(2, 3, dtype="float64")
    assert_close(ag.full_like(x, 0.5), torch.full_like(torch.zeros(2, 3, dtype=torch.float64), 0.5))
    assert ag.full_like(x, 0.5).dtype == np.float64
    assert ag.rand_like(x).dtype == np.float64 and ag.rand_like(x).shape == (2, 3)
    assert ag.randn_like(x).dtype == np.float64 and ag.randn_like(x).shape == (2, 3)


@requires_torch
@pytest.mark.parametrize("dtype_name", ["float32", "float64", "int32", "int64"])
def test_new_factories(dtype_name):
    tt = torch.zeros(2, dtype=getattr(torch, dtype_name))
    t = ag.tensor(tt.numpy())
    pairs = [
        (t.new_zeros(2, 3), tt.new_zeros(2, 3)),
        (t.new_zeros((2, 3)), tt.new_zeros((2, 3))),
        (t.new_ones(4), tt.new_ones(4)),
        (t.new_full((2,), 3), tt.new_full((2,), 3)),
        (t.new_tensor([1, 2]), tt.new_tensor([1, 2])),
        (t.new_empty(3), tt.new_zeros(3)),
        (t.new_zeros(2, dtype="float64"), tt.new_zeros(2, dtype=torch.float64)),
        (t.new_tensor([1.5], dtype="float32"), tt.new_tensor([1.5], dtype=torch.float32)),
    ]
    for ours, theirs in pairs:
        assert ours.dtype == theirs.numpy().dtype
        assert_close(ours, theirs)
    assert t.new_full((2,), 1.5).tolist() == tt.new_full((2,), 1.5).tolist()


def test_new_tensor_copies_and_requires_grad():
    src = ag.ones(2, requires_grad=True)
    out = ag.zeros(1).new_tensor(src, requires_grad=True)
    assert out.is_leaf and out.requires_grad and not np.shares_memory(out._data, src._data)
    assert ag.zeros(1).new_ones(2, requires_grad=True).requires_grad


def test_conversions():
    x = ag.tensor([1.5, -2.5], requires_grad=True)
    assert x.half().dtype == np.float16 == torch.tensor([1.5]).half().numpy().dtype
    assert x.int().tolist() == torch.tensor([1.5, -2.5]).int().tolist()
    assert x.int().dtype == np.int32
    assert x.type_as(ag.zeros(1, dtype="float64")).dtype == np.float64
    assert x.type_as(ag.tensor([1])).tolist() == [1, -2]
    y = x.half().type_as(x)
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_clone_node_name_and_gradient():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert y.grad_fn.name() == "CloneBackward0" and "CloneBackward0" in repr(y)
    (y * y).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]
    plain = ag.ones(2)
    copy = plain.clone()
    assert copy.grad_fn is None and not np.shares_memory(copy._data, plain._data)
    check_op(lambda t: t.clone() * 3, lambda t: t.clone() * 3, shapes=[(2, 3)])


# -- nn.functional.pad ------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, pad",
    [
        ((3,), (1, 2)),
        ((2, 3), (1, 1, 2, 0)),
        ((2, 3, 4), (0, 1, 1, 0, 2, 2)),
        ((2, 3), (-1, 2)),
        ((2, 5), (-2, -1, 1, -1)),
        ((3,), ()),
        ((2, 3), (0, 0)),
        ((3,), (-2, -1)),
    ],
    ids=str,
)
@pytest.mark.parametrize("value", [0.0, -1.5])
def test_pad_constant(shape, pad, value):
    check_op(
        lambda x: F.pad(x, pad, value=value),
        lambda x: torch.nn.functional.pad(x, pad, value=value),
        shapes=[shape],
    )


def test_pad_dtype_name_and_default_value():
    out = F.pad(ag.tensor([1, 2]), (1, 1), value=1.5)
    assert out.dtype == np.int64
    assert out.tolist() == torch.nn.functional.pad(torch.tensor([1, 2]), (1, 1), value=1.5).tolist()
    x = ag.ones(2, requires_grad=True)
    y = F.pad(x, [1, 0])
    assert y.grad_fn.name() == "ConstantPadNdBackward0" and y.tolist() == [0.0, 1.0, 1.0]
    assert F.pad(ag.ones(2, dtype="float64"), (1, 1)).dtype == np.float64


@pytest.mark.parametrize(
    "pad, mode, exc, match",
    [
        ((1,), "constant", RuntimeError, r"divisible by 2, got 1"),
        ((1, 1, 1, 1), "constant", RuntimeError, r"padding length 4 and input of dimension 1"),
        ((-2, -2), "constant", RuntimeError, r"negative output size.*dimension 0"),
        ((-5, 4), "constant", RuntimeError, r"crops more than the 3 entries"),
        ((1, 1), "reflect", NotImplementedError, r"'reflect' is not implemented"),
        ((1, 1), "foo", NotImplementedError, r"Unrecognised padding mode foo"),
    ],
)
def test_pad_errors(pad, mode, exc, match):
    with pytest.raises(exc, match=match):
        F.pad(ag.zeros(3), pad, mode=mode)


def test_second_derivatives():
    from tests.helpers import check_higher_order

    idx = np.array([[0, 0, 2], [1, 2, 2]])
    check_higher_order(
        lambda x: x.gather(1, idx) ** 3,
        lambda x: x.gather(1, torch.tensor(idx)) ** 3,
        shapes=[(2, 3)],
        order=2,
    )
    check_higher_order(
        lambda x: F.pad(x, (1, -1)) ** 2,
        lambda x: torch.nn.functional.pad(x, (1, -1)) ** 2,
        shapes=[(2, 3)],
        order=2,
    )
    check_higher_order(
        lambda x: _cat_flat(x.split(2, 1)) ** 2,
        lambda x: _cat_flat(x.split(2, 1)) ** 2,
        shapes=[(2, 3)],
        order=2,
    )
    check_higher_order(
        lambda a, b: ag.bmm(a, b) ** 2,
        lambda a, b: torch.bmm(a, b) ** 2,
        shapes=[(2, 2, 3), (2, 3, 2)],
        order=2,
    )

"""flip/roll/tril/triu/diag/trace/tile/narrow/movedim/select/repeat_interleave,
index_select/masked_select, argsort/nonzero/count_nonzero, equal/isclose/allclose,
Tensor.where and the CPU compatibility attributes, against torch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_close, check_higher_order, check_op, requires_torch, torch

DIFFERENTIABLE = {
    "flip0": ((3, 4), lambda t: t.flip(0)),
    "flip_neg_multi": ((2, 3, 4), lambda t: t.flip((-1, 0))),
    "flip_empty_dims": ((2, 3), lambda t: t.flip([])),
    "roll_flat": ((3, 4), lambda t: t.roll(5)),
    "roll_dims": ((3, 4), lambda t: t.roll((1, -2), (0, -1))),
    "roll_0d": ((), lambda t: t.roll(1)),
    "tril": ((4, 3), lambda t: t.tril()),
    "tril_pos": ((3, 4), lambda t: t.tril(1)),
    "tril_batched": ((2, 3, 4), lambda t: t.tril(-1)),
    "triu": ((4, 3), lambda t: t.triu()),
    "triu_neg": ((3, 4), lambda t: t.triu(-2)),
    "diag_1d": ((3,), lambda t: t.diag()),
    "diag_1d_pos": ((3,), lambda t: t.diag(2)),
    "diag_1d_neg": ((3,), lambda t: t.diag(-1)),
    "diag_2d": ((3, 4), lambda t: t.diag()),
    "diag_2d_pos": ((3, 4), lambda t: t.diag(2)),
    "diag_2d_neg": ((4, 3), lambda t: t.diag(-2)),
    "diag_2d_out_of_range": ((2, 3), lambda t: t.diag(5)),
    "trace": ((3, 4), lambda t: t.trace()),
    "index_select_repeats": ((4, 3), lambda t: t.index_select(0, _idx(t, [3, 0, 3, 3]))),
    "index_select_neg_dim": ((2, 5), lambda t: t.index_select(-1, _idx(t, [4, 1]))),
    "index_select_empty": ((2, 3), lambda t: t.index_select(1, _idx(t, []))),
    "masked_select": ((3, 4), lambda t: t.masked_select(t > 0)),
    "masked_select_bcast": ((3, 1), lambda t: t.masked_select(_mask(t, [[True, False]]))),
    "masked_select_empty": ((2, 3), lambda t: t.masked_select(t > 100)),
    "repeat_interleave_flat": ((2, 3), lambda t: t.repeat_interleave(2)),
    "repeat_interleave_dim": ((2, 3), lambda t: t.repeat_interleave(3, dim=-1)),
    "repeat_interleave_zero": ((2, 3), lambda t: t.repeat_interleave(0, dim=0)),
    "tile_short": ((2, 3), lambda t: t.tile((2,))),
    "tile_long": ((2, 3), lambda t: t.tile((2, 1, 2))),
    "narrow": ((4, 3), lambda t: t.narrow(0, 1, 2)),
    "narrow_neg_start": ((4, 3), lambda t: t.narrow(-1, -2, 2)),
    "movedim": ((2, 3, 4), lambda t: t.movedim(0, -1)),
    "movedim_multi": ((2, 3, 4, 5), lambda t: t.movedim((0, -1), (2, 0))),
    "select": ((3, 4), lambda t: t.select(1, -1)),
    "select_0": ((3, 4), lambda t: t.select(0, 2)),
}


def _idx(t, values):
    """An int64 index of the caller's library (ours or torch)."""
    if isinstance(t, ag.Tensor):
        return ag.tensor(values, dtype="int64")
    return torch.tensor(values, dtype=torch.int64)


def _mask(t, values):
    if isinstance(t, ag.Tensor):
        return ag.tensor(values)
    return torch.tensor(values)


@requires_torch
@pytest.mark.parametrize("name", list(DIFFERENTIABLE))
def test_differentiable_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_op(fn, fn, [shape])


@requires_torch
@pytest.mark.parametrize(
    "name",
    [
        "flip_neg_multi",
        "roll_dims",
        "tril_pos",
        "diag_1d_pos",
        "diag_2d_neg",
        "index_select_repeats",
        "masked_select",
        "repeat_interleave_dim",
    ],
)
def test_higher_order_matches_torch(name):
    shape, fn = DIFFERENTIABLE[name]
    check_higher_order(fn, fn, [shape], order=2)


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "float32"])
@pytest.mark.parametrize(
    "fn",
    [
        lambda t: t.flip(0),
        lambda t: t.roll(1, 0),
        lambda t: t.tril(),
        lambda t: t.triu(1),
        lambda t: t.diag(),
        lambda t: t[0].diag(-1),
        lambda t: t.tile((2, 1)),
        lambda t: t.narrow(1, 1, 2),
        lambda t: t.movedim(1, 0),
        lambda t: t.select(0, 1),
        lambda t: t.repeat_interleave(2, dim=1),
        lambda t: t.index_select(1, _idx(t, [2, 0])),
        lambda t: t.argsort(),
        lambda t: t.nonzero(),
        lambda t: t.count_nonzero(),
        lambda t: t.count_nonzero(dim=-1),
        lambda t: t.count_nonzero(dim=(0, 1)),
    ],
)
def test_values_and_dtypes_match_torch(fn, dtype):
    data = (np.arange(9).reshape(3, 3) % 4 - 1).astype(dtype)
    ours, theirs = fn(ag.tensor(data)), fn(torch.tensor(data))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert_close(ours, theirs)


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "float32"])
def test_trace_dtype_matches_torch(dtype):
    data = np.arange(6).reshape(2, 3).astype(dtype)
    ours, theirs = ag.tensor(data).trace(), torch.tensor(data).trace()
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert ours.item() == theirs.item()


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


def test_repeat_interleave_with_tensor_repeats():
    x = ag.tensor([[1.0, 2.0]], requires_grad=True)
    out = x.repeat_interleave(ag.tensor([1, 3]), dim=1)
    assert out.tolist() == [[1.0, 2.0, 2.0, 2.0]]
    out.sum().backward()
    assert x.grad.tolist() == [[1.0, 3.0]]


@requires_torch
@pytest.mark.parametrize(
    "a, b, kwargs",
    [
        ([1.0, 2.0, np.inf, np.nan], [1.0 + 1e-6, 2.1, np.inf, np.nan], {}),
        ([1.0, 2.0, np.inf, np.nan], [1.0 + 1e-6, 2.1, np.inf, np.nan], {"equal_nan": True}),
        ([1.0, 2.0], [1.5, 2.1], {"rtol": 0.3}),
        ([1.0, 2.0], [1.5, 2.1], {"atol": 0.2}),
        ([1, 5], [1, 6], {"rtol": 0.5}),
        ([[1.0], [2.0]], [2.0, 1.0], {}),
    ],
)
def test_isclose_allclose_match_torch(a, b, kwargs):
    dtype = "int64" if isinstance(a[0], int) else "float64"
    ta, tb = torch.tensor(np.array(a, dtype)), torch.tensor(np.array(b, dtype))
    x, y = ag.tensor(np.array(a, dtype)), ag.tensor(np.array(b, dtype))
    assert_close(ag.isclose(x, y, **kwargs), torch.isclose(ta, tb, **kwargs))
    assert ag.isclose(x, y, **kwargs).dtype == np.bool_
    assert x.allclose(y, **kwargs) is torch.allclose(ta, tb, **kwargs)


@requires_torch
@pytest.mark.parametrize(
    "a, b",
    [
        ([1, 2], [1, 2]),
        ([1, 2], [1.0, 2.0]),
        ([1, 2], [1, 2, 3]),
        ([1, 2], [[1, 2]]),
        ([np.nan], [np.nan]),
        ([], []),
        ([1.0, 2.0], [1.0, 2.5]),
    ],
)
def test_equal_matches_torch(a, b):
    ours = ag.tensor(a).equal(ag.tensor(b))
    assert type(ours) is bool
    assert ours == torch.equal(torch.tensor(a), torch.tensor(b))


def test_tensor_where_method():
    x = ag.tensor([1.0, -2.0, 3.0], requires_grad=True)
    out = x.where(x > 0, ag.tensor(0.0))
    assert out.tolist() == [1.0, 0.0, 3.0]
    out.sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 1.0]
    assert x.where(ag.tensor([False, True, True]), 9.0).tolist() == [9.0, -2.0, 3.0]


@requires_torch
def test_cpu_compatibility_attributes():
    x = ag.zeros(2, 3, 4)
    assert x.cpu() is x and x.is_contiguous() and x.is_cuda is False
    assert x.device.type == "cpu" and str(x.device) == "cpu"
    assert (x.device == "cpu") == (torch.zeros(1).device == "cpu")  # a device is no string
    assert x.device == ag.device("cpu") and repr(x.device) == "device(type='cpu')"
    t = torch.zeros(2, 3, 4)
    assert x.stride() == t.stride()
    assert x.permute(2, 0, 1).stride() == t.permute(2, 0, 1).stride()
    assert x[:, 1].stride() == t[:, 1].stride()
    assert ag.zeros(3, 1).expand(3, 4).stride() == torch.zeros(3, 1).expand(3, 4).stride()
    assert x.stride(-1) == 1 and ag.tensor(1.0).stride() == ()
    assert x.flip(0).stride() == t.flip(0).stride()
    with pytest.raises(RuntimeError, match="cuda"):
        ag.zeros(1, device=ag.device("cuda"))


@pytest.mark.parametrize(
    "fn, exc, pattern",
    [
        (lambda x: x.flip(0, -2), RuntimeError, r"flip.*\(0, -2\)"),
        (lambda x: x.flip(), TypeError, "dims"),
        (lambda x: x.roll((1, 2), 0), RuntimeError, "shifts and dimensions must align"),
        (lambda x: x.roll(1, 5), IndexError, "dim 5 is out of range"),
        (lambda x: x[0].tril(), RuntimeError, r"tril.*at least 2 dimensions.*\(3,\)"),
        (lambda x: x[0].triu(), RuntimeError, "triu"),
        (lambda x: x.reshape(1, 2, 3).diag(), RuntimeError, r"1-D or 2-D.*\(1, 2, 3\)"),
        (lambda x: x[0].trace(), RuntimeError, "trace: expected a matrix"),
        (lambda x: (x > 0).trace(), NotImplementedError, "Bool"),
        (lambda x: x.index_select(0, ag.tensor([2])), IndexError, "index 2 is out of range"),
        (lambda x: x.index_select(0, ag.tensor([-1])), IndexError, "index -1 is out of range"),
        (lambda x: x.index_select(0, ag.tensor([[0]])), IndexError, "vector"),
        (lambda x: x.index_select(0, ag.tensor([0.0])), RuntimeError, "integer index"),
        (lambda x: x.masked_select(ag.ones(2, 3)), RuntimeError, "bool mask"),
        (lambda x: x.masked_select(ag.tensor([True, False])), RuntimeError, r"\(2, 3\).*\(2,\)"),
        (lambda x: x.repeat_interleave(-1), RuntimeError, "non-negative, got -1"),
        (lambda x: x.repeat_interleave(ag.tensor([1, 2]), dim=1), RuntimeError, "same size"),
        (lambda x: x.tile((-1,)), RuntimeError, "non-negative"),
        (lambda x: x.narrow(0, 2, 1), RuntimeError, r"start \(2\) \+ length \(1\) exceeds"),
        (lambda x: x.narrow(0, 3, 0), IndexError, r"start out of range.*\[-2, 2\]"),
        (lambda x: x.narrow(0, 0, -1), RuntimeError, "non-negative"),
        (lambda x: ag.tensor(1.0).narrow(0, 0, 1), RuntimeError, "0-dim"),
        (lambda x: x.select(1, 3), IndexError, r"index 3 out of range.*\(2, 3\)"),
        (lambda x: ag.tensor(1.0).select(0, 0), IndexError, "0-dim"),
        (lambda x: x.movedim((0, 1), (1,)), RuntimeError, "same number of dims"),
        (lambda x: x.movedim((0, 0), (0, 1)), RuntimeError, "more than once"),
        (lambda x: x.argsort(2), IndexError, "dim 2 is out of range"),
        (lambda x: x.count_nonzero((0, 0)), RuntimeError, "more than once"),
        (lambda x: x.isclose(x.double()), RuntimeError, "float32 did not match float64"),
        (lambda x: x.allclose(x, rtol=-1.0), RuntimeError, "rtol=-1.0"),
        (lambda x: x.isclose(ag.ones(2)), RuntimeError, r"\(2, 3\) and \(2,\)"),
    ],
)
def test_errors_name_the_values(fn, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(ag.arange(6.0).reshape(2, 3))

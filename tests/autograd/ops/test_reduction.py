"""Reductions against PyTorch in float64: sum, mean, var, std, max/min (amax), arg*."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import check_op, make_inputs, requires_torch, torch

pytestmark = requires_torch

# (shape, dim) pairs: None reduces everything; tuples reduce several dims.
CASES = [
    ((), None),
    ((), 0),
    ((3,), None),
    ((3,), 0),
    ((3,), -1),
    ((2, 3), None),
    ((2, 3), 0),
    ((2, 3), 1),
    ((2, 3), -1),
    ((2, 3, 4), (0, 2)),
    ((2, 3, 4), (-1, 1)),
    ((1, 1), None),
    ((2, 1, 3), 1),
    ((0,), None),
    ((2, 0), 1),
    ((0, 3), 1),
]


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", CASES, ids=str)
def test_sum(shape, dim, keepdim):
    if dim is None:
        check_op(lambda x: x.sum(), lambda x: x.sum(), shapes=[shape])
        check_op(
            lambda x: ag.sum(x, None, keepdim),
            lambda x: x.sum(dim=tuple(range(x.ndim)), keepdim=keepdim),
            shapes=[shape],
        )
    else:
        check_op(lambda x: x.sum(dim, keepdim), lambda x: x.sum(dim, keepdim), shapes=[shape])
        check_op(
            lambda x: ag.sum(x, axis=dim, keepdims=keepdim),
            lambda x: x.sum(dim, keepdim),
            shapes=[shape],
        )


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", [c for c in CASES if 0 not in c[0]], ids=str)
def test_mean(shape, dim, keepdim):
    if dim is None:
        check_op(lambda x: x.mean(), lambda x: x.mean(), shapes=[shape])
    else:
        check_op(lambda x: x.mean(dim, keepdim), lambda x: x.mean(dim, keepdim), shapes=[shape])
        check_op(
            lambda x: ag.mean(x, axis=dim, keepdims=keepdim),
            lambda x: x.mean(dim, keepdim),
            shapes=[shape],
        )


def test_mean_of_empty_is_nan_like_torch():
    ours = ag.zeros(0).mean()
    assert ours.shape == () and np.isnan(ours.item())
    assert np.isnan(torch.zeros(0).mean().item())


VAR_CASES = [
    ((5,), None),
    ((3, 4), 0),
    ((3, 4), 1),
    ((3, 4), None),
    ((2, 3, 4), (0, 2)),
    ((2, 3), -1),
]


@pytest.mark.parametrize("fn", ["var", "std"])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", VAR_CASES, ids=str)
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"unbiased": False}, {"unbiased": True}, {"correction": 0}, {"correction": 2}],
    ids=str,
)
def test_var_std(fn, shape, dim, keepdim, kwargs):
    def ours(x):
        return getattr(x, fn)(dim, keepdim=keepdim, **kwargs)

    def theirs(x):
        if dim is None and keepdim:
            return getattr(x, fn)(tuple(range(x.ndim)), keepdim=True, **kwargs)
        return (
            getattr(x, fn)(dim, keepdim=keepdim, **kwargs)
            if dim is not None
            else getattr(x, fn)(**kwargs)
        )

    check_op(ours, theirs, shapes=[shape])
    check_op(
        lambda x: getattr(ag, fn)(x, axis=dim, keepdims=keepdim, **kwargs), theirs, shapes=[shape]
    )


def test_var_positional_unbiased_flag():
    x = make_inputs([(6,)])[0]
    np.testing.assert_allclose(ag.tensor(x).var(False)._data, torch.tensor(x).var(False).numpy())


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_var_of_single_element_is_nan_like_torch():
    with np.errstate(all="ignore"):
        ours = ag.tensor([3.0]).var()
    assert np.isnan(ours.item()) and np.isnan(torch.tensor([3.0]).var().item())


MAX_CASES = [
    ((), None),
    ((4,), None),
    ((4,), 0),
    ((3, 4), 1),
    ((3, 4), 0),
    ((3, 4), -1),
    ((2, 3, 4), (0, 2)),
    ((3, 4), None),
    ((1, 1), 0),
]


@pytest.mark.parametrize("fn", ["max", "min"])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", MAX_CASES, ids=str)
def test_amax_amin_match_torch(fn, shape, dim, keepdim):
    tfn = torch.amax if fn == "max" else torch.amin
    tdim = tuple(range(len(shape))) if dim is None else dim

    check_op(
        lambda x: getattr(x, "a" + fn)(dim, keepdim),
        lambda x: tfn(x, tdim, keepdim),
        shapes=[shape],
    )
    check_op(
        lambda x: getattr(ag, "a" + fn)(x, axis=dim, keepdims=keepdim),
        lambda x: tfn(x, tdim, keepdim),
        shapes=[shape],
    )
    check_op(
        lambda x: getattr(ag, "a" + fn)(x, dim, keepdim),
        lambda x: tfn(x, tdim, keepdim),
        shapes=[shape],
    )


@pytest.mark.parametrize("fn", ["max", "min"])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize(
    "shape, dim",
    [((), 0), ((4,), 0), ((3, 4), 1), ((3, 4), -2), ((2, 3, 4), 1), ((1, 1), 0)],
    ids=str,
)
def test_max_min_along_a_dim_return_values_and_indices_as_torch(fn, shape, dim, keepdim):
    x = make_inputs([shape])[0]
    ours = getattr(ag.tensor(x), fn)(dim, keepdim)
    theirs = getattr(torch.tensor(x), fn)(dim, keepdim)
    assert type(ours).__name__ == ("MaxResult" if fn == "max" else "MinResult")
    values, indices = ours
    assert values is ours.values and indices is ours.indices
    np.testing.assert_array_equal(indices._data, theirs.indices.numpy())
    assert indices.dtype == np.int64
    check_op(
        lambda t: getattr(t, fn)(dim, keepdim).values,
        lambda t: getattr(t, fn)(dim, keepdim).values,
        inputs=[x],
    )
    check_op(
        lambda t: getattr(ag, fn)(t, dim=dim, keepdim=keepdim)[0],
        lambda t: getattr(torch, fn)(t, dim=dim, keepdim=keepdim)[0],
        inputs=[x],
    )


@pytest.mark.parametrize("fn", ["max", "min"])
def test_max_min_of_two_tensors_are_maximum_minimum_as_torch(fn):
    check_op(
        lambda a, b: getattr(ag, fn)(a, b),
        lambda a, b: getattr(torch, fn)(a, b),
        shapes=[(3, 4), (4,)],
    )
    check_op(
        lambda a, b: getattr(a, fn)(b), lambda a, b: getattr(a, fn)(b), shapes=[(2, 3), (2, 3)]
    )


def test_max_along_several_dims_points_to_amax():
    with pytest.raises(TypeError, match=r"max\(\): argument 'dim' must be int.*use amax"):
        ag.zeros(2, 3).max(dim=(0, 1))
    with pytest.raises(IndexError, match=r"dim 1 of size 0 \(tensor of shape \(2, 0\)\)"):
        ag.zeros(2, 0).min(1)


@pytest.mark.parametrize("fn", ["max", "min"])
@pytest.mark.parametrize("dim", [None, 0, 1])
def test_max_min_ties_split_gradient_evenly(fn, dim):
    x = np.array([[1.0, 3.0, 3.0], [3.0, 0.0, 3.0], [-1.0, -1.0, -1.0]])
    tfn = torch.amax if fn == "max" else torch.amin
    tdim = (0, 1) if dim is None else dim
    check_op(
        lambda t: getattr(t, "a" + fn)(dim), lambda t: tfn(t, tdim), inputs=[x], gradcheck=False
    )
    if dim is None:  # the whole-tensor max/min splits ties as amax/amin do, in torch too
        check_op(
            lambda t: getattr(t, fn)(), lambda t: getattr(t, fn)(), inputs=[x], gradcheck=False
        )
    else:  # along a dim the gradient goes to the first extreme element only, as in torch
        check_op(
            lambda t: getattr(t, fn)(dim).values,
            lambda t: getattr(t, fn)(dim).values,
            inputs=[x],
            gradcheck=False,
        )


def test_full_max_without_dim_matches_torch_max():
    x = np.array([[1.0, 4.0], [4.0, 2.0]])
    check_op(lambda t: t.max(), lambda t: torch.amax(t), inputs=[x], gradcheck=False)


def test_max_of_empty_raises():
    with pytest.raises(RuntimeError, match=r"empty tensor of shape \(0, 3\)"):
        ag.zeros(0, 3).max()


@pytest.mark.parametrize("fn", ["argmax", "argmin"])
@pytest.mark.parametrize(
    "dim, keepdim", [(None, False), (0, False), (1, True), (-1, False), (None, True)]
)
def test_argmax_argmin(fn, dim, keepdim):
    x = make_inputs([(4, 5)])[0]
    x[1, 2] = x[3, 2] = 9.0  # ties: first index wins in both libraries
    xt = ag.tensor(x, requires_grad=True)
    ours = getattr(xt, fn)(dim, keepdim)
    theirs = (
        getattr(torch.tensor(x), fn)(dim, keepdim)
        if dim is not None
        else getattr(torch.tensor(x), fn)(keepdim=keepdim)
    )
    assert ours.dtype == np.int64 and not ours.requires_grad
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_array_equal(ours._data, theirs.numpy())
    np.testing.assert_array_equal(
        getattr(ag, fn)(xt, axis=dim, keepdims=keepdim)._data, theirs.numpy()
    )


def test_sum_of_integers_is_int64_and_dtype_argument():
    assert ag.tensor([1, 2, 3], dtype="int32").sum().dtype == np.int64
    assert ag.tensor([True, True]).sum().item() == 2
    assert ag.tensor([1, 2]).sum(dtype="float64").dtype == np.float64


def test_mean_of_integers_raises_like_torch():
    with pytest.raises(RuntimeError, match="Input dtype must be floating point"):
        ag.tensor([1, 2]).mean()


def test_float32_reductions_stay_float32():
    x = ag.randn(3, 4, requires_grad=True)
    for y in (x.sum(), x.mean(1), x.var(0), x.std(), x.max(1).values, x.min()):
        assert y.dtype == np.float32
        y.sum().backward()
        assert x.grad.dtype == np.float32


def test_all_any():
    x = ag.tensor([[True, False], [True, True]])
    np.testing.assert_array_equal(x.all(dim=1)._data, [False, True])
    np.testing.assert_array_equal(x.any(dim=0)._data, [True, True])
    assert bool(x.any()) and not bool(x.all())


def test_reduce_dim_out_of_range_names_the_dim():
    with pytest.raises(IndexError, match=r"dim 2 is out of range.*2 dims"):
        ag.zeros(2, 3).sum(2)
    with pytest.raises(TypeError, match="either dim or axis"):
        ag.zeros(2, 3).sum(0, axis=1)


@pytest.mark.parametrize("dim", [0, None])
def test_std_of_constant_values_has_zero_gradient_like_torch(dim):
    from tests.helpers import check_higher_order

    x = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, -1.0]])
    if dim is None:
        x = np.full((2, 3), 0.5)
    check_op(
        lambda t: t.std(dim),
        lambda t: t.std(dim) if dim is not None else t.std(),
        inputs=[x],
        gradcheck=False,
    )
    check_higher_order(
        lambda t: t.std(dim) * 2,
        lambda t: t.std(dim) * 2 if dim is not None else t.std() * 2,
        inputs=[x],
    )


@requires_torch
@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "amax", "amin"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_an_empty_dim_tuple_reduces_every_dim_as_in_torch(name, keepdim):
    data = np.arange(6.0).reshape(2, 3)
    ours = getattr(ag, name)(ag.tensor(data), dim=(), keepdim=keepdim)
    theirs = getattr(torch, name)(torch.tensor(data), dim=(), keepdim=keepdim)
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-12)


@pytest.mark.parametrize("fn", ["max", "min"])
def test_max_min_along_a_dim_with_nan_pick_the_nan_as_torch(fn):
    x = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 5.0]])
    ours, theirs = getattr(ag.tensor(x), fn)(1), getattr(torch.tensor(x), fn)(1)
    np.testing.assert_array_equal(ours.values._data, theirs.values.numpy())
    np.testing.assert_array_equal(ours.indices._data, theirs.indices.numpy())
    check_op(
        lambda t: getattr(t, fn)(1).values,
        lambda t: getattr(t, fn)(1).values,
        inputs=[x],
        gradcheck=False,
    )

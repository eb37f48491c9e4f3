"""Reductions against torch in float64: sum mean var std max min amax amin argmax argmin all any
prod cumsum logsumexp norm count_nonzero.

Values and gradients (ties, zeros, NaN), keepdim and dim forms, result dtypes for integer,
bool and float16 input (float16 accumulates in float32), empty inputs, and errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_close,
    away_from_zero,
    check_higher_order,
    check_op,
    make_inputs,
    positive,
    raises_like_torch,
    requires_torch,
    torch,
)


@requires_torch
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # 0/0 -> NaN, as torch
def test_max_min_gradient_with_nan_like_torch():
    """Whole-tensor max()/min() give the gradient to the NaN; amax/amin with a dim
    give NaN gradients along the reduced row, as torch does."""
    data = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 5.0]])
    for name in ("max", "min"):
        for kwargs in ({}, {"dim": 1}):
            x, xt = ag.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
            out = getattr(x, "a" + name if kwargs else name)(**kwargs)
            outt = getattr(torch, "a" + name)(xt, **kwargs) if kwargs else getattr(xt, name)()
            out.sum().backward()
            outt.sum().backward()
            assert_close(out, outt, what=f"{name} {kwargs}")
            assert_close(x.grad, xt.grad, what=f"{name} {kwargs} grad")


@requires_torch
def test_amax_amin_accept_axis_keepdims():
    data = np.arange(6.0).reshape(2, 3)
    assert_close(
        ag.tensor(data).amax(axis=0, keepdims=True), torch.tensor(data).amax(dim=0, keepdim=True)
    )
    assert_close(ag.tensor(data).amin(axis=-1), torch.tensor(data).amin(dim=-1))


@requires_torch
def test_empty_reductions_raise_like_torch():
    e = np.zeros((0, 3))
    for name in ("max", "min"):
        raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(dim=0),
            lambda: getattr(torch, "a" + name)(torch.tensor(e), dim=0),
        )
        raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(), lambda: getattr(torch.tensor(e), name)()
        )
    for name in ("argmax", "argmin"):
        raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(), lambda: getattr(torch.tensor(e), name)()
        )
        raises_like_torch(
            lambda: getattr(ag.tensor(e), name)(dim=0),
            lambda: getattr(torch.tensor(e), name)(dim=0),
        )
        for kwargs in ({"dim": 1}, {"dim": -1, "keepdim": True}):
            ours = getattr(ag.tensor(e), name)(**kwargs)
            theirs = getattr(torch.tensor(e), name)(**kwargs)
            assert ours.dtype == np.int64
            assert_close(ours, theirs)


@requires_torch
def test_argmax_argmin_refuse_tuple_dims_and_bool_like_torch():
    x = np.arange(6.0).reshape(2, 3)
    for name in ("argmax", "argmin"):
        raises_like_torch(
            lambda: getattr(ag.tensor(x), name)(dim=(0, 1)),
            lambda: getattr(torch.tensor(x), name)(dim=(0, 1)),
        )
        raises_like_torch(
            lambda: getattr(ag.tensor([True, False]), name)(),
            lambda: getattr(torch.tensor([True, False]), name)(),
        )


@requires_torch
@pytest.mark.parametrize("name", ["max", "min"])
def test_whole_max_min_backward_selects_like_torch(name):
    data = np.array([[1.0, 5.0], [5.0, -3.0]])  # a tie at the max; -3 is the unique min
    for upstream in (np.inf, np.nan, 3.0):
        grads = []
        for lib in (ag, torch):
            x = lib.tensor(data, requires_grad=True)
            getattr(x, name)().backward(lib.tensor(upstream, dtype=x.dtype))
            grads.append(x.grad)
        np.testing.assert_array_equal(grads[0]._data, grads[1].numpy())


@requires_torch
def test_whole_max_second_derivative_like_torch():
    data = np.array([[1.0, 5.0], [5.0, -3.0]])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        grad = ag.grad if lib is ag else torch.autograd.grad
        (g,) = grad(x.max() ** 3, x, create_graph=True)
        (gg,) = grad((g * x).sum(), x)
        results.append((g, gg))
    assert_close(results[0][0], results[1][0])
    assert_close(results[0][1], results[1][1])


def test_issue_repros_no_longer_overflow():
    assert ag.tensor(np.full(4096, 30.0, np.float16)).mean().item() == 30.0
    assert ag.tensor(np.arange(300.0).astype(np.float16)).var().item() == 7524.0
    assert ag.tensor(np.arange(300.0).astype(np.float16)).std().item() == 86.75


def test_results_stay_float16():
    x = ag.tensor(np.ones((3, 4), np.float16), requires_grad=True)
    for out in (x.mean(), x.var(1), x.std(0), x.norm(), x.sum(0), x.cumsum(1), x.prod(1)):
        assert out.dtype == np.float16


def _pair(arr):
    return ag.tensor(arr, requires_grad=True), torch.tensor(arr, requires_grad=True)


FLOAT16_CASES = [  # (name, method, kwargs, values)
    ("mean of 4096 x 30", "mean", {}, lambda r: np.full(4096, 30.0, np.float16)),
    (
        "mean over dim 0 of large rows",
        "mean",
        {"dim": 0},
        lambda r: np.full((4096, 3), 30.0, np.float16),
    ),
    ("var of arange(300)", "var", {}, lambda r: np.arange(300.0).astype(np.float16)),
    ("var over dim 1", "var", {"dim": 1}, lambda r: r.uniform(-3, 3, (64, 32))),
    ("std of arange(300)", "std", {}, lambda r: np.arange(300.0).astype(np.float16)),
    ("std unbiased=False", "std", {"unbiased": False}, lambda r: r.uniform(-3, 3, (50,))),
    ("norm of 4096 x 30", "norm", {}, lambda r: np.full(4096, 30.0, np.float16)),
    ("norm over dim 1", "norm", {"dim": 1}, lambda r: r.uniform(-3, 3, (64, 32))),
    ("sum over dim 0 (strided)", "sum", {"dim": 0}, lambda r: r.uniform(0.9, 1.1, (2048, 3))),
    ("cumsum", "cumsum", {"dim": 0}, lambda r: r.uniform(0.9, 1.1, (200,))),
    ("cumsum over rows", "cumsum", {"dim": 1}, lambda r: r.uniform(0.9, 1.1, (3, 500))),
]


@requires_torch
@pytest.mark.parametrize(
    "name, method, kwargs, make", FLOAT16_CASES, ids=[c[0] for c in FLOAT16_CASES]
)
def test_float16_reduction_matches_torch(name, method, kwargs, make):
    arr = np.asarray(make(np.random.default_rng(0)), dtype=np.float16)
    ours, theirs = _pair(arr)
    out, expected = getattr(ours, method)(**kwargs), getattr(theirs, method)(**kwargs)
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out.detach().numpy(), expected.detach().numpy())  # exact
    upstream = np.random.default_rng(1).uniform(-1, 1, expected.shape).astype(np.float16)
    out.backward(ag.tensor(upstream))
    expected.backward(torch.tensor(upstream))
    assert ours.grad.dtype == np.float16
    # torch's backward runs its elementwise kernels in float16; ours runs in float32 and
    # rounds once, so it is within 1 ulp of the float64 gradient, and near torch's
    exact = torch.tensor(arr.astype(np.float64), requires_grad=True)
    getattr(exact, method)(**kwargs).backward(torch.tensor(upstream.astype(np.float64)))
    got, want = ours.grad.numpy().astype(np.float64), exact.grad.numpy()
    assert (np.abs(got - want) <= np.spacing(np.abs(want).astype(np.float16))).all()
    np.testing.assert_allclose(
        got, theirs.grad.numpy().astype(np.float64), rtol=0.03, atol=1e-3 * np.abs(want).max()
    )


@requires_torch
def test_float16_prod_accumulates_in_float32():
    # torch's float16 prod keeps a float16 running product (3.377 here, 1 in 400 off);
    # ours rounds the float32 product once, the correctly rounded 3.385.
    arr = np.random.default_rng(0).uniform(0.9, 1.1, 200).astype(np.float16)
    exact = np.prod(arr.astype(np.float64))
    assert ag.tensor(arr).prod().item() == float(np.float16(exact))
    assert abs(torch.tensor(arr).prod().item() - exact) > abs(ag.tensor(arr).prod().item() - exact)


def test_overflowing_sum_is_inf_without_a_warning():
    with np.errstate(all="raise"):
        assert ag.tensor(np.full(4096, 30.0, np.float16)).sum().item() == float("inf")


PROD_CASES = [
    ((), None),
    ((), 0),
    ((3,), None),
    ((3,), -1),
    ((2, 3), 0),
    ((2, 3), 1),
    ((2, 3), -2),
    ((2, 3, 4), 1),
    ((2, 1, 3), 1),
    ((0,), None),
    ((2, 0), 1),
]


@requires_torch
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", PROD_CASES, ids=str)
def test_prod(shape, dim, keepdim):
    if dim is None:
        check_op(lambda x: x.prod(), lambda x: x.prod(), shapes=[shape])
    else:
        check_op(
            lambda x: ag.prod(x, dim, keepdim),
            lambda x: torch.prod(x, dim, keepdim),
            shapes=[shape],
        )


def _with_zeros(shape, places):
    (x,) = make_inputs([shape])
    for p in places:
        x[p] = 0.0
    return [x]


ZERO_CASES = [
    ((4,), [(1,)]),  # one zero
    ((4,), [(0,), (3,)]),  # two zeros
    ((4,), [(0,), (1,), (2,), (3,)]),  # all zeros
    ((3, 4), [(0, 1), (1, 2), (1, 3), (2, 0)]),  # rows with 1, 2 and 1 zero; column with 2
]


@requires_torch
@pytest.mark.parametrize("dim", [None, 0, -1])
@pytest.mark.parametrize("shape, places", ZERO_CASES, ids=str)
def test_prod_gradient_with_zeros(shape, places, dim):
    inputs = _with_zeros(shape, places)
    if dim is None:
        check_op(ag.prod, torch.prod, inputs=inputs)
        check_higher_order(ag.prod, torch.prod, inputs=inputs, order=2)
    else:
        check_op(lambda x: x.prod(dim), lambda x: x.prod(dim), inputs=inputs)
        check_op(
            lambda x: x.prod(dim, keepdim=True), lambda x: x.prod(dim, keepdim=True), inputs=inputs
        )
        check_higher_order(lambda x: x.prod(dim), lambda x: x.prod(dim), inputs=inputs, order=2)


@requires_torch
def test_prod_one_zero_gets_product_of_the_others():
    x = ag.tensor([2.0, 0.0, 3.0, 4.0], requires_grad=True)
    x.prod().backward()
    assert x.grad.tolist() == [0.0, 24.0, 0.0, 0.0]


@requires_torch
def test_prod_higher_order_without_zeros():
    check_higher_order(lambda x: x.prod(1), lambda x: x.prod(1), shapes=[(2, 3)])


@requires_torch
@pytest.mark.parametrize("data", [[1.5, 2.0], [2, 3], [True, True]], ids=["f32", "i64", "bool"])
def test_prod_dtypes_like_torch(data):
    ours, theirs = ag.tensor(data).prod(0), torch.tensor(data).prod(0)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    assert ours.item() == theirs.item()
    assert ag.tensor([2, 3]).prod(dtype=ag.float64).dtype == np.float64


@requires_torch
def test_prod_rejects_a_tuple_dim_like_torch():
    with pytest.raises(TypeError, match=r"prod\(\).*'dim' must be int.*\(0, 1\)"):
        ag.ones(2, 3).prod(dim=(0, 1))
    with pytest.raises(TypeError):
        torch.ones(2, 3).prod(dim=(0, 1))


CUMSUM_CASES = [
    ((), 0),
    ((), -1),
    ((4,), 0),
    ((4,), -1),
    ((2, 3), 0),
    ((2, 3), 1),
    ((2, 3, 4), -2),
    ((0, 3), 0),
    ((2, 0), 1),
]


@requires_torch
@pytest.mark.parametrize("shape, dim", CUMSUM_CASES, ids=str)
def test_cumsum(shape, dim):
    check_op(lambda x: ag.cumsum(x, dim), lambda x: torch.cumsum(x, dim), shapes=[shape])
    check_op(lambda x: x.cumsum(dim=dim), lambda x: x.cumsum(dim=dim), shapes=[shape])


@requires_torch
def test_cumsum_higher_order():
    check_higher_order(lambda x: x.cumsum(1) ** 2, lambda x: x.cumsum(1) ** 2, shapes=[(2, 3)])


@requires_torch
@pytest.mark.parametrize("data", [[1.5, 2.0], [2, 3], [True, True]], ids=["f32", "i64", "bool"])
def test_cumsum_dtypes_like_torch(data):
    ours, theirs = ag.tensor(data).cumsum(0), torch.tensor(data).cumsum(0)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(ours._data, theirs.numpy())


@requires_torch
def test_cumsum_dim_errors():
    with pytest.raises(IndexError):
        torch.ones(2, 3).cumsum(2)
    with pytest.raises(IndexError):
        ag.ones(2, 3).cumsum(2)


LSE_CASES = [
    ((), 0),
    ((3,), 0),
    ((3,), -1),
    ((2, 3), 1),
    ((2, 3), -2),
    ((2, 3, 4), (0, 2)),
    ((2, 3, 4), (-1, 1)),
    ((2, 1, 3), 1),
]


@requires_torch
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", LSE_CASES, ids=str)
def test_logsumexp(shape, dim, keepdim):
    check_op(
        lambda x: ag.logsumexp(x, dim, keepdim),
        lambda x: torch.logsumexp(x, dim, keepdim),
        shapes=[shape],
    )
    check_op(lambda x: x.logsumexp(dim), lambda x: x.logsumexp(dim), shapes=[shape])


@requires_torch
def test_logsumexp_is_stable_for_large_values():
    inputs = [np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])]
    check_op(lambda x: x.logsumexp(1), lambda x: x.logsumexp(1), inputs=inputs)


@requires_torch
def test_logsumexp_infinities_like_torch():
    data = [[-math.inf, -math.inf], [math.inf, 1.0], [-math.inf, 0.0]]
    ours, theirs = ag.tensor(data).logsumexp(1), torch.tensor(data).logsumexp(1)
    np.testing.assert_array_equal(ours._data, theirs.numpy())
    empty = ag.logsumexp(ag.zeros(0, 3), 0)
    np.testing.assert_array_equal(empty._data, torch.logsumexp(torch.zeros(0, 3), 0).numpy())


@requires_torch
def test_logsumexp_higher_order():
    check_higher_order(lambda x: x.logsumexp(1), lambda x: x.logsumexp(1), shapes=[(2, 3)])


@requires_torch
def test_logsumexp_dtypes_like_torch():
    assert ag.tensor([1.0, 2.0]).logsumexp(0).dtype == np.float32
    ours, theirs = ag.tensor([1, 2]).logsumexp(0), torch.tensor([1, 2]).logsumexp(0)
    assert ours.dtype == np.float32 and theirs.dtype == torch.float32
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-6)


NORM_PS = [1, 2, math.inf, -math.inf, "fro", 3, 1.5]
NORM_DIMS = [
    ((3,), None),
    ((2, 3), None),
    ((2, 3), 1),
    ((2, 3), -2),
    ((2, 3, 4), (0, 2)),
    ((2, 3, 4), (-1, 1)),
    ((), None),
]


@requires_torch
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", NORM_DIMS, ids=str)
@pytest.mark.parametrize("p", NORM_PS, ids=str)
def test_norm(p, shape, dim, keepdim):
    check_op(
        lambda x: x.norm(p, dim, keepdim),
        lambda x: x.norm(p, dim, keepdim),
        inputs=away_from_zero([shape]),
    )
    if dim is None and not keepdim:
        check_op(
            lambda x: ag.norm(x, p), lambda x: torch.norm(x, p), inputs=away_from_zero([shape])
        )


@requires_torch
def test_norm_default_is_frobenius():
    check_op(lambda x: x.norm(), lambda x: x.norm(), shapes=[(2, 3)])
    check_op(
        lambda x: ag.norm(x, dim=(0, 1)), lambda x: torch.norm(x, dim=(0, 1)), shapes=[(2, 3, 4)]
    )


@requires_torch
@pytest.mark.parametrize("p", [1, 2, math.inf, "fro", 3], ids=str)
def test_norm_gradient_at_the_zero_vector_like_torch(p):
    inputs = [np.zeros((2, 3))]
    check_op(lambda x: x.norm(p), lambda x: x.norm(p), inputs=inputs, gradcheck=False)
    check_op(lambda x: x.norm(p, dim=1), lambda x: x.norm(p, dim=1), inputs=inputs, gradcheck=False)
    x = ag.zeros(3, requires_grad=True)
    x.norm(p).backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


@requires_torch
def test_norm_gradient_with_a_zero_row_only():
    inputs = [np.array([[0.0, 0.0, 0.0], [3.0, -4.0, 1.0]])]
    check_op(lambda x: x.norm(dim=1), lambda x: x.norm(dim=1), inputs=inputs, gradcheck=False)


@requires_torch
def test_norm_inf_splits_the_gradient_among_ties_like_torch():
    inputs = [np.array([[3.0, -3.0, 1.0], [2.0, 2.0, 2.0]])]
    for p in (math.inf, -math.inf):
        check_op(
            lambda x, p=p: x.norm(p, dim=1),
            lambda x, p=p: x.norm(p, dim=1),
            inputs=inputs,
            gradcheck=False,
        )


@requires_torch
def test_norm_p0_counts_nonzeros():
    data = [[0.0, 2.0, -1.0], [0.0, 0.0, 5.0]]
    ours, theirs = ag.tensor(data).norm(0, dim=1), torch.tensor(data).norm(0, dim=1)
    np.testing.assert_array_equal(ours._data, theirs.numpy())


@requires_torch
def test_norm_higher_order():
    check_higher_order(
        lambda x: x.norm(dim=1), lambda x: x.norm(dim=1), inputs=away_from_zero([(2, 3)])
    )
    check_higher_order(lambda x: x.norm(3), lambda x: x.norm(3), inputs=away_from_zero([(4,)]))


@requires_torch
def test_norm_float32_and_dtype_argument():
    assert ag.tensor([3.0, 4.0]).norm().dtype == np.float32
    assert ag.tensor([3.0, 4.0]).norm(dtype=ag.float64).dtype == np.float64
    assert ag.tensor([3.0, 4.0]).norm(math.inf).dtype == np.float32


@requires_torch
def test_norm_errors():
    with pytest.raises(RuntimeError, match=r"norm\(\): expected a floating point.*int64"):
        ag.tensor([1, 2]).norm()
    with pytest.raises(RuntimeError):
        torch.tensor([1, 2]).norm()
    with pytest.raises(RuntimeError, match=r"p='nuc' is not supported"):
        ag.ones(2, 2).norm("nuc")
    with pytest.raises(RuntimeError, match=r"'fro' takes at most 2 dims.*\(0, 1, 2\)"):
        ag.ones(2, 3, 4).norm("fro", dim=(0, 1, 2))
    with pytest.raises(RuntimeError):
        torch.ones(2, 3, 4).norm("fro", dim=(0, 1, 2))


@requires_torch
@pytest.mark.parametrize(
    "fn",
    [
        ag.prod,
        lambda x: ag.prod(x, 1),
        lambda x: ag.cumsum(x, -1),
        lambda x: ag.logsumexp(x, 1),
        ag.norm,
        lambda x: ag.norm(x, 1, 0),
        lambda x: ag.norm(x, math.inf, 1),
    ],
    ids=[
        "prod",
        "prod1",
        "cumsum",
        "logsumexp",
        "norm",
        "norm1",
        "norm_inf",
    ],
)
def test_float32_in_float32_out_with_float32_grads(fn):
    x = ag.tensor(positive([(2, 3)])[0].astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32


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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
def test_var_positional_unbiased_flag():
    x = make_inputs([(6,)])[0]
    np.testing.assert_allclose(ag.tensor(x).var(False)._data, torch.tensor(x).var(False).numpy())


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
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


@requires_torch
def test_max_along_several_dims_points_to_amax():
    with pytest.raises(TypeError, match=r"max\(\): argument 'dim' must be int.*use amax"):
        ag.zeros(2, 3).max(dim=(0, 1))
    with pytest.raises(IndexError, match=r"dim 1 of size 0 \(tensor of shape \(2, 0\)\)"):
        ag.zeros(2, 0).min(1)


@requires_torch
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


@requires_torch
def test_full_max_without_dim_matches_torch_max():
    x = np.array([[1.0, 4.0], [4.0, 2.0]])
    check_op(lambda t: t.max(), lambda t: torch.amax(t), inputs=[x], gradcheck=False)


@requires_torch
def test_max_of_empty_raises():
    with pytest.raises(RuntimeError, match=r"empty tensor of shape \(0, 3\)"):
        ag.zeros(0, 3).max()


@requires_torch
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


@requires_torch
def test_sum_of_integers_is_int64_and_dtype_argument():
    assert ag.tensor([1, 2, 3], dtype="int32").sum().dtype == np.int64
    assert ag.tensor([True, True]).sum().item() == 2
    assert ag.tensor([1, 2]).sum(dtype="float64").dtype == np.float64


@requires_torch
def test_mean_of_integers_raises_like_torch():
    with pytest.raises(RuntimeError, match="Input dtype must be floating point"):
        ag.tensor([1, 2]).mean()


@requires_torch
def test_float32_reductions_stay_float32():
    x = ag.randn(3, 4, requires_grad=True)
    for y in (x.sum(), x.mean(1), x.var(0), x.std(), x.max(1).values, x.min()):
        assert y.dtype == np.float32
        y.sum().backward()
        assert x.grad.dtype == np.float32


@requires_torch
def test_all_any():
    x = ag.tensor([[True, False], [True, True]])
    np.testing.assert_array_equal(x.all(dim=1)._data, [False, True])
    np.testing.assert_array_equal(x.any(dim=0)._data, [True, True])
    assert bool(x.any()) and not bool(x.all())


@requires_torch
def test_reduce_dim_out_of_range_names_the_dim():
    with pytest.raises(IndexError, match=r"dim 2 is out of range.*2 dims"):
        ag.zeros(2, 3).sum(2)
    with pytest.raises(TypeError, match="either dim or axis"):
        ag.zeros(2, 3).sum(0, axis=1)


@requires_torch
@pytest.mark.parametrize("dim", [0, None])
def test_std_of_constant_values_has_zero_gradient_like_torch(dim):
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
@requires_torch
@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "amax", "amin"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_an_empty_dim_tuple_reduces_every_dim_as_in_torch(name, keepdim):
    data = np.arange(6.0).reshape(2, 3)
    ours = getattr(ag, name)(ag.tensor(data), dim=(), keepdim=keepdim)
    theirs = getattr(torch, name)(torch.tensor(data), dim=(), keepdim=keepdim)
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-12)


@requires_torch
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


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "float32"])
@pytest.mark.parametrize(
    "fn",
    [
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


@pytest.mark.parametrize(
    "fn, exc, pattern",
    [
        (lambda x: x.count_nonzero((0, 0)), RuntimeError, "more than once"),
    ],
)
def test_errors_name_the_values(fn, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(ag.arange(6.0).reshape(2, 3))

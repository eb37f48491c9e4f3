"""log1p, expm1, square, rsqrt, reciprocal, prod, cumsum, norm, logsumexp, masked_fill vs PyTorch.

Values and gradients in float64 through ``check_op`` (which also runs gradcheck),
higher derivatives through ``check_higher_order``, plus dtypes and error messages.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    away_from_zero,
    check_function_and_method,
    check_higher_order,
    check_op,
    make_inputs,
    positive,
    requires_torch,
    torch,
)

pytestmark = requires_torch

SHAPES = [(), (1,), (3,), (2, 3), (2, 1, 4)]


# -- unary ---------------------------------------------------------------------------------

UNARY = {
    "log1p": lambda s: make_inputs([s], low=-0.5, high=2.0),
    "expm1": lambda s: make_inputs([s]),
    "square": lambda s: make_inputs([s]),
    "rsqrt": lambda s: positive([s]),
    "reciprocal": lambda s: away_from_zero([s]),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", UNARY)
def test_unary_function_and_method(name, shape):
    check_function_and_method(name, UNARY[name](shape))


@pytest.mark.parametrize("name", UNARY)
def test_unary_higher_order(name):
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=UNARY[name]((2, 3)))


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("data", [[1.0, 4.0], [1, 4], [True, False]], ids=["f32", "i64", "bool"])
def test_unary_dtypes_like_torch(name, data):
    with np.errstate(divide="ignore"):  # 1 / 0 = inf, as torch
        ours = getattr(ag, name)(ag.tensor(data))
    theirs = getattr(torch, name)(torch.tensor(data))
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-6)


def test_unary_accuracy_near_zero_and_at_the_poles():
    tiny = [1e-12, -1e-12, 0.0]
    np.testing.assert_array_equal(
        ag.log1p(ag.tensor(tiny, dtype="float64"))._data,
        torch.log1p(torch.tensor(tiny, dtype=torch.float64)).numpy(),
    )
    np.testing.assert_array_equal(
        ag.expm1(ag.tensor(tiny, dtype="float64"))._data,
        torch.expm1(torch.tensor(tiny, dtype=torch.float64)).numpy(),
    )
    with np.errstate(divide="ignore"):
        assert ag.rsqrt(ag.tensor([0.0])).item() == math.inf
        assert ag.reciprocal(ag.tensor([-0.0])).item() == -math.inf


# -- prod ----------------------------------------------------------------------------------

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


def test_prod_one_zero_gets_product_of_the_others():
    x = ag.tensor([2.0, 0.0, 3.0, 4.0], requires_grad=True)
    x.prod().backward()
    assert x.grad.tolist() == [0.0, 24.0, 0.0, 0.0]


def test_prod_higher_order_without_zeros():
    check_higher_order(lambda x: x.prod(1), lambda x: x.prod(1), shapes=[(2, 3)])


@pytest.mark.parametrize("data", [[1.5, 2.0], [2, 3], [True, True]], ids=["f32", "i64", "bool"])
def test_prod_dtypes_like_torch(data):
    ours, theirs = ag.tensor(data).prod(0), torch.tensor(data).prod(0)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    assert ours.item() == theirs.item()
    assert ag.tensor([2, 3]).prod(dtype=ag.float64).dtype == np.float64


def test_prod_rejects_a_tuple_dim_like_torch():
    with pytest.raises(TypeError, match=r"prod\(\).*'dim' must be int.*\(0, 1\)"):
        ag.ones(2, 3).prod(dim=(0, 1))
    with pytest.raises(TypeError):
        torch.ones(2, 3).prod(dim=(0, 1))


# -- cumsum --------------------------------------------------------------------------------

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


@pytest.mark.parametrize("shape, dim", CUMSUM_CASES, ids=str)
def test_cumsum(shape, dim):
    check_op(lambda x: ag.cumsum(x, dim), lambda x: torch.cumsum(x, dim), shapes=[shape])
    check_op(lambda x: x.cumsum(dim=dim), lambda x: x.cumsum(dim=dim), shapes=[shape])


def test_cumsum_higher_order():
    check_higher_order(lambda x: x.cumsum(1) ** 2, lambda x: x.cumsum(1) ** 2, shapes=[(2, 3)])


@pytest.mark.parametrize("data", [[1.5, 2.0], [2, 3], [True, True]], ids=["f32", "i64", "bool"])
def test_cumsum_dtypes_like_torch(data):
    ours, theirs = ag.tensor(data).cumsum(0), torch.tensor(data).cumsum(0)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(ours._data, theirs.numpy())


def test_cumsum_dim_errors():
    with pytest.raises(IndexError):
        torch.ones(2, 3).cumsum(2)
    with pytest.raises(IndexError):
        ag.ones(2, 3).cumsum(2)


# -- logsumexp -----------------------------------------------------------------------------

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


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("shape, dim", LSE_CASES, ids=str)
def test_logsumexp(shape, dim, keepdim):
    check_op(
        lambda x: ag.logsumexp(x, dim, keepdim),
        lambda x: torch.logsumexp(x, dim, keepdim),
        shapes=[shape],
    )
    check_op(lambda x: x.logsumexp(dim), lambda x: x.logsumexp(dim), shapes=[shape])


def test_logsumexp_is_stable_for_large_values():
    inputs = [np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])]
    check_op(lambda x: x.logsumexp(1), lambda x: x.logsumexp(1), inputs=inputs)


def test_logsumexp_infinities_like_torch():
    data = [[-math.inf, -math.inf], [math.inf, 1.0], [-math.inf, 0.0]]
    ours, theirs = ag.tensor(data).logsumexp(1), torch.tensor(data).logsumexp(1)
    np.testing.assert_array_equal(ours._data, theirs.numpy())
    empty = ag.logsumexp(ag.zeros(0, 3), 0)
    np.testing.assert_array_equal(empty._data, torch.logsumexp(torch.zeros(0, 3), 0).numpy())


def test_logsumexp_higher_order():
    check_higher_order(lambda x: x.logsumexp(1), lambda x: x.logsumexp(1), shapes=[(2, 3)])


def test_logsumexp_dtypes_like_torch():
    assert ag.tensor([1.0, 2.0]).logsumexp(0).dtype == np.float32
    ours, theirs = ag.tensor([1, 2]).logsumexp(0), torch.tensor([1, 2]).logsumexp(0)
    assert ours.dtype == np.float32 and theirs.dtype == torch.float32
    np.testing.assert_allclose(ours.item(), theirs.item(), rtol=1e-6)


# -- norm ----------------------------------------------------------------------------------

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


def test_norm_default_is_frobenius():
    check_op(lambda x: x.norm(), lambda x: x.norm(), shapes=[(2, 3)])
    check_op(
        lambda x: ag.norm(x, dim=(0, 1)), lambda x: torch.norm(x, dim=(0, 1)), shapes=[(2, 3, 4)]
    )


@pytest.mark.parametrize("p", [1, 2, math.inf, "fro", 3], ids=str)
def test_norm_gradient_at_the_zero_vector_like_torch(p):
    inputs = [np.zeros((2, 3))]
    check_op(lambda x: x.norm(p), lambda x: x.norm(p), inputs=inputs, gradcheck=False)
    check_op(lambda x: x.norm(p, dim=1), lambda x: x.norm(p, dim=1), inputs=inputs, gradcheck=False)
    x = ag.zeros(3, requires_grad=True)
    x.norm(p).backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_norm_gradient_with_a_zero_row_only():
    inputs = [np.array([[0.0, 0.0, 0.0], [3.0, -4.0, 1.0]])]
    check_op(lambda x: x.norm(dim=1), lambda x: x.norm(dim=1), inputs=inputs, gradcheck=False)


def test_norm_inf_splits_the_gradient_among_ties_like_torch():
    inputs = [np.array([[3.0, -3.0, 1.0], [2.0, 2.0, 2.0]])]
    for p in (math.inf, -math.inf):
        check_op(
            lambda x, p=p: x.norm(p, dim=1),
            lambda x, p=p: x.norm(p, dim=1),
            inputs=inputs,
            gradcheck=False,
        )


def test_norm_p0_counts_nonzeros():
    data = [[0.0, 2.0, -1.0], [0.0, 0.0, 5.0]]
    ours, theirs = ag.tensor(data).norm(0, dim=1), torch.tensor(data).norm(0, dim=1)
    np.testing.assert_array_equal(ours._data, theirs.numpy())


def test_norm_higher_order():
    check_higher_order(
        lambda x: x.norm(dim=1), lambda x: x.norm(dim=1), inputs=away_from_zero([(2, 3)])
    )
    check_higher_order(lambda x: x.norm(3), lambda x: x.norm(3), inputs=away_from_zero([(4,)]))


def test_norm_float32_and_dtype_argument():
    assert ag.tensor([3.0, 4.0]).norm().dtype == np.float32
    assert ag.tensor([3.0, 4.0]).norm(dtype=ag.float64).dtype == np.float64
    assert ag.tensor([3.0, 4.0]).norm(math.inf).dtype == np.float32


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


# -- masked_fill ---------------------------------------------------------------------------

MASKS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 3), ()), ((3,), (2, 3)), ((), ())]


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


def test_masked_fill_value_tensor_gets_the_gradient():
    mask = np.array([[True, False, True], [False, False, True]])
    check_op(
        lambda x, v: x.masked_fill(ag.tensor(mask), v),
        lambda x, v: x.masked_fill(torch.tensor(mask), v),
        shapes=[(2, 3), ()],
    )


def test_masked_fill_higher_order():
    mask = np.array([True, False, True])
    check_higher_order(
        lambda x: x.masked_fill(ag.tensor(mask), 2.0) ** 3,
        lambda x: x.masked_fill(torch.tensor(mask), 2.0) ** 3,
        shapes=[(2, 3)],
    )


def test_masked_fill_keeps_the_dtype_like_torch():
    mask = [True, False]
    ours = ag.tensor([1, 2]).masked_fill(ag.tensor(mask), 2.7)
    theirs = torch.tensor([1, 2]).masked_fill(torch.tensor(mask), 2.7)
    assert ours.dtype == np.int64 and ours.tolist() == theirs.tolist()
    x32 = ag.tensor([1.0, 2.0]).masked_fill(ag.tensor(mask), ag.tensor(3.0, dtype="float64"))
    assert x32.dtype == np.float32 and x32.tolist() == [3.0, 2.0]


def test_masked_fill_errors():
    with pytest.raises(RuntimeError, match=r"masked_fill: expected a bool mask.*float32"):
        ag.ones(2).masked_fill(ag.ones(2), 0.0)
    with pytest.raises(RuntimeError):
        torch.ones(2).masked_fill(torch.ones(2), 0.0)
    with pytest.raises(RuntimeError, match=r"0-dim tensor.*\(2,\)"):
        ag.ones(2).masked_fill(ag.ones(2) > 0, ag.ones(2))
    with pytest.raises(RuntimeError, match=r"masked_fill: shapes \(3,\) and \(2,\)"):
        ag.ones(2).masked_fill(ag.ones(3) > 0, 0.0)


# -- float32 in, float32 out ---------------------------------------------------------------


@pytest.mark.parametrize(
    "fn",
    [
        ag.log1p,
        ag.expm1,
        ag.square,
        ag.rsqrt,
        ag.reciprocal,
        ag.prod,
        lambda x: ag.prod(x, 1),
        lambda x: ag.cumsum(x, -1),
        lambda x: ag.logsumexp(x, 1),
        ag.norm,
        lambda x: ag.norm(x, 1, 0),
        lambda x: ag.norm(x, math.inf, 1),
        lambda x: x.masked_fill(x > 1, 0.0),
    ],
    ids=[
        "log1p",
        "expm1",
        "square",
        "rsqrt",
        "reciprocal",
        "prod",
        "prod1",
        "cumsum",
        "logsumexp",
        "norm",
        "norm1",
        "norm_inf",
        "masked_fill",
    ],
)
def test_float32_in_float32_out_with_float32_grads(fn):
    x = ag.tensor(positive([(2, 3)])[0].astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32

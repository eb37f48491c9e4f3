"""Exponentials and logarithms against torch: exp exp2 expm1 log log2 log10 log1p logaddexp.

Values and gradients in float64 (with gradcheck), higher derivatives, result dtypes for
integer and bool input, and accuracy near zero.
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
    make_inputs,
    positive,
    requires_torch,
    torch,
)

pytestmark = requires_torch
SHAPES = [(), (1,), (3,), (2, 3), (2, 1, 4)]
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

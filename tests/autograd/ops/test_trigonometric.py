"""Trigonometric and hyperbolic functions against torch: sin cos tan asin acos atan atan2,
sinh cosh tanh asinh acosh atanh.

Values and gradients in float64 (with gradcheck), higher derivatives, dtypes, values and
gradients at the edges of each domain (NaN, infinities), and grad_fn names.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_same,
    away_from_zero,
    check_function_and_method,
    check_higher_order,
    make_inputs,
    positive,
    requires_torch,
    torch,
)

pytestmark = requires_torch
SHAPES = [(), (3,), (2, 3)]
UNARY = {
    "erf": lambda s: make_inputs([s]),
    "tan": lambda s: make_inputs([s], low=-1.2, high=1.2),
    "asin": lambda s: make_inputs([s], low=-0.9, high=0.9),
    "acos": lambda s: make_inputs([s], low=-0.9, high=0.9),
    "atan": lambda s: make_inputs([s]),
    "sinh": lambda s: make_inputs([s]),
    "cosh": lambda s: make_inputs([s]),
    "asinh": lambda s: make_inputs([s]),
    "acosh": lambda s: positive([s], low=1.2, high=3.0),
    "atanh": lambda s: make_inputs([s], low=-0.9, high=0.9),
    "log2": lambda s: positive([s]),
    "log10": lambda s: positive([s]),
    "exp2": lambda s: make_inputs([s]),
    "sinc": lambda s: away_from_zero([s]),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", UNARY)
def test_unary_function_and_method(name, shape):
    check_function_and_method(name, UNARY[name](shape))


@pytest.mark.parametrize("name", UNARY)
def test_unary_higher_order(name):
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=UNARY[name]((2, 3)))


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("data", [[1.0, 0.5], [1, 4], [True, False]], ids=["f32", "i64", "bool"])
def test_unary_dtypes_like_torch(name, data):
    with np.errstate(all="ignore"):
        ours = getattr(ag, name)(ag.tensor(data))
    theirs = getattr(torch, name)(torch.tensor(data))
    assert_same(ours, theirs)


def test_unary_float16_and_float64_keep_their_dtype():
    for name in UNARY:
        for dtype in ("float16", "float64"):
            with np.errstate(invalid="ignore"):  # acosh below 1 is nan, as torch
                ours = getattr(ag, name)(ag.tensor([0.25, 0.5], dtype=dtype))
            assert str(ours.dtype) == dtype, name


EDGES = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, float("inf"), -float("inf"), float("nan"), 800.0]


@pytest.mark.parametrize("name", UNARY)
def test_unary_values_and_gradients_at_domain_edges(name):
    data = np.array(EDGES)
    x = ag.tensor(data, requires_grad=True)
    t = torch.tensor(data, requires_grad=True)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = getattr(ag, name)(x)
        out.backward(ag.ones_like(out))
    expected = getattr(torch, name)(t)
    expected.backward(torch.ones_like(expected))
    assert_same(out, expected)
    assert_same(x.grad, t.grad)


@pytest.mark.parametrize("name", UNARY)
def test_unary_grad_fn_name_like_torch(name):
    x = ag.tensor([0.5], requires_grad=True)
    t = torch.tensor([0.5], requires_grad=True)
    with np.errstate(invalid="ignore"):  # acosh(0.5) is nan, as torch
        ours = getattr(ag, name)(x)
    assert type(getattr(torch, name)(t).grad_fn).__name__ == ours.grad_fn.name()


def test_numpy_ufuncs_route_to_the_new_ops():
    x = ag.tensor([0.5], requires_grad=True)
    assert np.arcsin(x).grad_fn.name() == "AsinBackward0"
    assert np.arctan2(x, x).grad_fn.name() == "Atan2Backward0"


def test_atan2_promotes_integers_to_float32():
    assert_same(
        ag.atan2(ag.tensor([1, -1]), ag.tensor([0, 2])),
        torch.atan2(torch.tensor([1, -1]), torch.tensor([0, 2])),
    )

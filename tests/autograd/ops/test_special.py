"""Special functions against torch: erf, sigmoid and sinc.

Values and gradients in float64 (with gradcheck) in function, method and ufunc forms,
higher derivatives, dtypes, values and gradients at the edges of each domain, grad_fn
names, and sigmoid's stability for large inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.ops._elementwise import (
    FORM_SHAPES,
    SHAPES,
    check_unary_at_domain_edges,
    check_unary_dtypes_like_torch,
    check_unary_grad_fn_name,
    check_unary_keeps_float16_and_float64,
)
from tests.helpers import (
    away_from_zero,
    check_function_and_method,
    check_higher_order,
    check_op,
    make_inputs,
    requires_torch,
    torch,
)

pytestmark = requires_torch

UNARY = {  # name: input maker for a shape
    "erf": lambda s: make_inputs([s]),
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
    check_unary_dtypes_like_torch(name, data)


def test_unary_float16_and_float64_keep_their_dtype():
    check_unary_keeps_float16_and_float64(list(UNARY))


@pytest.mark.parametrize("name", UNARY)
def test_unary_values_and_gradients_at_domain_edges(name):
    check_unary_at_domain_edges(name)


@pytest.mark.parametrize("name", UNARY)
def test_unary_grad_fn_name_like_torch(name):
    check_unary_grad_fn_name(name)


UNARY_FORMS = {  # name: (ours, torch, input maker for a list of shapes)
    "sigmoid": (ag.sigmoid, torch.sigmoid if torch else None, make_inputs),
    "method sigmoid": (lambda x: x.sigmoid(), lambda x: x.sigmoid(), make_inputs),
}


@pytest.mark.parametrize("shape", FORM_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY_FORMS))
def test_unary_forms(name, shape):
    ours, theirs, maker = UNARY_FORMS[name]
    check_op(ours, theirs, inputs=maker([shape]))


def test_sigmoid_is_stable_for_large_inputs():
    x = ag.tensor([-1000.0, 1000.0], requires_grad=True)
    y = x.sigmoid()
    np.testing.assert_array_equal(y._data, [0.0, 1.0])
    y.sum().backward()
    assert np.all(np.isfinite(x.grad._data))

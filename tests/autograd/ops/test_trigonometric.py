"""Trigonometric and hyperbolic functions against torch: sin cos tan asin acos atan atan2,
sinh cosh tanh asinh acosh atanh.

Values and gradients in float64 (with gradcheck), higher derivatives, dtypes, values and
gradients at the edges of each domain (NaN, infinities), and grad_fn names.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.ops._elementwise import (
    FORM_SHAPES,
    KINDS,
    PAIRS,
    SHAPES,
    check_binary_at_edges,
    check_binary_dtypes_like_torch,
    check_binary_function_and_method,
    check_binary_grad_fn_name,
    check_unary_at_domain_edges,
    check_unary_dtypes_like_torch,
    check_unary_grad_fn_name,
    check_unary_keeps_float16_and_float64,
)
from tests.helpers import (
    assert_same,
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

UNARY = {  # name: input maker for a shape
    "tan": lambda s: make_inputs([s], low=-1.2, high=1.2),
    "asin": lambda s: make_inputs([s], low=-0.9, high=0.9),
    "acos": lambda s: make_inputs([s], low=-0.9, high=0.9),
    "atan": lambda s: make_inputs([s]),
    "sinh": lambda s: make_inputs([s]),
    "cosh": lambda s: make_inputs([s]),
    "asinh": lambda s: make_inputs([s]),
    "acosh": lambda s: positive([s], low=1.2, high=3.0),
    "atanh": lambda s: make_inputs([s], low=-0.9, high=0.9),
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
    "sin": (ag.sin, torch.sin if torch else None, make_inputs),
    "cos": (ag.cos, torch.cos if torch else None, make_inputs),
    "tanh": (ag.tanh, torch.tanh if torch else None, make_inputs),
    "method tanh": (lambda x: x.tanh(), lambda x: x.tanh(), make_inputs),
    "method sin": (lambda x: x.sin(), lambda x: x.sin(), make_inputs),
    "method cos": (lambda x: x.cos(), lambda x: x.cos(), make_inputs),
}


@pytest.mark.parametrize("shape", FORM_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY_FORMS))
def test_unary_forms(name, shape):
    ours, theirs, maker = UNARY_FORMS[name]
    check_op(ours, theirs, inputs=maker([shape]))


BINARY = {"atan2": lambda s1, s2: away_from_zero([s1, s2])}


@pytest.mark.parametrize("shapes", PAIRS, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_binary_broadcasting_function_and_method(name, shapes):
    check_binary_function_and_method(name, BINARY[name](*shapes))


@pytest.mark.parametrize("name", BINARY)
def test_binary_higher_order(name):
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=BINARY[name]((2, 3), (3,)))


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("kinds", KINDS, ids=str)
def test_binary_dtypes_and_errors_like_torch(name, kinds):
    check_binary_dtypes_like_torch(name, kinds)


def test_binary_grad_fn_names_like_torch():
    check_binary_grad_fn_name("atan2")


def test_binary_edges_like_torch():
    check_binary_at_edges("atan2")


def test_numpy_ufuncs_route_to_the_new_ops():
    x = ag.tensor([0.5], requires_grad=True)
    assert np.arcsin(x).grad_fn.name() == "AsinBackward0"
    assert np.arctan2(x, x).grad_fn.name() == "Atan2Backward0"


def test_atan2_promotes_integers_to_float32():
    assert_same(
        ag.atan2(ag.tensor([1, -1]), ag.tensor([0, 2])),
        torch.atan2(torch.tensor([1, -1]), torch.tensor([0, 2])),
    )

"""Exponentials and logarithms against torch: exp exp2 expm1 log log2 log10 log1p logaddexp.

Values and gradients in float64 (with gradcheck) in function, method and ufunc forms,
higher derivatives, result dtypes for integer and bool input, values and gradients at the
edges of each domain, grad_fn names, and accuracy near zero.
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
    check_unary_dtype_and_values,
    check_unary_dtypes_like_torch,
    check_unary_grad_fn_name,
    check_unary_keeps_float16_and_float64,
)
from tests.helpers import (
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
    "log1p": lambda s: make_inputs([s], low=-0.5, high=2.0),
    "expm1": lambda s: make_inputs([s]),
}
UNARY_SHAPES = [(), (1,), (3,), (2, 3), (2, 1, 4)]


@pytest.mark.parametrize("shape", UNARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", UNARY)
def test_unary_function_and_method(name, shape):
    check_function_and_method(name, UNARY[name](shape))


@pytest.mark.parametrize("name", UNARY)
def test_unary_higher_order(name):
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=UNARY[name]((2, 3)))


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("data", [[1.0, 4.0], [1, 4], [True, False]], ids=["f32", "i64", "bool"])
def test_unary_dtypes_like_torch(name, data):
    check_unary_dtype_and_values(name, data)


def test_unary_accuracy_near_zero():
    tiny = [1e-12, -1e-12, 0.0]
    np.testing.assert_array_equal(
        ag.log1p(ag.tensor(tiny, dtype="float64"))._data,
        torch.log1p(torch.tensor(tiny, dtype=torch.float64)).numpy(),
    )
    np.testing.assert_array_equal(
        ag.expm1(ag.tensor(tiny, dtype="float64"))._data,
        torch.expm1(torch.tensor(tiny, dtype=torch.float64)).numpy(),
    )


BASE_2_AND_10 = {  # name: input maker for a shape
    "log2": lambda s: positive([s]),
    "log10": lambda s: positive([s]),
    "exp2": lambda s: make_inputs([s]),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", BASE_2_AND_10)
def test_base_2_and_10_function_and_method(name, shape):
    check_function_and_method(name, BASE_2_AND_10[name](shape))


@pytest.mark.parametrize("name", BASE_2_AND_10)
def test_base_2_and_10_higher_order(name):
    inputs = BASE_2_AND_10[name]((2, 3))
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=inputs)


@pytest.mark.parametrize("name", BASE_2_AND_10)
@pytest.mark.parametrize("data", [[1.0, 0.5], [1, 4], [True, False]], ids=["f32", "i64", "bool"])
def test_base_2_and_10_dtypes_like_torch(name, data):
    check_unary_dtypes_like_torch(name, data)


def test_base_2_and_10_float16_and_float64_keep_their_dtype():
    check_unary_keeps_float16_and_float64(list(BASE_2_AND_10))


@pytest.mark.parametrize("name", BASE_2_AND_10)
def test_base_2_and_10_values_and_gradients_at_domain_edges(name):
    check_unary_at_domain_edges(name)


@pytest.mark.parametrize("name", BASE_2_AND_10)
def test_base_2_and_10_grad_fn_name_like_torch(name):
    check_unary_grad_fn_name(name)


UNARY_FORMS = {  # name: (ours, torch, input maker for a list of shapes)
    "exp": (ag.exp, torch.exp if torch else None, make_inputs),
    "log": (ag.log, torch.log if torch else None, positive),
    "method exp": (lambda x: x.exp(), lambda x: x.exp(), make_inputs),
    "method log": (lambda x: x.log(), lambda x: x.log(), positive),
    "numpy ufunc exp": (lambda x: np.exp(x), torch.exp if torch else None, make_inputs),
}


@pytest.mark.parametrize("shape", FORM_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY_FORMS))
def test_unary_forms(name, shape):
    ours, theirs, maker = UNARY_FORMS[name]
    check_op(ours, theirs, inputs=maker([shape]))


BINARY = {"logaddexp": lambda s1, s2: make_inputs([s1, s2])}


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
    check_binary_grad_fn_name("logaddexp")


def test_binary_edges_like_torch():
    check_binary_at_edges("logaddexp")


@requires_torch
@pytest.mark.parametrize(
    "fn",
    [
        ag.log1p,
        ag.expm1,
    ],
    ids=[
        "log1p",
        "expm1",
    ],
)
def test_float32_in_float32_out_with_float32_grads(fn):
    x = ag.tensor(positive([(2, 3)])[0].astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32

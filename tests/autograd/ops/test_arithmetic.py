"""Elementwise ops against PyTorch in float64: forward, input gradients, gradcheck."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import autograd as ag
from tests.helpers import (
    away_from_zero,
    check_op,
    make_inputs,
    positive,
    requires_torch,
    torch,
)

pytestmark = requires_torch

SHAPES = [(), (1,), (3,), (2, 3), (1, 1), (0,), (2, 0, 3)]

BROADCAST_PAIRS = [
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((3,), (2, 3)),
    ((2, 1), (1, 3)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((4, 1, 3), (2, 1)),
    ((1,), ()),
    ((0, 3), (1, 3)),
    ((2, 0), (2, 1)),
]

UNARY = {
    # name: (ours, torch, input maker)
    "exp": (ag.exp, torch.exp if torch else None, make_inputs),
    "log": (ag.log, torch.log if torch else None, positive),
    "sqrt": (ag.sqrt, torch.sqrt if torch else None, positive),
    "abs": (ag.abs, torch.abs if torch else None, away_from_zero),
    "sign": (ag.sign, torch.sign if torch else None, away_from_zero),
    "sin": (ag.sin, torch.sin if torch else None, make_inputs),
    "cos": (ag.cos, torch.cos if torch else None, make_inputs),
    "tanh": (ag.tanh, torch.tanh if torch else None, make_inputs),
    "sigmoid": (ag.sigmoid, torch.sigmoid if torch else None, make_inputs),
    "relu": (ag.relu, torch.relu if torch else None, away_from_zero),
    "neg": (ag.neg, torch.neg if torch else None, make_inputs),
    "unary minus": (lambda x: -x, lambda x: -x, make_inputs),
    "method exp": (lambda x: x.exp(), lambda x: x.exp(), make_inputs),
    "method log": (lambda x: x.log(), lambda x: x.log(), positive),
    "method sqrt": (lambda x: x.sqrt(), lambda x: x.sqrt(), positive),
    "method abs": (lambda x: x.abs(), lambda x: x.abs(), away_from_zero),
    "builtin abs": (lambda x: abs(x), lambda x: abs(x), away_from_zero),
    "method tanh": (lambda x: x.tanh(), lambda x: x.tanh(), make_inputs),
    "method sigmoid": (lambda x: x.sigmoid(), lambda x: x.sigmoid(), make_inputs),
    "method relu": (lambda x: x.relu(), lambda x: x.relu(), away_from_zero),
    "method sin": (lambda x: x.sin(), lambda x: x.sin(), make_inputs),
    "method cos": (lambda x: x.cos(), lambda x: x.cos(), make_inputs),
    "method sign": (lambda x: x.sign(), lambda x: x.sign(), away_from_zero),
    "numpy ufunc exp": (lambda x: np.exp(x), torch.exp if torch else None, make_inputs),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY))
def test_unary(name, shape):
    ours, theirs, maker = UNARY[name]
    check_op(ours, theirs, inputs=maker([shape]))


BINARY = {
    "add": (ag.add, lambda a, b: a + b, make_inputs),
    "sub": (ag.sub, lambda a, b: a - b, make_inputs),
    "mul": (ag.mul, lambda a, b: a * b, make_inputs),
    "div": (ag.div, lambda a, b: a / b, away_from_zero),
    "pow": (ag.pow, lambda a, b: a**b, positive),
    "+": (lambda a, b: a + b, lambda a, b: a + b, make_inputs),
    "-": (lambda a, b: a - b, lambda a, b: a - b, make_inputs),
    "*": (lambda a, b: a * b, lambda a, b: a * b, make_inputs),
    "/": (lambda a, b: a / b, lambda a, b: a / b, away_from_zero),
    "**": (lambda a, b: a**b, lambda a, b: a**b, positive),
    "method pow": (lambda a, b: a.pow(b), lambda a, b: a.pow(b), positive),
    "maximum": (ag.maximum, torch.maximum if torch else None, make_inputs),
    "minimum": (ag.minimum, torch.minimum if torch else None, make_inputs),
    "numpy ufunc multiply": (lambda a, b: np.multiply(a, b), lambda a, b: a * b, make_inputs),
}


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=str)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_broadcasting(name, shapes):
    ours, theirs, maker = BINARY[name]
    check_op(ours, theirs, inputs=maker(shapes))


@settings(max_examples=15, deadline=None)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, min_side=0, max_side=3))
@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "pow", "maximum", "minimum"])
def test_binary_random_broadcast_shapes(name, shapes):
    ours, theirs, maker = BINARY[name]
    check_op(ours, theirs, inputs=maker(shapes.input_shapes), gradcheck=False)


@pytest.mark.parametrize("scalar", [2.0, 3, -0.5, 0])
def test_pow_scalar_exponent(scalar):
    check_op(lambda x: x**scalar, lambda x: x**scalar, inputs=positive([(2, 3)]))


def test_pow_scalar_base_tensor_exponent():
    check_op(lambda x: 2.0**x, lambda x: 2.0**x, shapes=[(2, 3)])


def test_pow_zero_base_tensor_exponent():
    # 0 ** b with b > 0: slope in b is 0 by convention, in a it is b * 0**(b-1).
    a = np.array([0.0, 0.0, 2.0])
    b = np.array([2.0, 3.0, 1.5])
    check_op(ag.pow, torch.pow, inputs=[a, b], gradcheck=False)


def test_reflected_scalars():
    check_op(lambda x: 3.0 - x, lambda x: 3.0 - x, shapes=[(2, 3)])
    check_op(lambda x: 3.0 / x, lambda x: 3.0 / x, inputs=away_from_zero([(2, 3)]))
    check_op(lambda x: 1 + x * 2, lambda x: 1 + x * 2, shapes=[(2, 3)])


@pytest.mark.parametrize("lo, hi", [(-0.5, 0.5), (None, 0.5), (-0.5, None), (0.5, -0.5)])
@pytest.mark.parametrize("shape", [(), (4, 5), (0,)], ids=str)
def test_clamp(lo, hi, shape):
    inputs = make_inputs([shape])
    # keep gradcheck's probes off the bounds
    for bound in (lo, hi):
        if bound is not None:
            inputs[0][np.abs(inputs[0] - bound) < 1e-3] += 0.01
    check_op(lambda x: ag.clamp(x, lo, hi), lambda x: torch.clamp(x, lo, hi), inputs=inputs)
    check_op(lambda x: x.clip(min=lo, max=hi), lambda x: x.clip(min=lo, max=hi), inputs=inputs)


def test_clamp_needs_a_bound():
    with pytest.raises(RuntimeError, match="at least one of 'min' or 'max'"):
        ag.clamp(ag.ones(2), None, None)


@pytest.mark.parametrize("fn", ["maximum", "minimum"])
def test_maximum_minimum_ties_split_like_torch(fn):
    a = np.array([1.0, 2.0, 3.0, -1.0])
    b = np.array([1.0, 5.0, 3.0, -2.0])
    check_op(getattr(ag, fn), getattr(torch, fn), inputs=[a, b], gradcheck=False)


@pytest.mark.parametrize(
    "shapes",
    [((2, 3), (2, 3), (2, 3)), ((2, 3), (3,), ()), ((2, 1), (1, 3), (2, 3)), ((0, 3), (3,), (1,))],
    ids=str,
)
def test_where(shapes):
    cond_shape, a_shape, b_shape = shapes
    cond = np.random.default_rng(5).random(cond_shape) > 0.5
    check_op(
        lambda a, b: ag.where(ag.tensor(cond), a, b),
        lambda a, b: torch.where(torch.tensor(cond), a, b),
        inputs=make_inputs([a_shape, b_shape]),
    )


def test_where_with_scalar_branch_and_numpy_where():
    x = make_inputs([(3, 4)])
    check_op(lambda a: ag.where(a > 0, a, 0.0), lambda a: torch.where(a > 0, a, 0.0), inputs=x)
    check_op(
        lambda a: np.where(a._data > 0, a, a * 2), lambda a: torch.where(a > 0, a, a * 2), inputs=x
    )


def test_cast_gradient_flows_between_float_dtypes():
    x = ag.tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x.float() * 2
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad._data, [2.0, 2.0])


def test_mixed_dtype_promotion_matches_torch():
    cases = [
        (np.float32, np.float64),
        (np.int64, np.float32),
        (np.bool_, np.int64),
        (np.int32, np.int64),
        (np.bool_, np.float64),
    ]
    for da, db in cases:
        a, b = np.ones(3, da), np.ones(3, db)
        ours = (ag.tensor(a) + ag.tensor(b)).dtype
        theirs = (torch.tensor(a) + torch.tensor(b)).dtype
        assert str(theirs) == f"torch.{ours}", (da, db, ours, theirs)


@pytest.mark.parametrize("fn", ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid"])
def test_integer_input_promotes_to_float32(fn):
    ours = getattr(ag, fn)(ag.tensor([1, 2]))
    theirs = getattr(torch, fn)(torch.tensor([1, 2]))
    assert ours.dtype == np.float32 and theirs.dtype == torch.float32
    np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-6)


def test_integer_division_is_true_division():
    np.testing.assert_allclose(ag.div(ag.tensor([1, 3]), 2)._data, [0.5, 1.5])
    assert (ag.tensor([1, 3]) / 2).dtype == np.float32


def test_sigmoid_is_stable_for_large_inputs():
    x = ag.tensor([-1000.0, 1000.0], requires_grad=True)
    y = x.sigmoid()
    np.testing.assert_array_equal(y._data, [0.0, 1.0])
    y.sum().backward()
    assert np.all(np.isfinite(x.grad._data))


def test_comparisons_match_torch_and_carry_no_grad():
    a, b = make_inputs([(3, 4), (4,)])
    a[0, 0] = b[0]
    for op in ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]:
        x = ag.tensor(a, requires_grad=True)
        ours = getattr(x, op)(ag.tensor(b))
        theirs = getattr(torch.tensor(a), op)(torch.tensor(b))
        assert ours.dtype == np.bool_ and not ours.requires_grad and ours.grad_fn is None
        np.testing.assert_array_equal(ours._data, theirs.numpy())


def test_logical_ops():
    a = ag.tensor([True, False, True])
    b = ag.tensor([True, True, False])
    np.testing.assert_array_equal((a & b)._data, [True, False, False])
    np.testing.assert_array_equal((a | b)._data, [True, True, True])
    np.testing.assert_array_equal((~a)._data, [False, True, False])


@pytest.mark.parametrize("method", ["add", "sub", "mul", "div", "maximum", "minimum"])
def test_binary_method_forms(method):
    check_op(
        lambda a, b: getattr(a, method)(b),
        lambda a, b: getattr(a, method)(b),
        inputs=away_from_zero([(2, 3), (3,)]),
    )


@pytest.mark.parametrize("method", ["eq", "ne", "lt", "le", "gt", "ge"])
def test_comparison_method_and_function_forms(method):
    a, b = make_inputs([(3, 4), (4,)])
    expected = getattr(torch.tensor(a), method)(torch.tensor(b)).numpy()
    np.testing.assert_array_equal(getattr(ag.tensor(a), method)(ag.tensor(b))._data, expected)
    np.testing.assert_array_equal(getattr(ag, method)(ag.tensor(a), ag.tensor(b))._data, expected)


def test_neg_method_and_clone():
    check_op(lambda x: x.neg(), lambda x: x.neg(), shapes=[(2, 3)])
    check_op(lambda x: x.clone() * x, lambda x: x.clone() * x, shapes=[(2, 3)])


@pytest.mark.parametrize(
    "make, lo, hi",
    [
        (lambda L: L.tensor([-1, 2, 5]), 0.5, None),
        (lambda L: L.tensor([-1, 2, 5]), 0, 3),
        (lambda L: L.tensor([-1.0, 2.0]), np.float64(0.5), None),
        (lambda L: L.tensor([-1.0, 2.0], dtype=L.float64), -0.5, 0.5),
        (lambda L: L.tensor([-1.0, 2.0], dtype=L.float16), -0.5, 0.5),
    ],
)
def test_clamp_result_dtype_follows_torch(make, lo, hi):
    ours, theirs = ag.clamp(make(ag), lo, hi), torch.clamp(make(torch), lo, hi)
    assert str(theirs.dtype) == f"torch.{ours.dtype}"
    np.testing.assert_allclose(ours._data.astype(float), theirs.numpy().astype(float))


def test_float16_arithmetic_stays_float16():
    x = ag.tensor([1.0, 2.0], dtype=ag.float16, requires_grad=True)
    y = (x * 2.0).sigmoid()
    assert y.dtype == np.float16
    y.sum().backward()
    assert x.grad.dtype == np.float16

"""Piecewise ops against torch: abs sign relu floor ceil trunc round clamp clamp_min clamp_max
maximum minimum nan_to_num.

Besides values and gradients away from the kinks, what happens at them: ties split the
gradient as torch does, a NaN input or a NaN/inf upstream gradient gives torch's gradient,
masked backwards stay differentiable, and rounding has a zero gradient.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import autograd as ag
from tests.autograd.ops._elementwise import BROADCAST_PAIRS, FORM_SHAPES
from tests.helpers import (
    assert_close,
    assert_same,
    away_from_zero,
    check_higher_order,
    check_op,
    make_inputs,
    requires_torch,
    to_torch,
    torch,
)

pytestmark = requires_torch


@pytest.mark.parametrize("which", ["min", "max", "both"])
def test_clamp_tensor_bounds_get_gradients(which):
    rng = np.random.default_rng(0)
    data = np.array([[-1.0, 0.0, 0.5, 2.0], [0.3, -0.2, 1.0, 0.0]])
    lo, hi = np.array([0.0, -0.5, 0.5, 1.0]), np.array([[0.5], [0.2]])
    up = rng.standard_normal(data.shape)
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        a, b = lib.tensor(lo, requires_grad=True), lib.tensor(hi, requires_grad=True)
        kwargs = {"min": a, "max": b} if which == "both" else {which: a if which == "min" else b}
        out = x.clamp(**kwargs)
        (out * lib.tensor(up)).sum().backward()
        grads.append((out, x.grad, a.grad, b.grad))
    for mine, theirs in zip(*grads):
        if theirs is None:
            assert mine is None
        else:
            assert_close(mine, theirs, what=f"clamp {which}")


@pytest.mark.parametrize("fn", ["maximum", "minimum"])
def test_maximum_minimum_nan_gradients_like_torch(fn):
    a = np.array([np.nan, 2.0, np.nan, 1.0, 2.0])
    b = np.array([1.0, np.nan, np.nan, 1.0, 3.0])
    grads = []
    for lib in (ag, torch):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        getattr(lib, fn)(x, y).sum().backward()
        grads.append((x.grad, y.grad))
    assert_close(grads[0][0], grads[1][0])
    assert_close(grads[0][1], grads[1][1])


_INF_NAN_UPSTREAM = [np.inf, np.nan, -np.inf, 2.0, np.nan]
_X = [4.0, -1.0, 0.0, 3.0, -2.0]
_MASK = [False, True, False, False, True]
# Each op keeps some places of x and masks the others; the upstream gradient is inf/NaN
# at masked places and elsewhere, so a product would leak NaN where torch gives 0.
_MASKED_OPS = {
    "relu": lambda lib, x: x.relu(),
    "clamp_min": lambda lib, x: x.clamp(min=0.5),
    "clip_both": lambda lib, x: x.clip(-1.5, 3.5),
    "where": lambda lib, x: lib.where(x > 0, x, 0.0),
    "where_other": lambda lib, x: lib.where(x > 0, 1.0, x),
    "where_broadcast_cond": lambda lib, x: lib.where(
        lib.tensor(_MASK), x.reshape(1, 5), 0.0
    ).expand(2, 5),
    "maximum": lambda lib, x: lib.maximum(x, lib.tensor(0.0, dtype=x.dtype)),
    "minimum": lambda lib, x: lib.minimum(lib.tensor([[0.0]], dtype=x.dtype), x),
    "maximum_ties": lambda lib, x: lib.maximum(
        x, lib.tensor([4.0, 0.0, 0.0, 1.0, 5.0], dtype=x.dtype)
    ),
    "masked_fill": lambda lib, x: x.masked_fill(lib.tensor(_MASK), 0.0),
}


def _upstream(lib, shape, dtype):
    g = np.broadcast_to(np.array(_INF_NAN_UPSTREAM), shape).astype(dtype)
    return lib.tensor(g)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(_MASKED_OPS))
def test_masked_backward_gives_zero_for_inf_nan_upstream_like_torch(name, dtype):
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(np.array(_X, dtype=dtype), requires_grad=True)
        y = _MASKED_OPS[name](lib, x)
        y.backward(_upstream(lib, tuple(y.shape), dtype))
        grads.append(x.grad)
    assert grads[0].dtype == np.dtype(dtype)
    np.testing.assert_array_equal(grads[0]._data, grads[1].numpy())


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # sqrt'(0) = inf
def test_safe_sqrt_patterns_have_zero_gradient_at_masked_places_like_torch():
    for lib in (ag, torch):
        x = lib.tensor([4.0, -1.0], requires_grad=True)
        for y in (x.clamp(min=0), x.relu(), lib.where(x > 0, x, 0.0)):
            (g,) = (
                lib.autograd.grad(y.sqrt().sum(), x) if lib is torch else ag.grad(y.sqrt().sum(), x)
            )
            assert g.tolist() == [0.25, 0.0]


@pytest.mark.parametrize("name", sorted(_MASKED_OPS))
def test_masked_ops_second_derivatives_like_torch(name):
    """The selecting backward stays differentiable under create_graph=True."""
    data = np.array([1.5, -1.0, 0.25, 3.0, -2.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        y = _MASKED_OPS[name](lib, x)
        grad = ag.grad if lib is ag else torch.autograd.grad
        (g,) = grad((y * y * y).sum(), x, create_graph=True)
        (gg,) = grad((g * g).sum(), x)
        results.append((g, gg))
    assert_close(results[0][0], results[1][0])
    assert_close(results[0][1], results[1][1])


@pytest.mark.parametrize("fn", ["maximum", "minimum"])
def test_maximum_minimum_gradients_keep_float32_like_torch(fn):
    for lib in (ag, torch):
        grad = ag.grad if lib is ag else torch.autograd.grad
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        (g,) = grad(getattr(lib, fn)(x, x * x).sum(), x, create_graph=True)
        z = x * 2
        z.retain_grad()
        seen = []
        z.register_hook(lambda grad_z: seen.append(grad_z.dtype))
        getattr(lib, fn)(z, lib.tensor(2.0)).sum().backward()
        assert str(g.dtype).endswith("float32"), lib.__name__
        assert str(z.grad.dtype).endswith("float32"), lib.__name__
        assert str(seen[0]).endswith("float32"), lib.__name__


@pytest.mark.parametrize("op", ["relu", "abs"])
def test_gradient_at_nan_input_like_torch(op):
    data = np.array([np.nan, 1.0, -2.0, 0.0], dtype=np.float32)
    grads = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        getattr(x, op)().sum().backward()
        grads.append(x.grad)
    np.testing.assert_array_equal(grads[0]._data, grads[1].numpy())


def test_abs_second_derivative_at_nan_like_torch():
    data = np.array([np.nan, 1.0, -2.0])
    results = []
    for lib in (ag, torch):
        x = lib.tensor(data, requires_grad=True)
        grad = ag.grad if lib is ag else torch.autograd.grad
        (g,) = grad((x.abs() * x).sum(), x, create_graph=True)
        (gg,) = grad(g[1:].sum(), x)
        results.append((g, gg))
    np.testing.assert_array_equal(results[0][0]._data, results[1][0].detach().numpy())
    np.testing.assert_array_equal(results[0][1]._data, results[1][1].numpy())


UNARY_FORMS = {  # name: (ours, torch, input maker for a list of shapes)
    "abs": (ag.abs, torch.abs if torch else None, away_from_zero),
    "sign": (ag.sign, torch.sign if torch else None, away_from_zero),
    "relu": (ag.relu, torch.relu if torch else None, away_from_zero),
    "method abs": (lambda x: x.abs(), lambda x: x.abs(), away_from_zero),
    "builtin abs": (lambda x: abs(x), lambda x: abs(x), away_from_zero),
    "method relu": (lambda x: x.relu(), lambda x: x.relu(), away_from_zero),
    "method sign": (lambda x: x.sign(), lambda x: x.sign(), away_from_zero),
}


@pytest.mark.parametrize("shape", FORM_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY_FORMS))
def test_unary_forms(name, shape):
    ours, theirs, maker = UNARY_FORMS[name]
    check_op(ours, theirs, inputs=maker([shape]))


BINARY_FORMS = {  # name: (ours, torch, input maker for a list of shapes)
    "maximum": (ag.maximum, torch.maximum if torch else None, make_inputs),
    "minimum": (ag.minimum, torch.minimum if torch else None, make_inputs),
}


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=str)
@pytest.mark.parametrize("name", list(BINARY_FORMS))
def test_binary_broadcasting(name, shapes):
    ours, theirs, maker = BINARY_FORMS[name]
    check_op(ours, theirs, inputs=maker(shapes))


@settings(max_examples=15, deadline=None)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, min_side=0, max_side=3))
@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_binary_random_broadcast_shapes(name, shapes):
    ours, theirs, maker = BINARY_FORMS[name]
    check_op(ours, theirs, inputs=maker(shapes.input_shapes), gradcheck=False)


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


# (2, 3) operands drawn in the same sequence as the in-place method tests' (test_tensor.py)
RNG = np.random.default_rng(0)
X = RNG.uniform(-2.0, 2.0, size=(2, 3))
X = np.where(np.abs(X) < 0.3, 0.7, X)  # away from the kinks of abs, relu, clamp
RNG.uniform(0.5, 2.0, size=(2, 3))  # their positive operand, not needed here
OTHER = RNG.uniform(0.5, 2.0, size=(2, 3)) * RNG.choice([-1.0, 1.0], size=(2, 3))

HALVES = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -1.7, 0.2, 3.99, 1234.5678, 0.125, 0.35])


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round"])
def test_rounding_values_and_zero_gradients(name):
    x = ag.tensor(HALVES, requires_grad=True)
    t = torch.tensor(HALVES, requires_grad=True)
    ours, theirs = getattr(ag, name)(x), getattr(torch, name)(t)
    assert_close(ours, theirs, rtol=0, atol=0, what=name)
    assert_close(getattr(x, name)(), theirs, rtol=0, atol=0, what=name)
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    upstream = np.ones(HALVES.shape)
    upstream[0] = np.nan  # torch's gradient is zero even here
    ours.backward(ag.tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    assert_close(x.grad, t.grad, rtol=0, atol=0)
    check_op(getattr(ag, name), getattr(torch, name), inputs=[HALVES + 0.25])


@pytest.mark.parametrize("decimals", [-2, -1, 1, 2, 3])
def test_round_decimals(decimals):
    x = ag.tensor(HALVES, requires_grad=True)
    t = torch.tensor(HALVES, requires_grad=True)
    ours, theirs = x.round(decimals=decimals), torch.round(t, decimals=decimals)
    assert_close(ours, theirs, rtol=1e-12, atol=1e-12)
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "RoundBackward1"
    float32 = ag.round(ag.tensor(HALVES, dtype="float32"), decimals=decimals)
    assert float32.dtype == np.float32
    assert_close(
        float32,
        torch.round(torch.tensor(HALVES, dtype=torch.float32), decimals=decimals),
        rtol=1e-6,
    )


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round"])
def test_rounding_integer_and_bool_input(name):
    i = ag.tensor([1, -2, 3])
    out = getattr(ag, name)(i)
    assert out.dtype == np.int64 and out.tolist() == [1, -2, 3]
    assert out._data is not i._data
    assert out.tolist() == getattr(torch, name)(torch.tensor([1, -2, 3])).tolist()
    with pytest.raises(RuntimeError, match=f"{name}: not implemented for bool"):
        getattr(ag, name)(ag.tensor([True]))


def test_round_errors():
    with pytest.raises(RuntimeError, match="decimals=1.*int64"):
        ag.round(ag.tensor([1, 2]), decimals=1)
    with pytest.raises(TypeError, match="decimals must be an int, got 1.5"):
        ag.round(ag.tensor([1.0]), decimals=1.5)


@pytest.mark.parametrize("name", ["clamp_min", "clamp_max"])
def test_clamp_min_max(name):
    check_op(
        lambda x: getattr(ag, name)(x, 0.4), lambda x: getattr(torch, name)(x, 0.4), inputs=[X]
    )
    check_op(lambda x: getattr(x, name)(-0.4), lambda x: getattr(x, name)(-0.4), inputs=[X])
    check_op(
        lambda x, b: getattr(ag, name)(x, b),
        lambda x, b: getattr(torch, name)(x, b),
        inputs=[X, OTHER],
        gradcheck=False,
    )
    ours = getattr(ag, name)(ag.tensor([1, -2, 3]), 0)
    assert ours.tolist() == getattr(torch, name)(torch.tensor([1, -2, 3]), 0).tolist()


@pytest.mark.parametrize(
    "kwargs", [{}, {"nan": 1.5}, {"posinf": 9.0, "neginf": -9.0}, {"nan": -1.0, "posinf": 2.0}]
)
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_nan_to_num_values_and_gradient(kwargs, dtype):
    inf, nan = float("inf"), float("nan")
    data = np.array([1.0, nan, inf, -inf, -2.5, 0.0]).astype(dtype)
    upstream = np.array([1.0, 2.0, inf, nan, 3.0, -inf]).astype(dtype)
    x = ag.tensor(data, requires_grad=True)
    t = to_torch(data, True)
    out = ag.nan_to_num(x, **kwargs)
    expected = torch.nan_to_num(t, **kwargs)
    assert_same(out, expected)
    assert_same(x.nan_to_num(**kwargs), expected)
    with np.errstate(invalid="ignore"):
        out.backward(ag.tensor(upstream))
    expected.backward(to_torch(upstream))
    assert_same(x.grad, t.grad)
    assert out.grad_fn.name() == type(expected.grad_fn).__name__


def test_nan_to_num_gradcheck_and_higher_order_on_finite_input():
    check_op(ag.nan_to_num, torch.nan_to_num, shapes=[(2, 3)])
    check_higher_order(ag.nan_to_num, torch.nan_to_num, shapes=[(2, 3)])


def test_nan_to_num_integer_and_bool_input():
    for data in ([1, 2], [True, False]):
        assert_same(ag.nan_to_num(ag.tensor(data)), torch.nan_to_num(torch.tensor(data)))

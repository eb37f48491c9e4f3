"""Arithmetic ops against torch in float64: add sub mul div neg pow remainder floor_divide fmod
reciprocal square sqrt rsqrt lerp hypot, as functions, methods and operators.

Forward values and input gradients through ``check_op`` (which also gradchecks), higher
derivatives, broadcasting, type promotion of the result, division rounding modes, bool and
integer operands, and the errors torch raises.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import autograd as ag
from tests.autograd.ops._elementwise import (
    BROADCAST_PAIRS,
    FORM_SHAPES,
    KINDS,
    PAIRS,
    check_binary_at_edges,
    check_binary_dtypes_like_torch,
    check_binary_function_and_method,
    check_binary_grad_fn_name,
    check_unary_dtype_and_values,
)
from tests.helpers import (
    assert_close,
    assert_same,
    away_from_zero,
    check_function_and_method,
    check_higher_order,
    check_op,
    make_inputs,
    positive,
    raises_like_torch,
    requires_torch,
    torch,
)


@requires_torch
@pytest.mark.parametrize("alpha", [1, 2.5, -1])
def test_add_and_sub_take_alpha(alpha):
    for name in ("add", "sub"):
        check_op(
            lambda a, b: getattr(ag, name)(a, b, alpha=alpha),
            lambda a, b: getattr(torch, name)(a, b, alpha=alpha),
            shapes=[(2, 3), (3,)],
        )
        check_op(
            lambda a, b: getattr(a, name)(b, alpha=alpha),
            lambda a, b: getattr(a, name)(b, alpha=alpha),
            shapes=[(2, 3), (2, 3)],
        )


@requires_torch
@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_div_rounding_modes_match_torch(mode):
    a = np.array([[7.0, -7.0, 5.5], [-0.5, 3.0, -9.0]])
    b = np.array([2.0, 2.0, -2.0])
    ours = ag.div(ag.tensor(a), ag.tensor(b), rounding_mode=mode)
    assert_close(
        ours, torch.div(torch.tensor(a), torch.tensor(b), rounding_mode=mode), 0, 0, "forward"
    )
    ints = ag.tensor([7, -7, 5]).div(ag.tensor([2, 2, -2]), rounding_mode=mode)
    expected = torch.tensor([7, -7, 5]).div(torch.tensor([2, 2, -2]), rounding_mode=mode)
    assert ints.dtype == np.int64 and ints.tolist() == expected.tolist()
    check_op(
        lambda x, y: ag.div(x, y, rounding_mode=mode),
        lambda x, y: torch.div(x, y, rounding_mode=mode),
        inputs=[a, b],
        gradcheck=False,
    )


@requires_torch
def test_div_refuses_unknown_rounding_modes_and_integer_zero():
    with pytest.raises(ValueError, match="rounding_mode to be one of None, 'trunc', or 'floor'"):
        ag.div(ag.ones(2), 2, rounding_mode="round")
    with pytest.raises(RuntimeError, match="ZeroDivisionError|zero"):
        ag.div(ag.tensor([1, 2]), ag.tensor([1, 0]), rounding_mode="trunc")


@requires_torch
@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.tensor([1.5, 2.0]) - m.tensor([True, False]),
        lambda m: m.tensor([True, False]) - m.tensor([1.5, 2.0]),
        lambda m: m.tensor([True, False]) - m.tensor([True, True]),
        lambda m: m.tensor([1, 2]) - True,
        lambda m: True - m.tensor([1.5, 2.0]),
        lambda m: -m.tensor([True, False]),
    ],
)
def test_sub_and_neg_refuse_bool_like_torch(make):
    raises_like_torch(lambda: make(ag), lambda: make(torch))


@requires_torch
def test_sub_of_numbers_still_works():
    assert_close(ag.tensor([3, 4]) - 1, torch.tensor([3, 4]) - 1)
    assert_close(1.5 - ag.tensor([3.0]), 1.5 - torch.tensor([3.0]))


@requires_torch
@pytest.mark.parametrize(
    "base, exponent",
    [
        ([3, -2, 0, 1, -1, -1], [-1, -2, -3, -5, -3, -4]),
        ([2, 3], [2, -1]),
    ],
)
def test_integer_tensor_pow_with_negative_exponents(base, exponent):
    for dtype in (np.int64, np.int32):
        ours = ag.tensor(np.array(base, dtype)) ** ag.tensor(np.array(exponent, dtype))
        theirs = torch.tensor(np.array(base, dtype)) ** torch.tensor(np.array(exponent, dtype))
        assert ours.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(ours._data, theirs.numpy())
    np.testing.assert_array_equal(
        (2 ** ag.tensor(exponent))._data, (2 ** torch.tensor(exponent)).numpy()
    )


@requires_torch
def test_integer_tensor_to_negative_python_int_raises_runtime_error():
    raises_like_torch(lambda: ag.tensor([1, 2]) ** -1, lambda: torch.tensor([1, 2]) ** -1)
    with pytest.raises(RuntimeError, match="-1"):
        ag.tensor([1, 2]) ** -1


@requires_torch
def test_remainder_values_gradients_and_names_match_torch():
    a_np, b_np = np.array([5.5, -3.0, 7.25, -0.5]), np.array([2.0, 2.0, -3.0, 0.75])
    for b_of in (lambda m: m.tensor(b_np, requires_grad=True), lambda m: 2.5):
        a, ta = ag.tensor(a_np, requires_grad=True), torch.tensor(a_np, requires_grad=True)
        b, tb = b_of(ag), b_of(torch)
        out, expected = a % b, ta % tb
        assert_close(out, expected)
        assert out.grad_fn.name() == expected.grad_fn.name()
        out.sum().backward()
        expected.sum().backward()
        assert_close(a.grad, ta.grad)
        if isinstance(b, ag.Tensor):
            assert_close(b.grad, tb.grad)
    assert_close(7.5 % ag.tensor(b_np), 7.5 % torch.tensor(b_np))
    assert ag.gradcheck(
        lambda x, y: x % y,
        [ag.tensor(a_np, requires_grad=True), ag.tensor(b_np, requires_grad=True)],
    )


@requires_torch
def test_floor_divide_values_and_its_backward_refuses_like_torch():
    for a, b in (([5, -3, 7], [2, 2, -4]), ([5.5, -3.0], [2.0, 2.0])):
        ours, theirs = ag.tensor(a) // ag.tensor(b), torch.tensor(a) // torch.tensor(b)
        assert ours.tolist() == theirs.tolist()
        assert (ag.tensor(a) // 3).tolist() == (torch.tensor(a) // 3).tolist()
        assert (11 // ag.tensor(b)).tolist() == (11 // torch.tensor(b)).tolist()
    x = ag.tensor([5.5, -3.0], requires_grad=True)
    tx = torch.tensor([5.5, -3.0], requires_grad=True)
    raises_like_torch(lambda: (x // 2).sum().backward(), lambda: (tx // 2).sum().backward())


@requires_torch
@pytest.mark.parametrize("op", ["__mod__", "__floordiv__"])
def test_integer_division_by_zero_raises_like_torch(op):
    raises_like_torch(
        lambda: getattr(ag.tensor([5, -3]), op)(0), lambda: getattr(torch.tensor([5, -3]), op)(0)
    )


UNARY_FORMS = {  # name: (ours, torch, input maker for a list of shapes)
    "sqrt": (ag.sqrt, torch.sqrt if torch else None, positive),
    "neg": (ag.neg, torch.neg if torch else None, make_inputs),
    "unary minus": (lambda x: -x, lambda x: -x, make_inputs),
    "method sqrt": (lambda x: x.sqrt(), lambda x: x.sqrt(), positive),
}


@requires_torch
@pytest.mark.parametrize("shape", FORM_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(UNARY_FORMS))
def test_unary_forms(name, shape):
    ours, theirs, maker = UNARY_FORMS[name]
    check_op(ours, theirs, inputs=maker([shape]))


BINARY = {  # name: (ours, torch, input maker for a list of shapes)
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
    "numpy ufunc multiply": (lambda a, b: np.multiply(a, b), lambda a, b: a * b, make_inputs),
}


@requires_torch
@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=str)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_broadcasting(name, shapes):
    ours, theirs, maker = BINARY[name]
    check_op(ours, theirs, inputs=maker(shapes))


@requires_torch
@settings(max_examples=15, deadline=None)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, min_side=0, max_side=3))
@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "pow"])
def test_binary_random_broadcast_shapes(name, shapes):
    ours, theirs, maker = BINARY[name]
    check_op(ours, theirs, inputs=maker(shapes.input_shapes), gradcheck=False)


@requires_torch
@pytest.mark.parametrize("scalar", [2.0, 3, -0.5, 0])
def test_pow_scalar_exponent(scalar):
    check_op(lambda x: x**scalar, lambda x: x**scalar, inputs=positive([(2, 3)]))


@requires_torch
def test_pow_scalar_base_tensor_exponent():
    check_op(lambda x: 2.0**x, lambda x: 2.0**x, shapes=[(2, 3)])


@requires_torch
def test_pow_zero_base_tensor_exponent():
    # 0 ** b with b > 0: slope in b is 0 by convention, in a it is b * 0**(b-1).
    a = np.array([0.0, 0.0, 2.0])
    b = np.array([2.0, 3.0, 1.5])
    check_op(ag.pow, torch.pow, inputs=[a, b], gradcheck=False)


@requires_torch
def test_reflected_scalars():
    check_op(lambda x: 3.0 - x, lambda x: 3.0 - x, shapes=[(2, 3)])
    check_op(lambda x: 3.0 / x, lambda x: 3.0 / x, inputs=away_from_zero([(2, 3)]))
    check_op(lambda x: 1 + x * 2, lambda x: 1 + x * 2, shapes=[(2, 3)])


@requires_torch
def test_integer_division_is_true_division():
    np.testing.assert_allclose(ag.div(ag.tensor([1, 3]), 2)._data, [0.5, 1.5])
    assert (ag.tensor([1, 3]) / 2).dtype == np.float32


@requires_torch
@pytest.mark.parametrize("method", ["add", "sub", "mul", "div", "maximum", "minimum"])
def test_binary_method_forms(method):
    check_op(
        lambda a, b: getattr(a, method)(b),
        lambda a, b: getattr(a, method)(b),
        inputs=away_from_zero([(2, 3), (3,)]),
    )


@requires_torch
def test_neg_method_and_clone():
    check_op(lambda x: x.neg(), lambda x: x.neg(), shapes=[(2, 3)])
    check_op(lambda x: x.clone() * x, lambda x: x.clone() * x, shapes=[(2, 3)])


@requires_torch
def test_float16_arithmetic_stays_float16():
    x = ag.tensor([1.0, 2.0], dtype=ag.float16, requires_grad=True)
    y = (x * 2.0).sigmoid()
    assert y.dtype == np.float16
    y.sum().backward()
    assert x.grad.dtype == np.float16


@pytest.mark.parametrize(
    "op", ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "lt"]
)
def test_broadcast_error_names_op_and_shapes(op):
    with pytest.raises(
        RuntimeError,
        match=rf"{op}: shapes \(2, 3\) and \(4,\) cannot be "
        r"broadcast together",
    ):
        getattr(ag, op)(ag.ones(2, 3), ag.ones(4))


def test_broadcast_error_through_operators():
    with pytest.raises(RuntimeError, match=r"shapes \(2, 3\) and \(2,\) cannot be broadcast"):
        ag.ones(2, 3) + ag.ones(2)
    with pytest.raises(RuntimeError, match=r"where: shapes \(3,\) and \(2,\) cannot be"):
        ag.where(ag.ones(3) > 0, ag.ones(3), ag.ones(2))


HYPOT_AND_FMOD = {  # name: input maker for two shapes
    "hypot": lambda s1, s2: away_from_zero([s1, s2]),
    "fmod": lambda s1, s2: [
        make_inputs([s1], low=-5, high=5)[0],
        positive([s2], low=0.7, high=1.9)[0],
    ],
}


@requires_torch
@pytest.mark.parametrize("shapes", PAIRS, ids=str)
@pytest.mark.parametrize("name", HYPOT_AND_FMOD)
def test_binary_broadcasting_function_and_method(name, shapes):
    check_binary_function_and_method(name, HYPOT_AND_FMOD[name](*shapes))


@requires_torch
@pytest.mark.parametrize("name", HYPOT_AND_FMOD)
def test_binary_higher_order(name):
    inputs = HYPOT_AND_FMOD[name]((2, 3), (3,))
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=inputs)


@requires_torch
def test_fmod_gradient_by_divisor_is_minus_trunc_quotient():
    a = np.array([5.5, -5.5, 0.3, -7.0])
    b = np.array([2.0, 2.0, -1.0, 3.0])
    check_op(ag.fmod, torch.fmod, inputs=[a, b], gradcheck=False)


@requires_torch
def test_fmod_and_floor_divide_with_scalars_and_integers():
    cases = [([5, -5, 7], 3), ([5, -5, 7], 2.5), ([5.5, -5.5, 1.0], 2.0), ([5.5, -3.0], -2)]
    for data, other in cases:
        for name in ("fmod", "floor_divide"):
            assert_same(
                getattr(ag, name)(ag.tensor(data), other),
                getattr(torch, name)(torch.tensor(data), other),
            )
    ai, bi = [7, -7, 7, -7], [2, 2, -2, -2]
    for name in ("fmod", "floor_divide"):
        assert_same(
            getattr(ag, name)(ag.tensor(ai), ag.tensor(bi)),
            getattr(torch, name)(torch.tensor(ai), torch.tensor(bi)),
        )


@requires_torch
def test_floor_divide_float_edges_like_torch():
    a = [5.5, -3.0, 1.0, -1.0, 0.0, -0.5, 7.0]
    b = [2.0, 2.0, 0.0, 0.0, 0.0, float("inf"), -2.0]
    with np.errstate(all="ignore"):
        ours = ag.floor_divide(ag.tensor(a), ag.tensor(b))
    assert_same(ours, torch.floor_divide(torch.tensor(a), torch.tensor(b)))
    x = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        (x // 2).sum().backward()


@requires_torch
def test_fmod_integer_zero_divisor_raises_like_torch():
    with pytest.raises(RuntimeError):
        torch.fmod(torch.tensor([5]), 0)
    with pytest.raises(RuntimeError):
        ag.fmod(ag.tensor([5]), 0)
    with np.errstate(all="ignore"):
        assert_same(ag.fmod(ag.tensor([5.0]), 0.0), torch.fmod(torch.tensor([5.0]), 0.0))


@requires_torch
@pytest.mark.parametrize("name", HYPOT_AND_FMOD)
@pytest.mark.parametrize("kinds", KINDS, ids=str)
def test_binary_dtypes_and_errors_like_torch(name, kinds):
    check_binary_dtypes_like_torch(name, kinds)


@requires_torch
def test_binary_grad_fn_names_like_torch():
    for name in HYPOT_AND_FMOD:
        check_binary_grad_fn_name(name)
    x = ag.tensor([0.5, 1.5], requires_grad=True)
    t = torch.tensor([0.5, 1.5], requires_grad=True)
    assert ag.fmod(x, 2.0).grad_fn.name() == type(torch.fmod(t, 2.0).grad_fn).__name__
    assert ag.lerp(x, x, 0.5).grad_fn.name() == type(torch.lerp(t, t, 0.5).grad_fn).__name__
    assert ag.lerp(x, x, x).grad_fn.name() == type(torch.lerp(t, t, t).grad_fn).__name__


@requires_torch
def test_binary_edges_like_torch():
    check_binary_at_edges("hypot")


@requires_torch
@pytest.mark.parametrize("weight", [0.0, 0.3, 0.5, 1.0, -0.7, 1.6])
@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3))], ids=str)
def test_lerp_scalar_weight(shapes, weight):
    check_op(
        lambda s, e: ag.lerp(s, e, weight),
        lambda s, e: torch.lerp(s, e, weight),
        inputs=make_inputs(shapes),
    )
    check_op(
        lambda s, e: s.lerp(e, weight), lambda s, e: s.lerp(e, weight), inputs=make_inputs(shapes)
    )


@requires_torch
@pytest.mark.parametrize(
    "shapes",
    [((3,), (3,), (3,)), ((2, 3), (3,), (2, 1)), ((3,), (3,), ()), ((1, 3), (2, 1), (3,))],
    ids=str,
)
def test_lerp_tensor_weight(shapes):
    check_op(ag.lerp, torch.lerp, inputs=make_inputs(shapes))


@requires_torch
def test_lerp_higher_order():
    check_higher_order(ag.lerp, torch.lerp, inputs=make_inputs([(2, 3), (3,), (2, 1)]))
    check_higher_order(
        lambda s, e: ag.lerp(s, e, 0.3),
        lambda s, e: torch.lerp(s, e, 0.3),
        inputs=make_inputs([(2, 3), (3,)]),
    )


@requires_torch
def test_lerp_is_exact_at_the_ends_and_keeps_float32():
    s, e = [1e8, -3.3, 0.1], [-2.2, 7e-3, 5.5]
    for w in (0.0, 1.0, 0.5, 0.25, 0.75):
        assert_same(
            ag.lerp(ag.tensor(s), ag.tensor(e), w), torch.lerp(torch.tensor(s), torch.tensor(e), w)
        )
    w64 = ag.tensor(0.25, dtype="float64")
    assert_same(
        ag.lerp(ag.tensor(s), ag.tensor(e), w64),
        torch.lerp(torch.tensor(s), torch.tensor(e), torch.tensor(0.25, dtype=torch.float64)),
    )


@requires_torch
def test_lerp_errors_like_torch():
    with pytest.raises(NotImplementedError):
        torch.lerp(torch.tensor([1, 2]), torch.tensor([3, 4]), 0.5)
    with pytest.raises(NotImplementedError):
        ag.lerp(ag.tensor([1, 2]), ag.tensor([3, 4]), 0.5)
    with pytest.raises(RuntimeError):
        torch.lerp(torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64), 0.5)
    with pytest.raises(RuntimeError):
        ag.lerp(ag.tensor([1.0]), ag.tensor([1.0], dtype="float64"), 0.5)
    with pytest.raises(RuntimeError):
        torch.lerp(torch.zeros(2), torch.zeros(3), 0.5)
    with pytest.raises(RuntimeError):
        ag.lerp(ag.zeros(2), ag.zeros(3), 0.5)


POWERS = {  # name: input maker for a shape
    "square": lambda s: make_inputs([s]),
    "rsqrt": lambda s: positive([s]),
    "reciprocal": lambda s: away_from_zero([s]),
}
POWER_SHAPES = [(), (1,), (3,), (2, 3), (2, 1, 4)]


@requires_torch
@pytest.mark.parametrize("shape", POWER_SHAPES, ids=str)
@pytest.mark.parametrize("name", POWERS)
def test_powers_function_and_method(name, shape):
    check_function_and_method(name, POWERS[name](shape))


@requires_torch
@pytest.mark.parametrize("name", POWERS)
def test_powers_higher_order(name):
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=POWERS[name]((2, 3)))


@requires_torch
@pytest.mark.parametrize("name", POWERS)
@pytest.mark.parametrize("data", [[1.0, 4.0], [1, 4], [True, False]], ids=["f32", "i64", "bool"])
def test_powers_dtypes_like_torch(name, data):
    check_unary_dtype_and_values(name, data)


def test_rsqrt_and_reciprocal_at_their_poles():
    with np.errstate(divide="ignore"):
        assert ag.rsqrt(ag.tensor([0.0])).item() == math.inf
        assert ag.reciprocal(ag.tensor([-0.0])).item() == -math.inf


@requires_torch
@pytest.mark.parametrize(
    "fn",
    [
        ag.square,
        ag.rsqrt,
        ag.reciprocal,
    ],
    ids=[
        "square",
        "rsqrt",
        "reciprocal",
    ],
)
def test_float32_in_float32_out_with_float32_grads(fn):
    x = ag.tensor(positive([(2, 3)])[0].astype(np.float32), requires_grad=True)
    out = fn(x)
    assert out.dtype == np.float32
    out.sum().backward()
    assert x.grad.dtype == np.float32

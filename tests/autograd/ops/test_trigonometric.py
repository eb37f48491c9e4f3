"""erf, tan, asin ... exp2, sinc; atan2, hypot, logaddexp, lerp, fmod, floor_divide;
nan_to_num; logical and bitwise ops: compared with PyTorch.

Values and gradients in float64 through ``check_op`` (which also runs gradcheck),
higher derivatives through ``check_higher_order``, then dtypes, NaN/inf at the domain
edges, grad_fn names and error types.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_close,
    away_from_zero,
    check_function_and_method,
    check_higher_order,
    check_op,
    make_inputs,
    positive,
    requires_torch,
    to_torch,
    torch,
)

pytestmark = requires_torch

SHAPES = [(), (3,), (2, 3)]


def _torch_dtype(t):
    return str(t.dtype).removeprefix("torch.")


def _same(ours, theirs):
    """Same dtype, shape and values (NaN where torch has NaN, signed infinities)."""
    assert str(ours.dtype) == _torch_dtype(theirs)
    a, b = ours._data, theirs.detach().numpy()
    assert a.shape == b.shape
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, equal_nan=True)


# -- unary ---------------------------------------------------------------------------------

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
    _same(ours, theirs)


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
    _same(out, expected)
    _same(x.grad, t.grad)


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


# -- binary --------------------------------------------------------------------------------

BINARY = {
    "atan2": lambda s1, s2: away_from_zero([s1, s2]),
    "hypot": lambda s1, s2: away_from_zero([s1, s2]),
    "logaddexp": lambda s1, s2: make_inputs([s1, s2]),
    "fmod": lambda s1, s2: [
        make_inputs([s1], low=-5, high=5)[0],
        positive([s2], low=0.7, high=1.9)[0],
    ],
}
PAIRS = [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3))]


@pytest.mark.parametrize("shapes", PAIRS, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_binary_broadcasting_function_and_method(name, shapes):
    inputs = BINARY[name](*shapes)
    check_op(getattr(ag, name), getattr(torch, name), inputs=inputs)
    check_op(lambda a, b: getattr(a, name)(b), lambda a, b: getattr(a, name)(b), inputs=inputs)


@pytest.mark.parametrize("name", BINARY)
def test_binary_higher_order(name):
    check_higher_order(getattr(ag, name), getattr(torch, name), inputs=BINARY[name]((2, 3), (3,)))


def test_fmod_gradient_by_divisor_is_minus_trunc_quotient():
    a = np.array([5.5, -5.5, 0.3, -7.0])
    b = np.array([2.0, 2.0, -1.0, 3.0])
    check_op(ag.fmod, torch.fmod, inputs=[a, b], gradcheck=False)


def test_fmod_and_floor_divide_with_scalars_and_integers():
    cases = [([5, -5, 7], 3), ([5, -5, 7], 2.5), ([5.5, -5.5, 1.0], 2.0), ([5.5, -3.0], -2)]
    for data, other in cases:
        for name in ("fmod", "floor_divide"):
            _same(
                getattr(ag, name)(ag.tensor(data), other),
                getattr(torch, name)(torch.tensor(data), other),
            )
    ai, bi = [7, -7, 7, -7], [2, 2, -2, -2]
    for name in ("fmod", "floor_divide"):
        _same(
            getattr(ag, name)(ag.tensor(ai), ag.tensor(bi)),
            getattr(torch, name)(torch.tensor(ai), torch.tensor(bi)),
        )


def test_floor_divide_float_edges_like_torch():
    a = [5.5, -3.0, 1.0, -1.0, 0.0, -0.5, 7.0]
    b = [2.0, 2.0, 0.0, 0.0, 0.0, float("inf"), -2.0]
    with np.errstate(all="ignore"):
        ours = ag.floor_divide(ag.tensor(a), ag.tensor(b))
    _same(ours, torch.floor_divide(torch.tensor(a), torch.tensor(b)))
    x = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        (x // 2).sum().backward()


def test_fmod_integer_zero_divisor_raises_like_torch():
    with pytest.raises(RuntimeError):
        torch.fmod(torch.tensor([5]), 0)
    with pytest.raises(RuntimeError):
        ag.fmod(ag.tensor([5]), 0)
    with np.errstate(all="ignore"):
        _same(ag.fmod(ag.tensor([5.0]), 0.0), torch.fmod(torch.tensor([5.0]), 0.0))


@pytest.mark.parametrize("name", ["atan2", "hypot", "logaddexp", "fmod"])
@pytest.mark.parametrize(
    "kinds", [("i64", "i64"), ("bool", "bool"), ("f32", "i64"), ("f32", "f64")], ids=str
)
def test_binary_dtypes_and_errors_like_torch(name, kinds):
    data = {"i64": [1, 2], "bool": [True, False], "f32": [1.5, 2.0], "f64": [1.0, 3.0]}
    a, b = (ag.tensor(data[k], dtype="float64" if k == "f64" else None) for k in kinds)
    ta, tb = (torch.tensor(data[k], dtype=torch.float64 if k == "f64" else None) for k in kinds)
    try:
        expected = getattr(torch, name)(ta, tb)
    except Exception as err:  # noqa: BLE001 - the oracle's error type is the expectation
        with pytest.raises(type(err)):
            getattr(ag, name)(a, b)
        return
    _same(getattr(ag, name)(a, b), expected)


def test_binary_grad_fn_names_like_torch():
    x = ag.tensor([0.5, 1.5], requires_grad=True)
    t = torch.tensor([0.5, 1.5], requires_grad=True)
    for name in ("atan2", "hypot", "logaddexp", "fmod"):
        assert (
            getattr(ag, name)(x, x).grad_fn.name()
            == type(getattr(torch, name)(t, t).grad_fn).__name__
        )
    assert ag.fmod(x, 2.0).grad_fn.name() == type(torch.fmod(t, 2.0).grad_fn).__name__
    assert ag.lerp(x, x, 0.5).grad_fn.name() == type(torch.lerp(t, t, 0.5).grad_fn).__name__
    assert ag.lerp(x, x, x).grad_fn.name() == type(torch.lerp(t, t, t).grad_fn).__name__


def test_binary_edges_like_torch():
    inf, nan = float("inf"), float("nan")
    a = np.array([0.0, 0.0, -0.0, 0.0, 1.0, -inf, inf, nan, 3.0, -inf])
    b = np.array([0.0, -0.0, -1.0, 1.0, inf, -inf, inf, 1.0, -4.0, 2.0])
    for name in ("atan2", "hypot", "logaddexp"):
        x, y = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
        tx, ty = to_torch(a, True), to_torch(b, True)
        with np.errstate(all="ignore"):
            out = getattr(ag, name)(x, y)
            out.backward(ag.ones_like(out))
        expected = getattr(torch, name)(tx, ty)
        expected.backward(torch.ones_like(expected))
        _same(out, expected)
        _same(x.grad, tx.grad)
        _same(y.grad, ty.grad)


def test_atan2_promotes_integers_to_float32():
    _same(
        ag.atan2(ag.tensor([1, -1]), ag.tensor([0, 2])),
        torch.atan2(torch.tensor([1, -1]), torch.tensor([0, 2])),
    )


# -- lerp ------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    "shapes",
    [((3,), (3,), (3,)), ((2, 3), (3,), (2, 1)), ((3,), (3,), ()), ((1, 3), (2, 1), (3,))],
    ids=str,
)
def test_lerp_tensor_weight(shapes):
    check_op(ag.lerp, torch.lerp, inputs=make_inputs(shapes))


def test_lerp_higher_order():
    check_higher_order(ag.lerp, torch.lerp, inputs=make_inputs([(2, 3), (3,), (2, 1)]))
    check_higher_order(
        lambda s, e: ag.lerp(s, e, 0.3),
        lambda s, e: torch.lerp(s, e, 0.3),
        inputs=make_inputs([(2, 3), (3,)]),
    )


def test_lerp_is_exact_at_the_ends_and_keeps_float32():
    s, e = [1e8, -3.3, 0.1], [-2.2, 7e-3, 5.5]
    for w in (0.0, 1.0, 0.5, 0.25, 0.75):
        _same(
            ag.lerp(ag.tensor(s), ag.tensor(e), w), torch.lerp(torch.tensor(s), torch.tensor(e), w)
        )
    w64 = ag.tensor(0.25, dtype="float64")
    _same(
        ag.lerp(ag.tensor(s), ag.tensor(e), w64),
        torch.lerp(torch.tensor(s), torch.tensor(e), torch.tensor(0.25, dtype=torch.float64)),
    )


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


# -- nan_to_num ------------------------------------------------------------------------------


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
    _same(out, expected)
    _same(x.nan_to_num(**kwargs), expected)
    with np.errstate(invalid="ignore"):
        out.backward(ag.tensor(upstream))
    expected.backward(to_torch(upstream))
    _same(x.grad, t.grad)
    assert out.grad_fn.name() == type(expected.grad_fn).__name__


def test_nan_to_num_gradcheck_and_higher_order_on_finite_input():
    check_op(ag.nan_to_num, torch.nan_to_num, shapes=[(2, 3)])
    check_higher_order(ag.nan_to_num, torch.nan_to_num, shapes=[(2, 3)])


def test_nan_to_num_integer_and_bool_input():
    for data in ([1, 2], [True, False]):
        _same(ag.nan_to_num(ag.tensor(data)), torch.nan_to_num(torch.tensor(data)))


# -- logical and bitwise ------------------------------------------------------------------------

OPERANDS = {
    "bool": [True, False, True, False],
    "i64": [0, 3, -2, 12],
    "f32": [0.0, 1.5, float("nan"), -2.0],
}


@pytest.mark.parametrize("b", OPERANDS)
@pytest.mark.parametrize("a", OPERANDS)
@pytest.mark.parametrize(
    "name", ["logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor"]
)
def test_logical_and_bitwise_binary_like_torch(name, a, b):
    x, y = OPERANDS[a], [True, True, False, False] if b == "bool" else OPERANDS[b][::-1]
    ta, tb = torch.tensor(x), torch.tensor(y)
    try:
        expected = getattr(torch, name)(ta, tb)
    except Exception as err:  # noqa: BLE001 - the oracle's error type is the expectation
        with pytest.raises(type(err)):
            getattr(ag, name)(ag.tensor(x), ag.tensor(y))
        return
    _same(getattr(ag, name)(ag.tensor(x), ag.tensor(y)), expected)
    _same(getattr(ag.tensor(x), name)(ag.tensor(y)), expected)


@pytest.mark.parametrize("a", OPERANDS)
@pytest.mark.parametrize("name", ["logical_not", "bitwise_not"])
def test_logical_and_bitwise_not_like_torch(name, a):
    try:
        expected = getattr(torch, name)(torch.tensor(OPERANDS[a]))
    except Exception as err:  # noqa: BLE001
        with pytest.raises(type(err)):
            getattr(ag, name)(ag.tensor(OPERANDS[a]))
        return
    _same(getattr(ag, name)(ag.tensor(OPERANDS[a])), expected)
    _same(getattr(ag.tensor(OPERANDS[a]), name)(), expected)


@pytest.mark.parametrize("a", OPERANDS)
def test_operators_like_torch(a):
    x, t = ag.tensor(OPERANDS[a]), torch.tensor(OPERANDS[a])
    ops = {
        "&": lambda p, q: p & q,
        "|": lambda p, q: p | q,
        "^": lambda p, q: p ^ q,
        "~": lambda p, q: ~p,
        "& int": lambda p, q: p & 6,
        "rand": lambda p, q: 6 | p,
        "^ True": lambda p, q: True ^ p,
    }
    for label, op in ops.items():
        try:
            expected = op(t, t.flip(0))
        except Exception as err:  # noqa: BLE001
            with pytest.raises(type(err)):
                op(x, ag.flip(x, 0))
            continue
        _same(op(x, ag.flip(x, 0)), expected)


def test_logical_ops_broadcast_and_have_no_gradient():
    x = ag.tensor([[0.0], [1.0]], requires_grad=True)
    out = ag.logical_and(x, ag.tensor([1.0, 0.0, 2.0]))
    assert out.shape == (2, 3) and not out.requires_grad
    assert_close(
        out, torch.logical_and(torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0, 2.0]))
    )
    with pytest.raises(RuntimeError):
        ag.bitwise_and(ag.tensor([1, 2]), ag.tensor([1, 2, 3]))

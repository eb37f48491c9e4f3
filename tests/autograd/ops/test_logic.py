"""Comparisons, predicates, logical and bitwise ops against torch: results are bool (or the
integer dtype for bitwise ops), carry no gradient, broadcast, and accept torch's operands;
isnan/isinf/isfinite, isclose/allclose/equal.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import (
    assert_close,
    assert_same,
    make_inputs,
    requires_torch,
    torch,
)


@requires_torch
def test_comparisons_match_torch_and_carry_no_grad():
    a, b = make_inputs([(3, 4), (4,)])
    a[0, 0] = b[0]
    for op in ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]:
        x = ag.tensor(a, requires_grad=True)
        ours = getattr(x, op)(ag.tensor(b))
        theirs = getattr(torch.tensor(a), op)(torch.tensor(b))
        assert ours.dtype == np.bool_ and not ours.requires_grad and ours.grad_fn is None
        np.testing.assert_array_equal(ours._data, theirs.numpy())


@requires_torch
def test_logical_ops():
    a = ag.tensor([True, False, True])
    b = ag.tensor([True, True, False])
    np.testing.assert_array_equal((a & b)._data, [True, False, False])
    np.testing.assert_array_equal((a | b)._data, [True, True, True])
    np.testing.assert_array_equal((~a)._data, [False, True, False])


@requires_torch
@pytest.mark.parametrize("method", ["eq", "ne", "lt", "le", "gt", "ge"])
def test_comparison_method_and_function_forms(method):
    a, b = make_inputs([(3, 4), (4,)])
    expected = getattr(torch.tensor(a), method)(torch.tensor(b)).numpy()
    np.testing.assert_array_equal(getattr(ag.tensor(a), method)(ag.tensor(b))._data, expected)
    np.testing.assert_array_equal(getattr(ag, method)(ag.tensor(a), ag.tensor(b))._data, expected)


SPECIAL = [1.0, float("nan"), float("inf"), -float("inf"), 0.0, -2.5]


@requires_torch
@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite"])
@pytest.mark.parametrize(
    "data", [SPECIAL, [[1, 2], [3, 4]], [True, False]], ids=["float", "int", "bool"]
)
def test_predicates(name, data):
    for dtype in [None, "float64"] if isinstance(data[0], float) else [None]:
        x = ag.tensor(data, dtype=dtype)
        t = torch.tensor(data, dtype=None if dtype is None else torch.float64)
        for ours in (getattr(ag, name)(x), getattr(x, name)()):
            assert ours.dtype == np.bool_
            np.testing.assert_array_equal(ours._data, getattr(torch, name)(t).numpy())


@requires_torch
def test_predicates_are_not_differentiable():
    x = ag.tensor(SPECIAL, requires_grad=True)
    assert not ag.isnan(x).requires_grad and not x.isfinite().requires_grad


OPERANDS = {
    "bool": [True, False, True, False],
    "i64": [0, 3, -2, 12],
    "f32": [0.0, 1.5, float("nan"), -2.0],
}


@requires_torch
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
    assert_same(getattr(ag, name)(ag.tensor(x), ag.tensor(y)), expected)
    assert_same(getattr(ag.tensor(x), name)(ag.tensor(y)), expected)


@requires_torch
@pytest.mark.parametrize("a", OPERANDS)
@pytest.mark.parametrize("name", ["logical_not", "bitwise_not"])
def test_logical_and_bitwise_not_like_torch(name, a):
    try:
        expected = getattr(torch, name)(torch.tensor(OPERANDS[a]))
    except Exception as err:  # noqa: BLE001
        with pytest.raises(type(err)):
            getattr(ag, name)(ag.tensor(OPERANDS[a]))
        return
    assert_same(getattr(ag, name)(ag.tensor(OPERANDS[a])), expected)
    assert_same(getattr(ag.tensor(OPERANDS[a]), name)(), expected)


@requires_torch
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
        assert_same(op(x, ag.flip(x, 0)), expected)


@requires_torch
def test_logical_ops_broadcast_and_have_no_gradient():
    x = ag.tensor([[0.0], [1.0]], requires_grad=True)
    out = ag.logical_and(x, ag.tensor([1.0, 0.0, 2.0]))
    assert out.shape == (2, 3) and not out.requires_grad
    assert_close(
        out, torch.logical_and(torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0, 2.0]))
    )
    with pytest.raises(RuntimeError):
        ag.bitwise_and(ag.tensor([1, 2]), ag.tensor([1, 2, 3]))


def test_comparisons_return_bool_tensors_without_grad():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for result in (x == 2, x != 2, x < 2, x <= 2, x > 2, x >= 2, 2 < x, x == x):  # noqa: SIM300 (reflected)
        assert result.dtype == np.bool_ and not result.requires_grad
    np.testing.assert_array_equal((x > 1.5)._data, [False, True, True])
    np.testing.assert_array_equal((2 < x)._data, [False, False, True])  # noqa: SIM300


def test_comparison_with_none_is_identity_like_torch():
    t = ag.ones(2)
    assert (t == None) is False and (t != None) is True  # noqa: E711
    assert (None == t) is False  # noqa: E711, SIM300


@requires_torch
@pytest.mark.parametrize(
    "a, b, kwargs",
    [
        ([1.0, 2.0, np.inf, np.nan], [1.0 + 1e-6, 2.1, np.inf, np.nan], {}),
        ([1.0, 2.0, np.inf, np.nan], [1.0 + 1e-6, 2.1, np.inf, np.nan], {"equal_nan": True}),
        ([1.0, 2.0], [1.5, 2.1], {"rtol": 0.3}),
        ([1.0, 2.0], [1.5, 2.1], {"atol": 0.2}),
        ([1, 5], [1, 6], {"rtol": 0.5}),
        ([[1.0], [2.0]], [2.0, 1.0], {}),
    ],
)
def test_isclose_allclose_match_torch(a, b, kwargs):
    dtype = "int64" if isinstance(a[0], int) else "float64"
    ta, tb = torch.tensor(np.array(a, dtype)), torch.tensor(np.array(b, dtype))
    x, y = ag.tensor(np.array(a, dtype)), ag.tensor(np.array(b, dtype))
    assert_close(ag.isclose(x, y, **kwargs), torch.isclose(ta, tb, **kwargs))
    assert ag.isclose(x, y, **kwargs).dtype == np.bool_
    assert x.allclose(y, **kwargs) is torch.allclose(ta, tb, **kwargs)


@requires_torch
@pytest.mark.parametrize(
    "a, b",
    [
        ([1, 2], [1, 2]),
        ([1, 2], [1.0, 2.0]),
        ([1, 2], [1, 2, 3]),
        ([1, 2], [[1, 2]]),
        ([np.nan], [np.nan]),
        ([], []),
        ([1.0, 2.0], [1.0, 2.5]),
    ],
)
def test_equal_matches_torch(a, b):
    ours = ag.tensor(a).equal(ag.tensor(b))
    assert type(ours) is bool
    assert ours == torch.equal(torch.tensor(a), torch.tensor(b))


@pytest.mark.parametrize(
    "fn, exc, pattern",
    [
        (lambda x: x.isclose(x.double()), RuntimeError, "float32 did not match float64"),
        (lambda x: x.allclose(x, rtol=-1.0), RuntimeError, "rtol=-1.0"),
        (lambda x: x.isclose(ag.ones(2)), RuntimeError, r"\(2, 3\) and \(2,\)"),
    ],
)
def test_errors_name_the_values(fn, exc, pattern):
    with pytest.raises(exc, match=pattern):
        fn(ag.arange(6.0).reshape(2, 3))

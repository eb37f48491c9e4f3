"""The checks every elementwise family's table of ops goes through, and the shapes they use.

Each family file (arithmetic, exp/log, trigonometric, piecewise, special) keeps a table of
its own ops and parametrizes thin tests over it; the comparisons with torch live here once:
result dtypes for integer and bool input, values and gradients at the edges of each domain
(NaN, infinities, zeros), and torch's grad_fn names.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pytest

import autograd as ag
from tests.helpers import assert_same, check_op, to_torch, torch

# Shapes for the function, method and operator forms: 0-d, size 1, empty, and broadcasting.
FORM_SHAPES = [(), (1,), (3,), (2, 3), (1, 1), (0,), (2, 0, 3)]
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

# Shapes for the function-and-method tables of the math functions.
SHAPES = [(), (3,), (2, 3)]
PAIRS = [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3))]

# Integer, bool and mixed operands of binary math functions, by kind.
KINDS = [("i64", "i64"), ("bool", "bool"), ("f32", "i64"), ("f32", "f64")]

EDGES = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, float("inf"), -float("inf"), float("nan"), 800.0]


def check_unary_dtypes_like_torch(name: str, data: list) -> None:
    """``ag.<name>`` of float32, int64 or bool data has torch's dtype, NaNs and values."""
    with np.errstate(all="ignore"):
        ours = getattr(ag, name)(ag.tensor(data))
    theirs = getattr(torch, name)(torch.tensor(data))
    assert_same(ours, theirs)


def check_unary_dtype_and_values(name: str, data: list) -> None:
    """``ag.<name>`` of ``data`` has torch's dtype and (to 1e-6) torch's values."""
    with np.errstate(divide="ignore"):  # 1 / 0 = inf, as torch
        ours = getattr(ag, name)(ag.tensor(data))
    theirs = getattr(torch, name)(torch.tensor(data))
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_allclose(ours._data, theirs.numpy(), rtol=1e-6)


def check_unary_keeps_float16_and_float64(names: Sequence[str]) -> None:
    """Each ``ag.<name>`` returns float16 for float16 input and float64 for float64."""
    for name in names:
        for dtype in ("float16", "float64"):
            with np.errstate(invalid="ignore"):  # acosh below 1 is nan, as torch
                ours = getattr(ag, name)(ag.tensor([0.25, 0.5], dtype=dtype))
            assert str(ours.dtype) == dtype, name


def check_unary_at_domain_edges(name: str) -> None:
    """Values and gradients of ``ag.<name>`` at ``EDGES`` (NaN, infinities) equal torch's."""
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


def check_unary_grad_fn_name(name: str) -> None:
    """``ag.<name>``'s grad_fn has the name of torch's node for the same op."""
    x = ag.tensor([0.5], requires_grad=True)
    t = torch.tensor([0.5], requires_grad=True)
    with np.errstate(invalid="ignore"):  # acosh(0.5) is nan, as torch
        ours = getattr(ag, name)(x)
    assert type(getattr(torch, name)(t).grad_fn).__name__ == ours.grad_fn.name()


def check_binary_function_and_method(name: str, inputs: Sequence[np.ndarray]) -> None:
    """``ag.<name>(a, b)`` and ``a.<name>(b)`` against torch's (values, gradients, gradcheck)."""
    check_op(getattr(ag, name), getattr(torch, name), inputs=inputs)
    check_op(lambda a, b: getattr(a, name)(b), lambda a, b: getattr(a, name)(b), inputs=inputs)


def check_binary_dtypes_like_torch(name: str, kinds: tuple[str, str]) -> None:
    """``ag.<name>`` of integer, bool or mixed operands: torch's result, or torch's error."""
    data = {"i64": [1, 2], "bool": [True, False], "f32": [1.5, 2.0], "f64": [1.0, 3.0]}
    a, b = (ag.tensor(data[k], dtype="float64" if k == "f64" else None) for k in kinds)
    ta, tb = (torch.tensor(data[k], dtype=torch.float64 if k == "f64" else None) for k in kinds)
    try:
        expected = getattr(torch, name)(ta, tb)
    except Exception as err:  # noqa: BLE001 - the oracle's error type is the expectation
        with pytest.raises(type(err)):
            getattr(ag, name)(a, b)
        return
    assert_same(getattr(ag, name)(a, b), expected)


def check_binary_grad_fn_name(name: str) -> None:
    """``ag.<name>(x, x)``'s grad_fn has the name of torch's node for the same op."""
    x = ag.tensor([0.5, 1.5], requires_grad=True)
    t = torch.tensor([0.5, 1.5], requires_grad=True)
    assert (
        getattr(ag, name)(x, x).grad_fn.name() == type(getattr(torch, name)(t, t).grad_fn).__name__
    )


def check_binary_at_edges(name: str) -> None:
    """Values and both gradients of ``ag.<name>`` at signed zeros, infinities and NaN."""
    inf, nan = float("inf"), float("nan")
    a = np.array([0.0, 0.0, -0.0, 0.0, 1.0, -inf, inf, nan, 3.0, -inf])
    b = np.array([0.0, -0.0, -1.0, 1.0, inf, -inf, inf, 1.0, -4.0, 2.0])
    x, y = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    tx, ty = to_torch(a, True), to_torch(b, True)
    with np.errstate(all="ignore"):
        out = getattr(ag, name)(x, y)
        out.backward(ag.ones_like(out))
    expected = getattr(torch, name)(tx, ty)
    expected.backward(torch.ones_like(expected))
    assert_same(out, expected)
    assert_same(x.grad, tx.grad)
    assert_same(y.grad, ty.grad)

"""matmul, linear, softmax and log_softmax against PyTorch in float64."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import check_op, make_inputs, requires_torch, torch

pytestmark = requires_torch

MATMUL_SHAPES = [
    ((3,), (3,)),  # dot product -> 0-d
    ((3,), (3, 4)),  # vector @ matrix
    ((2, 3), (3,)),  # matrix @ vector
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)),  # batch @ matrix
    ((2, 3), (5, 3, 4)),  # matrix @ batch
    ((5, 2, 3), (5, 3, 4)),
    ((2, 1, 2, 3), (5, 3, 4)),  # broadcast batch dims
    ((3,), (5, 3, 4)),  # vector @ batch
    ((5, 2, 3), (3,)),  # batch @ vector
    ((1, 3), (3, 1)),
    ((0, 3), (3, 4)),
    ((2, 0), (0, 4)),  # empty inner dim -> zeros
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul(shapes):
    check_op(lambda a, b: a @ b, lambda a, b: a @ b, shapes=list(shapes))
    check_op(ag.matmul, torch.matmul, shapes=list(shapes))
    check_op(lambda a, b: a.matmul(b), lambda a, b: a.matmul(b), shapes=list(shapes))


def test_matmul_with_numpy_operand_on_either_side():
    w = make_inputs([(3, 4)])[0]
    check_op(lambda a: w.T @ a, lambda a: torch.tensor(w).T @ a, shapes=[(3, 2)])
    check_op(lambda a: a @ w, lambda a: a @ torch.tensor(w), shapes=[(2, 3)])


@pytest.mark.parametrize("x_shape", [(4, 3), (2, 4, 3), (3,)], ids=str)
@pytest.mark.parametrize("bias", [True, False])
def test_linear(x_shape, bias):
    shapes = [x_shape, (5, 3)] + ([(5,)] if bias else [])
    check_op(lambda *a: ag.linear(*a), lambda *a: torch.nn.functional.linear(*a), shapes=shapes)


SOFTMAX_CASES = [
    ((5,), 0),
    ((3, 4), 1),
    ((3, 4), 0),
    ((3, 4), -1),
    ((2, 3, 4), 1),
    ((), 0),
    ((1, 1), 1),
    ((0, 3), 1),
]


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape, dim", SOFTMAX_CASES, ids=str)
def test_softmax_log_softmax(fn, shape, dim):
    check_op(
        lambda x: getattr(ag, fn)(x, dim), lambda x: getattr(torch, fn)(x, dim), shapes=[shape]
    )
    check_op(lambda x: getattr(x, fn)(dim), lambda x: getattr(x, fn)(dim), shapes=[shape])


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
def test_softmax_is_stable_for_large_logits(fn):
    x = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]])
    check_op(
        lambda t: getattr(ag, fn)(t, 1),
        lambda t: getattr(torch, fn)(t, 1),
        inputs=[x],
        gradcheck=False,
    )


def test_softmax_float32_stays_float32():
    x = ag.randn(2, 3, requires_grad=True)
    y = ag.softmax(x, 1)
    assert y.dtype == np.float32
    (y * ag.randn(2, 3)).sum().backward()
    assert x.grad.dtype == np.float32


def test_matmul_shape_error_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\(3, 4\) and \(5, 6\) cannot be multiplied"):
        ag.zeros(3, 4) @ ag.zeros(5, 6)
    with pytest.raises(RuntimeError, match=r"\(2, 3, 4\) and \(5, 4, 2\).*cannot be broadcast"):
        ag.zeros(2, 3, 4) @ ag.zeros(5, 4, 2)
    with pytest.raises(RuntimeError, match=r"at least 1-D.*\(\) and \(3,\)"):
        ag.matmul(ag.tensor(1.0), ag.zeros(3))


@requires_torch
@pytest.mark.parametrize("op", ["matmul", "linear", "linear with bias"])
def test_mixed_dtype_products_raise_as_in_torch(op):
    # float64 data into float32 weights: torch refuses rather than compute in float64
    x64, w32, b32 = np.ones((2, 3)), np.ones((4, 3), np.float32), np.zeros(4, np.float32)
    ours = {
        "matmul": lambda: ag.tensor(x64) @ ag.tensor(w32.T),
        "linear": lambda: ag.linear(ag.tensor(x64), ag.tensor(w32)),
        "linear with bias": lambda: ag.linear(
            ag.tensor(w32[:2]), ag.tensor(w32), ag.tensor(b32.astype(np.float64))
        ),
    }[op]
    theirs = {
        "matmul": lambda: torch.tensor(x64) @ torch.tensor(w32.T),
        "linear": lambda: torch.nn.functional.linear(torch.tensor(x64), torch.tensor(w32)),
        "linear with bias": lambda: torch.nn.functional.linear(
            torch.tensor(w32[:2]), torch.tensor(w32), torch.tensor(b32.astype(np.float64))
        ),
    }[op]
    with pytest.raises(RuntimeError):
        theirs()
    with pytest.raises(
        RuntimeError,
        match=r"same dtype, got (float64 and float32|float32 and "
        r"float32 and float64) \(shapes \(2, 3\)",
    ):
        ours()


def test_linear_shape_errors():
    with pytest.raises(RuntimeError, match=r"input shape \(2, 4\) and weight shape \(5, 3\)"):
        ag.linear(ag.zeros(2, 4), ag.zeros(5, 3))
    with pytest.raises(RuntimeError, match=r"bias shape \(4,\) does not match out_features=5"):
        ag.linear(ag.zeros(2, 3), ag.zeros(5, 3), ag.zeros(4))

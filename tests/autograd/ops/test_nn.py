"""The fused nn ops against torch: linear, softmax and log_softmax, and pad.

Values and gradients in float64, stability for large logits, float32 kept, empty inputs,
and errors naming the dim or shapes.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import (
    check_higher_order,
    check_op,
    raises_like_torch,
    requires_torch,
    torch,
)


@requires_torch
@pytest.mark.parametrize(("shape", "dim"), [((0, 3), 0), ((0, 3), 1), ((2, 0), 1)])
def test_log_softmax_of_an_empty_tensor_is_empty_like_torch(shape, dim):
    x = ag.zeros(*shape, requires_grad=True)
    out = ag.log_softmax(x, dim)
    out.sum().backward()
    expected = torch.log_softmax(torch.zeros(*shape), dim)
    assert out.shape == tuple(expected.shape) and x.grad.shape == shape


@requires_torch
@pytest.mark.parametrize("values", [[1, 2], [True, False]])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_of_integer_or_bool_tensors_is_not_implemented_like_torch(op, values):
    raises_like_torch(
        lambda: getattr(ag, op)(ag.tensor(values), 0),
        lambda: getattr(torch, op)(torch.tensor(values), 0),
    )


@requires_torch
@pytest.mark.parametrize(("shape", "dim"), [((0, 3), 0), ((0, 3), 1), ((2, 0), 1), ((0,), 0)])
@pytest.mark.parametrize("op", ["softmax", "log_softmax", "softmin"])
def test_softmax_family_of_an_empty_tensor_is_empty_like_torch(op, shape, dim):
    def run(lib, x):
        if op == "softmin":
            return lib.softmax(-x, dim)  # what softmin computes
        return getattr(lib, op)(x, dim)

    x = ag.zeros(*shape, requires_grad=True)
    out = run(ag, x)
    out.sum().backward()
    xt = torch.zeros(*shape, requires_grad=True)
    expected = run(torch, xt)
    expected.sum().backward()
    assert out.shape == tuple(expected.shape) and out.dtype == np.float32
    assert x.grad.shape == tuple(xt.grad.shape)


def test_softmax_dim_out_of_range():
    with pytest.raises(
        IndexError,
        match=r"softmax: dim 2 is out of range for a tensor with 2 "
        r"dims \(expected to be in range \[-2, 1\]\)",
    ):
        ag.softmax(ag.ones(2, 3), 2)


@requires_torch
def test_linear_second_order():
    check_higher_order(
        lambda x, w, b: ag.linear(x, w, b).tanh(),
        lambda x, w, b: torch.nn.functional.linear(x, w, b).tanh(),
        shapes=[(4, 3), (5, 3), (5,)],
        rtol=1e-5,
    )


@requires_torch
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


@requires_torch
@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape, dim", SOFTMAX_CASES, ids=str)
def test_softmax_log_softmax(fn, shape, dim):
    check_op(
        lambda x: getattr(ag, fn)(x, dim), lambda x: getattr(torch, fn)(x, dim), shapes=[shape]
    )
    check_op(lambda x: getattr(x, fn)(dim), lambda x: getattr(x, fn)(dim), shapes=[shape])


@requires_torch
@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
def test_softmax_is_stable_for_large_logits(fn):
    x = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]])
    check_op(
        lambda t: getattr(ag, fn)(t, 1),
        lambda t: getattr(torch, fn)(t, 1),
        inputs=[x],
        gradcheck=False,
    )


@requires_torch
def test_softmax_float32_stays_float32():
    x = ag.randn(2, 3, requires_grad=True)
    y = ag.softmax(x, 1)
    assert y.dtype == np.float32
    (y * ag.randn(2, 3)).sum().backward()
    assert x.grad.dtype == np.float32


@requires_torch
def test_linear_shape_errors():
    with pytest.raises(RuntimeError, match=r"input shape \(2, 4\) and weight shape \(5, 3\)"):
        ag.linear(ag.zeros(2, 4), ag.zeros(5, 3))
    with pytest.raises(RuntimeError, match=r"bias shape \(4,\) does not match out_features=5"):
        ag.linear(ag.zeros(2, 3), ag.zeros(5, 3), ag.zeros(4))


@requires_torch
@pytest.mark.parametrize(
    "shape, pad",
    [
        ((3,), (1, 2)),
        ((2, 3), (1, 1, 2, 0)),
        ((2, 3, 4), (0, 1, 1, 0, 2, 2)),
        ((2, 3), (-1, 2)),
        ((2, 5), (-2, -1, 1, -1)),
        ((3,), ()),
        ((2, 3), (0, 0)),
        ((3,), (-2, -1)),
    ],
    ids=str,
)
@pytest.mark.parametrize("value", [0.0, -1.5])
def test_pad_constant(shape, pad, value):
    check_op(
        lambda x: F.pad(x, pad, value=value),
        lambda x: torch.nn.functional.pad(x, pad, value=value),
        shapes=[shape],
    )


@requires_torch
def test_pad_dtype_name_and_default_value():
    out = F.pad(ag.tensor([1, 2]), (1, 1), value=1.5)
    assert out.dtype == np.int64
    assert out.tolist() == torch.nn.functional.pad(torch.tensor([1, 2]), (1, 1), value=1.5).tolist()
    x = ag.ones(2, requires_grad=True)
    y = F.pad(x, [1, 0])
    assert y.grad_fn.name() == "ConstantPadNdBackward0" and y.tolist() == [0.0, 1.0, 1.0]
    assert F.pad(ag.ones(2, dtype="float64"), (1, 1)).dtype == np.float64


@requires_torch
@pytest.mark.parametrize(
    "pad, mode, exc, match",
    [
        ((1,), "constant", RuntimeError, r"divisible by 2, got 1"),
        ((1, 1, 1, 1), "constant", RuntimeError, r"padding length 4 and input of dimension 1"),
        ((-2, -2), "constant", RuntimeError, r"negative output size.*dimension 0"),
        ((-5, 4), "constant", RuntimeError, r"crops more than the 3 entries"),
        ((1, 1), "reflect", NotImplementedError, r"'reflect' is not implemented"),
        ((1, 1), "foo", NotImplementedError, r"Unrecognised padding mode foo"),
    ],
)
def test_pad_errors(pad, mode, exc, match):
    with pytest.raises(exc, match=match):
        F.pad(ag.zeros(3), pad, mode=mode)


@requires_torch
def test_pad_second_derivative():
    check_higher_order(
        lambda x: F.pad(x, (1, -1)) ** 2,
        lambda x: torch.nn.functional.pad(x, (1, -1)) ** 2,
        shapes=[(2, 3)],
        order=2,
    )

"""Bad inputs raise errors that name the values involved."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag


def test_matmul_names_both_shapes():
    with pytest.raises(
        RuntimeError,
        match=r"matmul: shapes \(3, 4\) and \(5, 6\) cannot be "
        r"multiplied \(4 != 5",
    ):
        ag.randn(3, 4) @ ag.randn(5, 6)
    with pytest.raises(RuntimeError, match=r"\(3,\) and \(4,\)"):
        ag.matmul(ag.randn(3), ag.randn(4))


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


def test_backward_on_non_scalar_without_gradient():
    x = ag.ones(2, 3, requires_grad=True)
    with pytest.raises(
        RuntimeError, match=r"^grad can be implicitly created only for scalar outputs$"
    ):
        (x * 2).backward()
    with pytest.raises(
        RuntimeError, match=r"^grad can be implicitly created only for scalar outputs$"
    ):
        ag.grad(x * 2, x)


def test_backward_on_one_element_non_0d_is_fine():
    x = ag.ones(1, 1, requires_grad=True)
    (x * 2).backward()
    assert x.grad.shape == (1, 1)


def test_freed_graph_message():
    x = ag.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=re.escape("Specify retain_graph=True")):
        y.backward()


def test_grad_of_input_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match="input 0 does not require grad"):
        ag.grad(ag.ones(2, requires_grad=True).sum(), ag.ones(2))


def test_backward_inputs_must_not_be_empty():
    x = ag.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="cannot be empty"):
        x.sum().backward(inputs=[])


def test_bool_of_multi_element_tensor():
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with 3 values is ambiguous"):
        bool(ag.ones(3))


def test_softmax_dim_out_of_range():
    with pytest.raises(
        IndexError,
        match=r"softmax: dim 2 is out of range for a tensor with 2 "
        r"dims \(expected to be in range \[-2, 1\]\)",
    ):
        ag.softmax(ag.ones(2, 3), 2)


def test_getitem_out_of_range_is_numpy_index_error():
    with pytest.raises(IndexError, match="index 5 is out of bounds"):
        ag.ones(3)[5]


def test_index_with_non_integer_tensor():
    with pytest.raises(TypeError, match="only integer tensors of a single element"):
        [1, 2][ag.tensor(1.0)]
    assert [1, 2][ag.tensor(1)] == 2


def test_hook_and_retain_grad_need_requires_grad():
    with pytest.raises(
        RuntimeError, match="can't retain_grad on a tensor that has requires_grad=False"
    ):
        ag.ones(2).retain_grad()


def test_no_silent_float64_upcast_from_numpy_scalars():
    x = ag.ones(2)
    assert (x * np.float64(2.0)).dtype == np.float32  # a 0-d value does not widen, as in torch

"""gradcheck's verdicts and messages: which input and element, both values, float64 probes,
NaN and infinite gradients, and gradients of the wrong shape.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch


class WrongSquare(ag.Function):
    """out = x**2 with a deliberately wrong backward (3x instead of 2x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * 3 * x,)


class WrongSecondInput(ag.Function):
    """out = a * b with the gradient of b off by one at element 2."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_b = grad * a
        bump = np.zeros(np.shape(grad_b))
        bump[2] = 1.0
        return grad * b, grad_b + bump


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_gradcheck_passes_for_correct_functions():
    x = ag.randn(3, 4, requires_grad=True)
    y = ag.randn(4, 2, requires_grad=True)
    assert ag.gradcheck(lambda a, b: (a @ b).tanh(), [x, y]) is True
    assert ag.gradcheck(lambda a: a.softmax(1), x) is True
    assert ag.gradcheck(lambda a: (a.sum(0), a.exp()), [x]) is True


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_gradcheck_runs_in_float64_on_float32_inputs():
    x = ag.randn(5, requires_grad=True)
    seen = []

    def fn(t):
        seen.append(t.dtype)
        return t.sigmoid()

    assert ag.gradcheck(fn, [x])
    assert set(seen) == {np.dtype(np.float64)} and x.dtype == np.float32


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_gradcheck_names_input_element_and_both_values():
    x = ag.tensor([1.0, 2.0, -3.0], requires_grad=True)
    with pytest.raises(
        ag.GradcheckError,
        match=r"with respect to input 0, element \(2,\).*"
        r"analytic -9 vs numeric -6",
    ):
        ag.gradcheck(WrongSquare.apply, [x])
    assert ag.gradcheck(WrongSquare.apply, [x], raise_exception=False) is False


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_gradcheck_blames_the_right_input():
    a = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = ag.tensor([4.0, 5.0, 6.0], requires_grad=True)
    # the bump adds 1 to d out[j] / d b[2] for every j; output element 0 is reported
    with pytest.raises(
        ag.GradcheckError,
        match=r"input 1, element \(2,\) \(output element 0\)"
        r": analytic 1 vs numeric 0",
    ):
        ag.gradcheck(WrongSecondInput.apply, [a, b])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_gradcheck_error_is_a_runtime_error_and_needs_an_input_requiring_grad():
    assert issubclass(ag.GradcheckError, RuntimeError)
    with pytest.raises(ValueError, match="no input requires grad"):
        ag.gradcheck(lambda t: t * 2, [ag.ones(2)])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_gradcheck_passes_non_tensor_arguments_through():
    x = ag.randn(3, requires_grad=True)
    assert ag.gradcheck(lambda t, k: t**k, [x, 3])


@requires_torch
def test_gradcheck_nan_gradients_fail_like_torch():
    # sqrt(-1): analytic and numeric are both NaN; torch.allclose treats that as a mismatch.
    for values in ([-1.0, 4.0], [-1.0]):
        with pytest.raises(ag.GradcheckError, match="NaN"), np.errstate(invalid="ignore"):
            ag.gradcheck(lambda t: t.sqrt(), [ag.tensor(np.array(values), requires_grad=True)])
        torch_error = importlib.import_module("torch.autograd.gradcheck").GradcheckError
        with pytest.raises(torch_error), np.errstate(invalid="ignore"):
            torch.autograd.gradcheck(
                lambda t: t.sqrt(), [torch.tensor(values, dtype=torch.float64, requires_grad=True)]
            )


def test_gradcheck_reports_gradient_of_wrong_shape():
    class Shrinking(ag.Function):
        """A broken op whose backward returns one value for a (3,) input."""

        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return (grad[:1] * 2,)

    with pytest.raises(ag.GradcheckError, match=r"shape \(1,\), expected the input's shape \(3,\)"):
        ag.gradcheck(Shrinking.apply, [ag.tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)])


def test_gradcheck_equal_infinities_pass():
    # analytic and numeric both +inf: equal, as torch.allclose says.
    assert ag.gradcheck(lambda t: t * 3, [ag.tensor(np.array([1.0, 2.0]), requires_grad=True)])
    worst_mismatch = importlib.import_module("autograd.gradcheck")._worst_mismatch
    excess = worst_mismatch(np.array([[np.inf]]), np.array([[np.inf]]), 1e-5, 1e-3, (1,), 0, 0)
    assert excess is None

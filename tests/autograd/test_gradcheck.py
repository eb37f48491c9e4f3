"""gradcheck's verdicts and messages; detect_anomaly naming the op and where it was made."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag

# the anomaly tests make NaN and inf on purpose
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


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


def test_gradcheck_passes_for_correct_functions():
    x = ag.randn(3, 4, requires_grad=True)
    y = ag.randn(4, 2, requires_grad=True)
    assert ag.gradcheck(lambda a, b: (a @ b).tanh(), [x, y]) is True
    assert ag.gradcheck(lambda a: a.softmax(1), x) is True
    assert ag.gradcheck(lambda a: (a.sum(0), a.exp()), [x]) is True


def test_gradcheck_runs_in_float64_on_float32_inputs():
    x = ag.randn(5, requires_grad=True)
    seen = []

    def fn(t):
        seen.append(t.dtype)
        return t.sigmoid()

    assert ag.gradcheck(fn, [x])
    assert set(seen) == {np.dtype(np.float64)} and x.dtype == np.float32


def test_gradcheck_names_input_element_and_both_values():
    x = ag.tensor([1.0, 2.0, -3.0], requires_grad=True)
    with pytest.raises(
        ag.GradcheckError,
        match=r"with respect to input 0, element \(2,\).*"
        r"analytic -9 vs numeric -6",
    ):
        ag.gradcheck(WrongSquare.apply, [x])
    assert ag.gradcheck(WrongSquare.apply, [x], raise_exception=False) is False


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


def test_gradcheck_error_is_a_runtime_error_and_needs_an_input_requiring_grad():
    assert issubclass(ag.GradcheckError, RuntimeError)
    with pytest.raises(ValueError, match="no input requires grad"):
        ag.gradcheck(lambda t: t * 2, [ag.ones(2)])


def test_gradcheck_passes_non_tensor_arguments_through():
    x = ag.randn(3, requires_grad=True)
    assert ag.gradcheck(lambda t, k: t**k, [x, 3])


def test_detect_anomaly_names_the_op_and_where_it_was_created():
    x = ag.tensor([0.0, 1.0], requires_grad=True)
    with ag.detect_anomaly():
        y = x.sqrt()  # marker: sqrt created here
        loss = (y * 0).sum()
        with pytest.raises(RuntimeError) as info:
            loss.backward()
    message = str(info.value)
    assert "SqrtBackward0" in message and "nan" in message
    assert "test_gradcheck.py" in message
    assert "marker: sqrt created here" in message or "y = x.sqrt()" in message


def test_detect_anomaly_reports_inf():
    x = ag.tensor([0.0], dtype="float64", requires_grad=True)
    with ag.detect_anomaly():
        y = ag.log(x)
        with pytest.raises(RuntimeError, match="LogBackward0' returned inf values"):
            y.sum().backward()


def test_without_anomaly_mode_nan_passes_silently_and_mode_is_restored():
    x = ag.tensor([0.0], requires_grad=True)
    with np.errstate(all="ignore"):
        (x.sqrt() * 0).sum().backward()
    assert np.isnan(x.grad.item())
    with ag.detect_anomaly():
        pass
    y = x.sqrt()
    assert y.grad_fn._trace is None


def test_detect_anomaly_lets_finite_graphs_through():
    x = ag.randn(4, requires_grad=True)
    with ag.detect_anomaly():
        (x.tanh() * 2).sum().backward()
    assert np.isfinite(x.grad._data).all()


def test_anomaly_mode_checks_a_gradient_that_is_a_numpy_scalar():
    """mean's backward divides a 0-d gradient by the count: NumPy gives a scalar there."""
    v = ag.tensor([[1.0, 2.0], [0.0, 0.0]], requires_grad=True)
    with ag.detect_anomaly(), np.errstate(all="ignore"):
        loss = (v * v).sum(dim=1).sqrt().mean()
        with pytest.raises(RuntimeError, match="SqrtBackward0"):
            loss.backward()

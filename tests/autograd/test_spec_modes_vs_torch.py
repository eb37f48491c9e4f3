"""Grad modes and gradcheck edge cases, compared with PyTorch where it has the same thing."""

from __future__ import annotations

import importlib
import threading

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch


def _modes_in_generators(no_grad, enable_grad, is_grad_enabled) -> list:
    seen = []

    @no_grad()
    def off():
        yield is_grad_enabled()
        yield is_grad_enabled()

    @no_grad
    def off_bare():
        yield is_grad_enabled()

    seen.append(list(off()))
    seen.append(list(off_bare()))
    seen.append(is_grad_enabled())  # restored between and after the steps
    with no_grad():

        @enable_grad()
        def on():
            received = yield is_grad_enabled()
            yield (received, is_grad_enabled())

        gen = on()
        seen.append(next(gen))
        seen.append(gen.send("x"))
        seen.append(is_grad_enabled())
    return seen


def test_no_grad_decorates_generator_functions_like_torch():
    ours = _modes_in_generators(ag.no_grad, ag.enable_grad, ag.is_grad_enabled)
    assert ours == [[False, False], [False], True, True, ("x", True), False]
    if torch is not None:
        assert ours == _modes_in_generators(torch.no_grad, torch.enable_grad, torch.is_grad_enabled)


def test_generator_under_no_grad_records_no_graph_and_forwards_throw_and_return():
    x = ag.ones(2, requires_grad=True)

    @ag.no_grad()
    def steps():
        try:
            yield x * 2
        except KeyError:
            yield "caught"
        return "done"

    gen = steps()
    assert not next(gen).requires_grad
    assert gen.throw(KeyError("k")) == "caught"
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done" and ag.is_grad_enabled()


@pytest.mark.parametrize("mode", [0, 1, None, np.bool_(True)])
def test_set_grad_enabled_rejects_non_bool_like_torch(mode):
    with pytest.raises(TypeError, match="must be bool"):
        ag.set_grad_enabled(mode)
    assert ag.is_grad_enabled()
    if torch is not None:
        with pytest.raises(TypeError):
            torch.set_grad_enabled(mode)
        assert torch.is_grad_enabled()


def test_grad_mode_is_thread_local():
    seen = []
    with ag.no_grad():
        t = threading.Thread(target=lambda: seen.append(ag.is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


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


# -- grad(), hooks and flags ------------------------------------------------------------------


@requires_torch
def test_grad_materialize_grads_and_empty_inputs_like_torch():
    x, y = ag.tensor([1.0, 2.0], requires_grad=True), ag.tensor([3.0], requires_grad=True)
    tx, ty = torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([3.0], requires_grad=True)
    ours = ag.grad((x * 2).sum(), [x, y], materialize_grads=True)
    theirs = torch.autograd.grad((tx * 2).sum(), [tx, ty], materialize_grads=True)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a._data, b.numpy())
    with pytest.raises(RuntimeError):  # unused input, without materialize_grads
        torch.autograd.grad((tx * 2).sum(), [tx, ty])
    with pytest.raises(RuntimeError, match="not to have been used"):
        ag.grad((x * 2).sum(), [x, y])
    with pytest.raises(RuntimeError):
        torch.autograd.grad((tx * 2).sum(), [])
    with pytest.raises(RuntimeError, match="'inputs' cannot be empty"):
        ag.grad((x * 2).sum(), [])


@requires_torch
@pytest.mark.parametrize("leaf", [True, False])
def test_a_hook_that_changes_the_gradient_shape_raises_like_torch(leaf):
    def run(lib):
        a = lib.ones(3, requires_grad=True)
        h = a if leaf else a * 2
        h.register_hook(lambda g: g[:1])
        (h * h).sum().backward()

    with pytest.raises(RuntimeError):
        run(torch)
    with pytest.raises(RuntimeError, match=r"changed the size.*\(1,\) for shape \(3,\)"):
        run(ag)


@requires_torch
def test_retains_grad_and_requires_grad_on_results_like_torch():
    for lib in (ag, torch):
        a = lib.ones(3, requires_grad=True)
        h = a * 1
        assert (a.retains_grad, h.retains_grad) == (False, False)
        h.retain_grad()
        assert h.retains_grad
        assert (a * 1).requires_grad_(True).requires_grad  # already true: a no-op
        with pytest.raises(RuntimeError):
            (a * 1).requires_grad_(False)


@requires_torch
def test_set_detect_anomaly_and_is_anomaly_enabled_like_torch():
    for lib, is_enabled in ((ag, ag.is_anomaly_enabled), (torch, torch.is_anomaly_enabled)):
        set_mode = lib.set_detect_anomaly if lib is ag else torch.autograd.set_detect_anomaly
        set_mode(True)
        assert is_enabled()
        set_mode(False)
        assert not is_enabled()
        with set_mode(True):
            assert is_enabled()
        assert not is_enabled()

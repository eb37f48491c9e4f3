"""detect_anomaly: the NaN or inf it finds, the op it names and where that op was created;
set_detect_anomaly and is_anomaly_enabled.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.helpers import requires_torch, torch


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_names_the_op_and_where_it_was_created():
    x = ag.tensor([0.0, 1.0], requires_grad=True)
    with ag.detect_anomaly():
        y = x.sqrt()  # marker: sqrt created here
        loss = (y * 0).sum()
        with pytest.raises(RuntimeError) as info:
            loss.backward()
    message = str(info.value)
    assert "SqrtBackward0" in message and "nan" in message
    assert "test_anomaly.py" in message
    assert "marker: sqrt created here" in message or "y = x.sqrt()" in message


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_reports_inf():
    x = ag.tensor([0.0], dtype="float64", requires_grad=True)
    with ag.detect_anomaly():
        y = ag.log(x)
        with pytest.raises(RuntimeError, match="LogBackward0' returned inf values"):
            y.sum().backward()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_without_anomaly_mode_nan_passes_silently_and_mode_is_restored():
    x = ag.tensor([0.0], requires_grad=True)
    with np.errstate(all="ignore"):
        (x.sqrt() * 0).sum().backward()
    assert np.isnan(x.grad.item())
    with ag.detect_anomaly():
        pass
    y = x.sqrt()
    assert y.grad_fn._trace is None


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_lets_finite_graphs_through():
    x = ag.randn(4, requires_grad=True)
    with ag.detect_anomaly():
        (x.tanh() * 2).sum().backward()
    assert np.isfinite(x.grad._data).all()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_anomaly_mode_checks_a_gradient_that_is_a_numpy_scalar():
    """mean's backward divides a 0-d gradient by the count: NumPy gives a scalar there."""
    v = ag.tensor([[1.0, 2.0], [0.0, 0.0]], requires_grad=True)
    with ag.detect_anomaly(), np.errstate(all="ignore"):
        loss = (v * v).sum(dim=1).sqrt().mean()
        with pytest.raises(RuntimeError, match="SqrtBackward0"):
            loss.backward()


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

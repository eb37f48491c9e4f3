"""Activations at the extremes (+-inf, NaN inputs): values and gradients as torch's."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import requires_torch, torch


@requires_torch
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # mish's slope at inf is NaN
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["logsigmoid", "softplus", "mish"])
def test_softplus_family_is_exact_at_infinities_like_torch(name, dtype):
    values = np.array([-np.inf, -1e4, -30, -1, -1e-3, 0, 1e-3, 1, 30, 1e4, np.inf], dtype)
    x = ag.tensor(values, requires_grad=True)
    xt = torch.tensor(values, requires_grad=True)
    y, yt = getattr(F, name)(x), getattr(torch.nn.functional, name)(xt)
    y.sum().backward()
    yt.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-5)
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-7)


@requires_torch
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("hardtanh", {}),
        ("hardtanh", {"min_val": 0.0, "max_val": 6.0}),
        ("relu6", {}),
        ("elu", {}),
        ("elu", {"alpha": 0.5}),
        ("leaky_relu", {}),
        ("relu", {}),
    ],
)
def test_piecewise_activations_route_nan_inputs_like_torch(name, kwargs):
    # torch tests x <= bound (not x > bound), so a NaN input takes the identity branch
    values = np.array([np.nan, -2, -1, 0, 0.5, 1, 6, 7, np.inf, -np.inf], np.float32)
    x = ag.tensor(values, requires_grad=True)
    xt = torch.tensor(values, requires_grad=True)
    y, yt = getattr(F, name)(x, **kwargs), getattr(torch.nn.functional, name)(xt, **kwargs)
    y.sum().backward()
    yt.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-6)

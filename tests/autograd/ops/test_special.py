"""Special functions against torch: erf, sigmoid and sinc, including sigmoid's stability for
large inputs.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.helpers import (
    requires_torch,
)

pytestmark = requires_torch


def test_sigmoid_is_stable_for_large_inputs():
    x = ag.tensor([-1000.0, 1000.0], requires_grad=True)
    y = x.sigmoid()
    np.testing.assert_array_equal(y._data, [0.0, 1.0])
    y.sum().backward()
    assert np.all(np.isfinite(x.grad._data))

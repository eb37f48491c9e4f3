"""nn.Linear: feature-count errors name both sizes, and default init within torch's bounds."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.helpers import requires_torch


@requires_torch
def test_linear_with_wrong_feature_count_names_both():
    with pytest.raises(RuntimeError, match=r"in_features=784.*got 100"):
        nn.Linear(784, 10)(ag.zeros(32, 100))


@requires_torch
def test_linear_default_init_matches_torch_bounds():
    lin = nn.Linear(400, 300)
    bound = 1 / np.sqrt(400)
    for p in (lin.weight._data, lin.bias._data):
        assert p.dtype == np.float32
        assert np.abs(p).max() <= bound
        assert np.abs(p).max() > 0.95 * bound  # really spread over U(-bound, bound)
    # U(-b, b) has std b / sqrt(3)
    assert abs(lin.weight._data.std() - bound / np.sqrt(3)) < 0.01 * bound

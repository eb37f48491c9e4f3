"""nn.Dropout and nn.Dropout2d: masks and rescaling in training, the identity in eval,
reproducibility with manual_seed, and bad probabilities."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.helpers import assert_close, requires_torch, torch

tnn = torch.nn if torch is not None else None


@requires_torch
def test_dropout_training_zeroes_and_rescales():
    drop = nn.Dropout(0.3)
    x = ag.ones(200, 500, requires_grad=True)
    y = drop(x)
    kept = y._data != 0
    assert abs(1 - kept.mean() - 0.3) < 0.01
    np.testing.assert_allclose(y._data[kept], 1 / 0.7, rtol=1e-6)
    assert y.dtype == np.float32
    y.sum().backward()
    np.testing.assert_allclose(x.grad._data, kept / 0.7, rtol=1e-6)


@requires_torch
def test_dropout_is_reproducible_with_manual_seed_and_identity_in_eval():
    ag.manual_seed(3)
    a = nn.Dropout(0.5)(ag.ones(100))._data
    ag.manual_seed(3)
    b = nn.Dropout(0.5)(ag.ones(100))._data
    np.testing.assert_array_equal(a, b)
    x = ag.randn(5, 5)
    assert nn.Dropout(0.9).eval()(x) is x
    assert not F.dropout(ag.ones(4), p=1.0)._data.any()


@requires_torch
@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_dropout_rejects_bad_probability(p):
    with pytest.raises(ValueError, match=f"between 0 and 1, but got {p}"):
        nn.Dropout(p)
    with pytest.raises(ValueError, match=f"between 0 and 1, but got {p}"):
        F.dropout(ag.ones(2), p)


@requires_torch
def test_dropout2d_zeroes_whole_channels_with_rescale():
    drop = nn.Dropout2d(0.4)
    assert repr(drop) == repr(tnn.Dropout2d(0.4))
    x = ag.tensor(np.random.default_rng(0).uniform(1, 2, (8, 16, 3, 3)), requires_grad=True)
    y = drop(x)
    ratio = y._data / x._data
    per_channel = ratio.reshape(8, 16, -1)
    assert np.allclose(per_channel, per_channel[..., :1])  # one draw per (n, c)
    assert set(np.round(np.unique(ratio), 6)) <= {0.0, round(1 / 0.6, 6)}
    assert 0.2 < (per_channel[..., 0] == 0).mean() < 0.6
    y.backward(ag.ones(*y.shape, dtype=ag.float64))
    assert_close(x.grad, ratio)
    assert drop.eval()(x) is x or np.array_equal(drop.eval()(x)._data, x._data)

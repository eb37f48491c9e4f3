"""nn.init: bounds of uniform inits, spread of normal ones, gains and fans as torch."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn import init
from tests.helpers import requires_torch, torch

SHAPE = (400, 250)  # fan_in 250, fan_out 400
FAN_IN, FAN_OUT = 250, 400


def big(dtype="float32"):
    return ag.zeros(*SHAPE, dtype=dtype)


def assert_uniform(values, bound):
    assert np.abs(values).max() <= bound
    assert np.abs(values).max() > 0.99 * bound
    assert abs(values.std() - bound / math.sqrt(3)) < 0.01 * bound
    assert abs(values.mean()) < 0.01 * bound


def assert_normal(values, std):
    assert abs(values.std() - std) < 0.01 * std
    assert abs(values.mean()) < 0.01 * std


def test_uniform_normal_constant_fill_in_place_and_keep_dtype():
    for dtype in ("float32", "float64"):
        t = big(dtype)
        data = t._data
        assert init.uniform_(t, -2.0, 3.0) is t and t._data is data
        assert t.dtype == np.dtype(dtype)
        assert t._data.min() >= -2 and t._data.max() < 3 and abs(t._data.mean() - 0.5) < 0.02
        init.normal_(t, 1.0, 0.5)
        assert_normal(t._data - 1.0, 0.5)
        assert t.dtype == np.dtype(dtype)
    t = ag.zeros(3)
    assert init.constant_(t, 2.5).tolist() == [2.5] * 3
    assert init.ones_(t).tolist() == [1.0] * 3
    assert init.zeros_(t).tolist() == [0.0] * 3


def test_init_on_parameters_records_no_graph():
    p = nn.Parameter(ag.zeros(3, 2))
    init.xavier_uniform_(p)
    assert p.is_leaf and p.grad_fn is None and p.requires_grad


@pytest.mark.parametrize("gain", [1.0, 2.0])
def test_xavier(gain):
    bound = gain * math.sqrt(6 / (FAN_IN + FAN_OUT))
    assert_uniform(init.xavier_uniform_(big(), gain)._data, bound)
    assert_normal(init.xavier_normal_(big(), gain)._data, gain * math.sqrt(2 / (FAN_IN + FAN_OUT)))


@pytest.mark.parametrize(
    "a,mode,nonlinearity",
    [
        (0, "fan_in", "relu"),
        (math.sqrt(5), "fan_in", "leaky_relu"),
        (0.2, "fan_out", "leaky_relu"),
        (0, "fan_in", "tanh"),
        (0, "fan_out", "linear"),
    ],
)
def test_kaiming(a, mode, nonlinearity):
    fan = FAN_IN if mode == "fan_in" else FAN_OUT
    std = init.calculate_gain(nonlinearity, a) / math.sqrt(fan)
    assert_uniform(init.kaiming_uniform_(big(), a, mode, nonlinearity)._data, math.sqrt(3) * std)
    assert_normal(init.kaiming_normal_(big(), a, mode, nonlinearity)._data, std)


def test_kaiming_uses_the_receptive_field_for_conv_weights():
    w = init.kaiming_uniform_(ag.zeros(64, 16, 5, 5), nonlinearity="relu")
    assert np.abs(w._data).max() <= math.sqrt(2) * math.sqrt(3 / (16 * 25))


@requires_torch
@pytest.mark.parametrize(
    "name,param",
    [
        ("linear", None),
        ("sigmoid", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.2),
        ("selu", None),
        ("conv2d", None),
    ],
)
def test_calculate_gain_matches_torch(name, param):
    assert init.calculate_gain(name, param) == pytest.approx(
        torch.nn.init.calculate_gain(name, param), rel=1e-12
    )


def test_init_errors():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(ag.zeros(5))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_uniform_(ag.zeros(2, 2), mode="fan_avg")
    with pytest.raises(ValueError, match="Unsupported nonlinearity swish"):
        init.calculate_gain("swish")
    with pytest.raises(TypeError, match="expects a Tensor"):
        init.zeros_(np.zeros(2))


def test_init_is_reproducible_with_manual_seed():
    ag.manual_seed(7)
    a = nn.Linear(5, 5).weight._data.copy()
    ag.manual_seed(7)
    np.testing.assert_array_equal(a, nn.Linear(5, 5).weight._data)


@requires_torch
@pytest.mark.parametrize(
    "call",
    [
        lambda mod, t: mod.uniform_(t, 1.0, 0.0),
        lambda mod, t: mod.normal_(t, 0.0, -1.0),
    ],
)
def test_bad_range_raises_the_same_error_type_as_torch(call):
    with pytest.raises(Exception) as theirs:
        call(torch.nn.init, torch.zeros(3))
    with pytest.raises(theirs.type):
        call(init, ag.zeros(3))

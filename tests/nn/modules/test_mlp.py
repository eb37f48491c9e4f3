"""nn.MLP: its layers, their names and argument validation."""

from __future__ import annotations

import pytest

import nn


def test_mlp_layers_names_and_validation():
    mlp = nn.MLP([784, 128, 64, 10], dropout=0.5)
    assert [type(m).__name__ for m in mlp] == [
        "Linear",
        "ReLU",
        "Dropout",
        "Linear",
        "ReLU",
        "Dropout",
        "Linear",
    ]
    assert list(mlp.state_dict()) == [
        "0.weight",
        "0.bias",
        "3.weight",
        "3.bias",
        "6.weight",
        "6.bias",
    ]
    assert isinstance(nn.MLP([3, 4, 2], activation=lambda: nn.LeakyReLU(0.2))[1], nn.LeakyReLU)
    with pytest.raises(ValueError, match="at least two positive ints"):
        nn.MLP([10])
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\)"):
        nn.MLP([2, 2], dropout=1.0)

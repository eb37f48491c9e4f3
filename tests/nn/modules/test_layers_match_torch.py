"""Every layer against torch.nn with identical weights: forward and backward in training
and eval mode, in float64 and float32."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from tests.helpers import requires_torch, torch
from tests.nn._compare import compare

DTYPES = [np.float64, np.float32]


tnn = torch.nn if torch is not None else None


def randn(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


# (our constructor, torch constructor, input shape)
ELEMENTWISE = [
    (lambda: nn.Linear(5, 3), lambda: tnn.Linear(5, 3), (4, 5)),
    (lambda: nn.Linear(5, 3), lambda: tnn.Linear(5, 3), (2, 4, 5)),
    (lambda: nn.Linear(5, 3, bias=False), lambda: tnn.Linear(5, 3, bias=False), (4, 5)),
    (lambda: nn.Identity(), lambda: tnn.Identity(), (3, 2)),
    (lambda: nn.Flatten(), lambda: tnn.Flatten(), (2, 3, 4, 5)),
    (lambda: nn.Flatten(0, 2), lambda: tnn.Flatten(0, 2), (2, 3, 4, 5)),
    (lambda: nn.Flatten(-2), lambda: tnn.Flatten(-2), (2, 3, 4)),
    (lambda: nn.ReLU(), lambda: tnn.ReLU(), (4, 6)),
    (lambda: nn.LeakyReLU(), lambda: tnn.LeakyReLU(), (4, 6)),
    (lambda: nn.LeakyReLU(0.2), lambda: tnn.LeakyReLU(0.2), (4, 6)),
    (lambda: nn.Tanh(), lambda: tnn.Tanh(), (4, 6)),
    (lambda: nn.Sigmoid(), lambda: tnn.Sigmoid(), (4, 6)),
    (lambda: nn.GELU(), lambda: tnn.GELU(), (4, 6)),
    (lambda: nn.GELU("tanh"), lambda: tnn.GELU("tanh"), (4, 6)),
    (lambda: nn.Softmax(dim=1), lambda: tnn.Softmax(dim=1), (4, 6)),
    (lambda: nn.Softmax(dim=0), lambda: tnn.Softmax(dim=0), (4, 6)),
    (lambda: nn.LogSoftmax(dim=-1), lambda: tnn.LogSoftmax(dim=-1), (2, 3, 6)),
    (lambda: nn.LayerNorm(6), lambda: tnn.LayerNorm(6), (4, 6)),
    (lambda: nn.LayerNorm((3, 6)), lambda: tnn.LayerNorm((3, 6)), (2, 3, 6)),
    (
        lambda: nn.LayerNorm(6, elementwise_affine=False),
        lambda: tnn.LayerNorm(6, elementwise_affine=False),
        (4, 6),
    ),
    (lambda: nn.LayerNorm(6, bias=False), lambda: tnn.LayerNorm(6, bias=False), (4, 6)),
    (lambda: nn.BatchNorm1d(6), lambda: tnn.BatchNorm1d(6), (8, 6)),
    (lambda: nn.BatchNorm1d(3), lambda: tnn.BatchNorm1d(3), (4, 3, 5)),
    (lambda: nn.BatchNorm2d(3), lambda: tnn.BatchNorm2d(3), (4, 3, 5, 5)),
    (lambda: nn.BatchNorm1d(6, affine=False), lambda: tnn.BatchNorm1d(6, affine=False), (8, 6)),
    (lambda: nn.BatchNorm1d(6, momentum=None), lambda: tnn.BatchNorm1d(6, momentum=None), (8, 6)),
    (
        lambda: nn.BatchNorm2d(3, track_running_stats=False),
        lambda: tnn.BatchNorm2d(3, track_running_stats=False),
        (4, 3, 2, 2),
    ),
    (lambda: nn.Dropout(0.0), lambda: tnn.Dropout(0.0), (4, 6)),
    (
        lambda: nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 2)),
        lambda: tnn.Sequential(tnn.Linear(5, 8), tnn.ReLU(), tnn.Linear(8, 2)),
        (4, 5),
    ),
    (
        lambda: nn.MLP([5, 8, 7, 2], activation=nn.Tanh),
        lambda: tnn.Sequential(
            tnn.Linear(5, 8), tnn.Tanh(), tnn.Linear(8, 7), tnn.Tanh(), tnn.Linear(7, 2)
        ),
        (4, 5),
    ),
]


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize(
    "make,make_torch,shape", ELEMENTWISE, ids=[f"{i}" for i in range(len(ELEMENTWISE))]
)
def test_layer_matches_torch_in_training_mode(make, make_torch, shape, dtype):
    ours, theirs = make(), make_torch()
    assert repr(ours).replace("MLP(", "Sequential(", 1) == repr(theirs)
    compare(ours, theirs, randn(*shape) * 2, dtype)


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize(
    "make,make_torch,shape",
    [
        (lambda: nn.BatchNorm1d(6), lambda: tnn.BatchNorm1d(6), (8, 6)),
        (lambda: nn.BatchNorm2d(3), lambda: tnn.BatchNorm2d(3), (4, 3, 5, 5)),
        (lambda: nn.Dropout(0.5), lambda: tnn.Dropout(0.5), (4, 6)),
        (
            lambda: nn.MLP([5, 8, 2], dropout=0.3),
            lambda: tnn.Sequential(
                tnn.Linear(5, 8), tnn.ReLU(), tnn.Dropout(0.3), tnn.Linear(8, 2)
            ),
            (4, 5),
        ),
    ],
)
def test_layer_matches_torch_in_eval_mode(make, make_torch, shape, dtype):
    ours, theirs = make().eval(), make_torch().eval()
    if isinstance(ours, nn.BatchNorm1d | nn.BatchNorm2d):  # non-trivial running statistics
        ours.running_mean._data[...] = np.arange(ours.num_features) * 0.1
        ours.running_var._data[...] = 1 + np.arange(ours.num_features) * 0.5
    compare(ours, theirs, randn(*shape), dtype)

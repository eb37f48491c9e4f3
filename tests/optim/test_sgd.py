"""SGD against torch.optim.SGD, step by step: parameter trajectories under fixed
gradients and under the gradients of a loss, with a learning rate per group, and with random
hyperparameters. Shared checks live in ``tests/optim/_trajectory.py``."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import requires_torch
from tests.optim import _trajectory as trajectory

CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1, "dampening": 0.1}),
    ("SGD", {"lr": 0.05, "weight_decay": 0.2, "maximize": True}),
    (
        "SGD",
        {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05, "maximize": True},
    ),
]


@requires_torch
@pytest.mark.parametrize("shapes", trajectory.SHAPE_SETS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=trajectory.ids(CONFIGS))
def test_fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes):
    trajectory.fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes)


@requires_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=trajectory.ids(CONFIGS))
def test_loss_trajectory_matches_torch(name, kwargs, dtype):
    trajectory.loss_trajectory_matches_torch(name, kwargs, dtype)


@requires_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["SGD"])
def test_param_groups_with_different_lr_match_torch(name, dtype):
    trajectory.param_groups_with_different_lr_match_torch(name, dtype)


@requires_torch
@pytest.mark.parametrize("name", ["SGD"])
def test_random_hyperparameters_match_torch(name):
    trajectory.random_hyperparameters_match_torch(name)

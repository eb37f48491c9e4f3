"""Adam and AdamW against torch.optim.Adam and torch.optim.AdamW, step by step: parameter
trajectories under fixed gradients and under the gradients of a loss, with a learning rate
per group, and with random hyperparameters. Shared checks live in ``tests/optim/_trajectory.py``."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import requires_torch
from tests.optim import _trajectory as trajectory

CONFIGS = [
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.02, "betas": (0.8, 0.9), "eps": 1e-6}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "maximize": True, "weight_decay": 0.05, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "betas": (0.3, 0.5)}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.3, "amsgrad": True}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "maximize": True}),
]
# Near the loss's minimum, betas=(0.3, 0.5) make Adam's m / sqrt(v) amplify the last-bit
# differences between the two libraries' gradients; the fixed sequences cover that branch.
LOSS_CONFIGS = [c for c in CONFIGS if c[1].get("betas") != (0.3, 0.5)]


@requires_torch
@pytest.mark.parametrize("shapes", trajectory.SHAPE_SETS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=trajectory.ids(CONFIGS))
def test_fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes):
    trajectory.fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes)


@requires_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), LOSS_CONFIGS, ids=trajectory.ids(LOSS_CONFIGS))
def test_loss_trajectory_matches_torch(name, kwargs, dtype):
    trajectory.loss_trajectory_matches_torch(name, kwargs, dtype)


@requires_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_param_groups_with_different_lr_match_torch(name, dtype):
    trajectory.param_groups_with_different_lr_match_torch(name, dtype)


@requires_torch
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_random_hyperparameters_match_torch(name):
    trajectory.random_hyperparameters_match_torch(name)

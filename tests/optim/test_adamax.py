"""Adamax against torch.optim.Adamax: parameter trajectories and state in two param groups,
under fixed gradients and under the gradients of a loss, exact state-dict resumption,
defaults and argument checks. Shared checks live in ``tests/optim/_trajectory.py``."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import requires_torch
from tests.optim import _trajectory as trajectory

CONFIGS = [
    ("Adamax", {}),
    ("Adamax", {"betas": (0.8, 0.95), "eps": 1e-6, "weight_decay": 0.1}),
    ("Adamax", {"weight_decay": 0.05, "maximize": True}),
    ("Adamax", {"betas": (0.3, 0.5)}),
]
BAD_ARGS = [
    ("Adamax", {"lr": -1.0}, "Invalid learning rate: -1.0"),
    ("Adamax", {"betas": (1.0, 0.9)}, "Invalid beta parameter at index 0: 1.0"),
    ("Adamax", {"eps": -1e-3}, "Invalid epsilon value: -0.001"),
]


@requires_torch
@pytest.mark.parametrize("shapes", trajectory.SHAPE_SETS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=trajectory.ids(CONFIGS))
def test_fixed_gradient_sequence_matches_torch(name, kwargs, dtype, shapes):
    trajectory.fixed_gradient_sequence_in_groups_matches_torch(name, kwargs, dtype, shapes)


@requires_torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=trajectory.ids(CONFIGS))
def test_loss_trajectory_matches_torch(name, kwargs, dtype):
    trajectory.loss_trajectory_in_groups_matches_torch(name, kwargs, dtype)


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=trajectory.ids(CONFIGS))
def test_optimizer_state_dict_round_trip_resumes_exactly(name, kwargs):
    trajectory.state_dict_round_trip_in_groups_resumes_exactly(name, kwargs)


@requires_torch
@pytest.mark.parametrize("name", ["Adamax"])
def test_defaults_match_torch(name):
    trajectory.defaults_match_torch(name)


@pytest.mark.parametrize(("name", "kwargs", "message"), BAD_ARGS)
def test_invalid_arguments_raise_value_error(name, kwargs, message):
    trajectory.invalid_arguments_raise_value_error(name, kwargs, message)

"""F.cross_entropy over sequences: (N, C, L) logits with (N, L) targets and ignore_index."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn.functional as F
from tests.helpers import check_op, requires_torch, torch

pytestmark = requires_torch

TARGETS = np.array([[0, 4, -100, 2], [1, -100, 3, 3]])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("ignore_index", [-100, 3])
def test_sequence_cross_entropy_matches_torch(reduction, ignore_index):
    target = TARGETS if ignore_index == -100 else np.where(TARGETS < 0, 0, TARGETS)
    check_op(
        lambda x: F.cross_entropy(
            x, ag.tensor(target), ignore_index=ignore_index, reduction=reduction
        ),
        lambda x: torch.nn.functional.cross_entropy(
            x, torch.tensor(target), ignore_index=ignore_index, reduction=reduction
        ),
        [(2, 5, 4)],
    )


def test_sequence_cross_entropy_with_weights_and_smoothing_matches_torch():
    w = np.linspace(0.5, 2.0, 5)
    check_op(
        lambda x: F.cross_entropy(x, ag.tensor(TARGETS), weight=ag.tensor(w), label_smoothing=0.1),
        lambda x: torch.nn.functional.cross_entropy(
            x, torch.tensor(TARGETS), weight=torch.tensor(w), label_smoothing=0.1
        ),
        [(2, 5, 4)],
    )


def test_two_spatial_dims_match_torch():
    target = np.random.default_rng(0).integers(0, 3, size=(2, 2, 3))
    target[0, 0, 0] = -100
    check_op(
        lambda x: F.cross_entropy(x, ag.tensor(target)),
        lambda x: torch.nn.functional.cross_entropy(x, torch.tensor(target)),
        [(2, 3, 2, 3)],
    )

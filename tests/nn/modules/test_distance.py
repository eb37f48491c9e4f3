"""nn.PairwiseDistance against torch.nn."""

from __future__ import annotations

import pytest

import nn
from tests.helpers import check_op, requires_torch, torch

tnn = torch.nn if torch is not None else None


TIGHT = {"rtol": 1e-10, "atol": 1e-12}


@requires_torch
@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("keepdim", [False, True])
def test_pairwise_distance_matches_torch(p, keepdim):
    ours, theirs = nn.PairwiseDistance(p, 1e-6, keepdim), tnn.PairwiseDistance(p, 1e-6, keepdim)
    assert repr(ours) == repr(theirs)
    for shapes in ([(4, 5), (4, 5)], [(4, 5), (5,)], [(6,), (6,)]):
        check_op(
            lambda a, b: ours(a, b),
            lambda a, b: theirs(a, b),
            shapes=shapes,
            gradcheck=p != float("inf"),
            **TIGHT,
        )
